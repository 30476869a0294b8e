//! The model's JSON shape, availability, ids, errors and input rules.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use serde_json::json;
use vividshift_core::input_rules::InputRules;
use vividshift_core::model::{
    AssignmentStatus, Availability, NewDomain, NewParticipant, NewTarget, ParticipantPatch, Role,
};
use vividshift_core::{Error, ParticipantId, changed_fields};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn availability_weekdays_and_away_ranges() {
    let a: Availability = serde_json::from_value(json!({
        "monday": true, "sunday": false,
        "unavailable": [{"from": "2026-12-24", "to": "2026-12-26"}]
    }))
    .unwrap();
    assert!(a.is_available_on(date(2026, 11, 30)), "a Monday");
    assert!(!a.is_available_on(date(2026, 11, 29)), "a Sunday");
    assert!(
        a.is_available_on(date(2026, 12, 1)),
        "unmentioned weekdays are available"
    );
    assert!(
        !a.is_available_on(date(2026, 12, 24)),
        "first day of the range"
    );
    assert!(
        !a.is_available_on(date(2026, 12, 26)),
        "last day is inclusive"
    );
    assert!(a.is_available_on(date(2026, 12, 28)));
    assert!(Availability::default().is_available_on(date(2026, 11, 29)));
    let unknown = serde_json::from_value::<Availability>(json!({"mondays": true}));
    assert!(unknown.is_err(), "unknown keys are rejected");
}

#[test]
fn inputs_default_and_reject_unknown_keys() {
    let p: NewParticipant = serde_json::from_value(json!({"name": "Ada"})).unwrap();
    assert_eq!(p.max_assignments, 1);
    assert!(p.skills.is_empty());
    assert_eq!(p.metadata, json!({}));
    let t: NewTarget = serde_json::from_value(json!({"name": "Parlor"})).unwrap();
    assert_eq!((t.required_count, t.priority, t.skills_hard), (1, 1, false));
    assert!(serde_json::from_value::<NewTarget>(json!({"name": "x", "count": 2})).is_err());
    assert_eq!(
        serde_json::to_value(AssignmentStatus::Cancelled).unwrap(),
        "cancelled"
    );
    assert_eq!(serde_json::to_value(Role::Admin).unwrap(), "admin");
}

#[test]
fn input_rules_list_every_violation() {
    let mut p = NewParticipant::new("", &["", "x"]);
    p.email = Some("nope".into());
    p.max_assignments = 0;
    p.availability
        .unavailable
        .push(vividshift_core::model::DateRange {
            from: date(2026, 2, 2),
            to: date(2026, 2, 1),
        });
    let rules: Vec<(String, String)> = p
        .violations()
        .into_iter()
        .map(|v| (v.path, v.rule))
        .collect();
    for expected in [
        ("name", "min_length"),
        ("skills/0", "min_length"),
        ("email", "format"),
        ("max_assignments", "min"),
        ("availability/unavailable/0", "range"),
    ] {
        assert!(
            rules.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} missing from {rules:?}"
        );
    }
    assert!(
        NewParticipant::new("Ada", &["cleaning"])
            .violations()
            .is_empty()
    );
    assert!(
        NewDomain::new("work_groups", "Work groups")
            .violations()
            .is_empty()
    );
    for bad in [
        "",
        "Upper",
        "1starts-with-digit",
        "has space",
        &"a".repeat(64),
    ] {
        assert!(
            !NewDomain::new(bad, "x").violations().is_empty(),
            "`{bad}` should be rejected"
        );
    }
    let mut t = NewTarget::new("x".repeat(201), 10_001);
    t.priority = -1;
    let paths: Vec<String> = t.violations().into_iter().map(|v| v.path).collect();
    assert_eq!(paths, ["name", "required_count", "priority"]);
    let patch = ParticipantPatch {
        email: Some(None),
        ..ParticipantPatch::default()
    };
    assert!(patch.violations().is_empty(), "clearing the email is fine");
}

#[test]
fn ids_parse_and_errors_have_kinds() {
    let id = ParticipantId::new();
    assert_eq!(id.to_string().parse::<ParticipantId>().unwrap(), id);
    let err = "not-a-uuid".parse::<ParticipantId>().unwrap_err();
    assert_eq!(err.kind(), "validation");
    assert_eq!(err.violations()[0].rule, "uuid");
    assert!(Error::unavailable("down").is_retryable());
    assert!(!Error::not_found("participant", id).is_retryable());
    let message = Error::Validation(vec![
        vividshift_core::Violation::new("name", "required", "is required"),
        vividshift_core::Violation::new("age", "min", "must be at least 0"),
    ])
    .to_string();
    assert!(message.contains("name: is required (required)") && message.contains("age"));
}

#[test]
fn changed_fields_ignores_bookkeeping() {
    let a = json!({"name": "a", "skills": ["x"], "updated_at": 1, "version": 1});
    let b = json!({"name": "b", "skills": ["x"], "updated_at": 2, "version": 2});
    assert_eq!(changed_fields(&a, &b), ["name"]);
    assert!(changed_fields(&a, &a).is_empty());
}
