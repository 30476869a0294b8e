//! Participants and targets.

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::json;
use vividshift_core::model::{
    Availability, DateRange, DomainPatch, NewParticipant, NewTarget, ParticipantPatch,
    ParticipantQuery, TargetPatch,
};
use vividshift_core::{ParticipantId, Store};

use super::catalog::person_schema;
use super::{assert_conflict, assert_not_found, assert_violation, new_domain, participant_count};

/// Create, read, list, query by skill, update and soft-delete participants.
pub async fn participant_crud(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let mut input = NewParticipant::new("Ada", &["cleaning", "cooking"]);
    input.email = Some("ada@example.org".into());
    input.group = Some("A".into());
    input.max_assignments = 2;
    input.availability = Availability {
        sunday: Some(false),
        unavailable: vec![DateRange {
            from: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 12, 26).unwrap(),
        }],
        ..Availability::default()
    };
    input.preferences = json!({"prefers": ["Parlor"]});
    let ada = scope.create_participant(input).await.unwrap();
    assert_eq!(
        scope.participant(ada.id).await.unwrap(),
        ada,
        "reads back as written"
    );
    let bob = scope
        .create_participant(NewParticipant::new("Bob", &["gardening"]))
        .await
        .unwrap();

    let cleaners = scope.participants_with_skill("cleaning").await.unwrap();
    assert_eq!(cleaners, vec![ada.clone()]);
    assert!(
        scope
            .participants_with_skill("flying")
            .await
            .unwrap()
            .is_empty()
    );
    let group_a = scope
        .list_participants(&ParticipantQuery {
            group: Some("A".into()),
            ..ParticipantQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(group_a.len(), 1);

    let updated = scope
        .update_participant(
            bob.id,
            ParticipantPatch {
                skills: Some(vec!["gardening".into(), "cleaning".into()]),
                email: Some(Some("bob@example.org".into())),
                ..ParticipantPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.skills, ["gardening", "cleaning"]);
    assert_eq!(
        scope
            .participants_with_skill("cleaning")
            .await
            .unwrap()
            .len(),
        2
    );

    scope.deactivate_participant(ada.id).await.unwrap();
    let active = scope
        .list_participants(&ParticipantQuery::default())
        .await
        .unwrap();
    assert_eq!(
        active.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![bob.id]
    );
    assert_eq!(
        participant_count(&scope).await,
        2,
        "soft delete keeps the row"
    );
    assert!(!scope.participant(ada.id).await.unwrap().is_active);
    assert_not_found(scope.participant(ParticipantId::new()).await);
}

/// Bad participant input names the field and rule and writes nothing.
pub async fn participant_bad_input_writes_nothing(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let ok = scope
        .create_participant(NewParticipant::new("Ada", &[]))
        .await
        .unwrap();
    assert_violation(
        scope.create_participant(NewParticipant::new("", &[])).await,
        "name",
        "min_length",
    );
    assert_violation(
        scope
            .create_participant(NewParticipant::new("x".repeat(201), &[]))
            .await,
        "name",
        "max_length",
    );
    let mut bad_email = NewParticipant::new("Bea", &[]);
    bad_email.email = Some("not-an-email".into());
    assert_violation(scope.create_participant(bad_email).await, "email", "format");
    let mut zero = NewParticipant::new("Cy", &["a", "a"]);
    zero.max_assignments = 0;
    let result = scope.create_participant(zero).await;
    assert_violation(result, "max_assignments", "min");
    assert_violation(
        scope
            .create_participant(NewParticipant::new("Dee", &["a", "a"]))
            .await,
        "skills/1",
        "unique",
    );
    let mut not_object = NewParticipant::new("Eve", &[]);
    not_object.metadata = json!("text");
    assert_violation(
        scope.create_participant(not_object).await,
        "metadata",
        "type",
    );
    assert_violation(
        scope
            .update_participant(
                ok.id,
                ParticipantPatch {
                    name: Some("   ".into()),
                    ..ParticipantPatch::default()
                },
            )
            .await,
        "name",
        "min_length",
    );
    assert_eq!(participant_count(&scope).await, 1);
    assert_eq!(scope.participant(ok.id).await.unwrap(), ok);
    // A wrong JSON type never reaches the store: the input type rejects it.
    let wrong = serde_json::from_value::<NewParticipant>(json!({"name": 5}));
    assert!(wrong.is_err());
    let unknown = serde_json::from_value::<NewParticipant>(json!({"name": "A", "colour": "red"}));
    assert!(unknown.is_err(), "unknown keys are rejected");
}

/// A batch import writes every row or none, and names the bad row.
pub async fn participant_import_is_atomic(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let batch: Vec<_> = (0..50)
        .map(|i| NewParticipant::new(format!("P{i:02}"), &["cleaning"]))
        .collect();
    let imported = scope.import_participants(batch).await.unwrap();
    assert_eq!(imported.len(), 50);
    assert_eq!(participant_count(&scope).await, 50);
    assert_eq!(
        scope
            .participants_with_skill("cleaning")
            .await
            .unwrap()
            .len(),
        50
    );

    let mut bad: Vec<_> = (0..10)
        .map(|i| NewParticipant::new(format!("Q{i}"), &[]))
        .collect();
    bad[7].name = String::new();
    assert_violation(scope.import_participants(bad).await, "7/name", "min_length");
    assert_eq!(
        participant_count(&scope).await,
        50,
        "a failed import writes nothing"
    );
}

/// With a participant definition attached, attributes are validated against it.
pub async fn participant_attributes_follow_domain_definition(store: Arc<dyn Store>) {
    let mut scope = new_domain(&store).await;
    scope.create_definition(person_schema()).await.unwrap();
    scope
        .update(DomainPatch {
            participant_definition: Some(Some("person".into())),
            ..DomainPatch::default()
        })
        .await
        .unwrap();
    let mut input = NewParticipant::new("Ada", &[]);
    input.attributes = json!({"name": "Ada", "age": 30});
    let ada = scope.create_participant(input).await.unwrap();
    assert_eq!(ada.attributes["shift"], "day", "defaults applied");
    let mut bad = NewParticipant::new("Bea", &[]);
    bad.attributes = json!({"name": "bea", "age": 300});
    let result = scope.create_participant(bad).await;
    assert_violation(result, "attributes/age", "max");
    assert_eq!(participant_count(&scope).await, 1);
}

/// Targets: create, read, list by priority, update, soft delete; names conflict.
pub async fn target_crud_and_conflict(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let mut parlor = NewTarget::new("Parlor", 5);
    parlor.required_skills = vec!["cleaning".into()];
    parlor.skills_hard = true;
    parlor.priority = 3;
    parlor.max_per_group = Some(2);
    let parlor = scope.create_target(parlor).await.unwrap();
    assert_eq!(scope.target(parlor.id).await.unwrap(), parlor);
    let bin = scope.create_target(NewTarget::new("Bin", 1)).await.unwrap();
    let listed = scope.list_targets(false).await.unwrap();
    assert_eq!(
        listed,
        vec![parlor.clone(), bin.clone()],
        "highest priority first"
    );
    assert_conflict(
        scope.create_target(NewTarget::new("Parlor", 1)).await,
        "name",
    );
    assert_conflict(
        scope
            .update_target(
                bin.id,
                TargetPatch {
                    name: Some("Parlor".into()),
                    ..TargetPatch::default()
                },
            )
            .await,
        "name",
    );
    assert_violation(
        scope.create_target(NewTarget::new("Zero", 0)).await,
        "required_count",
        "min",
    );
    let bulk = scope
        .import_targets(vec![
            NewTarget::new("Tank", 2),
            NewTarget::new("Toilet A", 2),
        ])
        .await
        .unwrap();
    assert_eq!(bulk.len(), 2);
    assert_conflict(
        scope
            .import_targets(vec![NewTarget::new("Yard", 1), NewTarget::new("Bin", 1)])
            .await,
        "name",
    );
    assert_eq!(
        scope.list_targets(true).await.unwrap().len(),
        4,
        "failed import writes nothing"
    );
    let updated = scope
        .update_target(
            bin.id,
            TargetPatch {
                required_count: Some(2),
                max_per_group: Some(None),
                ..TargetPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.required_count, 2);
    scope.deactivate_target(bin.id).await.unwrap();
    assert_eq!(scope.list_targets(false).await.unwrap().len(), 3);
    assert_eq!(scope.list_targets(true).await.unwrap().len(), 4);
}

/// Concurrent writers lose nothing.
pub async fn concurrent_writes(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let scope = scope.clone();
        tasks.push(tokio::spawn(async move {
            scope
                .create_participant(NewParticipant::new(format!("P{i}"), &["x"]))
                .await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(participant_count(&scope).await, 20);
}
