//! `PgStore::health()`: what an operator wants to know about the backend.

use std::time::{Duration, Instant};

use serde::Serialize;
use vividshift_core::Result;

use crate::error::map_db_error;
use crate::store::PgStore;

/// One applied migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedMigration {
    /// Its version (the file name's number).
    pub version: i64,
    /// Its description.
    pub description: String,
}

/// The backend's state at one moment.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// Connections open in the pool.
    pub pool_size: u32,
    /// Of which idle.
    pub pool_idle: usize,
    /// Of which in use.
    pub pool_in_use: u32,
    /// The pool's maximum.
    pub pool_max: u32,
    /// `SELECT version()`.
    pub server_version: String,
    /// Round trip of a trivial query through the pool.
    pub latency: Duration,
    /// The role queries run as (after any `SET ROLE`).
    pub current_role: String,
    /// Whether that role is a superuser (row-level security does not bind it).
    pub is_superuser: bool,
    /// Whether that role has BYPASSRLS (row-level security does not bind it).
    pub bypasses_rls: bool,
    /// Migrations applied to the database, oldest first.
    pub applied_migrations: Vec<AppliedMigration>,
    /// Migrations embedded in this build that the database lacks.
    pub pending_migrations: Vec<AppliedMigration>,
}

impl Health {
    /// Whether row-level security binds the role (neither superuser nor BYPASSRLS).
    pub fn tenancy_enforced(&self) -> bool {
        !self.is_superuser && !self.bypasses_rls
    }
}

impl PgStore {
    /// Pool utilisation, server version, latency, migrations and the role's RLS status.
    pub async fn health(&self) -> Result<Health> {
        let start = Instant::now();
        sqlx::query_scalar!(r#"SELECT 1 AS "one!""#)
            .fetch_one(&self.pool)
            .await
            .map_err(map_db_error)?;
        let latency = start.elapsed();
        let role = sqlx::query!(
            r#"SELECT version() AS "version!", current_user AS "role!",
                      r.rolsuper AS "superuser!", r.rolbypassrls AS "bypass!"
               FROM pg_roles r WHERE r.rolname = current_user"#
        )
        .fetch_one(&self.pool)
        .await
        .map_err(map_db_error)?;
        let has_table = sqlx::query_scalar!(
            r#"SELECT to_regclass('_sqlx_migrations') IS NOT NULL AS "exists!""#
        )
        .fetch_one(&self.pool)
        .await
        .map_err(map_db_error)?;
        let applied = if has_table {
            sqlx::query_as!(
                AppliedMigration,
                "SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version"
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
        } else {
            Vec::new()
        };
        let pending = crate::MIGRATOR
            .iter()
            .filter(|m| !applied.iter().any(|a| a.version == m.version))
            .map(|m| AppliedMigration {
                version: m.version,
                description: m.description.to_string(),
            })
            .collect();
        let size = self.pool.size();
        let idle = self.pool.num_idle();
        Ok(Health {
            pool_size: size,
            pool_idle: idle,
            pool_in_use: size.saturating_sub(idle as u32),
            pool_max: self.pool.options().get_max_connections(),
            server_version: role.version,
            latency,
            current_role: role.role,
            is_superuser: role.superuser,
            bypasses_rls: role.bypass,
            applied_migrations: applied,
            pending_migrations: pending,
        })
    }
}
