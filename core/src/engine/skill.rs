//! The `skill_based` strategy: greedy by skill match. Targets that need
//! more skills pick first (within a priority), and each slot goes to the
//! person who lacks the fewest required skills, sparing all-rounders.

use std::cmp::Reverse;

use super::cost::SkillSets;
use super::flow::Flow;
use super::instance::Instance;

/// Fills targets by priority and skill demand, each slot with the best-matching participant.
pub(crate) fn assign(inst: &Instance<'_>, flow: &mut Flow<'_, '_>) {
    let skills = SkillSets::new(inst);
    let known: Vec<u32> = (0..inst.n).map(|p| skills.known(p)).collect();
    let mut order: Vec<usize> = (0..inst.m).collect();
    order.sort_by_key(|&t| (Reverse(inst.rank[t]), Reverse(skills.required(t)), t));
    for t in order {
        for _ in 0..inst.demand[t] {
            let best = (0..inst.n)
                .filter(|&p| flow.can_add(p, t))
                .min_by_key(|&p| {
                    let missing = skills.missing(p, t);
                    let matched = skills.required(t) - missing;
                    // Skills beyond the target's: keep people who can do more for later.
                    let extra = known[p].saturating_sub(matched);
                    (missing, flow.used(p), extra, inst.cost(p, t), p)
                });
            match best {
                Some(p) => flow.add(p, t),
                None => break,
            }
        }
    }
}
