//! The one place where database failures become `vividshift_core::Error`.
//!
//! | what the server or driver says | SDK error |
//! |---|---|
//! | 23505 unique violation | `Conflict`, field from the constraint name (`<table>_<field>_key`, `*_pkey` is `id`) |
//! | 23503 foreign key violation | `NotFound` for a missing domain, else `Validation` naming the column (rule `foreign_key`) |
//! | 23502 not null, 23514 check, 22xxx bad value | `Validation` naming the column or constraint |
//! | 42501 insufficient privilege (a row-level security check) | `Tenancy` |
//! | 40001 serialization failure, 40P01 deadlock, 08xxx, 53xxx, 57Pxx | `BackendUnavailable` (retryable) |
//! | I/O, TLS, pool timeout or closed pool | `BackendUnavailable` (retryable) |
//! | no row where one was expected | `NotFound` (raised by the repositories, which know the kind) |
//! | anything else | `Internal`, with the driver error as its source |

use vividshift_core::{Error, Violation};

/// Unique constraints and unique indexes, and the field each one protects.
const UNIQUE_FIELDS: &[(&str, &str)] = &[
    ("domains_name_key", "name"),
    ("users_username_key", "username"),
    ("users_email_key", "email"),
    ("entity_definitions_name_key", "name"),
    ("assignment_targets_name_key", "name"),
    ("rule_configurations_name_key", "name"),
    ("assignments_assignment_date_key", "assignment_date"),
    ("assignment_details_position_key", "position"),
    ("entity_unique_keys_value_key", "value"),
];

/// The field a unique constraint protects (`*_pkey` protects the id).
pub(crate) fn unique_field(constraint: &str) -> &str {
    if let Some((_, field)) = UNIQUE_FIELDS.iter().find(|(c, _)| *c == constraint) {
        return field;
    }
    if constraint.ends_with("_pkey") {
        return "id";
    }
    constraint
}

/// Every unique constraint name the mapping knows, for the catalog test.
pub fn known_unique_constraints() -> impl Iterator<Item = &'static str> {
    UNIQUE_FIELDS.iter().map(|(c, _)| *c)
}

/// The column a foreign key constraint checks: `<table>_domain_id_<column>_fkey`
/// (composite keys) or `<table>_<column>_fkey`.
fn foreign_key_column(constraint: &str) -> &str {
    let stem = constraint.strip_suffix("_fkey").unwrap_or(constraint);
    if let Some((_, column)) = stem.split_once("_domain_id_") {
        return column;
    }
    for column in ["domain_id", "user_id", "created_by"] {
        if stem.ends_with(column) {
            return column;
        }
    }
    stem
}

fn unavailable(message: String, err: sqlx::Error) -> Error {
    Error::BackendUnavailable {
        message,
        source: Some(Box::new(err)),
    }
}

/// Maps a SQLx error to the SDK error (see the module doc for the table).
pub fn map_db_error(err: sqlx::Error) -> Error {
    match &err {
        sqlx::Error::Database(db) => {
            let pg = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>();
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            let constraint = db.constraint().unwrap_or_default().to_owned();
            let column = pg.and_then(|e| e.column()).unwrap_or_default().to_owned();
            let message = db.message().to_owned();
            match code.as_str() {
                "23505" => Error::conflict(unique_field(&constraint), message),
                "23503" => match foreign_key_column(&constraint) {
                    "domain_id" => Error::not_found("domain", detail_key(pg)),
                    column => Error::Validation(vec![Violation::new(
                        column,
                        "foreign_key",
                        format!("no such record in this domain ({message})"),
                    )]),
                },
                "23502" => Error::invalid(column, "required", message),
                "23514" => Error::invalid(constraint, "check", message),
                "42501" => Error::Tenancy(message),
                c if c.starts_with("22") => Error::invalid("value", "type", message),
                "40001" | "40P01" => unavailable(format!("transaction aborted: {message}"), err),
                c if c.starts_with("08") || c.starts_with("53") || c.starts_with("57P") => {
                    unavailable(format!("server unavailable: {message}"), err)
                }
                _ => Error::Internal {
                    message: format!("database error {code}: {message}"),
                    source: Some(Box::new(err)),
                },
            }
        }
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_) => unavailable(format!("cannot reach the database: {err}"), err),
        sqlx::Error::Configuration(_) => Error::Configuration(err.to_string()),
        _ => Error::Internal {
            message: format!("database driver: {err}"),
            source: Some(Box::new(err)),
        },
    }
}

/// The key of a foreign key violation, from its detail (`Key (domain_id)=(...) is not present`).
fn detail_key(pg: Option<&sqlx::postgres::PgDatabaseError>) -> String {
    pg.and_then(|e| e.detail())
        .and_then(|d| d.split_once("=(").map(|(_, rest)| rest))
        .and_then(|rest| rest.split_once(')').map(|(key, _)| key.to_owned()))
        .unwrap_or_default()
}

/// A stored value that does not decode into the model (a bug or a hand-edited row).
pub(crate) fn corrupt(what: &str, err: impl std::fmt::Display) -> Error {
    Error::internal(format!("stored {what} does not decode: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_constraints_name_their_field() {
        assert_eq!(unique_field("domains_name_key"), "name");
        assert_eq!(unique_field("participants_pkey"), "id");
        assert_eq!(
            unique_field("assignments_assignment_date_key"),
            "assignment_date"
        );
    }

    #[test]
    fn foreign_keys_name_their_column() {
        assert_eq!(
            foreign_key_column("participants_domain_id_fkey"),
            "domain_id"
        );
        assert_eq!(
            foreign_key_column("assignment_details_domain_id_participant_id_fkey"),
            "participant_id"
        );
        assert_eq!(foreign_key_column("memberships_user_id_fkey"), "user_id");
        assert_eq!(
            foreign_key_column("assignments_created_by_fkey"),
            "created_by"
        );
    }
}
