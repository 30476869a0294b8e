//! `db_cli seed`: idempotent development data. Two accounts (`admin`, `user`),
//! the `work_groups` domain of the original product with its seven targets
//! (Parlor 5, Frontyard 3, Backyard 1, Tank 2, Toilet B 4, Toilet A 2, Bin 1),
//! twenty participants, the admin and user as members, and a `default` rule
//! configuration from `[engine]`. `--participants N` also makes sure that N
//! generated participants (`Participant 00001` ...) exist, imported in
//! batches through `DomainScope::import_participants` (one bulk statement per
//! batch). Everything is looked up by name first, so a second run creates
//! nothing.
//!
//! Accounts go through the `UserRepository` with a bcrypt hash made here at
//! `[auth] bcrypt_cost`; once the Client's account API (branch `auth`) is on
//! main, this is the place to call `Client::register_user` instead.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::json;
use vividshift_core::model::{
    NewDomain, NewParticipant, NewRuleConfiguration, NewTarget, ParticipantQuery, Role, User,
    UserProfile,
};
use vividshift_core::{Client, DomainScope, Error, Principal, UserId};
use vividshift_postgres::PgStore;

use crate::config::CliConfig;
use crate::output::{CliError, Report, progress};

/// The domain the seed fills.
pub const DOMAIN: &str = "work_groups";

/// The original product's targets and head counts.
pub const TARGETS: &[(&str, i32)] = &[
    ("Parlor", 5),
    ("Frontyard", 3),
    ("Backyard", 1),
    ("Tank", 2),
    ("Toilet B", 4),
    ("Toilet A", 2),
    ("Bin", 1),
];

/// The twenty named participants.
pub const PARTICIPANTS: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi",
    "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara",
];

const SKILLS: &[&str] = &["cleaning", "gardening", "plumbing", "lifting", "cooking"];

/// Participants imported per bulk call (and per progress step).
const BATCH: usize = 1000;

/// Seed options from the command line.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// Generated participants to make sure exist.
    pub participants: Option<usize>,
    /// Password of `admin` (only used when the account is created).
    pub admin_password: String,
    /// Password of `user` (only used when the account is created).
    pub user_password: String,
    /// Whether the passwords are the built-in development defaults.
    pub default_passwords: bool,
}

#[derive(Default)]
struct Tally {
    created: serde_json::Map<String, serde_json::Value>,
    existing: serde_json::Map<String, serde_json::Value>,
}

impl Tally {
    fn add(&mut self, what: &str, created: usize, existing: usize) {
        self.created.insert(what.into(), json!(created));
        self.existing.insert(what.into(), json!(existing));
    }
}

/// Runs the seed.
pub async fn run(
    store: PgStore,
    config: &CliConfig,
    options: &SeedOptions,
    json_output: bool,
) -> Result<Report, CliError> {
    for (name, password) in [
        ("admin", &options.admin_password),
        ("user", &options.user_password),
    ] {
        check_password(name, password, config.auth.min_password_length)?;
    }
    let client = Client::new(Arc::new(store));
    let mut tally = Tally::default();

    let (admin, admin_new) = ensure_user(&client, "admin", &options.admin_password, config).await?;
    let (user, user_new) = ensure_user(&client, "user", &options.user_password, config).await?;
    let made = usize::from(admin_new) + usize::from(user_new);
    tally.add("users", made, 2 - made);

    let (scope, domain_new) = match client.domain(&Principal::System, DOMAIN).await {
        Ok(scope) => (scope, false),
        Err(Error::NotFound { .. }) => {
            let mut input = NewDomain::new(DOMAIN, "Work groups");
            input.description = Some("The original product's household work rota".into());
            (client.create_domain(&Principal::System, input).await?, true)
        }
        Err(e) => return Err(e.into()),
    };
    tally.add("domains", usize::from(domain_new), usize::from(!domain_new));

    let mut granted = 0;
    for (id, role) in [(admin, Role::Admin), (user, Role::User)] {
        let current = client.store().memberships().get(scope.id(), id).await;
        match current {
            Ok(m) if m.role == role => {}
            Ok(_) | Err(Error::NotFound { .. }) => {
                scope.set_member(id, role).await?;
                granted += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
    tally.add("memberships", granted, 2 - granted);

    let existing: HashSet<String> = scope
        .list_targets(true)
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let missing: Vec<NewTarget> = TARGETS
        .iter()
        .filter(|(name, _)| !existing.contains(*name))
        .map(|(name, count)| NewTarget::new(*name, *count))
        .collect();
    let made = missing.len();
    if !missing.is_empty() {
        scope.import_targets(missing).await?;
    }
    tally.add("targets", made, TARGETS.len() - made);

    let names: HashSet<String> = scope
        .list_participants(&ParticipantQuery {
            include_inactive: true,
            ..ParticipantQuery::default()
        })
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let wanted: Vec<String> = PARTICIPANTS.iter().map(|s| s.to_string()).collect();
    let made = import_missing(&scope, &names, &wanted, json_output).await?;
    tally.add("participants", made, wanted.len() - made);
    if let Some(n) = options.participants {
        let generated: Vec<String> = (1..=n).map(|i| format!("Participant {i:05}")).collect();
        let made = import_missing(&scope, &names, &generated, json_output).await?;
        tally.add("generated_participants", made, n - made);
    }

    let rules_new = match scope.rule_configuration("default").await {
        Ok(_) => false,
        Err(Error::NotFound { .. }) => {
            let plan = config.engine.plan_config()?;
            let parameters = serde_json::to_value(&plan)
                .map_err(|e| CliError::failed(format!("engine settings: {e}")))?;
            scope
                .create_rule_configuration(NewRuleConfiguration {
                    name: "default".into(),
                    strategy: plan.strategy.as_str().to_owned(),
                    parameters,
                })
                .await?;
            true
        }
        Err(e) => return Err(e.into()),
    };
    tally.add(
        "rule_configurations",
        usize::from(rules_new),
        usize::from(!rules_new),
    );

    let mut text = format!("Seeded domain `{DOMAIN}`:\n");
    for (what, created) in &tally.created {
        text.push_str(&format!(
            "  {what}: {created} created, {} already there\n",
            tally.existing[what]
        ));
    }
    if options.default_passwords && (admin_new || user_new) {
        text.push_str(
            "note: accounts were created with the development passwords (see `db_cli seed --help`); \
             never seed a production database this way\n",
        );
    }
    let total_created: u64 = tally.created.values().filter_map(|v| v.as_u64()).sum();
    text.push_str(if total_created == 0 {
        "Nothing to do: the seed data was already there."
    } else {
        "Done."
    });
    let json = json!({
        "ok": true,
        "domain": DOMAIN,
        "domain_id": scope.id(),
        "created": tally.created,
        "existing": tally.existing,
    });
    Ok(Report::ok(text, json))
}

/// Imports the participants of `wanted` whose names are not in `have`, in batches.
async fn import_missing(
    scope: &DomainScope,
    have: &HashSet<String>,
    wanted: &[String],
    json_output: bool,
) -> Result<usize, CliError> {
    let missing: Vec<&String> = wanted.iter().filter(|n| !have.contains(*n)).collect();
    let bar = progress(missing.len() as u64, json_output, "importing participants");
    for chunk in missing.chunks(BATCH) {
        let inputs = chunk
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let skill = SKILLS[(name.len() + i) % SKILLS.len()];
                let mut input = NewParticipant::new(name.as_str(), &[skill]);
                input.email = Some(format!(
                    "{}@example.com",
                    name.to_lowercase().replace(' ', ".")
                ));
                input
            })
            .collect();
        scope.import_participants(inputs).await?;
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    Ok(missing.len())
}

/// The user's id, creating the account when it is missing (and whether it was).
async fn ensure_user(
    client: &Client,
    username: &str,
    password: &str,
    config: &CliConfig,
) -> Result<(UserId, bool), CliError> {
    match client.store().users().get_by_username(username).await {
        Ok(user) => return Ok((user.id, false)),
        Err(Error::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let cost = config.auth.bcrypt_cost;
    let password = password.to_owned();
    // bcrypt is CPU-bound (about 0.2 s at cost 12): off the async workers.
    let hash = tokio::task::spawn_blocking(move || bcrypt::hash(password, cost))
        .await
        .map_err(|e| CliError::failed(format!("password hashing stopped: {e}")))?
        .map_err(|e| CliError::failed(format!("password hashing failed: {e}")))?;
    let now = chrono::Utc::now();
    let user = User {
        id: UserId::new(),
        username: username.into(),
        email: format!("{username}@example.com"),
        password_hash: hash,
        is_active: true,
        last_login_at: None,
        created_at: now,
        updated_at: now,
    };
    let stored = client
        .store()
        .users()
        .create(&user, &UserProfile::default())
        .await?;
    Ok((stored.id, true))
}

/// The rules the application applies to passwords: long enough, at most 72
/// bytes (bcrypt reads no further, so longer ones are rejected, not cut).
fn check_password(account: &str, password: &str, min_chars: usize) -> Result<(), CliError> {
    if password.chars().count() < min_chars {
        return Err(CliError::usage(format!(
            "the {account} password must be at least {min_chars} characters (auth.min_password_length)"
        )));
    }
    if password.len() > 72 {
        return Err(CliError::usage(format!(
            "the {account} password must be at most 72 bytes (bcrypt reads no further)"
        )));
    }
    Ok(())
}
