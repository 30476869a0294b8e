//! The `random` strategy and its generator: SplitMix64, a tiny PRNG defined
//! by integer arithmetic alone, so that a seed gives the same plan on every
//! platform (and no OS entropy is needed on wasm32).

use super::flow::Flow;
use super::instance::Instance;

/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit state advanced by a
/// constant and mixed by two multiply-xorshift rounds.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `0..bound` (`bound > 0`), without modulo bias (rejection).
    pub fn below(&mut self, bound: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % bound);
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % bound;
            }
        }
    }
}

/// Fills targets by priority, each slot with a participant drawn uniformly
/// among those who may take it.
pub(crate) fn assign(inst: &Instance<'_>, flow: &mut Flow<'_, '_>, seed: u64) {
    let mut rng = SplitMix64::new(seed);
    let mut eligible = Vec::with_capacity(inst.n);
    for t in inst.targets_by_priority() {
        for _ in 0..inst.demand[t] {
            eligible.clear();
            eligible.extend((0..inst.n).filter(|&p| flow.can_add(p, t)));
            if eligible.is_empty() {
                break;
            }
            let pick = eligible[rng.below(eligible.len() as u64) as usize];
            flow.add(pick, t);
        }
    }
}
