//! The interchange format: defaults, typed errors naming path and rule,
//! round trips, the cost matrix and the conversions from stored records.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use vividshift_core::model::{Availability, DateRange};
use vividshift_core::{
    Error, HistoryEntry, Plan, PlanConfig, PlanParticipant, PlanTarget, Problem, Strategy,
    ValidationMode, cost_matrix, plan,
};

const ISSUE_EXAMPLE: &str = r#"{"date": "2026-11-30",
 "participants": [{"id": "p1", "name": "Ada", "skills": ["cleaning"], "available": true, "max_assignments": 1, "group": "A"}],
 "targets": [{"id": "t1", "name": "Parlor", "required_count": 2, "required_skills": ["cleaning"], "skills_hard": false, "priority": 1}],
 "history": [{"participant_id": "p1", "target_id": "t1", "date": "2026-11-23"}],
 "config": {"strategy": "optimal", "seed": 42, "allow_partial": false, "weights": {"rotation": 0.7, "skill": 1.0, "load": 0.3}}}"#;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The single violation of a validation error.
fn violation(result: vividshift_core::Result<Problem>) -> (String, String) {
    match result {
        Err(Error::Validation(v)) => {
            assert_eq!(v.len(), 1, "{v:?}");
            (v[0].path.clone(), v[0].rule.clone())
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn issue_example_parses_and_short_supply_is_a_typed_error() {
    let problem = Problem::from_json(ISSUE_EXAMPLE).unwrap();
    assert_eq!(problem.config.seed, 42);
    assert_eq!(problem.participants[0].group.as_deref(), Some("A"));
    // Two slots, one person, allow_partial false.
    let err = plan(&problem).unwrap_err();
    let v = err.violations();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].path, "targets/0");
    assert_eq!(v[0].rule, "insufficient_participants");
    assert!(v[0].message.contains("short by 1 of 2"), "{}", v[0].message);

    let mut partial = problem.clone();
    partial.config.allow_partial = true;
    let plan = plan(&partial).unwrap();
    assert_eq!(plan.metrics.filled, 1);
    assert_eq!(plan.metrics.required, 2);
    assert_eq!(plan.metrics.coverage, 0.5);
    assert_eq!(plan.unfilled.len(), 1);
    assert_eq!(plan.unfilled[0].missing, 1);
    // 7 days at a half-life of 14: decay 2/3, term (2/3)/(1+2/3) = 0.4 for rotation and load.
    assert_eq!(plan.assignments[0].cost, 0.4);
    assert_eq!(plan.metrics.total_cost, 0.4);
    assert_eq!(plan.metrics.repeats, 1);
}

#[test]
fn defaults_are_documented_values() {
    let problem = Problem::from_json(
        r#"{"date": "2026-11-30", "participants": [{"id": "p"}], "targets": [{"id": "t"}]}"#,
    )
    .unwrap();
    let p = &problem.participants[0];
    assert!(p.available);
    assert_eq!(p.max_assignments, 1);
    assert!(p.skills.is_empty() && p.group.is_none() && p.name.is_empty());
    let t = &problem.targets[0];
    assert_eq!(t.required_count, 1);
    assert_eq!(t.priority, 1);
    assert!(!t.skills_hard && t.max_per_group.is_none());
    assert_eq!(t.display_name(), "t");
    assert!(problem.history.is_empty());
    let c = &problem.config;
    assert_eq!(c.strategy, Strategy::Optimal);
    assert_eq!(
        (c.seed, c.allow_partial, c.avoid_consecutive),
        (0, false, false)
    );
    assert_eq!(
        (c.weights.rotation, c.weights.skill, c.weights.load),
        (0.7, 1.0, 0.3)
    );
    assert_eq!(c.half_life_days, 14);
    assert_eq!(c.validation, ValidationMode::Strict);
}

#[test]
fn parse_errors_name_path_and_rule() {
    let cases = [
        (
            r#"{"date": "2026-11-30", "participants": [{"name": "x"}], "targets": []}"#,
            "participants/0/id",
            "required",
        ),
        (
            r#"{"date": "2026-11-30", "participants": [], "targets": [{"id": "t", "oops": 1}]}"#,
            "targets/0/oops",
            "unknown_field",
        ),
        (
            r#"{"date": "2026-11-30", "participants": [], "targets": [{"id": "t", "required_count": "2"}]}"#,
            "targets/0/required_count",
            "type",
        ),
        (
            r#"{"date": "2026-11-30", "participants": [], "targets": [], "config": {"strategy": "fastest"}}"#,
            "config/strategy",
            "enum",
        ),
        (
            r#"{"date": "30/11/2026", "participants": [], "targets": []}"#,
            "date",
            "type",
        ),
        (
            r#"{"date": "2026-11-30", "participants": [], "targets": [], "config": {"seed": -1}}"#,
            "config/seed",
            "type",
        ),
        (
            r#"{"date": "2026-11-30", "participants": [], "targets": [], "config": {"weights": {"fairness": 1}}}"#,
            "config/weights/fairness",
            "unknown_field",
        ),
        (
            r#"{"date": "2026-11-30", "participants": []"#,
            "problem",
            "json",
        ),
        (
            r#"{"date": "2026-11-30", "participants": [], "targets": []} x"#,
            "problem",
            "json",
        ),
        (r#"{"participants": [], "targets": []}"#, "date", "required"),
        (r#"[]"#, "problem", "type"),
        (
            r#"{"date": "2026-11-30", "participants": [{"id": "p", "max_assignments": 1.5}], "targets": []}"#,
            "participants/0/max_assignments",
            "type",
        ),
    ];
    for (json, path, rule) in cases {
        let (got_path, got_rule) = violation(Problem::from_json(json));
        assert_eq!(
            (got_path.as_str(), got_rule.as_str()),
            (path, rule),
            "{json}"
        );
    }
}

#[test]
fn validation_reports_every_broken_rule() {
    let mut problem = Problem::from_json(ISSUE_EXAMPLE).unwrap();
    problem.participants.push(PlanParticipant::new("p1", &[]));
    problem.participants.push(PlanParticipant::new("", &[]));
    problem.targets[0].required_count = -1;
    problem.targets[0].max_per_group = Some(0);
    problem
        .history
        .push(HistoryEntry::new("p1", "nowhere", date("2026-11-01")));
    problem
        .history
        .push(HistoryEntry::new("p1", "t1", date("2026-12-01")));
    problem.config.weights.skill = f64::NAN;
    problem.config.weights.load = f64::INFINITY;
    problem.config.weights.rotation = 1e9;
    problem.config.half_life_days = 0;
    let err = problem.validate().unwrap_err();
    let got: Vec<(&str, &str)> = err
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), v.rule.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("participants/1/id", "unique"),
            ("participants/2/id", "min_length"),
            ("targets/0/required_count", "minimum"),
            ("targets/0/max_per_group", "minimum"),
            ("history/1/target_id", "reference"),
            ("history/2/date", "not_after_plan_date"),
            ("config/weights/rotation", "maximum"),
            ("config/weights/skill", "finite"),
            ("config/weights/load", "finite"),
            ("config/half_life_days", "minimum"),
        ]
    );
    // `plan` and `cost_matrix` validate too, and never panic.
    assert_eq!(plan(&problem).unwrap_err().kind(), "validation");
    assert_eq!(cost_matrix(&problem).unwrap_err().kind(), "validation");
}

#[test]
fn size_limit_is_a_validation_error() {
    let mut problem = Problem::from_json(ISSUE_EXAMPLE).unwrap();
    problem.participants = (0..6000)
        .map(|i| PlanParticipant::new(format!("p{i}"), &[]))
        .collect();
    problem.targets = (0..5000)
        .map(|i| PlanTarget::new(format!("t{i}"), 1))
        .collect();
    problem.history.clear();
    let err = problem.validate().unwrap_err();
    assert_eq!(err.violations()[0].rule, "max_size");
}

#[test]
fn problems_and_plans_round_trip() {
    let mut problem = Problem::from_json(ISSUE_EXAMPLE).unwrap();
    assert_eq!(Problem::from_json(&problem.to_json()).unwrap(), problem);
    let value: serde_json::Value = serde_json::from_str(&problem.to_json()).unwrap();
    assert_eq!(Problem::from_value(value).unwrap(), problem);
    problem.config.allow_partial = true;
    let plan = plan(&problem).unwrap();
    let back: Plan = serde_json::from_str(&plan.to_json()).unwrap();
    assert_eq!(back, plan);
    assert_eq!(back.total_cost_micros(), 400_000);
}

#[test]
fn config_from_rule_parameters() {
    let config = PlanConfig::from_value(serde_json::json!({
        "strategy": "balanced_rotation", "avoid_consecutive": true, "weights": {"load": 1.0}
    }))
    .unwrap();
    assert_eq!(config.strategy, Strategy::BalancedRotation);
    assert!(config.avoid_consecutive);
    assert_eq!(config.weights.load, 1.0);
    assert_eq!(config.weights.rotation, 0.7);
    let err = PlanConfig::from_value(serde_json::json!({"stratgy": "random"})).unwrap_err();
    assert_eq!(err.violations()[0].path, "config/stratgy");
    assert_eq!(err.violations()[0].rule, "unknown_field");
}

#[test]
fn cost_matrix_follows_the_documented_model() {
    let problem = Problem::from_json(
        r#"{"date": "2026-11-30",
            "participants": [{"id": "b", "skills": ["x"]}, {"id": "a", "skills": []},
                             {"id": "off", "available": false}],
            "targets": [{"id": "soft", "required_skills": ["x", "y"]},
                        {"id": "hard", "required_skills": ["x"], "skills_hard": true},
                        {"id": "free"}],
            "history": [{"participant_id": "b", "target_id": "free", "date": "2026-11-16"},
                        {"participant_id": "b", "target_id": "free", "date": "2026-11-30"}],
            "config": {"weights": {"rotation": 1.0, "skill": 2.0, "load": 0.5}}}"#,
    )
    .unwrap();
    let m = cost_matrix(&problem).unwrap();
    assert_eq!(m.participants, ["b", "a", "off"]);
    assert_eq!(m.targets, ["soft", "hard", "free"]);
    // b: history 14 days (1/2) and 0 days (1) ago on `free`: R = L = 1.5, term 0.6.
    // soft: lacks y of {x, y}: 2.0 * 0.5; load 0.5 * 0.6.
    assert_eq!(m.costs[0], [Some(1.3), Some(0.3), Some(0.9)]);
    // a: no history; lacks everything; `hard` is infeasible.
    assert_eq!(m.costs[1], [Some(2.0), None, Some(0.0)]);
    assert_eq!(m.costs[2], [None, None, None]);
    let json = m.to_json();
    assert!(
        json.starts_with(r#"{"participants":["b","a","off"]"#),
        "{json}"
    );
    assert!(json.contains("[2.0,null,0.0]"), "{json}");
}

#[test]
fn avoid_consecutive_makes_the_last_target_infeasible() {
    let mut problem = Problem::from_json(ISSUE_EXAMPLE).unwrap();
    problem.config.avoid_consecutive = true;
    let m = cost_matrix(&problem).unwrap();
    assert_eq!(m.costs[0], [None]);
}

#[test]
fn participants_and_targets_from_stored_records() {
    let monday = date("2026-11-30");
    let mut stored = vividshift_core::model::Participant {
        id: Default::default(),
        domain_id: Default::default(),
        name: "Ada".into(),
        email: None,
        skills: vec!["cleaning".into()],
        availability: Availability {
            monday: Some(false),
            ..Default::default()
        },
        preferences: serde_json::json!({}),
        group: Some("A".into()),
        max_assignments: 2,
        attributes: serde_json::json!({}),
        metadata: serde_json::json!({}),
        is_active: true,
        created_at: chrono::Utc::now(),
        updated_at: chrono::Utc::now(),
    };
    let p = PlanParticipant::from_model(&stored, monday);
    assert_eq!(p.id, stored.id.to_string());
    assert!(!p.available, "unavailable on Mondays");
    assert!(PlanParticipant::from_model(&stored, date("2026-12-01")).available);
    stored.availability.unavailable = vec![DateRange {
        from: date("2026-12-01"),
        to: date("2026-12-02"),
    }];
    assert!(!PlanParticipant::from_model(&stored, date("2026-12-01")).available);
    stored.is_active = false;
    assert!(!PlanParticipant::from_model(&stored, date("2026-12-03")).available);
    assert_eq!((p.max_assignments, p.group.as_deref()), (2, Some("A")));
}

#[test]
fn problems_from_stored_records_always_validate_on_ids() {
    let now = chrono::Utc::now();
    let participant = |name: &str, active: bool| vividshift_core::model::Participant {
        id: Default::default(),
        domain_id: Default::default(),
        name: name.into(),
        email: None,
        skills: vec![],
        availability: Availability::default(),
        preferences: serde_json::json!({}),
        group: None,
        max_assignments: 1,
        attributes: serde_json::json!({}),
        metadata: serde_json::json!({}),
        is_active: active,
        created_at: now,
        updated_at: now,
    };
    let target = |name: &str, active: bool| vividshift_core::model::AssignmentTarget {
        id: Default::default(),
        domain_id: Default::default(),
        name: name.into(),
        description: None,
        required_count: 1,
        required_skills: vec![],
        skills_hard: false,
        priority: 1,
        max_per_group: None,
        attributes: serde_json::json!({}),
        metadata: serde_json::json!({}),
        is_active: active,
        created_at: now,
        updated_at: now,
    };
    let people = [participant("Ada", true), participant("Gone", false)];
    let places = [target("Parlor", true), target("Closed", false)];
    let past = |p: usize, t: usize, d: &str| vividshift_core::model::PastAssignment {
        participant_id: people[p].id,
        target_id: places[t].id,
        date: date(d),
    };
    let history = [
        past(0, 0, "2026-11-23"),
        past(1, 0, "2026-11-23"),
        past(0, 1, "2026-11-23"),
        past(0, 0, "2026-12-07"),
    ];
    let problem = Problem::from_models(
        date("2026-11-30"),
        &people,
        &places,
        &history,
        PlanConfig::default(),
    );
    assert_eq!(problem.participants.len(), 1);
    assert_eq!(problem.targets.len(), 1);
    assert_eq!(problem.history.len(), 1);
    problem.validate().unwrap();
    let plan = plan(&problem).unwrap();
    assert_eq!(plan.assignments[0].participant_id, people[0].id.to_string());
    assert_eq!(plan.assignments[0].target_id, places[0].id.to_string());
}

#[test]
fn empty_problems_give_empty_plans() {
    let problem =
        Problem::from_json(r#"{"date": "2026-11-30", "participants": [], "targets": []}"#).unwrap();
    for strategy in Strategy::ALL {
        let mut p = problem.clone();
        p.config.strategy = strategy;
        let plan = plan(&p).unwrap();
        assert!(plan.assignments.is_empty() && plan.unfilled.is_empty());
        assert_eq!(plan.metrics.coverage, 1.0);
        assert_eq!(
            plan.to_json(),
            format!(
                r#"{{"strategy":"{strategy}","assignments":[],"unfilled":[],"metrics":{{"total_cost":0.0,"filled":0,"required":0,"coverage":1.0,"repeats":0,"load":{{}}}}}}"#
            )
        );
    }
}

#[test]
fn plan_json_is_the_cli_contract() {
    let mut problem = Problem::from_json(ISSUE_EXAMPLE).unwrap();
    problem.config.allow_partial = true;
    let text = vividshift_core::plan_json(&problem.to_json()).unwrap();
    assert_eq!(text, plan(&problem).unwrap().to_json());
    assert_eq!(
        vividshift_core::plan_json("{").unwrap_err().violations()[0].rule,
        "json"
    );
}
