//! Cross-domain isolation: nothing of domain A is visible, changeable or
//! referable from domain B, not even by its id.

use std::sync::Arc;

use serde_json::json;
use vividshift_core::model::{
    EntityQuery, NewEntity, ParticipantPatch, ParticipantQuery, TargetPatch,
};
use vividshift_core::{Error, Store};

use super::assignments::plan_for;
use super::catalog::person_schema;
use super::{assert_not_found, seeded_domain};

/// True when the error is one a backend may give for another domain's row.
fn hidden<T>(result: &vividshift_core::Result<T>) -> bool {
    matches!(
        result,
        Err(Error::NotFound { .. } | Error::Tenancy(_) | Error::Validation(_))
    )
}

/// Participants and targets of A are invisible and unchangeable from B.
pub async fn isolation_participants(store: Arc<dyn Store>) {
    let a = seeded_domain(&store).await;
    let b = seeded_domain(&store).await;
    let a_people = a
        .list_participants(&ParticipantQuery::default())
        .await
        .unwrap();
    let a_targets = a.list_targets(true).await.unwrap();
    let b_people = b
        .list_participants(&ParticipantQuery::default())
        .await
        .unwrap();
    assert!(b_people.iter().all(|p| p.domain_id == b.id()));
    assert!(
        b_people
            .iter()
            .all(|p| a_people.iter().all(|q| q.id != p.id))
    );

    let victim = a_people[0].clone();
    assert_not_found(b.participant(victim.id).await);
    assert_not_found(store.participants().get(b.id(), victim.id).await);
    assert_not_found(
        b.update_participant(
            victim.id,
            ParticipantPatch {
                name: Some("Hijacked".into()),
                ..ParticipantPatch::default()
            },
        )
        .await,
    );
    assert_not_found(b.deactivate_participant(victim.id).await);
    assert_not_found(b.target(a_targets[0].id).await);
    assert_not_found(
        b.update_target(
            a_targets[0].id,
            TargetPatch {
                required_count: Some(9),
                ..TargetPatch::default()
            },
        )
        .await,
    );
    // Raw repository calls with a forged record.
    let mut forged = victim.clone();
    forged.name = "Forged".into();
    let audit = vividshift_core::model::AuditEvent {
        id: vividshift_core::AuditEventId::new(),
        domain_id: b.id(),
        actor: None,
        entity_kind: vividshift_core::model::EntityKind::Participant,
        entity_id: victim.id.0,
        action: vividshift_core::model::AuditAction::Updated,
        changed_fields: vec!["name".into()],
        created_at: victim.updated_at,
    };
    assert!(hidden(
        &store.participants().update(b.id(), &forged, &audit).await
    ));
    forged.domain_id = b.id();
    assert!(hidden(
        &store.participants().update(b.id(), &forged, &audit).await
    ));
    assert!(hidden(
        &store.participants().create(b.id(), &victim, &audit).await
    ));
    assert_eq!(
        a.participant(victim.id).await.unwrap(),
        victim,
        "A's row is untouched"
    );
    assert!(
        b.participants_with_skill("cleaning")
            .await
            .unwrap()
            .iter()
            .all(|p| p.domain_id == b.id())
    );
}

/// Definitions and entities of A are invisible from B and cannot be referenced.
pub async fn isolation_catalog(store: Arc<dyn Store>) {
    let a = seeded_domain(&store).await;
    let b = seeded_domain(&store).await;
    let def = a.create_definition(person_schema()).await.unwrap();
    let ada = a
        .create_entity(NewEntity {
            definition: "person".into(),
            attributes: json!({"name": "Ada"}),
            tags: vec![],
        })
        .await
        .unwrap();
    assert_not_found(b.definition("person").await);
    assert_not_found(store.definitions().get(b.id(), def.id).await);
    assert_not_found(b.entity(ada.id).await);
    assert_not_found(b.delete_entity(ada.id).await);
    assert!(
        b.list_entities(&EntityQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    let result = b
        .create_entity(NewEntity {
            definition: "person".into(),
            attributes: json!({"name": "Bo"}),
            tags: vec![],
        })
        .await;
    assert!(matches!(result, Err(Error::Validation(_))), "{result:?}");
    let mut forged = ada.clone();
    forged.domain_id = b.id();
    let audit = vividshift_core::model::AuditEvent {
        id: vividshift_core::AuditEventId::new(),
        domain_id: b.id(),
        actor: None,
        entity_kind: vividshift_core::model::EntityKind::Entity,
        entity_id: ada.id.0,
        action: vividshift_core::model::AuditAction::Created,
        changed_fields: vec![],
        created_at: ada.created_at,
    };
    forged.id = vividshift_core::EntityId::new();
    assert!(
        hidden(&store.entities().create(b.id(), &forged, &[], &audit).await),
        "an entity cannot point at another domain's definition"
    );
    assert_eq!(a.entity(ada.id).await.unwrap(), ada);
}

/// Assignments of A are invisible from B, and B cannot place A's people.
pub async fn isolation_assignments(store: Arc<dyn Store>) {
    let a = seeded_domain(&store).await;
    let b = seeded_domain(&store).await;
    let record = a.record_assignment(plan_for(&a, 23).await).await.unwrap();
    assert_not_found(b.assignment(record.assignment.id).await);
    assert_not_found(
        b.set_assignment_status(
            record.assignment.id,
            vividshift_core::model::AssignmentStatus::Cancelled,
        )
        .await,
    );
    assert!(
        b.list_assignments(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    // B's plan naming A's participants and targets is refused whole.
    let stolen = plan_for(&a, 24).await;
    let result = b.record_assignment(stolen).await;
    assert!(hidden(&result), "{result:?}");
    assert!(
        b.list_assignments(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(a.assignment(record.assignment.id).await.unwrap(), record);
}
