//! Does the live schema match what the migrations build? The only reliable
//! answer is to build it: inside one transaction, create a scratch schema,
//! run every embedded migration in it (search_path pointing there first),
//! describe both schemas from the catalog in the same normalised form, and
//! roll back. Nothing is left behind, roles the migrations would create
//! included (CREATE ROLE is transactional too).
//!
//! The description covers tables, columns (type, NOT NULL, default,
//! identity), constraints, indexes, row-level security flags, policies,
//! triggers and functions (by source checksum). Catalog functions print
//! names relative to the search_path, which is set to the described schema;
//! `pg_get_indexdef` and `pg_get_triggerdef` qualify the table regardless,
//! so the schema prefix is stripped from their text.

use std::collections::BTreeMap;

use sqlx::{PgConnection, PgPool};
use vividshift_postgres::MIGRATOR;

use crate::db::quote_ident;
use crate::output::{CliError, one_line};

/// Object key (`index participants.participants_name_idx`) to its definition.
pub type Description = BTreeMap<String, String>;

/// One difference between the live schema and the migrations' schema.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Difference {
    /// The object (`column participants.email`).
    pub object: String,
    /// What the migrations build, if they build it.
    pub expected: Option<String>,
    /// What the database has, if it has it.
    pub actual: Option<String>,
}

/// The comparison's outcome: differences, or why it could not run.
pub enum Comparison {
    /// The schemas were compared.
    Compared(Vec<Difference>),
    /// The reference schema could not be built (e.g. no CREATE privilege).
    Skipped(String),
}

/// Compares the current schema with the one the migrations build.
pub async fn compare(pool: &PgPool) -> Result<Comparison, CliError> {
    let mut tx = pool.begin().await?;
    let live_schema: String = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(&mut *tx)
        .await?;
    let actual = describe(&mut tx, &live_schema).await?;

    let scratch = format!("vividshift_reference_{}", uuid::Uuid::new_v4().simple());
    let created = sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE SCHEMA {}",
        quote_ident(&scratch)
    )))
    .execute(&mut *tx)
    .await;
    if let Err(e) = created {
        return Ok(Comparison::Skipped(format!(
            "cannot create a scratch schema to build the migrations' schema in \
             (needs CREATE on the database): {}",
            one_line(&e.to_string())
        )));
    }
    // The live schema stays on the path so that `_sqlx_migrations` resolves.
    set_path(
        &mut tx,
        &format!("{}, {}", quote_ident(&scratch), quote_ident(&live_schema)),
    )
    .await?;
    for m in MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
    {
        if let Err(e) = sqlx::raw_sql(m.sql.clone()).execute(&mut *tx).await {
            return Ok(Comparison::Skipped(format!(
                "migration {} does not apply to an empty schema: {}",
                m.version,
                one_line(&e.to_string())
            )));
        }
    }
    let expected = describe(&mut tx, &scratch).await?;
    tx.rollback().await?;

    let mut out = Vec::new();
    for (key, def) in &expected {
        match actual.get(key) {
            Some(a) if a == def => {}
            other => out.push(Difference {
                object: key.clone(),
                expected: Some(def.clone()),
                actual: other.cloned(),
            }),
        }
    }
    for (key, def) in &actual {
        if !expected.contains_key(key) {
            out.push(Difference {
                object: key.clone(),
                expected: None,
                actual: Some(def.clone()),
            });
        }
    }
    Ok(Comparison::Compared(out))
}

async fn set_path(conn: &mut PgConnection, path: &str) -> Result<(), CliError> {
    sqlx::query("SELECT set_config('search_path', $1, true)")
        .bind(path)
        .execute(conn)
        .await?;
    Ok(())
}

/// The schema's objects, in a form independent of the schema's name.
async fn describe(conn: &mut PgConnection, schema: &str) -> Result<Description, CliError> {
    set_path(conn, &quote_ident(schema)).await?;
    let strip = |text: String| {
        text.replace(&format!("{}.", quote_ident(schema)), "")
            .replace(&format!("{schema}."), "")
    };
    let mut out = Description::new();
    const SKIP: &str = "'_sqlx_migrations'";

    let rows: Vec<(String, bool, bool)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> {SKIP}"
    )))
    .bind(schema)
    .fetch_all(&mut *conn)
    .await?;
    for (table, enabled, forced) in rows {
        out.insert(
            format!("table {table}"),
            format!("row level security enabled={enabled} forced={forced}"),
        );
    }

    let rows: Vec<(String, String, String, bool, String, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
                    a.attnotnull, coalesce(pg_get_expr(d.adbin, d.adrelid), ''),
                    a.attidentity::text
             FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> {SKIP}
               AND a.attnum > 0 AND NOT a.attisdropped"
        )))
        .bind(schema)
        .fetch_all(&mut *conn)
        .await?;
    for (table, column, ty, not_null, default, identity) in rows {
        let mut def = ty;
        if not_null {
            def.push_str(" NOT NULL");
        }
        if !default.is_empty() {
            def.push_str(&format!(" DEFAULT {default}"));
        }
        if !identity.is_empty() {
            def.push_str(&format!(" IDENTITY {identity}"));
        }
        out.insert(format!("column {table}.{column}"), def);
    }

    let rows: Vec<(String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.relname::text, con.conname::text, pg_get_constraintdef(con.oid)
         FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname <> {SKIP}"
    )))
    .bind(schema)
    .fetch_all(&mut *conn)
    .await?;
    for (table, name, def) in rows {
        out.insert(format!("constraint {table}.{name}"), strip(def));
    }

    let rows: Vec<(String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT tablename::text, indexname::text, indexdef FROM pg_indexes
         WHERE schemaname = $1 AND tablename <> {SKIP}"
    )))
    .bind(schema)
    .fetch_all(&mut *conn)
    .await?;
    for (table, name, def) in rows {
        out.insert(format!("index {table}.{name}"), strip(def));
    }

    let rows: Vec<(String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT tablename::text, policyname::text, permissive, roles::text, cmd,
                coalesce(qual, ''), coalesce(with_check, '')
         FROM pg_policies WHERE schemaname = $1",
    )
    .bind(schema)
    .fetch_all(&mut *conn)
    .await?;
    for (table, name, permissive, roles, cmd, qual, check) in rows {
        out.insert(
            format!("policy {table}.{name}"),
            format!("{permissive} FOR {cmd} TO {roles} USING ({qual}) WITH CHECK ({check})"),
        );
    }

    let rows: Vec<(String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.relname::text, t.tgname::text, pg_get_triggerdef(t.oid)
         FROM pg_trigger t
         JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND NOT t.tgisinternal AND c.relname <> {SKIP}"
    )))
    .bind(schema)
    .fetch_all(&mut *conn)
    .await?;
    for (table, name, def) in rows {
        out.insert(format!("trigger {table}.{name}"), strip(def));
    }

    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT p.proname::text, pg_get_function_identity_arguments(p.oid), md5(p.prosrc)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = $1",
    )
    .bind(schema)
    .fetch_all(&mut *conn)
    .await?;
    for (name, args, source) in rows {
        out.insert(
            format!("function {name}({args})"),
            format!("source md5 {source}"),
        );
    }
    Ok(out)
}
