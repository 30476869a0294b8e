//! Shared setup for the tests against a real PostgreSQL: the URL comes from
//! `VIVIDSHIFT_TEST_DATABASE_URL` (set by `scripts/test.sh`, which starts a
//! throwaway cluster) and its absence is a failure, not a skip.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DurationRound, TimeDelta, Utc};
use serde_json::json;
use uuid::Uuid;
use vividshift_core::model::{
    AssignmentTarget, AuditAction, AuditEvent, Availability, Domain, EntityKind, Participant,
};
use vividshift_core::{AuditEventId, DomainId, ParticipantId, Store, TargetId};
use vividshift_postgres::{PgConfig, PgStore};

/// The test database URL; panics with instructions when it is not set.
pub fn database_url() -> String {
    std::env::var("VIVIDSHIFT_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "VIVIDSHIFT_TEST_DATABASE_URL is not set: run scripts/test.sh (which starts a \
             throwaway PostgreSQL), or point it at a database you own"
        )
    })
}

/// A migrated store with a small pool.
pub async fn store() -> PgStore {
    let mut config = PgConfig::new(database_url());
    config.max_connections = 4;
    config.min_connections = 0;
    let store = PgStore::connect(&config).await.unwrap();
    store.migrate().await.unwrap();
    store
}

/// Now, at the database's precision (microseconds).
pub fn now() -> chrono::DateTime<Utc> {
    Utc::now()
        .duration_trunc(TimeDelta::microseconds(1))
        .unwrap()
}

/// A unique slug.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", Uuid::now_v7().simple())
}

/// An audit event about `id` in `domain`.
pub fn audit(domain: DomainId, kind: EntityKind, id: Uuid) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::new(),
        domain_id: domain,
        actor: None,
        entity_kind: kind,
        entity_id: id,
        action: AuditAction::Created,
        changed_fields: vec!["name".into()],
        created_at: now(),
    }
}

/// A domain record with a unique name.
pub fn domain_record() -> Domain {
    let id = DomainId::new();
    Domain {
        id,
        name: unique("d"),
        display_name: "Test domain".into(),
        description: None,
        config: json!({}),
        business_rules: json!({}),
        participant_definition: None,
        target_definition: None,
        is_active: true,
        created_at: now(),
        updated_at: now(),
    }
}

/// Creates a fresh domain.
pub async fn new_domain(store: &dyn Store) -> Domain {
    let d = domain_record();
    store
        .domains()
        .create(&d, &audit(d.id, EntityKind::Domain, d.id.as_uuid()))
        .await
        .unwrap()
}

/// A participant record in `domain`.
pub fn participant(domain: DomainId, name: &str, skills: &[&str]) -> Participant {
    Participant {
        id: ParticipantId::new(),
        domain_id: domain,
        name: name.into(),
        email: None,
        skills: skills.iter().map(|s| s.to_string()).collect(),
        availability: Availability::default(),
        preferences: json!({}),
        group: None,
        max_assignments: 1,
        attributes: json!({}),
        metadata: json!({}),
        is_active: true,
        created_at: now(),
        updated_at: now(),
    }
}

/// A target record in `domain`.
pub fn target(domain: DomainId, name: &str, required_count: i32) -> AssignmentTarget {
    AssignmentTarget {
        id: TargetId::new(),
        domain_id: domain,
        name: name.into(),
        description: None,
        required_count,
        required_skills: vec![],
        skills_hard: false,
        priority: 1,
        max_per_group: None,
        attributes: json!({}),
        metadata: json!({}),
        is_active: true,
        created_at: now(),
        updated_at: now(),
    }
}

/// Creates a participant.
pub async fn add_participant(store: &dyn Store, p: &Participant) -> Participant {
    store
        .participants()
        .create(
            p.domain_id,
            p,
            &audit(p.domain_id, EntityKind::Participant, p.id.as_uuid()),
        )
        .await
        .unwrap()
}

/// Creates a target.
pub async fn add_target(store: &dyn Store, t: &AssignmentTarget) -> AssignmentTarget {
    store
        .targets()
        .create(
            t.domain_id,
            t,
            &audit(t.domain_id, EntityKind::Target, t.id.as_uuid()),
        )
        .await
        .unwrap()
}
