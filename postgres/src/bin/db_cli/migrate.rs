//! `db_cli migrate`: applies the embedded migrations; `--status` lists each
//! one as applied, pending, modified (its checksum differs from the one the
//! database recorded) or failed, with checksums.

use serde::Serialize;
use serde_json::json;
use sqlx::PgPool;
use sqlx::migrate::MigrateError;
use vividshift_postgres::{MIGRATOR, PgStore};

use crate::db;
use crate::output::{CliError, Exit, Report, one_line, table};

/// The state of one migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Recorded with the checksum this build has.
    Applied,
    /// In this build, not in the database.
    Pending,
    /// Recorded with another checksum: the file changed after it was applied.
    Modified,
    /// Recorded as failed (`success = false`).
    Failed,
    /// Recorded in the database, unknown to this build (a newer build applied it).
    Unknown,
}

/// One row of `migrate --status`.
#[derive(Debug, Clone, Serialize)]
pub struct MigrationRow {
    /// The version (the file name's number).
    pub version: i64,
    /// The description (the file name's rest).
    pub description: String,
    /// Its state.
    pub state: State,
    /// SHA-384 of the file in this build, hex.
    pub checksum: Option<String>,
    /// SHA-384 the database recorded, hex.
    pub applied_checksum: Option<String>,
    /// When it was applied.
    pub installed_on: Option<chrono::DateTime<chrono::Utc>>,
    /// How long it took, milliseconds.
    pub execution_ms: Option<f64>,
}

type AppliedRow = (
    i64,
    String,
    Vec<u8>,
    bool,
    chrono::DateTime<chrono::Utc>,
    i64,
);

/// Every migration, this build's and the database's, by version.
pub async fn rows(pool: &PgPool) -> Result<Vec<MigrationRow>, CliError> {
    let applied: Vec<AppliedRow> = if db::has_table(pool, "_sqlx_migrations").await? {
        sqlx::query_as(
            "SELECT version, description, checksum, success, installed_on, execution_time
             FROM _sqlx_migrations ORDER BY version",
        )
        .fetch_all(pool)
        .await?
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for m in MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
    {
        let checksum = hex(&m.checksum);
        let row = applied.iter().find(|a| a.0 == m.version);
        let (state, applied_checksum, installed_on, execution_ms) = match row {
            None => (State::Pending, None, None, None),
            Some((_, _, sum, success, at, nanos)) => {
                let state = if !success {
                    State::Failed
                } else if sum.as_slice() != m.checksum.as_ref() {
                    State::Modified
                } else {
                    State::Applied
                };
                (state, Some(hex(sum)), Some(*at), Some(*nanos as f64 / 1e6))
            }
        };
        out.push(MigrationRow {
            version: m.version,
            description: m.description.to_string(),
            state,
            checksum: Some(checksum),
            applied_checksum,
            installed_on,
            execution_ms,
        });
    }
    for (version, description, sum, _, at, nanos) in &applied {
        if !out.iter().any(|r| r.version == *version) {
            out.push(MigrationRow {
                version: *version,
                description: description.clone(),
                state: State::Unknown,
                checksum: None,
                applied_checksum: Some(hex(sum)),
                installed_on: Some(*at),
                execution_ms: Some(*nanos as f64 / 1e6),
            });
        }
    }
    out.sort_by_key(|r| r.version);
    Ok(out)
}

/// `migrate --status`: exits 1 when a migration is modified, failed or unknown.
pub async fn status(store: &PgStore) -> Result<Report, CliError> {
    let rows = rows(store.pool()).await?;
    let count = |s: State| rows.iter().filter(|r| r.state == s).count();
    let problems = count(State::Modified) + count(State::Failed) + count(State::Unknown);
    let mut text = String::from("Migrations:\n");
    text.push_str(&table(
        &["version", "description", "state", "checksum", "applied at"],
        &rows
            .iter()
            .map(|r| {
                vec![
                    r.version.to_string(),
                    r.description.clone(),
                    format!("{:?}", r.state).to_lowercase(),
                    r.checksum
                        .as_deref()
                        .or(r.applied_checksum.as_deref())
                        .map(|c| c[..16.min(c.len())].to_owned())
                        .unwrap_or_default(),
                    r.installed_on.map(|t| t.to_rfc3339()).unwrap_or_default(),
                ]
            })
            .collect::<Vec<_>>(),
    ));
    text.push_str(&format!(
        "{} applied, {} pending, {} modified, {} failed, {} unknown to this build",
        count(State::Applied),
        count(State::Pending),
        count(State::Modified),
        count(State::Failed),
        count(State::Unknown)
    ));
    for r in rows.iter().filter(|r| r.state == State::Modified) {
        text.push_str(&format!(
            "\nerror: migration {} ({}) changed after it was applied: restore the file as applied \
             and add a new migration instead",
            r.version, r.description
        ));
    }
    let json = json!({
        "ok": problems == 0,
        "applied": count(State::Applied),
        "pending": count(State::Pending),
        "modified": count(State::Modified),
        "failed": count(State::Failed),
        "unknown": count(State::Unknown),
        "migrations": rows,
    });
    Ok(Report {
        text,
        json,
        exit: if problems == 0 {
            Exit::Ok
        } else {
            Exit::Problems
        },
    })
}

/// `migrate`: applies every pending migration, or fails with one line.
pub async fn apply(store: &PgStore) -> Result<Report, CliError> {
    let before = rows(store.pool()).await?;
    if let Some(r) = before.iter().find(|r| r.state == State::Modified) {
        return Err(CliError::failed(format!(
            "migration {} ({}) was modified after it was applied (checksum {} in the database, \
             {} in this build): restore the file and add a new migration instead",
            r.version,
            r.description,
            short(r.applied_checksum.as_deref()),
            short(r.checksum.as_deref()),
        )));
    }
    MIGRATOR.run(store.pool()).await.map_err(migrate_error)?;
    let after = rows(store.pool()).await?;
    let applied: Vec<&MigrationRow> = after
        .iter()
        .filter(|r| {
            r.state == State::Applied
                && before
                    .iter()
                    .any(|b| b.version == r.version && b.state == State::Pending)
        })
        .collect();
    let mut text = if applied.is_empty() {
        "Database is up to date: no pending migrations.".to_owned()
    } else {
        format!("Applied {} migration(s):", applied.len())
    };
    for r in &applied {
        text.push_str(&format!(
            "\n  {} {} ({:.1} ms)",
            r.version,
            r.description,
            r.execution_ms.unwrap_or_default()
        ));
    }
    let json = json!({
        "ok": true,
        "applied": applied,
        "total_applied": after.iter().filter(|r| r.state == State::Applied).count(),
    });
    Ok(Report::ok(text, json))
}

fn migrate_error(err: MigrateError) -> CliError {
    match err {
        MigrateError::Execute(e) | MigrateError::ExecuteMigration(e, _) => {
            CliError::from(e).context("migration failed")
        }
        other => CliError::failed(format!(
            "migration failed: {}",
            one_line(&other.to_string())
        )),
    }
}

fn short(sum: Option<&str>) -> &str {
    sum.map(|s| &s[..16.min(s.len())]).unwrap_or("-")
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
