//! The backend conformance suite: each case takes a fresh handle on a store
//! and panics (fails the test) when the backend breaks a rule of
//! `vividshift_core::Store`.

mod accounts;
mod assignments;
mod auth;
mod catalog;
mod domains;
mod isolation;
mod people;
mod planning;
mod roles;

use std::sync::Arc;

use vividshift_core::model::{NewDomain, NewParticipant, NewTarget, ParticipantQuery};
use vividshift_core::{Client, DomainScope, Error, Principal, Store};

pub use accounts::{memberships_and_roles, sessions_lifecycle, users_and_profiles};
pub use assignments::{
    assignment_is_atomic, assignment_one_live_per_date, assignment_record_and_history,
};
pub use auth::{
    auth_lockout_and_enumeration, auth_login_and_verify, auth_password_change,
    auth_revocation_and_cleanup, login_failure_records,
};
pub use catalog::{
    definition_bad_schema_writes_nothing, definition_crud, entity_crud_and_validation,
    entity_references, entity_unique_conflict, rule_configurations,
};
pub use domains::{audit_trail_records_changes, domain_conflict_and_bad_input, domain_crud};
pub use isolation::{isolation_assignments, isolation_catalog, isolation_participants};
pub use people::{
    concurrent_writes, participant_attributes_follow_domain_definition,
    participant_bad_input_writes_nothing, participant_crud, participant_import_is_atomic,
    target_crud_and_conflict,
};
pub use planning::{generate_assignment_rotates, generate_assignment_short_supply_writes_nothing};
pub use roles::role_matrix;

/// A name no other case (or earlier run against the same database) uses.
pub fn unique(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}_{}", &id[..12])
}

/// A new domain opened by the system principal.
pub async fn new_domain(store: &Arc<dyn Store>) -> DomainScope {
    Client::new(store.clone())
        .create_domain(
            &Principal::System,
            NewDomain::new(unique("d"), "Conformance"),
        )
        .await
        .unwrap()
}

/// A domain with three participants and two targets.
pub async fn seeded_domain(store: &Arc<dyn Store>) -> DomainScope {
    let scope = new_domain(store).await;
    for (name, skills) in [
        ("Ada", &["cleaning", "cooking"][..]),
        ("Brian", &["cleaning"][..]),
        ("Chen", &["gardening"][..]),
    ] {
        scope
            .create_participant(NewParticipant::new(name, skills))
            .await
            .unwrap();
    }
    scope
        .create_target(NewTarget::new("Parlor", 2))
        .await
        .unwrap();
    scope
        .create_target(NewTarget::new("Garden", 1))
        .await
        .unwrap();
    scope
}

/// Asserts a validation error that names `path` with `rule`.
#[track_caller]
pub fn assert_violation<T: std::fmt::Debug>(
    result: vividshift_core::Result<T>,
    path: &str,
    rule: &str,
) {
    match result {
        Err(Error::Validation(violations)) => assert!(
            violations.iter().any(|v| v.path == path && v.rule == rule),
            "expected a `{rule}` violation at `{path}`, got {violations:?}"
        ),
        other => panic!("expected a validation error at `{path}` ({rule}), got {other:?}"),
    }
}

/// Asserts a conflict error on `field`.
#[track_caller]
pub fn assert_conflict<T: std::fmt::Debug>(result: vividshift_core::Result<T>, field: &str) {
    match result {
        Err(Error::Conflict { field: f, .. }) => {
            assert_eq!(f, field, "conflict on the wrong field")
        }
        other => panic!("expected a conflict on `{field}`, got {other:?}"),
    }
}

/// Asserts a not-found error.
#[track_caller]
pub fn assert_not_found<T: std::fmt::Debug>(result: vividshift_core::Result<T>) {
    assert!(
        matches!(result, Err(Error::NotFound { .. })),
        "expected not found, got {result:?}"
    );
}

/// How many active participants the domain has.
pub async fn participant_count(scope: &DomainScope) -> usize {
    scope
        .list_participants(&ParticipantQuery {
            include_inactive: true,
            ..ParticipantQuery::default()
        })
        .await
        .unwrap()
        .len()
}
