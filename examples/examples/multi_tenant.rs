//! Two tenants in one store: a bakery and a clinic, each with its own users
//! and roles. Shows that neither sees the other's participants, and that a
//! viewer can read but not create an assignment; every refusal is printed as
//! the typed `Error` the SDK returns.
//!
//! ```text
//! cargo run --example multi_tenant
//! ```

use chrono::NaiveDate;
use vividshift_core::model::{NewParticipant, NewTarget, ParticipantQuery, Role};
use vividshift_core::{Client, Error, PlanConfig, Principal};
use vividshift_examples::{example_auth_config, new_user};

/// The password of every example account (never reuse a literal like this).
const PASSWORD: &str = "correct horse battery staple";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::in_memory().with_auth(example_auth_config())?;
    // Each user signs in; the verified token says which principal to act as.
    let mut principals = Vec::new();
    for name in ["alice", "bob", "carol"] {
        let user = client.register_user(new_user(name), PASSWORD).await?;
        let login = client
            .login(name, PASSWORD, Some("multi_tenant example"), None)
            .await?;
        let principal = client.verify_token(&login.token).await?.principal;
        println!("{name:<6} signed in as user {}", user.id);
        principals.push(principal);
    }
    let [alice, bob, carol] = [principals[0], principals[1], principals[2]];

    // A user who creates a domain becomes its admin.
    let bakery = client
        .create_domain(
            &alice,
            vividshift_core::model::NewDomain::new("bakery", "Bakery"),
        )
        .await?;
    let clinic = client
        .create_domain(
            &carol,
            vividshift_core::model::NewDomain::new("clinic", "Clinic"),
        )
        .await?;
    for name in ["Baker Ann", "Baker Ben"] {
        bakery
            .create_participant(NewParticipant::new(name, &["baking"]))
            .await?;
    }
    bakery.create_target(NewTarget::new("Oven", 1)).await?;
    for name in ["Nurse Nia", "Nurse Ned", "Doctor Dee"] {
        clinic
            .create_participant(NewParticipant::new(name, &["care"]))
            .await?;
    }
    if let Principal::User(bob_id) = bob {
        bakery.set_member(bob_id, Role::Viewer).await?;
    }
    println!("\nalice is admin of `bakery`, carol admin of `clinic`, bob a viewer of `bakery`\n");

    for (who, principal) in [("alice", alice), ("bob", bob), ("carol", carol)] {
        let domains: Vec<String> = client
            .list_domains(&principal)
            .await?
            .into_iter()
            .map(|d| d.name)
            .collect();
        println!("{who:<6} sees domains {domains:?}");
    }
    for (who, principal, domain) in [("alice", alice, "bakery"), ("carol", carol, "clinic")] {
        let names: Vec<String> = client
            .domain(&principal, domain)
            .await?
            .list_participants(&ParticipantQuery::default())
            .await?
            .into_iter()
            .map(|p| p.name)
            .collect();
        println!("{who:<6} lists `{domain}` participants: {names:?}");
    }

    println!("\nAcross tenants:");
    show(
        "carol opens `bakery`",
        client.domain(&carol, "bakery").await,
    );
    show(
        "alice opens `clinic`",
        client.domain(&alice, "clinic").await,
    );
    show(
        "alice reads a clinic participant by id through `bakery`",
        match clinic
            .list_participants(&ParticipantQuery::default())
            .await?
            .first()
        {
            Some(p) => bakery.participant(p.id).await,
            None => Err(Error::internal("the clinic has no participants")),
        },
    );

    println!("\nbob, a viewer of `bakery`:");
    let bob_bakery = client.domain(&bob, "bakery").await?;
    let date = NaiveDate::from_ymd_opt(2026, 11, 30).ok_or("bad date")?;
    let preview = bob_bakery
        .preview_assignment(date, PlanConfig::default())
        .await?;
    println!(
        "  previews an assignment: ok ({} of {} slots filled, nothing stored)",
        preview.metrics.filled, preview.metrics.required
    );
    show(
        "  creates an assignment",
        bob_bakery
            .generate_assignment(date, PlanConfig::default())
            .await,
    );
    show(
        "  registers a participant",
        bob_bakery
            .create_participant(NewParticipant::new("Mallory", &[]))
            .await,
    );
    let made = client
        .domain(&alice, "bakery")
        .await?
        .generate_assignment(date, PlanConfig::default())
        .await?;
    println!(
        "alice (admin) creates the assignment: ok ({} placements)",
        made.record.details.len()
    );
    Ok(())
}

/// Prints the outcome of an attempt: the value's kind, or the typed error.
fn show<T: std::fmt::Debug>(what: &str, outcome: Result<T, Error>) {
    match outcome {
        Ok(_) => println!("{what}: allowed (unexpected!)"),
        Err(err) => println!("{what}: refused with {}\n    {err}", kind(&err)),
    }
}

/// The name of the error variant, as code matches on it.
fn kind(err: &Error) -> &'static str {
    match err {
        Error::NotFound { .. } => "Error::NotFound",
        Error::Forbidden(_) => "Error::Forbidden",
        Error::Unauthenticated(_) => "Error::Unauthenticated",
        Error::Tenancy(_) => "Error::Tenancy",
        Error::Validation(_) => "Error::Validation",
        _ => "another Error",
    }
}
