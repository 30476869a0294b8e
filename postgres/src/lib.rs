//! VividShift's PostgreSQL backend: `PgStore` implements every repository
//! trait of `vividshift-core` with SQLx on PostgreSQL 15, with per-domain
//! tenancy enforced by the database itself (row-level security on every
//! tenant table, bound to a per-transaction setting), compile-time checked
//! queries, embedded migrations, pool configuration from code, TOML or the
//! environment, health checks and query timing.
//!
//! How each call reaches the server, and how many round trips it costs, is
//! documented in `scope` and in `postgres/README.md`.
#![forbid(unsafe_code)]

mod accounts;
mod assignments;
mod catalog;
mod config;
mod domains;
mod entities;
mod error;
mod health;
mod participants;
mod scope;
mod store;
mod targets;

pub use config::{PgConfig, SslMode};
pub use error::{known_unique_constraints, map_db_error};
pub use health::{AppliedMigration, Health};
pub use store::PgStore;

/// The schema migrations (`migrations/` at the repository root), embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");
