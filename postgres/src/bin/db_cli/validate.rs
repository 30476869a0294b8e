//! `db_cli validate`: checks that
//! 1. every embedded migration is applied with the checksum of this build;
//! 2. the live schema is the one the migrations build (`schema_diff`);
//! 3. every tenant table has row-level security enabled and FORCEd, with a
//!    policy for each of SELECT, INSERT, UPDATE and DELETE;
//! 4. every stored entity satisfies its definition, and every participant and
//!    target satisfies the definition its domain attaches, if any.
//!
//! Each problem is reported on its own; the exit code is 1 when there is any.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::json;
use sqlx::PgPool;
use vividshift_core::model::{EntityQuery, ParticipantQuery};
use vividshift_core::{Store, Validator};
use vividshift_postgres::PgStore;

use crate::db;
use crate::migrate::{self, State};
use crate::output::{CliError, Exit, Report, one_line};
use crate::schema_diff::{self, Comparison};

/// One problem found.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// Which check found it: `migrations`, `schema`, `rls`, `entities`.
    pub check: &'static str,
    /// The object concerned.
    pub object: String,
    /// What is wrong.
    pub message: String,
}

/// Runs every check.
pub async fn run(store: &PgStore) -> Result<Report, CliError> {
    let pool = store.pool();
    let mut problems = Vec::new();
    let mut notes = Vec::new();

    for r in migrate::rows(pool).await? {
        let message = match r.state {
            State::Applied => continue,
            State::Pending => "not applied (run `db_cli migrate`)",
            State::Modified => "changed after it was applied (checksum differs)",
            State::Failed => "recorded as failed",
            State::Unknown => "applied but unknown to this build (a newer build?)",
        };
        problems.push(Problem {
            check: "migrations",
            object: format!("migration {} {}", r.version, r.description),
            message: message.into(),
        });
    }

    match schema_diff::compare(pool).await? {
        Comparison::Compared(diffs) => {
            for d in diffs {
                let message = match (&d.expected, &d.actual) {
                    (Some(e), None) => format!("missing (the migrations create: {e})"),
                    (None, Some(a)) => format!("not created by the migrations ({a})"),
                    (Some(e), Some(a)) => format!("differs: expected {e}, found {a}"),
                    (None, None) => continue,
                };
                problems.push(Problem {
                    check: "schema",
                    object: d.object,
                    message,
                });
            }
        }
        Comparison::Skipped(why) => notes.push(format!("schema comparison skipped: {why}")),
    }

    rls_problems(pool, &mut problems).await?;
    let checked = entity_problems(store, &mut problems).await?;

    let mut text = String::new();
    text.push_str(&format!(
        "Checked migrations, schema, row-level security and {checked} stored records.\n"
    ));
    for n in &notes {
        text.push_str(&format!("note: {n}\n"));
    }
    for p in &problems {
        text.push_str(&format!(
            "problem [{}] {}: {}\n",
            p.check, p.object, p.message
        ));
    }
    if problems.is_empty() {
        text.push_str("Valid: no problems found.");
    } else {
        text.push_str(&format!("{} problem(s) found.", problems.len()));
    }
    let json = json!({
        "ok": problems.is_empty(),
        "records_checked": checked,
        "problems": problems,
        "notes": notes,
    });
    Ok(Report {
        text,
        json,
        exit: if problems.is_empty() {
            Exit::Ok
        } else {
            Exit::Problems
        },
    })
}

async fn rls_problems(pool: &PgPool, problems: &mut Vec<Problem>) -> Result<(), CliError> {
    for t in db::tables(pool).await?.into_iter().filter(|t| t.tenant) {
        if !t.rls_enabled {
            problems.push(Problem {
                check: "rls",
                object: t.name.clone(),
                message: "row-level security is not enabled".into(),
            });
        }
        if !t.rls_forced {
            problems.push(Problem {
                check: "rls",
                object: t.name.clone(),
                message: "row-level security is not FORCEd (the table owner bypasses it)".into(),
            });
        }
        let commands: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT cmd FROM pg_policies
             WHERE schemaname = current_schema() AND tablename = $1",
        )
        .bind(&t.name)
        .fetch_all(pool)
        .await?;
        let all = commands.iter().any(|c| c == "ALL");
        for cmd in ["SELECT", "INSERT", "UPDATE", "DELETE"] {
            if !all && !commands.iter().any(|c| c == cmd) {
                problems.push(Problem {
                    check: "rls",
                    object: t.name.clone(),
                    message: format!("no {cmd} policy: the table admits no {cmd} at all"),
                });
            }
        }
    }
    Ok(())
}

/// Validates entities, participants and targets; returns how many were checked.
async fn entity_problems(store: &PgStore, problems: &mut Vec<Problem>) -> Result<u64, CliError> {
    if !db::has_table(store.pool(), "domains").await? {
        return Ok(0);
    }
    let mut checked = 0;
    for domain in store.domains().list(true).await? {
        let definitions = store.definitions().list(domain.id, true).await?;
        let mut validators: HashMap<String, Result<Validator, String>> = HashMap::new();
        for d in &definitions {
            let compiled = Validator::new(&d.schema).map_err(|e| one_line(&e.to_string()));
            if let Err(why) = &compiled {
                problems.push(Problem {
                    check: "entities",
                    object: format!("{}: definition {}", domain.name, d.schema.name),
                    message: format!("the definition itself is invalid: {why}"),
                });
            }
            validators.insert(d.schema.name.clone(), compiled);
        }
        let entities = store
            .entities()
            .list(
                domain.id,
                &EntityQuery {
                    include_deleted: true,
                    ..EntityQuery::default()
                },
            )
            .await?;
        for e in entities {
            checked += 1;
            let object = format!("{}: entity {} ({})", domain.name, e.id, e.definition_name);
            match validators.get(&e.definition_name) {
                Some(Ok(v)) => {
                    for violation in v.validate(&e.attributes) {
                        problems.push(Problem {
                            check: "entities",
                            object: object.clone(),
                            message: violation.to_string(),
                        });
                    }
                }
                Some(Err(_)) => {}
                None => problems.push(Problem {
                    check: "entities",
                    object,
                    message: "its definition is missing".into(),
                }),
            }
        }
        let attached = |name: &Option<String>| {
            name.as_ref()
                .and_then(|n| validators.get(n).map(|v| (n.clone(), v.as_ref().ok())))
        };
        if let Some((name, validator)) = attached(&domain.participant_definition) {
            let participants = store
                .participants()
                .list(
                    domain.id,
                    &ParticipantQuery {
                        include_inactive: true,
                        ..ParticipantQuery::default()
                    },
                )
                .await?;
            for p in participants {
                checked += 1;
                for violation in validator
                    .map(|v| v.validate(&p.attributes))
                    .unwrap_or_default()
                {
                    problems.push(Problem {
                        check: "entities",
                        object: format!("{}: participant {} ({name})", domain.name, p.id),
                        message: violation.to_string(),
                    });
                }
            }
        } else if let Some(name) = &domain.participant_definition {
            problems.push(missing_attached(&domain.name, "participant", name));
        }
        if let Some((name, validator)) = attached(&domain.target_definition) {
            for t in store.targets().list(domain.id, true).await? {
                checked += 1;
                for violation in validator
                    .map(|v| v.validate(&t.attributes))
                    .unwrap_or_default()
                {
                    problems.push(Problem {
                        check: "entities",
                        object: format!("{}: target {} ({name})", domain.name, t.id),
                        message: violation.to_string(),
                    });
                }
            }
        } else if let Some(name) = &domain.target_definition {
            problems.push(missing_attached(&domain.name, "target", name));
        }
    }
    Ok(checked)
}

fn missing_attached(domain: &str, kind: &str, name: &str) -> Problem {
    Problem {
        check: "entities",
        object: format!("{domain}: {kind} definition"),
        message: format!("the domain attaches definition `{name}`, which does not exist"),
    }
}
