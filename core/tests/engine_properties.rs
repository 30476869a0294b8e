//! Property tests of the engine: every strategy's plan meets the hard
//! constraints; `optimal` fills the most slots (higher priority first) and
//! never costs more than another strategy at equal fill; it equals a
//! brute-force optimum on problems of up to 8 slots; malformed input gets
//! a typed error, never a panic.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::strategy::Strategy as _;
use vividshift_core::{
    HistoryEntry, Plan, PlanParticipant, PlanTarget, Problem, Strategy, cost_matrix, plan,
    validate_plan,
};

const SKILLS: [&str; 3] = ["a", "b", "c"];

fn plan_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn skill_set(bits: u8) -> Vec<String> {
    SKILLS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, s)| s.to_string())
        .collect()
}

/// Participant: skills, available, max_assignments, group.
type ParticipantSpec = (u8, bool, i32, Option<u8>);
/// Target: required_count, skills, hard, priority, max_per_group.
type TargetSpec = (i32, u8, bool, i32, Option<i32>);

/// A random problem with up to `max_p` participants and `max_t` targets of
/// at most `max_count` slots each, and at most `max_slots` slots in total.
fn problems(
    max_p: usize,
    max_t: usize,
    max_count: i32,
    max_slots: i32,
) -> impl proptest::strategy::Strategy<Value = Problem> {
    let participant = (
        0u8..8,
        prop::bool::weighted(0.85),
        0i32..3,
        prop::option::weighted(0.4, 0u8..2),
    );
    let target = (
        0..=max_count,
        0u8..8,
        prop::bool::weighted(0.3),
        0i32..3,
        prop::option::weighted(0.3, 1i32..3),
    );
    (
        prop::collection::vec(participant, 1..=max_p),
        prop::collection::vec(target, 1..=max_t),
        prop::collection::vec((0usize..64, 0usize..64, 0u64..40), 0..12),
        (any::<u64>(), any::<bool>(), 0u8..4),
    )
        .prop_map(move |(ps, ts, hs, config)| build(ps, ts, hs, config, max_slots))
}

fn build(
    ps: Vec<ParticipantSpec>,
    ts: Vec<TargetSpec>,
    hs: Vec<(usize, usize, u64)>,
    (seed, avoid_consecutive, weights): (u64, bool, u8),
    max_slots: i32,
) -> Problem {
    let participants: Vec<PlanParticipant> = ps
        .iter()
        .enumerate()
        .map(
            |(i, &(skills, available, max_assignments, group))| PlanParticipant {
                id: format!("p{i}"),
                name: String::new(),
                skills: skill_set(skills),
                available,
                max_assignments,
                group: group.map(|g| format!("g{g}")),
            },
        )
        .collect();
    let mut slots = 0;
    let targets: Vec<PlanTarget> = ts
        .iter()
        .enumerate()
        .map(|(j, &(count, skills, hard, priority, max_per_group))| {
            let count = count.min(max_slots - slots);
            slots += count;
            PlanTarget {
                id: format!("t{j}"),
                name: format!("Target {j}"),
                required_count: count,
                required_skills: skill_set(skills),
                skills_hard: hard,
                priority,
                max_per_group,
            }
        })
        .collect();
    let history = hs
        .iter()
        .map(|&(p, t, days)| {
            HistoryEntry::new(
                format!("p{}", p % participants.len()),
                format!("t{}", t % targets.len()),
                plan_date() - chrono::Days::new(days),
            )
        })
        .collect();
    let mut problem = Problem {
        date: plan_date(),
        participants,
        targets,
        history,
        config: Default::default(),
    };
    problem.config.seed = seed;
    problem.config.avoid_consecutive = avoid_consecutive;
    problem.config.allow_partial = true;
    let w = &mut problem.config.weights;
    match weights {
        0 => {}
        1 => (w.rotation, w.skill, w.load) = (1.0, 0.0, 0.0),
        2 => (w.rotation, w.skill, w.load) = (0.0, 3.0, 0.5),
        _ => (w.rotation, w.skill, w.load) = (0.25, 0.5, 2.0),
    }
    problem
}

fn with_strategy(problem: &Problem, strategy: Strategy) -> Problem {
    let mut p = problem.clone();
    p.config.strategy = strategy;
    p
}

/// The cost matrix in micro-units by (participant id, target id); absent when infeasible.
fn costs(problem: &Problem) -> BTreeMap<(String, String), i64> {
    let m = cost_matrix(problem).unwrap();
    let mut out = BTreeMap::new();
    for (i, row) in m.costs.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            if let Some(c) = c {
                out.insert(
                    (m.participants[i].clone(), m.targets[j].clone()),
                    (c * 1e6).round() as i64,
                );
            }
        }
    }
    out
}

/// The distinct priorities, highest first.
fn levels(problem: &Problem) -> Vec<i32> {
    let set: BTreeSet<i32> = problem.targets.iter().map(|t| t.priority).collect();
    set.into_iter().rev().collect()
}

/// Filled slots per priority level (highest first) and total cost in micro-units.
fn objective(problem: &Problem, plan: &Plan) -> (Vec<u64>, i64) {
    let priority: BTreeMap<&str, i32> = problem
        .targets
        .iter()
        .map(|t| (t.id.as_str(), t.priority))
        .collect();
    let fill = levels(problem)
        .iter()
        .map(|&l| {
            plan.assignments
                .iter()
                .filter(|a| priority[a.target_id.as_str()] == l)
                .count() as u64
        })
        .collect();
    (fill, plan.total_cost_micros())
}

/// Checks the hard constraints independently of the engine's validators.
fn assert_hard_constraints(problem: &Problem, plan: &Plan) {
    let feasible = costs(problem);
    let participants: BTreeMap<&str, &PlanParticipant> = problem
        .participants
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let mut pairs = BTreeSet::new();
    let mut load: BTreeMap<&str, i32> = BTreeMap::new();
    let mut fill: BTreeMap<&str, i32> = BTreeMap::new();
    let mut group_fill: BTreeMap<(&str, &str), i32> = BTreeMap::new();
    for a in &plan.assignments {
        let key = (a.participant_id.clone(), a.target_id.clone());
        let cost = feasible.get(&key);
        assert!(cost.is_some(), "infeasible pair {key:?}");
        assert_eq!(
            Some((a.cost * 1e6).round() as i64),
            cost.copied(),
            "reported cost of {key:?}"
        );
        assert!(pairs.insert(key), "duplicate pair");
        *load.entry(a.participant_id.as_str()).or_default() += 1;
        *fill.entry(a.target_id.as_str()).or_default() += 1;
        if let Some(g) = &participants[a.participant_id.as_str()].group {
            *group_fill
                .entry((a.target_id.as_str(), g.as_str()))
                .or_default() += 1;
        }
    }
    for p in &problem.participants {
        let l = load.get(p.id.as_str()).copied().unwrap_or(0);
        assert!(l <= p.max_assignments, "{} over max_assignments", p.id);
        assert!(l == 0 || p.available, "{} unavailable", p.id);
        assert_eq!(plan.metrics.load.get(&p.id).copied().unwrap_or(0) as i32, l);
    }
    let mut missing_total = 0;
    for t in &problem.targets {
        let f = fill.get(t.id.as_str()).copied().unwrap_or(0);
        assert!(f <= t.required_count, "{} over capacity", t.id);
        let missing = plan
            .unfilled
            .iter()
            .find(|u| u.target_id == t.id)
            .map_or(0, |u| u.missing as i32);
        assert_eq!(f + missing, t.required_count, "{} unfilled count", t.id);
        missing_total += missing;
        if let Some(k) = t.max_per_group {
            for ((target, group), count) in &group_fill {
                assert!(
                    *target != t.id || *count <= k,
                    "{} has {count} of {group}",
                    t.id
                );
            }
        }
    }
    assert_eq!(plan.metrics.filled as usize, plan.assignments.len());
    assert_eq!(
        plan.metrics.required as i32,
        problem
            .targets
            .iter()
            .map(|t| t.required_count)
            .sum::<i32>()
    );
    assert_eq!(
        plan.metrics.filled as i32 + missing_total,
        plan.metrics.required as i32
    );
    assert_eq!(
        plan.metrics.total_cost,
        plan.total_cost_micros() as f64 / 1e6
    );
    assert!(validate_plan(problem, plan).is_empty());
    assert!(plan.warnings.is_empty());
}

/// The best (fill per level, then cost) over every assignment, by enumeration.
fn brute_force(problem: &Problem) -> (Vec<u64>, i64) {
    let costs = costs(problem);
    let levels = levels(problem);
    let n = problem.participants.len();
    let mut best: Option<(Vec<u64>, i64)> = None;
    let mut load = vec![0i32; n];
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    search(
        problem,
        &costs,
        &levels,
        0,
        &mut load,
        &mut chosen,
        &mut best,
    );
    best.unwrap()
}

fn better(a: &(Vec<u64>, i64), b: &(Vec<u64>, i64)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// Chooses a set of participants for target `t` and onwards.
fn search(
    problem: &Problem,
    costs: &BTreeMap<(String, String), i64>,
    levels: &[i32],
    t: usize,
    load: &mut Vec<i32>,
    chosen: &mut Vec<(usize, usize)>,
    best: &mut Option<(Vec<u64>, i64)>,
) {
    if t == problem.targets.len() {
        let mut fill = vec![0u64; levels.len()];
        let mut total = 0;
        for &(p, t) in chosen.iter() {
            let target = &problem.targets[t];
            fill[levels.iter().position(|&l| l == target.priority).unwrap()] += 1;
            total += costs[&(problem.participants[p].id.clone(), target.id.clone())];
        }
        let candidate = (fill, total);
        if best.as_ref().is_none_or(|b| better(&candidate, b)) {
            *best = Some(candidate);
        }
        return;
    }
    let target = &problem.targets[t];
    let eligible: Vec<usize> = (0..problem.participants.len())
        .filter(|&p| costs.contains_key(&(problem.participants[p].id.clone(), target.id.clone())))
        .collect();
    // Every subset of eligible participants of at most required_count people.
    for mask in 0u32..(1 << eligible.len()) {
        if mask.count_ones() as i32 > target.required_count {
            continue;
        }
        let people: Vec<usize> = eligible
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, &p)| p)
            .collect();
        if people
            .iter()
            .any(|&p| load[p] >= problem.participants[p].max_assignments)
        {
            continue;
        }
        if let Some(k) = target.max_per_group {
            let mut groups: BTreeMap<&str, i32> = BTreeMap::new();
            for &p in &people {
                if let Some(g) = &problem.participants[p].group {
                    *groups.entry(g.as_str()).or_default() += 1;
                }
            }
            if groups.values().any(|&c| c > k) {
                continue;
            }
        }
        for &p in &people {
            load[p] += 1;
            chosen.push((p, t));
        }
        search(problem, costs, levels, t + 1, load, chosen, best);
        for &p in &people {
            load[p] -= 1;
            chosen.pop();
        }
    }
}

/// 96 cases per property, or `PROPTEST_CASES` for a longer local run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn every_strategy_meets_the_hard_constraints(problem in problems(8, 5, 4, 40)) {
        for strategy in Strategy::ALL {
            let problem = with_strategy(&problem, strategy);
            let plan = plan(&problem).unwrap();
            prop_assert_eq!(plan.strategy, strategy);
            assert_hard_constraints(&problem, &plan);
        }
    }

    #[test]
    fn optimal_fills_most_and_costs_least(problem in problems(8, 5, 4, 40)) {
        let optimal = plan(&with_strategy(&problem, Strategy::Optimal)).unwrap();
        let best = objective(&problem, &optimal);
        for strategy in [Strategy::Random, Strategy::BalancedRotation, Strategy::SkillBased] {
            let other = plan(&with_strategy(&problem, strategy)).unwrap();
            let theirs = objective(&problem, &other);
            // Every strategy fills as many slots in total.
            prop_assert_eq!(theirs.0.iter().sum::<u64>(), best.0.iter().sum::<u64>());
            prop_assert!(best.0 >= theirs.0, "{strategy}: fill {:?} beats optimal {:?}", theirs.0, best.0);
            if best.0 == theirs.0 {
                prop_assert!(best.1 <= theirs.1, "{strategy}: cost {} below optimal {}", theirs.1, best.1);
            }
        }
    }

    #[test]
    fn optimal_equals_brute_force(problem in problems(6, 4, 3, 8)) {
        let optimal = plan(&with_strategy(&problem, Strategy::Optimal)).unwrap();
        prop_assert_eq!(objective(&problem, &optimal), brute_force(&problem));
    }

    #[test]
    fn plans_are_deterministic(problem in problems(8, 5, 4, 40)) {
        for strategy in Strategy::ALL {
            let problem = with_strategy(&problem, strategy);
            prop_assert_eq!(plan(&problem).unwrap().to_json(), plan(&problem).unwrap().to_json());
        }
    }

    #[test]
    fn without_allow_partial_open_slots_are_an_error(problem in problems(6, 4, 4, 20)) {
        let mut strict = problem.clone();
        strict.config.allow_partial = false;
        let partial = plan(&problem).unwrap();
        match plan(&strict) {
            Ok(full) => {
                prop_assert!(partial.unfilled.is_empty());
                prop_assert_eq!(full.to_json(), partial.to_json());
            }
            Err(e) => {
                let short: Vec<_> = e.violations().iter().map(|v| v.rule.as_str()).collect();
                prop_assert_eq!(short.len(), partial.unfilled.len());
                prop_assert!(short.iter().all(|r| *r == "insufficient_participants"));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = Problem::from_json(&text);
    }

    #[test]
    fn mutated_problems_give_typed_errors(
        problem in problems(4, 3, 3, 10),
        field in 0usize..8,
        value in prop_oneof![
            Just(serde_json::json!(-1)),
            Just(serde_json::json!("x")),
            Just(serde_json::json!(null)),
            Just(serde_json::json!(1e300)),
            Just(serde_json::json!([1])),
            Just(serde_json::json!({"k": 1})),
        ],
    ) {
        let mut json: serde_json::Value = serde_json::from_str(&problem.to_json()).unwrap();
        let pointer = [
            "/participants/0/max_assignments",
            "/participants/0/id",
            "/targets/0/required_count",
            "/targets/0/priority",
            "/config/weights/skill",
            "/config/half_life_days",
            "/date",
            "/participants/0/skills",
        ][field];
        *json.pointer_mut(pointer).unwrap() = value;
        match Problem::from_value(json) {
            Ok(p) => {
                // Some mutations stay valid (a priority of -1): then planning works.
                let _ = plan(&p).unwrap();
            }
            Err(e) => prop_assert_eq!(e.kind(), "validation"),
        }
    }
}

proptest! {
    // Cheap and the row-by-row solver's only brute-force check: more cases.
    #![proptest_config(ProptestConfig { cases: cases() * 8, ..ProptestConfig::default() })]

    #[test]
    fn optimal_equals_brute_force_when_everyone_fits(problem in problems(6, 4, 3, 8)) {
        // One level, one slot per person, no more people than slots: the
        // shape the row-by-row solver takes.
        let mut problem = problem;
        let slots = problem.targets.iter().map(|t| t.required_count).sum::<i32>().max(1);
        problem.participants.truncate(slots as usize);
        let kept: BTreeSet<String> = problem.participants.iter().map(|p| p.id.clone()).collect();
        problem.history.retain(|h| kept.contains(&h.participant_id));
        for p in &mut problem.participants {
            p.max_assignments = p.max_assignments.min(1);
        }
        for t in &mut problem.targets {
            t.priority = 1;
            t.max_per_group = None;
        }
        let optimal = plan(&with_strategy(&problem, Strategy::Optimal)).unwrap();
        prop_assert_eq!(objective(&problem, &optimal), brute_force(&problem));
    }
}
