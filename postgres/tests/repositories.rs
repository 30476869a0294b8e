//! Behaviour of every repository of `PgStore` against a real PostgreSQL
//! (the backend conformance suite in `vividshift-tests` covers the shared
//! contract; these add what is specific to the database: constraint names
//! turned into errors, atomicity, concurrency, batching).
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use common::*;
use serde_json::json;
use vividshift_core::model::*;
use vividshift_core::*;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn domains_round_trip_and_conflict_on_name() {
    let store = store().await;
    let d = new_domain(&store).await;
    assert_eq!(store.domains().get(d.id).await.unwrap(), d);
    assert_eq!(store.domains().get_by_name(&d.name).await.unwrap(), d);
    let mut dup = domain_record();
    dup.name = d.name.clone();
    let err = store
        .domains()
        .create(&dup, &audit(dup.id, EntityKind::Domain, dup.id.as_uuid()))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { field, .. } if field == "name"),
        "{err}"
    );
    assert!(matches!(
        store.domains().get(dup.id).await,
        Err(Error::NotFound { .. })
    ));

    let mut changed = d.clone();
    changed.is_active = false;
    changed.display_name = "Renamed".into();
    changed.updated_at = now();
    let stored = store
        .domains()
        .update(&changed, &audit(d.id, EntityKind::Domain, d.id.as_uuid()))
        .await
        .unwrap();
    assert_eq!(stored, changed);
    assert!(
        !store
            .domains()
            .list(false)
            .await
            .unwrap()
            .iter()
            .any(|x| x.id == d.id)
    );
    assert!(
        store
            .domains()
            .list(true)
            .await
            .unwrap()
            .iter()
            .any(|x| x.id == d.id)
    );
    let events = store
        .audit()
        .for_entity(d.id, EntityKind::Domain, d.id.as_uuid())
        .await
        .unwrap();
    assert_eq!(events.len(), 2);
}

#[tokio::test]
async fn participants_are_scoped_filtered_and_updated() {
    let store = store().await;
    let a = new_domain(&store).await;
    let b = new_domain(&store).await;
    let mut ann = participant(a.id, "Ann", &["cooking", "driving"]);
    ann.group = Some("g1".into());
    ann.availability.sunday = Some(false);
    let ann = add_participant(&store, &ann).await;
    let bob = add_participant(&store, &participant(a.id, "Bob", &["driving"])).await;
    add_participant(&store, &participant(b.id, "Zed", &["cooking"])).await;

    assert_eq!(store.participants().get(a.id, ann.id).await.unwrap(), ann);
    // Another domain's participant does not exist for this domain.
    let err = store.participants().get(b.id, ann.id).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");

    let q = |skill: Option<&str>| ParticipantQuery {
        skill: skill.map(str::to_string),
        ..ParticipantQuery::default()
    };
    let cooks = store
        .participants()
        .list(a.id, &q(Some("cooking")))
        .await
        .unwrap();
    assert_eq!(cooks, vec![ann.clone()]);
    let all = store.participants().list(a.id, &q(None)).await.unwrap();
    assert_eq!(
        all.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Ann", "Bob"]
    );
    let g1 = ParticipantQuery {
        group: Some("g1".into()),
        ..ParticipantQuery::default()
    };
    assert_eq!(store.participants().list(a.id, &g1).await.unwrap().len(), 1);

    let mut gone = bob.clone();
    gone.is_active = false;
    gone.updated_at = now();
    let ev = audit(a.id, EntityKind::Participant, bob.id.as_uuid());
    assert_eq!(
        store.participants().update(a.id, &gone, &ev).await.unwrap(),
        gone
    );
    assert_eq!(
        store
            .participants()
            .list(a.id, &q(None))
            .await
            .unwrap()
            .len(),
        1
    );
    let inactive = ParticipantQuery {
        include_inactive: true,
        ..ParticipantQuery::default()
    };
    assert_eq!(
        store
            .participants()
            .list(a.id, &inactive)
            .await
            .unwrap()
            .len(),
        2
    );

    // Updating through another domain's scope finds nothing and writes no audit.
    let mut moved = gone.clone();
    moved.domain_id = b.id;
    let ev_b = audit(b.id, EntityKind::Participant, bob.id.as_uuid());
    let err = store
        .participants()
        .update(b.id, &moved, &ev_b)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
    // A record of another domain than the call's is refused before any SQL.
    let err = store
        .participants()
        .update(b.id, &gone, &ev_b)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Tenancy(_)), "{err}");
    let b_events = store.audit().recent(b.id, 100).await.unwrap();
    assert!(b_events.iter().all(|e| e.entity_id != bob.id.as_uuid()));
}

#[tokio::test]
async fn bulk_import_spans_batches_and_is_all_or_nothing() {
    let store = store().await;
    let d = new_domain(&store).await;
    let rows: Vec<_> = (0..12_000)
        .map(|i| participant(d.id, &format!("p{i:05}"), &["s"]))
        .collect();
    let events: Vec<_> = rows
        .iter()
        .map(|p| audit(d.id, EntityKind::Participant, p.id.as_uuid()))
        .collect();
    let n = store
        .participants()
        .create_many(d.id, &rows, &events)
        .await
        .unwrap();
    assert_eq!(n, 12_000);
    let all = store
        .participants()
        .list(d.id, &ParticipantQuery::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 12_000);
    assert_eq!(all[0], rows[0]);
    assert_eq!(
        store.audit().recent(d.id, 20_000).await.unwrap().len(),
        12_001
    );

    // A duplicate id in the last batch undoes every batch.
    let e = new_domain(&store).await;
    let mut rows: Vec<_> = (0..11_000)
        .map(|i| participant(e.id, &format!("q{i}"), &[]))
        .collect();
    rows[10_999].id = rows[0].id;
    let events: Vec<_> = rows
        .iter()
        .map(|p| audit(e.id, EntityKind::Participant, p.id.as_uuid()))
        .collect();
    let err = store
        .participants()
        .create_many(e.id, &rows, &events)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { field, .. } if field == "id"),
        "{err}"
    );
    let left = store
        .participants()
        .list(e.id, &ParticipantQuery::default())
        .await
        .unwrap();
    assert!(left.is_empty());

    let targets: Vec<_> = (0..3).map(|i| target(e.id, &format!("t{i}"), 2)).collect();
    let events: Vec<_> = targets
        .iter()
        .map(|t| audit(e.id, EntityKind::Target, t.id.as_uuid()))
        .collect();
    assert_eq!(
        store
            .targets()
            .create_many(e.id, &targets, &events)
            .await
            .unwrap(),
        3
    );
    let err = store
        .targets()
        .create_many(e.id, &targets[..1], &events[..0])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Internal { .. }), "{err}");
}

#[tokio::test]
async fn targets_conflict_on_name_and_list_by_priority() {
    let store = store().await;
    let d = new_domain(&store).await;
    let mut low = target(d.id, "b-low", 1);
    low.priority = 1;
    let mut high = target(d.id, "a-high", 2);
    high.priority = 5;
    high.required_skills = vec!["first aid".into()];
    add_target(&store, &low).await;
    add_target(&store, &high).await;
    let dup = target(d.id, "a-high", 1);
    let err = store
        .targets()
        .create(
            d.id,
            &dup,
            &audit(d.id, EntityKind::Target, dup.id.as_uuid()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { field, .. } if field == "name"),
        "{err}"
    );
    let list = store.targets().list(d.id, false).await.unwrap();
    assert_eq!(
        list.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["a-high", "b-low"]
    );
    assert_eq!(list[0], high);
    let mut zero = target(d.id, "zero", 1);
    zero.required_count = 0;
    let err = store
        .targets()
        .create(
            d.id,
            &zero,
            &audit(d.id, EntityKind::Target, zero.id.as_uuid()),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err}");
}

#[tokio::test]
async fn creating_in_a_missing_domain_is_not_found() {
    let store = store().await;
    let ghost = DomainId::new();
    let p = participant(ghost, "Nobody", &[]);
    let err = store
        .participants()
        .create(
            ghost,
            &p,
            &audit(ghost, EntityKind::Participant, p.id.as_uuid()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { kind: "domain", .. }),
        "{err}"
    );
}

fn definition(domain: DomainId, name: &str) -> EntityDefinition {
    let mut fields = BTreeMap::new();
    fields.insert(
        "code".to_string(),
        FieldDefinition {
            field_type: FieldType::String,
            required: true,
            default_value: None,
            display_name: None,
            description: None,
            reference: None,
            constraints: FieldConstraints {
                unique: true,
                ..FieldConstraints::default()
            },
        },
    );
    EntityDefinition {
        id: EntityDefinitionId::new(),
        domain_id: domain,
        schema: EntitySchema {
            name: name.into(),
            display_name: Some("Room".into()),
            description: None,
            fields,
        },
        version: 1,
        is_active: true,
        created_at: now(),
        updated_at: now(),
    }
}

fn entity(def: &EntityDefinition, code: &str) -> (Entity, Vec<UniqueKey>) {
    let e = Entity {
        id: EntityId::new(),
        domain_id: def.domain_id,
        definition_id: def.id,
        definition_name: def.schema.name.clone(),
        attributes: json!({ "code": code }),
        status: EntityStatus::Active,
        tags: vec!["t1".into()],
        version: 1,
        created_at: now(),
        updated_at: now(),
    };
    let keys = vec![UniqueKey {
        field: "code".into(),
        value: format!("\"{code}\""),
    }];
    (e, keys)
}

#[tokio::test]
async fn definitions_and_entities_with_unique_keys() {
    let store = store().await;
    let d = new_domain(&store).await;
    let def = definition(d.id, "room");
    let ev = |id: uuid::Uuid, kind| audit(d.id, kind, id);
    let stored = store
        .definitions()
        .create(
            d.id,
            &def,
            &ev(def.id.as_uuid(), EntityKind::EntityDefinition),
        )
        .await
        .unwrap();
    assert_eq!(stored, def);
    assert_eq!(
        store.definitions().get_by_name(d.id, "room").await.unwrap(),
        def
    );
    let dup = definition(d.id, "room");
    let err = store
        .definitions()
        .create(
            d.id,
            &dup,
            &ev(dup.id.as_uuid(), EntityKind::EntityDefinition),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { field, .. } if field == "name"),
        "{err}"
    );

    let (e1, k1) = entity(&def, "A1");
    let e1 = store
        .entities()
        .create(d.id, &e1, &k1, &ev(e1.id.as_uuid(), EntityKind::Entity))
        .await
        .unwrap();
    let (e2, k2) = entity(&def, "A1");
    let err = store
        .entities()
        .create(d.id, &e2, &k2, &ev(e2.id.as_uuid(), EntityKind::Entity))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { field, .. } if field == "code"),
        "{err}"
    );
    assert!(store.entities().get(d.id, e2.id).await.is_err());

    // Renaming e1 releases "A1", so e2 can take it afterwards.
    let mut renamed = e1.clone();
    renamed.attributes = json!({ "code": "B2" });
    renamed.version = 2;
    let keys = vec![UniqueKey {
        field: "code".into(),
        value: "\"B2\"".into(),
    }];
    let up = store
        .entities()
        .update(
            d.id,
            &renamed,
            &keys,
            &ev(e1.id.as_uuid(), EntityKind::Entity),
        )
        .await
        .unwrap();
    assert_eq!(up, renamed);
    store
        .entities()
        .create(d.id, &e2, &k2, &ev(e2.id.as_uuid(), EntityKind::Entity))
        .await
        .unwrap();
    // e1 cannot take "A1" back, and keeps "B2".
    let err = store
        .entities()
        .update(d.id, &e1, &k1, &ev(e1.id.as_uuid(), EntityKind::Entity))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }));
    assert_eq!(store.entities().get(d.id, e1.id).await.unwrap(), renamed);
    let listed = store
        .entities()
        .list(
            d.id,
            &EntityQuery {
                tag: Some("t1".into()),
                ..EntityQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);

    // A definition of another domain is not usable.
    let other = new_domain(&store).await;
    let (mut stray, keys) = entity(&def, "C3");
    stray.domain_id = other.id;
    let err = store
        .entities()
        .create(
            other.id,
            &stray,
            &keys,
            &audit(other.id, EntityKind::Entity, stray.id.as_uuid()),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err}");
}

#[tokio::test]
async fn rule_configurations() {
    let store = store().await;
    let d = new_domain(&store).await;
    let r = RuleConfiguration {
        id: RuleConfigurationId::new(),
        domain_id: d.id,
        name: "weekly".into(),
        strategy: "optimal".into(),
        parameters: json!({"seed": 7}),
        is_active: true,
        created_at: now(),
        updated_at: now(),
    };
    let ev = audit(d.id, EntityKind::RuleConfiguration, r.id.as_uuid());
    assert_eq!(store.rules().create(d.id, &r, &ev).await.unwrap(), r);
    let mut dup = r.clone();
    dup.id = RuleConfigurationId::new();
    let ev2 = audit(d.id, EntityKind::RuleConfiguration, dup.id.as_uuid());
    let err = store.rules().create(d.id, &dup, &ev2).await.unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { field, .. } if field == "name"),
        "{err}"
    );
    let mut changed = r.clone();
    changed.parameters = json!({"seed": 8});
    let ev = audit(d.id, EntityKind::RuleConfiguration, r.id.as_uuid());
    assert_eq!(
        store.rules().update(d.id, &changed, &ev).await.unwrap(),
        changed
    );
    assert_eq!(
        store.rules().get_by_name(d.id, "weekly").await.unwrap(),
        changed
    );
    assert_eq!(store.rules().list(d.id).await.unwrap(), vec![changed]);
}

fn plan(domain: DomainId, day: &str, placements: &[(ParticipantId, TargetId)]) -> AssignmentRecord {
    let id = AssignmentId::new();
    AssignmentRecord {
        assignment: Assignment {
            id,
            domain_id: domain,
            assignment_date: date(day),
            strategy: "optimal".into(),
            config: json!({}),
            metrics: json!({"coverage": 1.0}),
            status: AssignmentStatus::Draft,
            notes: None,
            created_by: None,
            created_at: now(),
            updated_at: now(),
        },
        details: placements
            .iter()
            .enumerate()
            .map(|(i, (p, t))| AssignmentDetail {
                id: AssignmentDetailId::new(),
                domain_id: domain,
                assignment_id: id,
                participant_id: *p,
                target_id: *t,
                position: i as i32,
                score: 0.25,
                reason: "fits".into(),
            })
            .collect(),
        history: vec![AssignmentHistory {
            id: HistoryId::new(),
            domain_id: domain,
            assignment_id: id,
            action: HistoryAction::Created,
            actor: None,
            changes: json!({}),
            created_at: now(),
        }],
    }
}

#[tokio::test]
async fn assignments_are_atomic_and_one_per_date() {
    let store = Arc::new(store().await);
    let d = new_domain(store.as_ref()).await;
    let p = add_participant(store.as_ref(), &participant(d.id, "Ann", &[])).await;
    let q = add_participant(store.as_ref(), &participant(d.id, "Bob", &[])).await;
    let t = add_target(store.as_ref(), &target(d.id, "kitchen", 2)).await;

    let mut rec = plan(d.id, "2026-07-01", &[(p.id, t.id), (q.id, t.id)]);
    rec.details.sort_by_key(|x| (x.target_id, x.position));
    let stored = store.assignments().create(d.id, &rec).await.unwrap();
    assert_eq!(stored, rec);
    assert_eq!(
        store
            .assignments()
            .get(d.id, rec.assignment.id)
            .await
            .unwrap(),
        rec
    );

    let second = plan(d.id, "2026-07-01", &[(p.id, t.id)]);
    let err = store.assignments().create(d.id, &second).await.unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { field, .. } if field == "assignment_date"),
        "{err}"
    );

    // A participant of another domain: nothing of the plan is written.
    let other = new_domain(store.as_ref()).await;
    let stranger = add_participant(store.as_ref(), &participant(other.id, "X", &[])).await;
    let bad = plan(d.id, "2026-07-02", &[(p.id, t.id), (stranger.id, t.id)]);
    let err = store.assignments().create(d.id, &bad).await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err}");
    assert!(
        store
            .assignments()
            .get(d.id, bad.assignment.id)
            .await
            .is_err()
    );

    // Cancel, and the date is free again; the history grows.
    let mut cancelled = rec.assignment.clone();
    cancelled.status = AssignmentStatus::Cancelled;
    let h = AssignmentHistory {
        id: HistoryId::new(),
        domain_id: d.id,
        assignment_id: rec.assignment.id,
        action: HistoryAction::StatusChanged,
        actor: None,
        changes: json!({"status": {"from": "draft", "to": "cancelled"}}),
        created_at: now(),
    };
    store
        .assignments()
        .update(d.id, &cancelled, &h)
        .await
        .unwrap();
    let got = store
        .assignments()
        .get(d.id, rec.assignment.id)
        .await
        .unwrap();
    assert_eq!(got.history.len(), 2);
    assert_eq!(got.history[1], h);
    assert!(
        store
            .assignments()
            .placements(d.id, date("2026-07-01"), date("2026-07-02"))
            .await
            .unwrap()
            .is_empty()
    );

    // Two concurrent creates for one date: exactly one wins, the other conflicts.
    let mut tasks = Vec::new();
    for _ in 0..2 {
        let store = Arc::clone(&store);
        let rec = plan(d.id, "2026-07-01", &[(p.id, t.id)]);
        tasks.push(tokio::spawn(async move {
            store.assignments().create(d.id, &rec).await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(Error::Conflict { .. }) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ok, 1);
    let live = store
        .assignments()
        .list(d.id, &AssignmentQuery::default())
        .await
        .unwrap();
    assert_eq!(live.len(), 1);
    let placements = store
        .assignments()
        .placements(d.id, date("2026-07-01"), date("2026-07-02"))
        .await
        .unwrap();
    assert_eq!(placements.len(), 1);
    let all = AssignmentQuery {
        include_cancelled: true,
        ..AssignmentQuery::default()
    };
    assert_eq!(store.assignments().list(d.id, &all).await.unwrap().len(), 2);
}
