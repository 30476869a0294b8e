//! The engine's output, a `Plan`: who goes where with a cost and a reason
//! each, the slots left open and why, and the metrics; built the same way
//! from whatever assignment a strategy produced.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cost::{MICROS, skill_match, to_units};
use super::instance::Instance;
use super::problem::Strategy;
use crate::error::Violation;

/// The result of planning a `Problem`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The strategy that produced it.
    pub strategy: Strategy,
    /// Every filled slot, by target id, then participant id.
    pub assignments: Vec<PlannedAssignment>,
    /// Targets with open slots, by target id.
    pub unfilled: Vec<UnfilledSlot>,
    /// Totals of the plan.
    pub metrics: PlanMetrics,
    /// Rules the plan breaks, recorded in permissive validation mode (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Violation>,
}

/// One participant on one slot of one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedAssignment {
    /// Who.
    pub participant_id: String,
    /// Where.
    pub target_id: String,
    /// Slot number within the target, from 0.
    pub position: u32,
    /// The pair's cost under the cost model (6 decimals).
    pub cost: f64,
    /// Why, in a few words ("new to Parlor; has cleaning").
    pub reason: String,
}

/// Open slots of one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnfilledSlot {
    /// The target.
    pub target_id: String,
    /// How many slots stay open.
    pub missing: u32,
    /// Why, in a few words.
    pub reason: String,
}

/// Totals of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMetrics {
    /// Sum of the assignments' costs (6 decimals).
    pub total_cost: f64,
    /// Filled slots.
    pub filled: u64,
    /// Slots the targets require in total.
    pub required: u64,
    /// `filled / required` (6 decimals; 1 when nothing is required).
    pub coverage: f64,
    /// Assignments to a target of the participant's most recent history date.
    pub repeats: u64,
    /// Slots per assigned participant, by participant id.
    pub load: BTreeMap<String, u32>,
}

impl Plan {
    /// The plan as compact JSON, byte-identical on every platform.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The plan as indented JSON (the golden files' format).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The total cost in micro-units, exact (sum of the rounded pair costs).
    pub fn total_cost_micros(&self) -> i64 {
        self.assignments
            .iter()
            .map(|a| (a.cost * MICROS).round() as i64)
            .sum()
    }
}

/// Builds the plan of a strategy's assignment, given as (participant, target) internal pairs.
pub(crate) fn build(inst: &Instance<'_>, strategy: Strategy, pairs: &[(u32, u32)]) -> Plan {
    let mut by_target: Vec<Vec<u32>> = vec![Vec::new(); inst.m];
    for &(p, t) in pairs {
        by_target[t as usize].push(p);
    }
    let mut assignments = Vec::with_capacity(pairs.len());
    let mut unfilled = Vec::new();
    let mut total: i64 = 0;
    let mut repeats = 0u64;
    let mut load: BTreeMap<String, u32> = BTreeMap::new();
    for (t, people) in by_target.iter_mut().enumerate() {
        // Internal indices are in id order.
        people.sort_unstable();
        let target = inst.target(t);
        for (position, &p) in people.iter().enumerate() {
            let p = p as usize;
            let c = inst.cost(p, t);
            total += c;
            if inst.is_repeat(p, t) {
                repeats += 1;
            }
            let id = &inst.participant(p).id;
            *load.entry(id.clone()).or_insert(0) += 1;
            assignments.push(PlannedAssignment {
                participant_id: id.clone(),
                target_id: target.id.clone(),
                position: position as u32,
                cost: to_units(c),
                reason: reason(inst, strategy, p, t),
            });
        }
        let demand = inst.demand[t] as usize;
        if people.len() < demand {
            unfilled.push(UnfilledSlot {
                target_id: target.id.clone(),
                missing: (demand - people.len()) as u32,
                reason: unfilled_reason(inst, t, people.len()),
            });
        }
    }
    let filled = assignments.len() as u64;
    let required: u64 = inst.demand.iter().map(|&d| u64::from(d)).sum();
    let coverage = if required == 0 {
        1.0
    } else {
        // Rounded to micro-units in integers, so that every platform prints the same.
        let micros =
            (u128::from(filled) * 2_000_000 + u128::from(required)) / (2 * u128::from(required));
        micros as f64 / MICROS
    };
    Plan {
        strategy,
        assignments,
        unfilled,
        metrics: PlanMetrics {
            total_cost: to_units(total),
            filled,
            required,
            coverage,
            repeats,
            load,
        },
        warnings: Vec::new(),
    }
}

fn days_phrase(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        1 => "1 day ago".to_string(),
        d => format!("{d} days ago"),
    }
}

/// A short reason for `p` on `t`: history on the target, then skills.
fn reason(inst: &Instance<'_>, strategy: Strategy, p: usize, t: usize) -> String {
    let name = inst.target(t).display_name();
    let mut parts = Vec::new();
    if strategy == Strategy::Random {
        parts.push("drawn at random".to_string());
    }
    match inst.pair(p, t) {
        None => parts.push(format!("new to {name}")),
        Some(h) => {
            let when = days_phrase(inst.days_before(h.last));
            let mut text = if inst.is_repeat(p, t) {
                format!("repeats last target {name} ({when})")
            } else {
                format!("last on {name} {when}")
            };
            if h.count > 1 {
                text.push_str(&format!(", {} times before", h.count));
            }
            parts.push(text);
        }
    }
    let (has, lacks) = skill_match(inst, p, t);
    if !has.is_empty() {
        parts.push(format!("has {}", has.join(", ")));
    }
    if !lacks.is_empty() {
        parts.push(format!("lacks {}", lacks.join(", ")));
    }
    // Recent work elsewhere explains the load term.
    let ph = &inst.participant_history[p];
    let here = inst.pair(p, t).map_or(0, |h| h.count);
    if ph.count > here
        && let Some(last) = ph.last
    {
        let others = ph.count - here;
        parts.push(format!(
            "{others} other past {}, last {}",
            plural(others, "assignment"),
            days_phrase(inst.days_before(last))
        ));
    }
    parts.join("; ")
}

fn plural(count: u32, word: &str) -> String {
    if count == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// Why target `t` keeps open slots after `filled` were filled.
fn unfilled_reason(inst: &Instance<'_>, t: usize, filled: usize) -> String {
    let available = (0..inst.n).filter(|&p| inst.cap[p] > 0).count();
    let eligible = (0..inst.n).filter(|&p| inst.feasible(p, t)).count();
    let target = inst.target(t);
    if available == 0 {
        "no available participant".to_string()
    } else if eligible == 0 && target.skills_hard && !target.required_skills.is_empty() {
        format!(
            "no available participant has {}",
            target.required_skills.join(", ")
        )
    } else if eligible == 0 {
        "no eligible participant (everyone available had it last time)".to_string()
    } else if eligible <= filled {
        format!(
            "only {eligible} eligible {}",
            plural(eligible as u32, "participant")
        )
    } else if target.max_per_group.is_some() {
        "no eligible participant left (taken elsewhere or group limit reached)".to_string()
    } else {
        "no eligible participant left (taken by other targets)".to_string()
    }
}
