//! The assignment engine: pure functions from a `Problem` (participants,
//! targets, history, config) to a `Plan`, with no IO, so that the server,
//! Python and the browser plan with exactly the same code.
//!
//! # The interchange format
//!
//! A problem, with every optional field spelled out at its default except
//! `group` and `max_per_group` (absent: no group, no limit):
//!
//! ```json
//! {"date": "2026-11-30",
//!  "participants": [{"id": "p1", "name": "Ada", "skills": ["cleaning"], "available": true,
//!                    "max_assignments": 1, "group": "A"}],
//!  "targets": [{"id": "t1", "name": "Parlor", "required_count": 2, "required_skills": ["cleaning"],
//!               "skills_hard": false, "priority": 1, "max_per_group": 1}],
//!  "history": [{"participant_id": "p1", "target_id": "t1", "date": "2026-11-23"}],
//!  "config": {"strategy": "optimal", "seed": 0, "allow_partial": true, "avoid_consecutive": false,
//!             "weights": {"rotation": 0.7, "skill": 1.0, "load": 0.3},
//!             "half_life_days": 14, "validation": "strict"}}
//! ```
//!
//! Defaults: `name` empty (targets then show their id), `skills` and
//! `required_skills` none, `available` true, `max_assignments` 1,
//! `required_count` 1, `skills_hard` false, `priority` 1, `history` empty,
//! and the `config` values shown. Ids are strings (the SDK passes UUIDs) and
//! must be unique; history must name known ids and dates on or before `date`;
//! unknown keys are rejected. Every error is an `Error::Validation` whose
//! violations name the path (`participants/3/max_assignments`) and the rule.
//!
//! Its plan (`optimal`; `p1` did `t1` 7 days before, so with a half-life of
//! 14 days both its rotation and load terms are `(2/3) / (1 + 2/3) = 0.4`,
//! and the cost is `0.7 * 0.4 + 1.0 * 0 + 0.3 * 0.4`; `t1` was `p1`'s most
//! recent target, hence a repeat):
//!
//! ```json
//! {"strategy": "optimal",
//!  "assignments": [{"participant_id": "p1", "target_id": "t1", "position": 0, "cost": 0.4,
//!                   "reason": "repeats last target Parlor (7 days ago); has cleaning"}],
//!  "unfilled": [{"target_id": "t1", "missing": 1, "reason": "only 1 eligible participant"}],
//!  "metrics": {"total_cost": 0.4, "filled": 1, "required": 2, "coverage": 0.5, "repeats": 1,
//!              "load": {"p1": 1}}}
//! ```
//!
//! From Rust (the `plan` example does the same on standard input):
//!
//! ```
//! use vividshift_core::{Problem, plan};
//!
//! let problem = Problem::from_json(r#"{"date": "2026-11-30",
//!     "participants": [{"id": "p1", "skills": ["cleaning"]}],
//!     "targets": [{"id": "t1", "name": "Parlor", "required_count": 2, "required_skills": ["cleaning"]}],
//!     "history": [{"participant_id": "p1", "target_id": "t1", "date": "2026-11-23"}],
//!     "config": {"allow_partial": true}}"#)?;
//! let plan = plan(&problem)?;
//! assert_eq!(plan.assignments[0].cost, 0.4);
//! assert_eq!(plan.unfilled[0].missing, 1);
//! assert!(plan.to_json().starts_with(r#"{"strategy":"optimal","assignments":[{"participant_id":"p1""#));
//! # Ok::<(), vividshift_core::Error>(())
//! ```
//!
//! Assignments are ordered by target id, then participant id; `position`
//! numbers the slots of a target from 0; `load` lists assigned participants
//! only; `warnings` appears only in `permissive` mode when a rule is broken.
//! Costs are rounded to 6 decimals. The same problem gives byte-identical
//! plan JSON on every platform, whatever the order of its lists.
//!
//! # Strategies and constraints
//!
//! `random` (seeded), `balanced_rotation`, `skill_based` (greedy) and
//! `optimal` (exact min-cost flow: most filled slots, higher priority first,
//! then least total cost). Every strategy respects the hard constraints:
//! availability, hard skills, `max_assignments`, one slot per target and
//! person, `required_count`, `max_per_group`, and `avoid_consecutive`. The
//! greedy strategies then fill what they left open by augmenting paths, so
//! every strategy fills as many slots as possible. When slots stay open and
//! `allow_partial` is false, planning fails with one `insufficient_participants`
//! violation per short target. See `cost` for the cost model.
//!
//! # Availability in the store
//!
//! Stored participants carry an `Availability` object (weekday flags such as
//! `{"monday": true, "sunday": false}`, absent days available, plus
//! `unavailable` date ranges); `PlanParticipant::from_model` derives
//! `available` for the date from it and from `is_active`.

mod cost;
mod flow;
mod instance;
mod optimal;
mod plan;
mod problem;
mod random;
mod rotation;
mod rows;
mod skill;
mod validators;

pub use cost::{CostMatrix, cost_matrix};
pub use plan::{Plan, PlanMetrics, PlannedAssignment, UnfilledSlot};
pub use problem::{
    HistoryEntry, MAX_COUNT, MAX_HALF_LIFE_DAYS, MAX_PAIRS, MAX_WEIGHT, PlanConfig,
    PlanParticipant, PlanTarget, Problem, Strategy, ValidationMode, Weights,
};
pub use validators::validate_plan;

use crate::error::{Error, Result, Violation};
use flow::Flow;
use instance::Instance;

/// Validates `problem` and plans it with its configured strategy, then runs
/// the validators; fails on a broken rule in strict mode and on open slots
/// unless `allow_partial`.
pub fn plan(problem: &Problem) -> Result<Plan> {
    problem.validate()?;
    let config = &problem.config;
    let inst = Instance::new(problem);
    let mut flow = Flow::new(&inst);
    match config.strategy {
        Strategy::Random => random::assign(&inst, &mut flow, config.seed),
        Strategy::BalancedRotation => rotation::assign(&inst, &mut flow),
        Strategy::SkillBased => skill::assign(&inst, &mut flow),
        Strategy::Optimal => flow.solve_optimal(),
    }
    if config.strategy != Strategy::Optimal {
        flow.repair();
    }
    let mut plan = plan::build(&inst, config.strategy, &flow.pairs());
    drop(flow);
    let violations = validate_plan(problem, &plan);
    if !violations.is_empty() {
        match config.validation {
            ValidationMode::Strict => return Err(Error::Validation(violations)),
            ValidationMode::Permissive => plan.warnings = violations,
        }
    }
    if !config.allow_partial && !plan.unfilled.is_empty() {
        return Err(shortfall(problem, &plan));
    }
    Ok(plan)
}

/// Parses a problem from JSON, plans it, and returns the plan as compact JSON.
pub fn plan_json(problem_json: &str) -> Result<String> {
    let problem = Problem::from_json(problem_json)?;
    Ok(plan(&problem)?.to_json())
}

/// The error for open slots without `allow_partial`: one violation per short target.
fn shortfall(problem: &Problem, plan: &Plan) -> Error {
    let violations = plan
        .unfilled
        .iter()
        .map(|u| {
            let (index, target) = problem
                .targets
                .iter()
                .enumerate()
                .find(|(_, t)| t.id == u.target_id)
                .map_or((0, None), |(i, t)| (i, Some(t)));
            let (name, required) = target.map_or((u.target_id.as_str(), 0), |t| {
                (t.display_name(), t.required_count)
            });
            Violation::new(
                format!("targets/{index}"),
                "insufficient_participants",
                format!(
                    "`{}` ({name}) is short by {} of {required}: {}",
                    u.target_id, u.missing, u.reason
                ),
            )
        })
        .collect();
    Error::Validation(violations)
}
