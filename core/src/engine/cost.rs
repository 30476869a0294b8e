//! The cost model: what one participant on one target costs, the same for
//! every strategy, and `cost_matrix`, which exports it so that anyone can
//! check a plan's optimality.
//!
//! With `H = config.half_life_days` and `d` the days between a past
//! assignment and the plan date, a past assignment weighs
//! `decay(d) = H / (H + d)` (1 on the day, 1/2 after `H` days, 1/3 after `2H`).
//! For participant `p` and target `t`:
//!
//! - `R` = sum of `decay` over `p`'s past assignments on `t`;
//!   `rotation = R / (1 + R)`: recent and frequent turns on `t` cost more.
//! - `L` = sum of `decay` over all of `p`'s past assignments;
//!   `load = L / (1 + L)`: people who worked a lot lately cost more.
//! - `skill` = the share of `t.required_skills` that `p` lacks (0 when none required).
//!
//! `cost = weights.rotation * rotation + weights.skill * skill + weights.load * load`,
//! rounded to micro-units (6 decimals). Every term lies in `[0, 1]`.
//!
//! A pair is infeasible (no cost, `null` in the matrix) when `p` is
//! unavailable or takes no slot (`max_assignments` 0), when `t.skills_hard`
//! and `p` lacks one of its skills, or when `avoid_consecutive` is set and `t`
//! was one of `p`'s targets on `p`'s most recent history date.
//!
//! Only `+ - * /` and rounding are used (no `exp` or `pow`, whose results
//! differ between math libraries), and sums run in a fixed order, so the
//! costs are bit-identical on every platform.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::instance::{INFEASIBLE, Instance};
use super::problem::Problem;
use crate::error::Result;

/// Micro-units in one unit of cost.
pub(crate) const MICROS: f64 = 1_000_000.0;

/// The weight of a past assignment `days` before the plan date.
pub(crate) fn decay(days: f64, half_life: f64) -> f64 {
    half_life / (half_life + days)
}

/// A cost in micro-units as the number reported in plans and matrices.
pub(crate) fn to_units(micros: i64) -> f64 {
    micros as f64 / MICROS
}

/// The full cost matrix of a problem, with ids in the problem's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostMatrix {
    /// Participant ids, one per row.
    pub participants: Vec<String>,
    /// Target ids, one per column.
    pub targets: Vec<String>,
    /// `costs[i][j]`: the cost of participant `i` on target `j`, `None` (`null`) when infeasible.
    pub costs: Vec<Vec<Option<f64>>>,
}

impl CostMatrix {
    /// The matrix as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Validates `problem` and returns the cost of every (participant, target) pair.
pub fn cost_matrix(problem: &Problem) -> Result<CostMatrix> {
    problem.validate()?;
    let inst = Instance::new(problem);
    // Internal indices are in id order; the matrix follows the problem's order.
    let mut p_internal = vec![0usize; inst.n];
    for (i, &o) in inst.pin.iter().enumerate() {
        p_internal[o] = i;
    }
    let mut t_internal = vec![0usize; inst.m];
    for (i, &o) in inst.tin.iter().enumerate() {
        t_internal[o] = i;
    }
    let costs = (0..inst.n)
        .map(|o| {
            let p = p_internal[o];
            (0..inst.m)
                .map(|ot| {
                    let c = inst.cost(p, t_internal[ot]);
                    (c != INFEASIBLE).then(|| to_units(c))
                })
                .collect()
        })
        .collect();
    Ok(CostMatrix {
        participants: problem.participants.iter().map(|p| p.id.clone()).collect(),
        targets: problem.targets.iter().map(|t| t.id.clone()).collect(),
        costs,
    })
}

/// Required skills of every target and the skills of every participant as
/// bit sets over the skills that some target requires.
pub(crate) struct SkillSets {
    words: usize,
    participants: Vec<u64>,
    targets: Vec<u64>,
    required: Vec<u32>,
    known: Vec<u32>,
}

impl SkillSets {
    /// Interns the skills of a compiled instance.
    pub fn new(inst: &Instance<'_>) -> Self {
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for t in &inst.problem.targets {
            for s in &t.required_skills {
                let next = ids.len();
                ids.entry(s.as_str()).or_insert(next);
            }
        }
        let words = ids.len().div_ceil(64).max(1);
        let mut participants = vec![0u64; inst.n * words];
        for p in 0..inst.n {
            for s in &inst.participant(p).skills {
                if let Some(&bit) = ids.get(s.as_str()) {
                    participants[p * words + bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        let mut targets = vec![0u64; inst.m * words];
        let mut required = vec![0u32; inst.m];
        for t in 0..inst.m {
            for s in &inst.target(t).required_skills {
                if let Some(&bit) = ids.get(s.as_str()) {
                    targets[t * words + bit / 64] |= 1 << (bit % 64);
                }
            }
            required[t] = targets[t * words..(t + 1) * words]
                .iter()
                .map(|w| w.count_ones())
                .sum();
        }
        let known = (0..inst.n)
            .map(|p| {
                let set: std::collections::BTreeSet<&str> = inst
                    .participant(p)
                    .skills
                    .iter()
                    .map(String::as_str)
                    .collect();
                set.len() as u32
            })
            .collect();
        Self {
            words,
            participants,
            targets,
            required,
            known,
        }
    }

    /// Distinct skills target `t` requires.
    pub fn required(&self, t: usize) -> u32 {
        self.required[t]
    }

    /// Distinct skills participant `p` has.
    pub fn known(&self, p: usize) -> u32 {
        self.known[p]
    }

    /// Required skills of `t` that `p` lacks.
    pub fn missing(&self, p: usize, t: usize) -> u32 {
        let w = self.words;
        self.targets[t * w..(t + 1) * w]
            .iter()
            .zip(&self.participants[p * w..(p + 1) * w])
            .map(|(need, has)| (need & !has).count_ones())
            .sum()
    }
}

/// The dense cost matrix of a compiled instance, participant-major, in micro-units.
pub(crate) fn dense_costs(inst: &Instance<'_>) -> Vec<i64> {
    let (n, m) = (inst.n, inst.m);
    let config = &inst.problem.config;
    let w = config.weights;
    let skills = SkillSets::new(inst);
    let hard: Vec<bool> = (0..m).map(|t| inst.target(t).skills_hard).collect();
    let mut out = vec![INFEASIBLE; n * m];
    for p in 0..n {
        if inst.cap[p] == 0 {
            continue;
        }
        let ph = &inst.participant_history[p];
        let load = ph.decay / (1.0 + ph.decay);
        let pairs = &inst.pair_history[p];
        let mut next_pair = 0;
        let row = &mut out[p * m..(p + 1) * m];
        for (t, slot) in row.iter_mut().enumerate() {
            let mut rotation_sum = 0.0;
            if next_pair < pairs.len() && pairs[next_pair].0 as usize == t {
                rotation_sum = pairs[next_pair].1.decay;
                next_pair += 1;
            }
            let missing = skills.missing(p, t);
            if missing > 0 && hard[t] {
                continue;
            }
            if config.avoid_consecutive && inst.is_repeat(p, t) {
                continue;
            }
            let rotation = rotation_sum / (1.0 + rotation_sum);
            let skill = if skills.required[t] == 0 {
                0.0
            } else {
                f64::from(missing) / f64::from(skills.required[t])
            };
            let cost = w.rotation * rotation + w.skill * skill + w.load * load;
            *slot = (cost * MICROS).round() as i64;
        }
    }
    out
}

/// The skills of `t` that `p` has and lacks, in the target's order.
pub(crate) fn skill_match(inst: &Instance<'_>, p: usize, t: usize) -> (Vec<String>, Vec<String>) {
    let has: std::collections::BTreeSet<&str> = inst
        .participant(p)
        .skills
        .iter()
        .map(String::as_str)
        .collect();
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for s in &inst.target(t).required_skills {
        if has.contains(s.as_str()) {
            if !matched.contains(s) {
                matched.push(s.clone());
            }
        } else if !missing.contains(s) {
            missing.push(s.clone());
        }
    }
    (matched, missing)
}
