//! Tenancy per call, in as few round trips as the statement allows.
//!
//! Row-level security on every tenant table admits only rows whose
//! `domain_id` equals the transaction-local setting `vividshift.domain_id`.
//! The setting is only ever set with `is_local = true`, so it dies with the
//! transaction and never reaches the next user of a pooled connection.
//! Three shapes of call, by cost:
//!
//! 1. **Reads and pure inserts: one round trip.** The statement sets the
//!    setting itself, in autocommit mode (one statement, one implicit
//!    transaction):
//!    `WITH s AS MATERIALIZED (SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)`.
//!    Reads then scan the tenant table in `CROSS JOIN LATERAL (SELECT ...
//!    WHERE domain_id = s.scope ... OFFSET 0)`: the lateral reference plus
//!    `OFFSET 0` make the scan a parameterised subquery on the inner side of
//!    a nested loop, so that `set_config` has run before the policy's
//!    InitPlan reads the setting. Inserts select their rows `FROM s`, a data
//!    dependency with the same effect. (A policy read that came first would
//!    see `''` and match nothing: the failure mode is "no rows", never
//!    another domain's rows.)
//! 2. **Updates and deletes: three round trips.** The target table's scan
//!    cannot be ordered after a `set_config` in the same statement, so they
//!    run in a transaction opened by one simple-protocol message
//!    `BEGIN; SELECT set_config('vividshift.domain_id', '<uuid>', true)`,
//!    then the statement (which writes the audit row in a CTE), then
//!    `COMMIT`. The `<uuid>` is the text of a typed `DomainId` (36 characters of
//!    `[0-9a-f-]`): the only SQL text built at run time, and it cannot carry SQL.
//! 3. **Bulk imports:** the same transaction, one UNNEST statement per batch.
//!
//! Every repository call also runs in a `tracing` span with its duration,
//! and logs a warning when it is slower than the configured threshold.

use std::future::Future;
use std::time::Instant;

use sqlx::{AssertSqlSafe, PgPool, Postgres, Transaction};
use tracing::Instrument;
use vividshift_core::{DomainId, Result};

use crate::error::map_db_error;

/// Opens a transaction with `vividshift.domain_id` set to `domain`, in one round trip.
pub(crate) async fn begin_scoped(
    pool: &PgPool,
    domain: DomainId,
) -> Result<Transaction<'static, Postgres>> {
    let sql = format!(
        "BEGIN; SELECT set_config('vividshift.domain_id', '{}', true)",
        domain.as_uuid().hyphenated()
    );
    pool.begin_with(AssertSqlSafe(sql))
        .await
        .map_err(map_db_error)
}

/// Commits a transaction, mapping failures.
pub(crate) async fn commit(tx: Transaction<'static, Postgres>) -> Result<()> {
    tx.commit().await.map_err(map_db_error)
}

/// Runs one repository call in a span named after it, timing it.
pub(crate) async fn observe<T>(
    slow_ms: u64,
    op: &'static str,
    call: impl Future<Output = Result<T>>,
) -> Result<T> {
    let span = tracing::debug_span!(
        "vividshift_postgres",
        op,
        elapsed_us = tracing::field::Empty,
        outcome = tracing::field::Empty
    );
    let start = Instant::now();
    let out = call.instrument(span.clone()).await;
    let elapsed = start.elapsed();
    span.record("elapsed_us", elapsed.as_micros() as u64);
    span.record("outcome", if out.is_ok() { "ok" } else { "error" });
    if elapsed.as_millis() as u64 >= slow_ms {
        tracing::warn!(
            parent: &span,
            op,
            elapsed_ms = elapsed.as_millis() as u64,
            "slow repository call"
        );
    }
    out
}
