//! `PgStore`: the pool, migrations, and the `Store` that hands out every
//! repository (all implemented on `PgStore` itself, one module per aggregate).

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{Executor, PgPool};
use vividshift_core::{
    AssignmentRepository, AuditRepository, DomainRepository, EntityDefinitionRepository,
    EntityRepository, Error, MembershipRepository, ParticipantRepository, Result,
    RuleConfigurationRepository, SessionRepository, Store, TargetRepository, UserRepository,
};

use crate::config::PgConfig;
use crate::error::map_db_error;

/// The PostgreSQL backend: a connection pool plus every repository trait.
#[derive(Clone)]
pub struct PgStore {
    pub(crate) pool: PgPool,
    pub(crate) slow_ms: u64,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("pool_size", &self.pool.size())
            .field("slow_ms", &self.slow_ms)
            .finish()
    }
}

impl PgStore {
    /// Connects a pool as configured (without migrating).
    pub async fn connect(config: &PgConfig) -> Result<Self> {
        config.check()?;
        let options = config.connect_options()?;
        let app_role = config.app_role.clone();
        let pool_options = PgPoolOptions::new()
            .max_connections(config.max_connections)
            .min_connections(config.min_connections)
            .acquire_timeout(Duration::from_secs(config.acquire_timeout))
            .idle_timeout(config.idle())
            .max_lifetime(config.lifetime())
            .test_before_acquire(config.test_before_acquire)
            .after_connect(move |conn, _meta| {
                let app_role = app_role.clone();
                Box::pin(async move {
                    if let Some(role) = app_role {
                        // Session-wide on purpose: every user of this connection acts as the role.
                        sqlx::query("SELECT set_config('role', $1, false)")
                            .bind(role)
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            });
        let pool = tokio::time::timeout(
            Duration::from_secs(config.connect_timeout),
            pool_options.connect_with(options),
        )
        .await
        .map_err(|_| {
            Error::unavailable(format!(
                "no connection to the database within {} s",
                config.connect_timeout
            ))
        })?
        .map_err(map_db_error)?;
        Ok(Self::from_pool(pool, config.slow_call_ms))
    }

    /// Connects as configured by the environment (`VIVIDSHIFT_DATABASE_*`).
    pub async fn from_env() -> Result<Self> {
        Self::connect(&PgConfig::from_env()?).await
    }

    /// Wraps an existing pool; calls slower than `slow_call_ms` log a warning.
    pub fn from_pool(pool: PgPool, slow_call_ms: u64) -> Self {
        Self {
            pool,
            slow_ms: slow_call_ms,
        }
    }

    /// The underlying pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Applies pending migrations (`MIGRATOR`).
    pub async fn migrate(&self) -> Result<()> {
        crate::MIGRATOR.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::Execute(db) => map_db_error(db),
            other => Error::Internal {
                message: format!("migration failed: {other}"),
                source: Some(Box::new(other)),
            },
        })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs `sql` (one simple-protocol message, no parameters) outside any domain scope.
    pub async fn execute_unscoped(&self, sql: &'static str) -> Result<u64> {
        Ok(self
            .pool
            .execute(sql)
            .await
            .map_err(map_db_error)?
            .rows_affected())
    }
}

impl Store for PgStore {
    fn domains(&self) -> &dyn DomainRepository {
        self
    }
    fn definitions(&self) -> &dyn EntityDefinitionRepository {
        self
    }
    fn entities(&self) -> &dyn EntityRepository {
        self
    }
    fn participants(&self) -> &dyn ParticipantRepository {
        self
    }
    fn targets(&self) -> &dyn TargetRepository {
        self
    }
    fn assignments(&self) -> &dyn AssignmentRepository {
        self
    }
    fn audit(&self) -> &dyn AuditRepository {
        self
    }
    fn rules(&self) -> &dyn RuleConfigurationRepository {
        self
    }
    fn users(&self) -> &dyn UserRepository {
        self
    }
    fn sessions(&self) -> &dyn SessionRepository {
        self
    }
    fn memberships(&self) -> &dyn MembershipRepository {
        self
    }
}

/// Fails unless `record` is the domain the call is scoped to (checked before any SQL).
pub(crate) fn same_domain(
    call: vividshift_core::DomainId,
    record: vividshift_core::DomainId,
) -> Result<()> {
    if call == record {
        Ok(())
    } else {
        Err(Error::Tenancy(format!(
            "record belongs to domain {record}, call is scoped to {call}"
        )))
    }
}
