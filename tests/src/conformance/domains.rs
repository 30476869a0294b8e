//! Domains and the audit trail.

use std::sync::Arc;

use vividshift_core::model::{
    AuditAction, DomainPatch, EntityKind, NewDomain, NewParticipant, ParticipantPatch,
};
use vividshift_core::{Client, Principal, Store};

use super::{assert_conflict, assert_not_found, assert_violation, new_domain, unique};

/// Create, read by id and name, list, update and deactivate a domain.
pub async fn domain_crud(store: Arc<dyn Store>) {
    let client = Client::new(store.clone());
    let name = unique("crud");
    let mut input = NewDomain::new(&name, "Household chores");
    input.description = Some("who cleans what".into());
    input.config = serde_json::json!({"week_starts": "monday"});
    let mut scope = client
        .create_domain(&Principal::System, input)
        .await
        .unwrap();
    let created = scope.domain().clone();
    assert_eq!(created.name, name);
    assert!(created.is_active);

    let by_id = store.domains().get(created.id).await.unwrap();
    assert_eq!(by_id, created, "a domain reads back as written");
    let by_name = client
        .domain(&Principal::System, name.as_str())
        .await
        .unwrap();
    assert_eq!(by_name.domain(), &created);
    assert!(
        client
            .list_domains(&Principal::System)
            .await
            .unwrap()
            .iter()
            .any(|d| d.id == created.id)
    );

    let updated = scope
        .update(DomainPatch {
            display_name: Some("Chores".into()),
            description: Some(None),
            ..DomainPatch::default()
        })
        .await
        .unwrap();
    assert_eq!(updated.display_name, "Chores");
    assert_eq!(updated.description, None);
    assert!(updated.updated_at >= created.updated_at);
    assert_eq!(store.domains().get(created.id).await.unwrap(), updated);

    scope.deactivate().await.unwrap();
    let listed = store.domains().list(false).await.unwrap();
    assert!(
        listed.iter().all(|d| d.id != created.id),
        "inactive domains are not listed"
    );
    let all = store.domains().list(true).await.unwrap();
    assert!(all.iter().any(|d| d.id == created.id && !d.is_active));
    assert_not_found(store.domains().get_by_name(&unique("missing")).await);
}

/// Duplicate names conflict; bad names are rejected naming the field; neither writes.
pub async fn domain_conflict_and_bad_input(store: Arc<dyn Store>) {
    let client = Client::new(store.clone());
    let scope = new_domain(&store).await;
    assert_conflict(
        client
            .create_domain(
                &Principal::System,
                NewDomain::new(scope.domain().name.clone(), "Again"),
            )
            .await,
        "name",
    );
    assert_violation(
        client
            .create_domain(&Principal::System, NewDomain::new("", "Empty slug"))
            .await,
        "name",
        "pattern",
    );
    assert_violation(
        client
            .create_domain(&Principal::System, NewDomain::new("Has Spaces", "x"))
            .await,
        "name",
        "pattern",
    );
    let long_name = unique("ok");
    assert_violation(
        client
            .create_domain(
                &Principal::System,
                NewDomain::new(long_name.clone(), "x".repeat(201)),
            )
            .await,
        "display_name",
        "max_length",
    );
    let mut not_object = NewDomain::new(unique("ok"), "Config must be an object");
    let not_object_name = not_object.name.clone();
    not_object.config = serde_json::json!([1, 2]);
    assert_violation(
        client.create_domain(&Principal::System, not_object).await,
        "config",
        "type",
    );
    // Other cases may create domains concurrently: check the names, not a count.
    for name in [long_name, not_object_name] {
        assert_not_found(store.domains().get_by_name(&name).await);
    }
    assert_not_found(client.domain(&Principal::System, unique("nope")).await);
}

/// Create, update and soft delete each append one audit event with the changed fields.
pub async fn audit_trail_records_changes(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let p = scope
        .create_participant(NewParticipant::new("Ada", &["cleaning"]))
        .await
        .unwrap();
    scope
        .update_participant(
            p.id,
            ParticipantPatch {
                name: Some("Ada L.".into()),
                skills: Some(vec!["cleaning".into(), "cooking".into()]),
                ..ParticipantPatch::default()
            },
        )
        .await
        .unwrap();
    // An update that changes nothing records nothing.
    scope
        .update_participant(
            p.id,
            ParticipantPatch {
                name: Some("Ada L.".into()),
                ..ParticipantPatch::default()
            },
        )
        .await
        .unwrap();
    scope.deactivate_participant(p.id).await.unwrap();

    let trail = scope
        .audit_trail(EntityKind::Participant, p.id.0)
        .await
        .unwrap();
    let actions: Vec<AuditAction> = trail.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::Created,
            AuditAction::Updated,
            AuditAction::Deleted
        ]
    );
    assert!(trail[0].changed_fields.contains(&"name".to_string()));
    assert_eq!(trail[1].changed_fields, ["name", "skills"]);
    assert_eq!(trail[2].changed_fields, ["is_active"]);
    assert!(
        trail
            .iter()
            .all(|e| e.actor.is_none() && e.domain_id == scope.id())
    );
    assert!(trail.windows(2).all(|w| w[0].created_at <= w[1].created_at));

    let domain_trail = scope
        .audit_trail(EntityKind::Domain, scope.id().0)
        .await
        .unwrap();
    assert_eq!(domain_trail.len(), 1);
    assert_eq!(domain_trail[0].action, AuditAction::Created);
    let recent = scope.recent_audit_events(2).await.unwrap();
    assert_eq!(recent.len(), 2);
    assert_eq!(recent[0].action, AuditAction::Deleted, "newest first");
}
