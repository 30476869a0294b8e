//! `db_cli cleanup`: deletes expired sessions, failed-login records older
//! than `LOGIN_FAILURE_RETENTION` (kept only for lockout, whose window is
//! minutes), and, with
//! `--audit-older-than DAYS`, audit events past retention; `--dry-run`
//! counts without deleting.
//!
//! Audit retention and the append-only rule: the application role
//! (`vividshift_app`) may only SELECT and INSERT `audit_events`, so nothing
//! the SDK runs can rewrite history. Retention is an operator task run as the
//! table owner (the role that ran the migrations, which db_cli connects as):
//! the owner holds DELETE, and row-level security (FORCEd) still applies to
//! it, so the deletion walks the domains one transaction each. Run as a role
//! without DELETE, it stops with exit code 4 and says so.

use chrono::{Duration, Utc};
use serde_json::json;
use vividshift_core::Store;
use vividshift_postgres::PgStore;

use crate::db;
use crate::output::{CliError, Report};

/// How long failed-login records are kept: far longer than any sensible
/// lockout window (15 minutes by default), after which they count for nothing.
const LOGIN_FAILURE_RETENTION: Duration = Duration::days(1);

/// Options of `cleanup`.
#[derive(Debug, Clone, Copy)]
pub struct CleanupOptions {
    /// Delete audit events older than this many days.
    pub audit_older_than: Option<u32>,
    /// Count only.
    pub dry_run: bool,
}

/// Runs the cleanup.
pub async fn run(store: &PgStore, options: CleanupOptions) -> Result<Report, CliError> {
    let pool = store.pool();
    let now = Utc::now();
    let sessions = if options.dry_run {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sessions WHERE expires_at < $1")
            .bind(now)
            .fetch_one(pool)
            .await? as u64
    } else {
        store.sessions().delete_expired(now).await?
    };
    let verb = if options.dry_run {
        "would delete"
    } else {
        "deleted"
    };
    let failures_before = now - LOGIN_FAILURE_RETENTION;
    let login_failures = if options.dry_run {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM login_failures WHERE failed_at < $1")
            .bind(failures_before)
            .fetch_one(pool)
            .await? as u64
    } else {
        store
            .users()
            .delete_login_failures_before(failures_before)
            .await?
    };
    let mut text = format!(
        "Expired sessions: {verb} {sessions}\nFailed-login records older than a day: {verb} {login_failures}\n"
    );
    let mut json = json!({
        "ok": true,
        "dry_run": options.dry_run,
        "expired_sessions": sessions,
        "stale_login_failures": login_failures,
    });

    if let Some(days) = options.audit_older_than {
        let cutoff = now - Duration::days(i64::from(days));
        let mut total = 0_u64;
        let mut per_domain = serde_json::Map::new();
        for (domain, name) in db::domains(pool).await? {
            let mut tx = db::domain_tx(pool, domain).await?;
            let n = if options.dry_run {
                sqlx::query_scalar::<_, i64>(
                    "SELECT count(*) FROM audit_events WHERE domain_id = $1 AND created_at < $2",
                )
                .bind(domain)
                .bind(cutoff)
                .fetch_one(&mut *tx)
                .await? as u64
            } else {
                sqlx::query("DELETE FROM audit_events WHERE domain_id = $1 AND created_at < $2")
                    .bind(domain)
                    .bind(cutoff)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| {
                        let privilege = e
                            .as_database_error()
                            .and_then(|d| d.code())
                            .is_some_and(|c| c == "42501");
                        if privilege {
                            CliError::failed(
                                "audit retention needs DELETE on audit_events, which the \
                                 application role does not have (audit is append-only for it): \
                                 run db_cli as the role that owns the schema",
                            )
                        } else {
                            CliError::from(e).context("deleting audit events")
                        }
                    })?
                    .rows_affected()
            };
            tx.commit().await?;
            total += n;
            if n > 0 {
                per_domain.insert(name, json!(n));
            }
        }
        text.push_str(&format!(
            "Audit events older than {days} days (before {}): {verb} {total}\n",
            cutoff.format("%Y-%m-%d %H:%M UTC")
        ));
        json["audit_events"] = json!(total);
        json["audit_events_by_domain"] = json!(per_domain);
        json["audit_cutoff"] = json!(cutoff);
    }
    text.push_str("Done.");
    Ok(Report::ok(text, json))
}
