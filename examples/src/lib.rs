//! Reference integrations of the VividShift SDK: run them with
//! `cargo run --example NAME`. This library holds what several examples share.

use std::collections::HashMap;
use std::sync::Arc;

use vividshift_core::model::{AssignmentTarget, Participant};
use vividshift_core::{Client, Plan};
use vividshift_postgres::{PgConfig, PgStore};

/// Formats participants as an aligned text table.
pub fn participant_table(participants: &[Participant]) -> String {
    let mut out = format!(
        "{:<12} {:<28} {:<6} {}\n",
        "name", "skills", "group", "email"
    );
    for p in participants {
        out.push_str(&format!(
            "{:<12} {:<28} {:<6} {}\n",
            p.name,
            p.skills.join(", "),
            p.group.as_deref().unwrap_or("-"),
            p.email.as_deref().unwrap_or("-"),
        ));
    }
    out
}

/// Formats targets as an aligned text table.
pub fn target_table(targets: &[AssignmentTarget]) -> String {
    let mut out = format!(
        "{:<12} {:>6} {:>8} {}\n",
        "target", "needs", "priority", "skills"
    );
    for t in targets {
        out.push_str(&format!(
            "{:<12} {:>6} {:>8} {}{}\n",
            t.name,
            t.required_count,
            t.priority,
            t.required_skills.join(", "),
            if t.skills_hard { " (required)" } else { "" },
        ));
    }
    out
}

/// The environment variable that selects PostgreSQL instead of the in-memory store.
pub const DATABASE_URL_VAR: &str = "VIVIDSHIFT_DATABASE_URL";

/// Where an example's data lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded in-memory store (nothing configured).
    Memory,
    /// PostgreSQL at `VIVIDSHIFT_DATABASE_URL`, migrated on connect.
    Postgres,
}

/// A client over PostgreSQL when `VIVIDSHIFT_DATABASE_URL` is set (the
/// store connects with every `VIVIDSHIFT_DATABASE_*` setting and applies
/// pending migrations), otherwise over a new in-memory store.
pub async fn client_from_env() -> vividshift_core::Result<(Client, Backend)> {
    if std::env::var(DATABASE_URL_VAR).is_ok_and(|v| !v.trim().is_empty()) {
        Ok((postgres_client().await?, Backend::Postgres))
    } else {
        Ok((Client::in_memory(), Backend::Memory))
    }
}

/// A client over PostgreSQL configured from `VIVIDSHIFT_DATABASE_*`, migrated.
pub async fn postgres_client() -> vividshift_core::Result<Client> {
    let config = PgConfig::from_env()?;
    let store = PgStore::connect(&config).await?;
    store.migrate().await?;
    Ok(Client::new(Arc::new(store)))
}

/// A domain slug unique to this run (`prefix_` then the time in microseconds),
/// so that runs against a kept database never collide.
pub fn unique_slug(prefix: &str) -> String {
    format!("{prefix}_{}", chrono::Utc::now().format("%Y%m%d%H%M%S%6f"))
}

/// Formats a plan as a table: each person's target and the engine's reason,
/// then the open slots and the plan's metrics.
pub fn plan_table(
    plan: &Plan,
    participants: &[Participant],
    targets: &[AssignmentTarget],
) -> String {
    let people: HashMap<String, &str> = participants
        .iter()
        .map(|p| (p.id.to_string(), p.name.as_str()))
        .collect();
    let places: HashMap<String, &str> = targets
        .iter()
        .map(|t| (t.id.to_string(), t.name.as_str()))
        .collect();
    let name = |map: &HashMap<String, &str>, id: &str| {
        map.get(id).map_or(id.to_owned(), |n| (*n).to_owned())
    };
    let mut out = format!(
        "{:<12} {:<12} {:>6}  {}\n",
        "person", "target", "cost", "reason"
    );
    let mut rows: Vec<_> = plan.assignments.iter().collect();
    rows.sort_by_key(|a| {
        (
            name(&places, &a.target_id),
            name(&people, &a.participant_id),
        )
    });
    for a in rows {
        out.push_str(&format!(
            "{:<12} {:<12} {:>6.3}  {}\n",
            name(&people, &a.participant_id),
            name(&places, &a.target_id),
            a.cost,
            a.reason
        ));
    }
    for open in &plan.unfilled {
        out.push_str(&format!(
            "{:<12} {:<12} {:>6}  {} open: {}\n",
            "-",
            name(&places, &open.target_id),
            "",
            open.missing,
            open.reason
        ));
    }
    let m = &plan.metrics;
    out.push_str(&format!(
        "\nmetrics: strategy {}, filled {}/{} (coverage {:.0}%), total cost {:.3}, repeats {}\n",
        plan.strategy.as_str(),
        m.filled,
        m.required,
        m.coverage * 100.0,
        m.total_cost,
        m.repeats
    ));
    out
}

/// An HS256 signing secret for the examples ONLY: it is public, so anyone
/// could sign tokens with it. Real applications read theirs from
/// `VIVIDSHIFT_AUTH_JWT_SECRET` (`AuthConfig::from_env`) or a secret store.
pub const EXAMPLE_ONLY_JWT_SECRET: &str = "example-only-secret-never-use-in-production-0123456789";

/// Authentication settings for the examples: the public example secret above
/// and bcrypt at its minimum cost (4) so that they run fast; real
/// applications keep the default cost (12).
pub fn example_auth_config() -> vividshift_core::AuthConfig {
    let mut config =
        vividshift_core::AuthConfig::with_secret("example", EXAMPLE_ONLY_JWT_SECRET.as_bytes());
    config.bcrypt_cost = vividshift_core::auth::MIN_BCRYPT_COST;
    config
}

/// A new user account with an `example.org` address.
pub fn new_user(username: &str) -> vividshift_core::model::NewUser {
    vividshift_core::model::NewUser {
        username: username.into(),
        email: format!("{username}@example.org"),
        profile: Default::default(),
    }
}
