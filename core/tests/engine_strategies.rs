//! What each strategy prefers, the hard constraints on hand-made cases, the
//! validators in strict and permissive mode, and the shortfall error.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use vividshift_core::{
    HistoryEntry, Plan, PlanParticipant, PlanTarget, Problem, Strategy, ValidationMode, plan,
    validate_plan,
};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn problem(participants: Vec<PlanParticipant>, targets: Vec<PlanTarget>) -> Problem {
    Problem {
        date: date("2026-11-30"),
        participants,
        targets,
        history: Vec::new(),
        config: Default::default(),
    }
}

fn people(ids: &[&str]) -> Vec<PlanParticipant> {
    ids.iter()
        .map(|id| PlanParticipant::new(*id, &[]))
        .collect()
}

fn run(problem: &Problem, strategy: Strategy) -> Plan {
    let mut p = problem.clone();
    p.config.strategy = strategy;
    plan(&p).unwrap()
}

/// (participant, target) pairs of a plan.
fn pairs(plan: &Plan) -> Vec<(&str, &str)> {
    plan.assignments
        .iter()
        .map(|a| (a.participant_id.as_str(), a.target_id.as_str()))
        .collect()
}

#[test]
fn balanced_rotation_prefers_least_recent_then_least_often() {
    let mut p = problem(people(&["a", "b", "c"]), vec![PlanTarget::new("t", 1)]);
    p.history = vec![
        HistoryEntry::new("a", "t", date("2026-11-23")),
        HistoryEntry::new("b", "t", date("2026-11-01")),
        HistoryEntry::new("b", "t", date("2026-10-01")),
        HistoryEntry::new("c", "t", date("2026-11-01")),
    ];
    // b and c did t equally recently; c did it less often.
    assert_eq!(pairs(&run(&p, Strategy::BalancedRotation)), [("c", "t")]);
    p.history
        .push(HistoryEntry::new("c", "t", date("2026-11-29")));
    assert_eq!(pairs(&run(&p, Strategy::BalancedRotation)), [("b", "t")]);
    // Someone new to t goes first.
    p.participants.push(PlanParticipant::new("d", &[]));
    let plan = run(&p, Strategy::BalancedRotation);
    assert_eq!(pairs(&plan), [("d", "t")]);
    assert_eq!(plan.assignments[0].reason, "new to t");
}

#[test]
fn skill_based_prefers_matching_skills_and_spares_all_rounders() {
    let mut cook = PlanTarget::new("cook", 1);
    cook.required_skills = vec!["cooking".into()];
    let mut clean = PlanTarget::new("clean", 1);
    clean.required_skills = vec!["cleaning".into(), "ironing".into()];
    let p = problem(
        vec![
            PlanParticipant::new("all", &["cooking", "cleaning", "ironing"]),
            PlanParticipant::new("chef", &["cooking"]),
            PlanParticipant::new("none", &[]),
        ],
        vec![cook, clean],
    );
    let plan = run(&p, Strategy::SkillBased);
    assert_eq!(pairs(&plan), [("all", "clean"), ("chef", "cook")]);
    assert_eq!(
        plan.assignments[0].reason,
        "new to clean; has cleaning, ironing"
    );
}

#[test]
fn random_is_seeded() {
    let p = problem(
        people(&["a", "b", "c", "d", "e", "f", "g", "h"]),
        vec![PlanTarget::new("t", 3), PlanTarget::new("u", 3)],
    );
    let plans: Vec<String> = (0..8u64)
        .map(|seed| {
            let mut q = p.clone();
            q.config.seed = seed;
            run(&q, Strategy::Random).to_json()
        })
        .collect();
    let distinct: std::collections::BTreeSet<_> = plans.iter().collect();
    assert!(distinct.len() > 4, "seeds should give different plans");
    let mut q = p.clone();
    q.config.seed = 5;
    assert_eq!(run(&q, Strategy::Random).to_json(), plans[5]);
    assert!(plans[0].contains("drawn at random"));
}

#[test]
fn optimal_balances_rotation_against_skills() {
    let mut kitchen = PlanTarget::new("kitchen", 1);
    kitchen.required_skills = vec!["cooking".into()];
    let p0 = PlanParticipant::new("cook", &["cooking"]);
    let p1 = PlanParticipant::new("helper", &[]);
    let mut p = problem(vec![p0, p1], vec![kitchen, PlanTarget::new("hall", 1)]);
    // The cook was in the kitchen yesterday: rotation says hall, skills say kitchen.
    p.history = vec![HistoryEntry::new("cook", "kitchen", date("2026-11-29"))];
    // Skill weight 1.0 outweighs the rotation penalty (at most 0.7).
    assert_eq!(
        pairs(&run(&p, Strategy::Optimal)),
        [("helper", "hall"), ("cook", "kitchen")]
    );
    p.config.weights.skill = 0.1;
    assert_eq!(
        pairs(&run(&p, Strategy::Optimal)),
        [("cook", "hall"), ("helper", "kitchen")]
    );
    p.config.avoid_consecutive = true;
    p.config.weights.skill = 1.0;
    let plan = run(&p, Strategy::Optimal);
    assert_eq!(pairs(&plan), [("cook", "hall"), ("helper", "kitchen")]);
    assert_eq!(plan.metrics.repeats, 0);
}

#[test]
fn priorities_decide_who_is_short() {
    let mut high = PlanTarget::new("high", 2);
    high.priority = 5;
    let mut low = PlanTarget::new("low", 2);
    low.priority = -1;
    let mut p = problem(people(&["a", "b", "c"]), vec![low, high]);
    p.config.allow_partial = true;
    for strategy in Strategy::ALL {
        let plan = run(&p, strategy);
        assert_eq!(plan.metrics.filled, 3, "{strategy}");
        assert_eq!(plan.unfilled.len(), 1, "{strategy}");
        assert_eq!(plan.unfilled[0].target_id, "low", "{strategy}");
        assert_eq!(plan.unfilled[0].missing, 1, "{strategy}");
    }
    p.config.allow_partial = false;
    let err = plan(&p).unwrap_err();
    assert_eq!(err.kind(), "validation");
    let v = &err.violations()[0];
    assert_eq!(
        (v.path.as_str(), v.rule.as_str()),
        ("targets/0", "insufficient_participants")
    );
    assert!(v.message.contains("short by 1 of 2"), "{}", v.message);
}

#[test]
fn group_limits_hold_for_every_strategy() {
    let mut participants = Vec::new();
    for (id, group) in [
        ("n1", "north"),
        ("n2", "north"),
        ("n3", "north"),
        ("s1", "south"),
    ] {
        let mut p = PlanParticipant::new(id, &[]);
        p.group = Some(group.into());
        participants.push(p);
    }
    participants.push(PlanParticipant::new("x", &[]));
    let mut gate = PlanTarget::new("gate", 3);
    gate.max_per_group = Some(1);
    let mut p = problem(participants, vec![gate, PlanTarget::new("bar", 2)]);
    for strategy in Strategy::ALL {
        let plan = run(&p, strategy);
        let at_gate: Vec<&str> = plan
            .assignments
            .iter()
            .filter(|a| a.target_id == "gate")
            .map(|a| a.participant_id.as_str())
            .collect();
        assert_eq!(at_gate.len(), 3, "{strategy}: {at_gate:?}");
        assert_eq!(
            at_gate.iter().filter(|id| id.starts_with('n')).count(),
            1,
            "{strategy}: {at_gate:?}"
        );
        assert_eq!(plan.metrics.filled, 5, "{strategy}");
    }
    // With a tighter bar nobody fits the gate's third slot twice over.
    p.targets[0].required_count = 4;
    p.config.allow_partial = true;
    let plan = run(&p, Strategy::Optimal);
    assert_eq!(plan.unfilled[0].target_id, "gate");
}

#[test]
fn max_assignments_allows_several_targets_but_one_slot_each() {
    let mut a = PlanParticipant::new("a", &[]);
    a.max_assignments = 3;
    let mut p = problem(
        vec![a],
        vec![PlanTarget::new("t", 2), PlanTarget::new("u", 1)],
    );
    p.config.allow_partial = true;
    for strategy in Strategy::ALL {
        let plan = run(&p, strategy);
        assert_eq!(pairs(&plan), [("a", "t"), ("a", "u")], "{strategy}");
        assert_eq!(plan.metrics.load["a"], 2);
        assert_eq!(plan.unfilled[0].reason, "only 1 eligible participant");
    }
}

#[test]
fn unfilled_reasons_say_why() {
    let mut hard = PlanTarget::new("hard", 1);
    hard.required_skills = vec!["welding".into()];
    hard.skills_hard = true;
    let mut p = problem(people(&["a"]), vec![hard.clone()]);
    p.config.allow_partial = true;
    assert_eq!(
        run(&p, Strategy::Optimal).unfilled[0].reason,
        "no available participant has welding"
    );
    p.participants[0].available = false;
    assert_eq!(
        run(&p, Strategy::Optimal).unfilled[0].reason,
        "no available participant"
    );
}

#[test]
fn validators_catch_every_broken_rule() {
    let mut hard = PlanTarget::new("hard", 1);
    hard.required_skills = vec!["welding".into()];
    hard.skills_hard = true;
    let mut limited = PlanTarget::new("limited", 3);
    limited.max_per_group = Some(1);
    let mut participants = people(&["a", "b", "off"]);
    participants[0].group = Some("g".into());
    participants[1].group = Some("g".into());
    participants[2].available = false;
    let mut p = problem(participants, vec![hard, limited, PlanTarget::new("one", 1)]);
    p.config.avoid_consecutive = true;
    p.history = vec![HistoryEntry::new("b", "one", date("2026-11-23"))];
    p.config.allow_partial = true;
    let mut plan = run(&p, Strategy::Optimal);
    assert!(validate_plan(&p, &plan).is_empty());
    let template = plan.assignments[0].clone();
    let mut add = |pid: &str, tid: &str| {
        let mut a = template.clone();
        a.participant_id = pid.into();
        a.target_id = tid.into();
        plan.assignments.push(a);
    };
    add("off", "one"); // availability, and "one" over capacity
    add("a", "hard"); // skills
    add("b", "one"); // avoid_consecutive
    add("a", "limited");
    add("b", "limited"); // max_per_group
    add("a", "limited"); // duplicate, max_assignments
    add("ghost", "one"); // reference
    let rules: Vec<String> = validate_plan(&p, &plan)
        .into_iter()
        .map(|v| v.rule)
        .collect();
    for rule in [
        "availability",
        "skills",
        "avoid_consecutive",
        "duplicate",
        "max_assignments",
        "capacity",
        "max_per_group",
        "reference",
    ] {
        assert!(
            rules.iter().any(|r| r == rule),
            "{rule} missing from {rules:?}"
        );
    }
}

#[test]
fn permissive_mode_never_fails_a_sound_plan() {
    let mut p = problem(people(&["a", "b"]), vec![PlanTarget::new("t", 2)]);
    p.config.validation = ValidationMode::Permissive;
    for strategy in Strategy::ALL {
        let plan = run(&p, strategy);
        assert!(plan.warnings.is_empty());
        assert!(!plan.to_json().contains("warnings"));
    }
}
