//! Connecting, and the catalog facts several commands share: which tables
//! the schema has, which of them are tenant tables, and how to read a tenant
//! table at all.
//!
//! db_cli is an operator tool: it connects as the login role of the URL (the
//! role that owns the schema and runs the migrations) and ignores
//! `database.app_role`, which is for the application. Row-level security is
//! FORCEd, so even the owner sees a tenant table's rows only inside a
//! transaction that has set `vividshift.domain_id`: commands that read tenant
//! rows walk the domains (a global table) and read each one's rows in its own
//! transaction (`DomainTx`). Every such query also says `domain_id = $1`, so
//! that a superuser, whom RLS does not bind, gets the same answer.
//!
//! The queries of db_cli read PostgreSQL's catalog and build statements from
//! table names found there (quoted with `quote_ident`); they are plain
//! runtime queries rather than `query!` macros, and the db_cli tests run
//! every one of them against a real server.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::{Connection as _, PgConnection, Postgres, Transaction};
use uuid::Uuid;
use vividshift_core::Error;
use vividshift_postgres::{PgConfig, PgStore};

use crate::output::{CliError, Exit, one_line};

/// Connects a small pool as the URL's login role, or explains why it cannot.
///
/// One plain connection is tried first: the pool retries a refused
/// connection until its timeout and then reports only the timeout, while a
/// single attempt says at once what is wrong (refused, wrong password, no
/// such database, TLS).
pub async fn connect(config: &PgConfig) -> Result<PgStore, CliError> {
    let mut config = config.clone();
    config.app_role = None;
    config.min_connections = config.min_connections.min(1);
    config.max_connections = config.max_connections.clamp(1, 4);
    let target = describe(&config);
    let options = config
        .connect_options()
        .map_err(|e| CliError::usage(one_line(&e.to_string())))?;
    let unreachable = |why: String| CliError {
        exit: Exit::Unreachable,
        message: format!("cannot connect to the database {target}: {why}"),
    };
    let attempt = tokio::time::timeout(
        Duration::from_secs(config.connect_timeout),
        PgConnection::connect_with(&options),
    )
    .await;
    match attempt {
        Err(_) => {
            return Err(unreachable(format!(
                "no answer within {} s (database.connect_timeout)",
                config.connect_timeout
            )));
        }
        Ok(Err(e)) => return Err(unreachable(connect_error(&e))),
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
        }
    }
    PgStore::connect(&config).await.map_err(|e| match e {
        Error::Configuration(m) => CliError::usage(one_line(&m)),
        other => CliError {
            exit: Exit::Unreachable,
            message: format!(
                "cannot connect to the database {target}: {}",
                one_line(&other.to_string())
            ),
        },
    })
}

/// A connection failure in one line: the server's message and SQLSTATE, or the driver's.
fn connect_error(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) => format!(
            "{} (SQLSTATE {})",
            db.message(),
            db.code().unwrap_or_default()
        ),
        other => one_line(&other.to_string()),
    }
}

/// `user@host:port/database` of the configured URL, without the password.
pub fn describe(config: &PgConfig) -> String {
    match config.connect_options() {
        Ok(o) => describe_options(&o),
        Err(_) => "(unparsable url)".into(),
    }
}

fn describe_options(o: &PgConnectOptions) -> String {
    format!(
        "{}@{}:{}/{}",
        o.get_username(),
        o.get_host(),
        o.get_port(),
        o.get_database().unwrap_or("")
    )
}

/// `"name"`, quoted for SQL as PostgreSQL's `quote_ident` would (always quoted).
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// One table of the current schema.
#[derive(Debug, Clone)]
pub struct TableInfo {
    /// Its name.
    pub name: String,
    /// Whether it has a `domain_id` column (a tenant table).
    pub tenant: bool,
    /// Row-level security enabled.
    pub rls_enabled: bool,
    /// Row-level security forced (binds the owner too).
    pub rls_forced: bool,
    /// Number of policies on it.
    pub policies: i64,
}

/// The ordinary tables of the current schema, by name.
pub async fn tables(pool: &PgPool) -> Result<Vec<TableInfo>, CliError> {
    let rows: Vec<(String, bool, bool, bool, i64)> = sqlx::query_as(
        "SELECT c.relname::text,
                EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = c.oid AND a.attname = 'domain_id' AND NOT a.attisdropped),
                c.relrowsecurity, c.relforcerowsecurity,
                (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
         FROM pg_class c
         WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind IN ('r', 'p')
         ORDER BY c.relname",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(name, tenant, rls_enabled, rls_forced, policies)| TableInfo {
                name,
                tenant,
                rls_enabled,
                rls_forced,
                policies,
            },
        )
        .collect())
}

/// Every domain's id and slug (inactive ones included), by slug.
pub async fn domains(pool: &PgPool) -> Result<Vec<(Uuid, String)>, CliError> {
    if !has_table(pool, "domains").await? {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as("SELECT id, name FROM domains ORDER BY name")
        .fetch_all(pool)
        .await?)
}

/// Whether the current schema has this table.
pub async fn has_table(pool: &PgPool, name: &str) -> Result<bool, CliError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_class
                        WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND relname = $1)",
    )
    .bind(name)
    .fetch_one(pool)
    .await?)
}

/// A transaction scoped to one domain: row-level security admits its rows.
pub async fn domain_tx(
    pool: &PgPool,
    domain: Uuid,
) -> Result<Transaction<'static, Postgres>, CliError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT set_config('vividshift.domain_id', $1, true)")
        .bind(domain.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// The name of the database and the login role.
pub async fn whoami(pool: &PgPool) -> Result<(String, String), CliError> {
    Ok(
        sqlx::query_as("SELECT current_database()::text, current_user::text")
            .fetch_one(pool)
            .await?,
    )
}
