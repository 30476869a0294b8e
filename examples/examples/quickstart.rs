//! The README's main job: create a domain with participants and targets,
//! generate an assignment with the `optimal` strategy, and print who goes
//! where and why. With no configuration it runs on the embedded in-memory
//! store; with `VIVIDSHIFT_DATABASE_URL` set it runs on PostgreSQL (migrated
//! first, and with a domain name unique to the run).
//!
//! ```text
//! cargo run --example quickstart
//! VIVIDSHIFT_DATABASE_URL=$(scripts/pg.sh url) cargo run --example quickstart
//! ```

use chrono::NaiveDate;
use vividshift_core::model::{NewDomain, NewParticipant, NewTarget, ParticipantQuery};
use vividshift_core::{PlanConfig, Principal, Strategy};
use vividshift_examples::{
    Backend, client_from_env, participant_table, plan_table, target_table, unique_slug,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, backend) = client_from_env().await?;
    let (slug, store) = match backend {
        Backend::Memory => ("house_chores".to_owned(), "the in-memory store"),
        Backend::Postgres => (unique_slug("house_chores"), "PostgreSQL"),
    };
    let house = client
        .create_domain(&Principal::System, NewDomain::new(slug, "House chores"))
        .await?;

    for (name, skills, group) in [
        ("Ada", &["cleaning", "cooking"][..], "A"),
        ("Brian", &["cleaning"][..], "A"),
        ("Chen", &["gardening", "cleaning"][..], "B"),
        ("Dara", &["gardening"][..], "B"),
        ("Emil", &["cooking"][..], "B"),
    ] {
        let mut person = NewParticipant::new(name, skills);
        person.group = Some(group.into());
        person.email = Some(format!("{}@example.org", name.to_lowercase()));
        house.create_participant(person).await?;
    }
    for (name, needs, skills) in [
        ("Parlor", 2, &["cleaning"][..]),
        ("Garden", 1, &["gardening"][..]),
        ("Kitchen", 1, &["cooking"][..]),
    ] {
        let mut target = NewTarget::new(name, needs);
        target.required_skills = skills.iter().map(|s| s.to_string()).collect();
        house.create_target(target).await?;
    }

    let participants = house
        .list_participants(&ParticipantQuery::default())
        .await?;
    let targets = house.list_targets(false).await?;
    println!(
        "Domain `{}` ({}) in {store}\n",
        house.domain().name,
        house.domain().display_name
    );
    println!(
        "{} participants:\n{}",
        participants.len(),
        participant_table(&participants)
    );
    println!("{} targets:\n{}", targets.len(), target_table(&targets));

    let date = NaiveDate::from_ymd_opt(2026, 11, 30).ok_or("bad date")?;
    let config = PlanConfig {
        strategy: Strategy::Optimal,
        ..PlanConfig::default()
    };
    let generated = house.generate_assignment(date, config).await?;
    println!(
        "Assignment {} for {date} ({} placements stored):\n{}",
        generated.record.assignment.id,
        generated.record.details.len(),
        plan_table(&generated.plan, &participants, &targets)
    );
    Ok(())
}
