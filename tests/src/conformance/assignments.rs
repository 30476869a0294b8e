//! Assignments with details and history.

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::json;
use vividshift_core::model::{
    AssignmentQuery, AssignmentStatus, HistoryAction, NewAssignment, NewAssignmentDetail,
    ParticipantQuery,
};
use vividshift_core::{DomainScope, Error, ParticipantId, Store};

use super::{assert_conflict, assert_violation, new_domain, seeded_domain};

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

/// A plan for `day` placing every participant of the scope on its first targets.
pub async fn plan_for(scope: &DomainScope, day: u32) -> NewAssignment {
    let people = scope
        .list_participants(&ParticipantQuery::default())
        .await
        .unwrap();
    let targets = scope.list_targets(false).await.unwrap();
    let details = people
        .iter()
        .enumerate()
        .map(|(i, p)| NewAssignmentDetail {
            participant_id: p.id,
            target_id: targets[i % targets.len()].id,
            position: (i / targets.len()) as i32,
            score: 0.25 * i as f64,
            reason: format!("slot {i}"),
        })
        .collect();
    NewAssignment {
        assignment_date: date(day),
        strategy: "balanced_rotation".into(),
        config: json!({"seed": 7}),
        metrics: json!({"coverage": 1.0}),
        notes: None,
        details,
    }
}

/// Record an assignment; read it back with details and history; change its status.
pub async fn assignment_record_and_history(store: Arc<dyn Store>) {
    let scope = seeded_domain(&store).await;
    let input = plan_for(&scope, 2).await;
    let record = scope.record_assignment(input.clone()).await.unwrap();
    assert_eq!(record.assignment.status, AssignmentStatus::Draft);
    assert_eq!(record.details.len(), 3);
    assert_eq!(record.history.len(), 1);
    assert_eq!(record.history[0].action, HistoryAction::Created);
    let read = scope.assignment(record.assignment.id).await.unwrap();
    assert_eq!(
        read, record,
        "an assignment reads back with its details and history"
    );
    for d in &input.details {
        assert!(
            read.details
                .iter()
                .any(|x| x.participant_id == d.participant_id
                    && x.target_id == d.target_id
                    && x.position == d.position
                    && x.score == d.score
                    && x.reason == d.reason)
        );
    }

    let placements = store
        .assignments()
        .placements(scope.id(), date(1), date(3))
        .await
        .unwrap();
    assert_eq!(placements.len(), 3);
    assert!(placements.iter().all(|p| p.date == date(2)));
    assert!(
        store
            .assignments()
            .placements(scope.id(), date(3), date(10))
            .await
            .unwrap()
            .is_empty(),
        "`before` is exclusive and `from` inclusive"
    );

    let id = record.assignment.id;
    scope
        .set_assignment_status(id, AssignmentStatus::Confirmed)
        .await
        .unwrap();
    scope
        .set_assignment_notes(id, Some("swap allowed".into()))
        .await
        .unwrap();
    scope
        .set_assignment_status(id, AssignmentStatus::Completed)
        .await
        .unwrap();
    assert_violation(
        scope
            .set_assignment_status(id, AssignmentStatus::Draft)
            .await,
        "status",
        "transition",
    );
    let read = scope.assignment(id).await.unwrap();
    assert_eq!(read.assignment.status, AssignmentStatus::Completed);
    assert_eq!(read.assignment.notes.as_deref(), Some("swap allowed"));
    let actions: Vec<_> = read.history.iter().map(|h| h.action).collect();
    assert_eq!(
        actions,
        [
            HistoryAction::Created,
            HistoryAction::StatusChanged,
            HistoryAction::Updated,
            HistoryAction::StatusChanged
        ]
    );
    let listed = scope
        .list_assignments(&AssignmentQuery {
            from: Some(date(1)),
            to: Some(date(30)),
            ..AssignmentQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_violation(
        scope
            .list_assignments(&AssignmentQuery {
                from: Some(date(30)),
                to: Some(date(1)),
                ..AssignmentQuery::default()
            })
            .await,
        "from",
        "range",
    );
}

/// One live assignment per domain and date; a cancelled one frees the date.
pub async fn assignment_one_live_per_date(store: Arc<dyn Store>) {
    let scope = seeded_domain(&store).await;
    let first = scope
        .record_assignment(plan_for(&scope, 9).await)
        .await
        .unwrap();
    assert_conflict(
        scope.record_assignment(plan_for(&scope, 9).await).await,
        "assignment_date",
    );
    scope
        .set_assignment_status(first.assignment.id, AssignmentStatus::Cancelled)
        .await
        .unwrap();
    let second = scope
        .record_assignment(plan_for(&scope, 9).await)
        .await
        .unwrap();
    let live = scope
        .list_assignments(&AssignmentQuery::default())
        .await
        .unwrap();
    assert_eq!(
        live.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![second.assignment.id]
    );
    let all = scope
        .list_assignments(&AssignmentQuery {
            include_cancelled: true,
            ..AssignmentQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    // The date of another domain is its own.
    let other = seeded_domain(&store).await;
    other
        .record_assignment(plan_for(&other, 9).await)
        .await
        .unwrap();
}

/// A plan with one bad detail stores nothing: no assignment, no details, no history.
pub async fn assignment_is_atomic(store: Arc<dyn Store>) {
    let scope = seeded_domain(&store).await;
    let mut input = plan_for(&scope, 16).await;
    let mut bad = input.details[0].clone();
    bad.participant_id = ParticipantId::new();
    bad.position = 9;
    input.details.push(bad);
    let result = scope.record_assignment(input).await;
    assert!(matches!(result, Err(Error::Validation(_))), "{result:?}");
    assert!(
        scope
            .list_assignments(&AssignmentQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .assignments()
            .placements(scope.id(), date(1), date(30))
            .await
            .unwrap()
            .is_empty()
    );
    let mut dup = plan_for(&scope, 16).await;
    dup.details.push(dup.details[0].clone());
    assert_violation(scope.record_assignment(dup).await, "details/3", "unique");
    // The date is still free.
    scope
        .record_assignment(plan_for(&scope, 16).await)
        .await
        .unwrap();
    let empty = new_domain(&store).await;
    assert!(
        empty
            .list_assignments(&AssignmentQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
}
