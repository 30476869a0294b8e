//! `db_cli status`: connectivity, server version, pool, migration state.
//! `--detailed` adds exact row counts per table, index usage, the RLS state
//! of every tenant table, the roles' RLS standing and the database size.
//! Exits 1 when something needs attention: pending or modified migrations,
//! a tenant table whose RLS is not forced, a role that bypasses RLS.

use serde_json::{Value, json};
use sqlx::PgPool;
use vividshift_postgres::{PgConfig, PgStore};

use crate::db::{self, TableInfo, quote_ident};
use crate::migrate::{self, State};
use crate::output::{CliError, Exit, Report, human_bytes, table};

/// The application role checked when `database.app_role` is not set.
pub const DEFAULT_APP_ROLE: &str = "vividshift_app";

/// Runs `status` (and `--detailed`).
pub async fn run(store: &PgStore, config: &PgConfig, detailed: bool) -> Result<Report, CliError> {
    let health = store.health().await?;
    let pool = store.pool();
    let (database, login) = db::whoami(pool).await?;
    let migrations = migrate::rows(pool).await?;
    let count = |s: State| migrations.iter().filter(|r| r.state == s).count();
    let latest = migrations
        .iter()
        .filter(|r| r.state == State::Applied)
        .map(|r| r.version)
        .max();
    let mut warnings: Vec<String> = Vec::new();
    if count(State::Pending) > 0 {
        warnings.push(format!(
            "{} migration(s) pending: run `db_cli migrate`",
            count(State::Pending)
        ));
    }
    for r in migrations
        .iter()
        .filter(|r| matches!(r.state, State::Modified | State::Failed))
    {
        warnings.push(format!(
            "migration {} is {:?}: see `db_cli migrate --status`",
            r.version, r.state
        ));
    }

    let mut text = format!(
        "Database: {} (connected)\nServer: {}\nRole: {}{}\nLatency: {:.2} ms\nPool: {} open, {} idle, max {}\nMigrations: {} applied, {} pending{}\n",
        db::describe(config),
        health.server_version,
        login,
        if health.tenancy_enforced() {
            ""
        } else {
            " (bypasses row-level security)"
        },
        health.latency.as_secs_f64() * 1000.0,
        health.pool_size,
        health.pool_idle,
        health.pool_max,
        count(State::Applied),
        count(State::Pending),
        latest.map(|v| format!(" (latest {v})")).unwrap_or_default(),
    );
    let mut json = json!({
        "connected": true,
        "database": database,
        "server_version": health.server_version,
        "role": login,
        "latency_ms": health.latency.as_secs_f64() * 1000.0,
        "pool": { "size": health.pool_size, "idle": health.pool_idle, "max": health.pool_max },
        "migrations": {
            "applied": count(State::Applied),
            "pending": count(State::Pending),
            "modified": count(State::Modified),
            "failed": count(State::Failed),
            "latest": latest,
        },
    });

    if detailed {
        detail(pool, config, &mut text, &mut json, &mut warnings).await?;
    }
    for w in &warnings {
        text.push_str(&format!("warning: {w}\n"));
    }
    let ok = warnings.is_empty();
    text.push_str(if ok {
        "Status: ok"
    } else {
        "Status: needs attention"
    });
    json["ok"] = json!(ok);
    json["warnings"] = json!(warnings);
    Ok(Report {
        text,
        json,
        exit: if ok { Exit::Ok } else { Exit::Problems },
    })
}

async fn detail(
    pool: &PgPool,
    config: &PgConfig,
    text: &mut String,
    json: &mut Value,
    warnings: &mut Vec<String>,
) -> Result<(), CliError> {
    let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(pool)
        .await?;
    text.push_str(&format!("Database size: {}\n", human_bytes(size)));
    json["database_size_bytes"] = json!(size);

    // Roles: the login role and the application role the SDK runs as.
    let app_role = config
        .app_role
        .clone()
        .unwrap_or_else(|| DEFAULT_APP_ROLE.to_owned());
    let roles: Vec<(String, bool, bool)> = sqlx::query_as(
        "SELECT rolname::text, rolsuper, rolbypassrls FROM pg_roles
         WHERE rolname = current_user OR rolname = $1 ORDER BY rolname",
    )
    .bind(&app_role)
    .fetch_all(pool)
    .await?;
    text.push_str("Roles:\n");
    let mut role_json = Vec::new();
    for (name, superuser, bypass) in &roles {
        let bypasses = *superuser || *bypass;
        text.push_str(&format!(
            "  {name}: {}\n",
            match (superuser, bypass) {
                (true, _) => "SUPERUSER (row-level security does not bind it)",
                (false, true) => "BYPASSRLS (row-level security does not bind it)",
                _ => "bound by row-level security",
            }
        ));
        if bypasses {
            warnings.push(format!(
                "role {name} is {}: row-level security does not isolate domains for it; \
                 run the SDK as a role that is neither",
                if *superuser {
                    "a superuser"
                } else {
                    "BYPASSRLS"
                }
            ));
        }
        role_json.push(json!({ "name": name, "superuser": superuser, "bypassrls": bypass }));
    }
    if !roles.iter().any(|r| r.0 == app_role) {
        text.push_str(&format!("  {app_role}: missing\n"));
    }
    json["roles"] = json!(role_json);

    let tables = db::tables(pool).await?;
    let counts = row_counts(pool, &tables).await?;
    text.push_str("Tables:\n");
    let rows: Vec<Vec<String>> = tables
        .iter()
        .zip(&counts)
        .map(|(t, n)| {
            vec![
                t.name.clone(),
                n.to_string(),
                if t.tenant { "tenant" } else { "global" }.into(),
                rls_label(t),
            ]
        })
        .collect();
    text.push_str(&table(
        &["table", "rows", "kind", "row-level security"],
        &rows,
    ));
    let mut table_json = Vec::new();
    for (t, n) in tables.iter().zip(&counts) {
        if t.tenant && !(t.rls_enabled && t.rls_forced) {
            warnings.push(format!(
                "tenant table {} does not force row-level security",
                t.name
            ));
        }
        table_json.push(json!({
            "name": t.name, "rows": n, "tenant": t.tenant,
            "rls_enabled": t.rls_enabled, "rls_forced": t.rls_forced, "policies": t.policies,
        }));
    }
    json["tables"] = json!(table_json);

    let indexes: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT s.relname::text, s.indexrelname::text, s.idx_scan, s.idx_tup_read,
                pg_relation_size(s.indexrelid)
         FROM pg_stat_user_indexes s
         WHERE s.schemaname = current_schema()
         ORDER BY s.relname, s.indexrelname",
    )
    .fetch_all(pool)
    .await?;
    text.push_str("Indexes:\n");
    text.push_str(&table(
        &["table", "index", "scans", "tuples read", "size"],
        &indexes
            .iter()
            .map(|(t, i, scans, read, size)| {
                vec![
                    t.clone(),
                    i.clone(),
                    scans.to_string(),
                    read.to_string(),
                    human_bytes(*size),
                ]
            })
            .collect::<Vec<_>>(),
    ));
    json["indexes"] = json!(
        indexes
            .iter()
            .map(|(t, i, scans, read, size)| json!({
                "table": t, "index": i, "scans": scans, "tuples_read": read, "size_bytes": size,
            }))
            .collect::<Vec<_>>()
    );
    Ok(())
}

fn rls_label(t: &TableInfo) -> String {
    match (t.rls_enabled, t.rls_forced) {
        (true, true) => format!("forced, {} policies", t.policies),
        (true, false) => format!("enabled, NOT forced, {} policies", t.policies),
        (false, _) if t.tenant => "OFF".into(),
        (false, _) => "-".into(),
    }
}

/// Exact row counts: global tables directly; tenant tables summed over the
/// domains, each read in its own domain-scoped transaction.
pub async fn row_counts(pool: &PgPool, tables: &[TableInfo]) -> Result<Vec<i64>, CliError> {
    let mut counts = vec![0_i64; tables.len()];
    for (i, t) in tables.iter().enumerate().filter(|(_, t)| !t.tenant) {
        let sql = format!("SELECT count(*) FROM {}", quote_ident(&t.name));
        counts[i] = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(pool)
            .await?;
    }
    let tenant: Vec<(usize, &TableInfo)> = tables
        .iter()
        .enumerate()
        .filter(|(_, t)| t.tenant)
        .collect();
    if tenant.is_empty() {
        return Ok(counts);
    }
    // One statement per domain: a count subquery per tenant table.
    let sql = format!(
        "SELECT ARRAY[{}]::bigint[]",
        tenant
            .iter()
            .map(|(_, t)| format!(
                "(SELECT count(*) FROM {} WHERE domain_id = $1)",
                quote_ident(&t.name)
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (domain, _) in db::domains(pool).await? {
        let mut tx = db::domain_tx(pool, domain).await?;
        let per: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .bind(domain)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        for ((i, _), n) in tenant.iter().zip(per) {
            counts[*i] += n;
        }
    }
    Ok(counts)
}
