//! Generating assignments with the engine from stored records.

use std::sync::Arc;

use chrono::NaiveDate;
use vividshift_core::engine::{PlanConfig, Strategy};
use vividshift_core::model::{
    AssignmentQuery, Availability, HistoryAction, NewParticipant, NewTarget,
};
use vividshift_core::{Error, Store};

use super::new_domain;

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

fn optimal() -> PlanConfig {
    PlanConfig {
        strategy: Strategy::Optimal,
        allow_partial: true,
        ..PlanConfig::default()
    }
}

/// The engine plans from stored records, respects availability, stores the
/// plan with details and history, and rotates people on the next date.
pub async fn generate_assignment_rotates(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let mut away = NewParticipant::new("Sunday off", &["cleaning"]);
    away.availability = Availability {
        sunday: Some(false),
        ..Availability::default()
    };
    scope.create_participant(away).await.unwrap();
    for name in ["Ada", "Bo", "Cy"] {
        scope
            .create_participant(NewParticipant::new(name, &["cleaning"]))
            .await
            .unwrap();
    }
    let mut parlor = NewTarget::new("Parlor", 1);
    parlor.required_skills = vec!["cleaning".into()];
    let parlor = scope.create_target(parlor).await.unwrap();

    // 2026-11-01 is a Sunday: the participant who is off cannot be placed.
    let preview = scope.preview_assignment(date(1), optimal()).await.unwrap();
    assert!(
        scope
            .list_assignments(&AssignmentQuery::default())
            .await
            .unwrap()
            .is_empty(),
        "a preview stores nothing"
    );
    let first = scope.generate_assignment(date(1), optimal()).await.unwrap();
    assert_eq!(first.plan, preview, "same input, same plan");
    assert_eq!(first.record.details.len(), 1);
    assert_eq!(first.record.assignment.strategy, "optimal");
    assert_eq!(first.record.history[0].action, HistoryAction::Created);
    assert_eq!(first.record.assignment.metrics["coverage"], 1.0);
    let off = scope
        .participants_with_skill("cleaning")
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Sunday off")
        .unwrap();
    assert_ne!(first.record.details[0].participant_id, off.id);
    assert_eq!(first.record.details[0].target_id, parlor.id);

    // Each later week someone who has not done the Parlor recently gets it.
    let mut seen = vec![first.record.details[0].participant_id];
    for day in [8, 15, 22] {
        let next = scope
            .generate_assignment(date(day), optimal())
            .await
            .unwrap();
        let who = next.record.details[0].participant_id;
        assert!(
            !seen.contains(&who) || seen.len() >= 3,
            "week {day} repeats {who} too early"
        );
        seen.push(who);
    }
    assert_eq!(
        scope
            .list_assignments(&AssignmentQuery::default())
            .await
            .unwrap()
            .len(),
        4
    );
}

/// Without `allow_partial`, short supply is a typed error naming the target, and nothing is stored.
pub async fn generate_assignment_short_supply_writes_nothing(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    scope
        .create_participant(NewParticipant::new("Ada", &[]))
        .await
        .unwrap();
    scope
        .create_target(NewTarget::new("Parlor", 3))
        .await
        .unwrap();
    let strict = PlanConfig {
        allow_partial: false,
        ..optimal()
    };
    match scope.generate_assignment(date(2), strict).await {
        Err(Error::Validation(v)) => {
            assert_eq!(v.len(), 1);
            assert_eq!(v[0].rule, "insufficient_participants");
            assert!(v[0].message.contains("Parlor"), "{}", v[0].message);
        }
        other => panic!("expected a shortfall error, got {other:?}"),
    }
    assert!(
        scope
            .list_assignments(&AssignmentQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    let partial = scope.generate_assignment(date(2), optimal()).await.unwrap();
    assert_eq!(partial.plan.unfilled[0].missing, 2);
    assert_eq!(
        partial.record.assignment.metrics["unfilled"][0]["missing"],
        2
    );
}
