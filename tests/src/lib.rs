//! Cross-crate tests for VividShift. The backend conformance suite lives here:
//! every storage backend runs the same behaviour tests unchanged, through
//! [`conformance_tests!`], and is done when they pass.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

pub mod conformance;

/// Expands to one `#[tokio::test]` per conformance case. `$factory` is an
/// expression evaluating to a future of `Arc<dyn vividshift_core::Store>`,
/// evaluated anew for every case; cases create uniquely named domains and
/// users, so one database may serve them all.
#[macro_export]
macro_rules! conformance_tests {
    ($factory:expr) => {
        $crate::conformance_tests!(@cases $factory;
            domain_crud,
            domain_conflict_and_bad_input,
            definition_crud,
            definition_bad_schema_writes_nothing,
            entity_crud_and_validation,
            entity_unique_conflict,
            entity_references,
            participant_crud,
            participant_bad_input_writes_nothing,
            participant_import_is_atomic,
            participant_attributes_follow_domain_definition,
            target_crud_and_conflict,
            assignment_record_and_history,
            assignment_one_live_per_date,
            assignment_is_atomic,
            isolation_participants,
            isolation_catalog,
            isolation_assignments,
            audit_trail_records_changes,
            rule_configurations,
            users_and_profiles,
            sessions_lifecycle,
            memberships_and_roles,
            role_matrix,
            login_failure_records,
            auth_login_and_verify,
            auth_lockout_and_enumeration,
            auth_revocation_and_cleanup,
            auth_password_change,
            concurrent_writes,
            generate_assignment_rotates,
            generate_assignment_short_supply_writes_nothing
        );
    };
    (@cases $factory:expr; $($case:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $case() {
            let store: std::sync::Arc<dyn vividshift_core::Store> = $factory.await;
            $crate::conformance::$case(store).await;
        }
    )*};
}
