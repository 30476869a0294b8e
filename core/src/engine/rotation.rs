//! The `balanced_rotation` strategy: the original product's history-aware
//! greedy. Each slot goes to the person who did the target least recently,
//! then least often, then has the fewest past assignments overall.

use std::cmp::Reverse;

use super::flow::Flow;
use super::instance::Instance;

/// Fills targets by priority, each slot with the most "rested" participant on it.
pub(crate) fn assign(inst: &Instance<'_>, flow: &mut Flow<'_, '_>) {
    for t in inst.targets_by_priority() {
        for _ in 0..inst.demand[t] {
            let best = (0..inst.n)
                .filter(|&p| flow.can_add(p, t))
                .min_by_key(|&p| {
                    let (days, count) = match inst.pair(p, t) {
                        Some(h) => (inst.days_before(h.last), h.count),
                        None => (i64::MAX, 0),
                    };
                    (
                        flow.used(p),
                        Reverse(days),
                        count,
                        inst.participant_history[p].count,
                        p,
                    )
                });
            match best {
                Some(p) => flow.add(p, t),
                None => break,
            }
        }
    }
}
