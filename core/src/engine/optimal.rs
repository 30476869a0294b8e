//! The `optimal` strategy: which exact solver runs, and the slot-side one.
//!
//! - `rows.rs` when every available participant will be used (one priority
//!   level, one slot per person, no group limit, no more people than slots):
//!   people are placed one at a time. The benchmark's shape.
//! - Here otherwise, without group limits (and, with them, when the optimum
//!   without them happens to respect them): successive shortest paths run
//!   backwards from one open slot at a time, with a "phantom" participant per
//!   priority level that can fill any slot of its level at a prohibitive cost.
//! - `Flow::solve_multi_source` when group limits bind (or costs are too
//!   large for the phantom's cost to fit in 64 bits).
//!
//! Why a phantom: with it every slot gets filled, so the open slots can be
//! processed one by one in any order (as the Hungarian method processes
//! rows), and each search stops at the nearest spare participant. The
//! phantom's cost `M` exceeds the cost of any real assignment, so the optimum
//! uses as few phantom slots as possible (the most real slots, level by level
//! from the highest priority) and then the least real cost; phantom slots are
//! the plan's unfilled slots. Phantoms of a finished level can no longer
//! grow, so lower levels never take people away from higher ones.
//!
//! Participants are never search nodes: a path through one enters and
//! leaves it, so its potential cancels. The search is a dense Dijkstra over
//! the `m` targets: settling target `t` reads the cheapest spare participant
//! for `t` from a heap, and for every other target `t2` the cheapest member
//! of `t2` that could move to `t`, `min c(p, t) - c(p, t2)`. That minimum
//! does not depend on the potentials, so it is kept in an `m x m` table,
//! updated incrementally as members join and leave; a settle then costs one
//! tight pass over `m` cells, whatever the number of participants. (Above
//! `CACHE_TARGETS` targets the table would be too large, and the minimum is
//! computed from the members on each settle.)

use super::flow::Flow;
use super::instance::INFEASIBLE;

/// Most targets for which the `m x m` move table is kept (12 bytes a cell).
pub(super) const CACHE_TARGETS: usize = 2048;
/// Marks the phantom as the cheapest "member" to move.
const PHANTOM: u32 = u32::MAX;
/// Marks a cell of the move table where nobody can move.
const NOBODY: u32 = u32::MAX - 1;
/// Cost of a move-table cell where nobody can move. Every real distance
/// and potential stays below 2^59 (`phantom_cost` checks), so a value built
/// on this loses against any of them and cannot overflow.
pub(super) const NO_MOVE: i64 = 1 << 61;
/// Added to the relaxed values of settled targets so that they never improve.
pub(super) const BLOCK: i64 = 1 << 62;
/// Search key of a settled target: above any reachable value, below any blocked one.
pub(super) const SETTLED: i64 = (1 << 62) - (1 << 60);

/// Where a search's path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// A spare participant (first) takes a slot of a target (second).
    Participant(u32, u32),
    /// The phantom takes a slot of a target.
    Phantom(u32),
}

/// The backward solver's state over a flow.
struct Solver<'f, 'i, 'a> {
    flow: &'f mut Flow<'i, 'a>,
    m: usize,
    /// Phantom slots per target.
    phantom: Vec<u32>,
    /// Cost of a phantom slot.
    big: i64,
    /// Target potentials.
    pi: Vec<i64>,
    /// Whether the move table is kept.
    cached: bool,
    /// `move_cost[t * m + t2]`: cheapest `c(p, t) - c(p, t2)` over who may move from `t2` to `t`.
    move_cost: Vec<i64>,
    /// Who achieves it: a participant, `PHANTOM`, or `NOBODY`.
    move_who: Vec<u32>,
    // Search state.
    /// Tentative distance of unsettled targets, `SETTLED` for settled ones.
    key: Vec<i64>,
    /// `pi`, plus `BLOCK` for settled targets (one array for the hot loop).
    pi_blocked: Vec<i64>,
    /// The target (towards the open slot) each reached target's path continues to.
    next_to: Vec<u32>,
    /// Settled targets with their distances.
    settled: Vec<(u32, i64)>,
}

impl Flow<'_, '_> {
    /// Solves exactly from the empty flow: most filled slots level by level
    /// from the highest priority, then least total cost.
    pub fn solve_optimal(&mut self) {
        let Some(big) = phantom_cost(self) else {
            return self.solve_multi_source();
        };
        if !self.target_groups.iter().any(|g| !g.is_empty()) {
            if super::rows::applies(self) {
                if super::rows::solve(self) {
                    return;
                }
                *self = Flow::new(self.inst);
            }
            return Solver::new(self, big, None).run();
        }
        // The optimum without group limits is the optimum with them when it
        // happens to respect them (the feasible set only shrinks).
        let mut relaxed = Flow::without_group_limits(self.inst);
        Solver::new(&mut relaxed, big, None).run();
        let pairs = relaxed.pairs();
        drop(relaxed);
        for (p, t) in pairs {
            if !self.can_add(p as usize, t as usize) {
                *self = Flow::new(self.inst);
                return self.solve_multi_source();
            }
            self.add(p as usize, t as usize);
        }
    }

    /// `solve_optimal` with the move table forced on or off (for tests).
    #[cfg(test)]
    pub fn solve_optimal_with_table(&mut self, cached: bool) {
        if let Some(big) = phantom_cost(self) {
            Solver::new(self, big, Some(cached)).run();
        }
    }
}

/// A phantom cost above any difference of real costs, if every value the
/// search computes then stays below 2^59.
fn phantom_cost(flow: &Flow<'_, '_>) -> Option<i64> {
    let inst = flow.inst;
    let max_cost = inst
        .cost
        .iter()
        .filter(|&&c| c != INFEASIBLE)
        .max()
        .copied()
        .unwrap_or(0);
    let demand: i128 = inst.demand.iter().map(|&d| i128::from(d)).sum();
    let supply: i128 = inst.cap.iter().map(|&c| i128::from(c)).sum();
    let big = demand.min(supply) * i128::from(max_cost) + 1;
    let bound = 4 * (big + (inst.m as i128 + 2) * i128::from(max_cost));
    (bound < (1i128 << 59)).then_some(big as i64)
}

/// Relaxes every target from the settled one `from` (at `base = dist -
/// pi[from]`) through its row of the move table, and returns the target of
/// least key (the lowest index on ties; a settled one only when no
/// unsettled target is reachable, and its key then ends the search).
pub(super) fn relax_row(
    from: u32,
    base: i64,
    cost: &[i64],
    pi_blocked: &[i64],
    key: &mut [i64],
    next_to: &mut [u32],
) -> usize {
    let mut least = i64::MAX;
    let mut least_at = 0;
    let cells = cost.iter().zip(pi_blocked);
    for (i, ((&c, &p), (k, to))) in cells
        .zip(key.iter_mut().zip(next_to.iter_mut()))
        .enumerate()
    {
        let value = base + p + c;
        if value < *k {
            *k = value;
            *to = from;
        }
        if *k < least {
            least = *k;
            least_at = i;
        }
    }
    least_at
}

/// The index of the least value (the first one on ties).
fn argmin(values: &[i64]) -> usize {
    let least = values.iter().copied().min().unwrap_or(i64::MAX);
    values.iter().position(|&v| v == least).unwrap_or(0)
}

impl<'f, 'i, 'a> Solver<'f, 'i, 'a> {
    fn new(flow: &'f mut Flow<'i, 'a>, big: i64, cached: Option<bool>) -> Self {
        let m = flow.m;
        let cached = cached.unwrap_or(m <= CACHE_TARGETS);
        let cells = if cached { m * m } else { 0 };
        Self {
            flow,
            m,
            phantom: vec![0; m],
            big,
            pi: vec![0; m],
            cached,
            move_cost: vec![NO_MOVE; cells],
            move_who: vec![NOBODY; cells],
            key: vec![i64::MAX; m],
            pi_blocked: vec![0; m],
            next_to: vec![0; m],
            settled: Vec::new(),
        }
    }

    fn run(&mut self) {
        let inst = self.flow.inst;
        for level in (1..=inst.levels).rev() {
            for t in 0..self.m {
                if inst.rank[t] != level {
                    continue;
                }
                while self.flow.fill[t] < inst.demand[t] {
                    self.augment(t, level);
                }
            }
        }
        // Phantom slots are open slots: the real fill is what members hold.
        for t in 0..self.m {
            self.flow.fill[t] -= self.phantom[t];
        }
    }

    /// The cheapest way to move someone of `t2` to `t`: a member that may
    /// take `t`, or a phantom slot of the same level (cost difference 0).
    fn cheapest_move(&self, t: usize, t2: usize) -> (i64, u32) {
        let inst = self.flow.inst;
        let mut best = (i64::MAX, NOBODY);
        if t == t2 {
            return (NO_MOVE, NOBODY);
        }
        for &p in &self.flow.members[t2] {
            let c = inst.cost(p as usize, t);
            if c == INFEASIBLE || self.flow.held[p as usize].contains(&(t as u32)) {
                continue;
            }
            let candidate = (c - inst.cost(p as usize, t2), p);
            if candidate < best {
                best = candidate;
            }
        }
        if self.phantom[t2] > 0 && inst.rank[t2] == inst.rank[t] && (0, PHANTOM) < best {
            best = (0, PHANTOM);
        }
        if best.1 == NOBODY {
            best.0 = NO_MOVE;
        }
        best
    }

    fn set_cell(&mut self, t: usize, t2: usize, cell: (i64, u32)) {
        let i = t * self.m + t2;
        self.move_cost[i] = cell.0;
        self.move_who[i] = cell.1;
    }

    fn cell(&self, t: usize, t2: usize) -> (i64, u32) {
        let i = t * self.m + t2;
        (self.move_cost[i], self.move_who[i])
    }

    /// Updates the table after `p` joined target `x`.
    fn joined(&mut self, p: usize, x: usize) {
        if !self.cached {
            return;
        }
        let inst = self.flow.inst;
        let m = self.m;
        let row = &inst.cost[p * m..(p + 1) * m];
        let own = row[x];
        let held = &self.flow.held[p];
        for (t, &c) in row.iter().enumerate() {
            if c == INFEASIBLE || t == x || (held.len() > 1 && held.contains(&(t as u32))) {
                continue;
            }
            let i = t * m + x;
            // Cells without a mover hold NO_MOVE with NOBODY, above any real candidate.
            if (c - own, p as u32) < (self.move_cost[i], self.move_who[i]) {
                self.move_cost[i] = c - own;
                self.move_who[i] = p as u32;
            }
        }
        // `p` holds `x` now, so it can no longer move to `x` from its other targets.
        for i in 0..self.flow.held[p].len() {
            let other = self.flow.held[p][i] as usize;
            if other != x && self.cell(x, other).1 == p as u32 {
                let cell = self.cheapest_move(x, other);
                self.set_cell(x, other, cell);
            }
        }
    }

    /// Updates the table after `p` left target `x`.
    fn left(&mut self, p: usize, x: usize) {
        if !self.cached {
            return;
        }
        for t in 0..self.m {
            if self.move_who[t * self.m + x] == p as u32 {
                let cell = self.cheapest_move(t, x);
                self.set_cell(t, x, cell);
            }
        }
        // `p` may move to `x` again from its other targets.
        for i in 0..self.flow.held[p].len() {
            let other = self.flow.held[p][i] as usize;
            let cell = self.cheapest_move(x, other);
            self.set_cell(x, other, cell);
        }
    }

    /// Updates the table after the phantom count of `x` changed.
    fn phantom_changed(&mut self, x: usize) {
        if !self.cached {
            return;
        }
        let rank = self.flow.inst.rank[x];
        for t in 0..self.m {
            if self.flow.inst.rank[t] == rank && t != x {
                let cell = self.cheapest_move(t, x);
                self.set_cell(t, x, cell);
            }
        }
    }

    /// One backward Dijkstra from target `open` to the nearest spare
    /// participant (or the phantom of `level`), then the augmentation along
    /// the path and the potential update.
    fn augment(&mut self, open: usize, level: u32) {
        let inst = self.flow.inst;
        let m = self.m;
        for &(t, _) in &self.settled {
            self.pi_blocked[t as usize] -= BLOCK;
        }
        self.settled.clear();
        self.key.iter_mut().for_each(|k| *k = i64::MAX);
        self.key[open] = 0;
        // The open slot's own phantom bounds every path (it is of the level).
        let mut best = i64::MAX;
        let mut start = Start::Phantom(open as u32);
        let mut t = open;
        loop {
            let d = self.key[t];
            if d >= best {
                break;
            }
            self.key[t] = SETTLED;
            self.pi_blocked[t] += BLOCK;
            self.settled.push((t as u32, d));
            let base = d - self.pi[t];
            if let Some((c, p)) = self.flow.best_spare(t)
                && base + c < best
            {
                best = base + c;
                start = Start::Participant(p as u32, t as u32);
            }
            if inst.rank[t] == level && base + self.big < best {
                best = base + self.big;
                start = Start::Phantom(t as u32);
            }
            t = if self.cached {
                relax_row(
                    t as u32,
                    base,
                    &self.move_cost[t * m..(t + 1) * m],
                    &self.pi_blocked,
                    &mut self.key,
                    &mut self.next_to,
                )
            } else {
                for t2 in 0..m {
                    if self.key[t2] != SETTLED {
                        let value = base + self.pi[t2] + self.cheapest_move(t, t2).0;
                        if value < self.key[t2] {
                            self.key[t2] = value;
                            self.next_to[t2] = t as u32;
                        }
                    }
                }
                argmin(&self.key)
            };
        }
        for &(t, d) in &self.settled {
            self.pi[t as usize] += best - d;
            self.pi_blocked[t as usize] += best - d;
        }
        // Who moves on each step, read before the table changes.
        let mut steps = Vec::new();
        let mut t = match start {
            Start::Participant(_, t) | Start::Phantom(t) => t as usize,
        };
        while t != open {
            let to = self.next_to[t] as usize;
            let who = if self.cached {
                self.move_who[to * m + t]
            } else {
                self.cheapest_move(to, t).1
            };
            steps.push((t, to, who));
            t = to;
        }
        match start {
            Start::Participant(p, t) => {
                self.flow.join(p as usize, t as usize);
                self.flow.used[p as usize] += 1;
                self.joined(p as usize, t as usize);
            }
            Start::Phantom(t) => {
                self.phantom[t as usize] += 1;
                self.phantom_changed(t as usize);
            }
        }
        for (t, to, who) in steps {
            if who == PHANTOM {
                self.phantom[t] -= 1;
                self.phantom[to] += 1;
                self.phantom_changed(t);
                self.phantom_changed(to);
            } else {
                let p = who as usize;
                self.flow.leave(p, t);
                self.left(p, t);
                self.flow.join(p, to);
                self.joined(p, to);
            }
        }
        self.flow.fill[open] += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::instance::Instance;
    use super::super::problem::{HistoryEntry, PlanParticipant, PlanTarget, Problem};
    use super::super::random::SplitMix64;
    use super::Flow;

    /// A random small problem: some unavailable people, hard and soft
    /// skills, several priorities, capacities above 1, history.
    fn problem(seed: u64) -> Problem {
        sized_problem(seed, 9, 6)
    }

    fn sized_problem(seed: u64, max_n: u64, max_m: u64) -> Problem {
        let mut rng = SplitMix64::new(seed);
        let n = 1 + rng.below(max_n) as usize;
        let m = 1 + rng.below(max_m) as usize;
        let skills = ["a", "b", "c"];
        let participants = (0..n)
            .map(|i| {
                let mut p = PlanParticipant::new(format!("p{i}"), &[]);
                p.skills = skills
                    .iter()
                    .filter(|_| rng.below(2) == 0)
                    .map(|s| s.to_string())
                    .collect();
                p.available = rng.below(6) != 0;
                p.max_assignments = rng.below(3) as i32;
                if rng.below(2) == 0 {
                    p.group = Some(format!("g{}", rng.below(2)));
                }
                p
            })
            .collect();
        let targets = (0..m)
            .map(|j| {
                let mut t = PlanTarget::new(format!("t{j}"), rng.below(4) as i32);
                t.required_skills = skills
                    .iter()
                    .filter(|_| rng.below(3) == 0)
                    .map(|s| s.to_string())
                    .collect();
                t.skills_hard = rng.below(3) == 0;
                t.priority = rng.below(3) as i32;
                if rng.below(3) == 0 {
                    t.max_per_group = Some(1 + rng.below(2) as i32);
                }
                t
            })
            .collect();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        let history = (0..rng.below(4 * n as u64))
            .map(|_| {
                HistoryEntry::new(
                    format!("p{}", rng.below(n as u64)),
                    format!("t{}", rng.below(m as u64)),
                    date - chrono::Days::new(rng.below(40)),
                )
            })
            .collect();
        let mut problem = Problem {
            date,
            participants,
            targets,
            history,
            config: Default::default(),
        };
        problem.config.avoid_consecutive = rng.below(2) == 0;
        let w = &mut problem.config.weights;
        w.rotation = rng.below(300) as f64 / 100.0;
        w.skill = rng.below(300) as f64 / 100.0;
        w.load = rng.below(300) as f64 / 100.0;
        problem.config.half_life_days = 1 + rng.below(30) as u32;
        problem
    }

    /// Filled slots per priority level (highest first), then the total cost.
    fn objective(inst: &Instance<'_>, flow: &Flow<'_, '_>) -> (Vec<u32>, i64) {
        let mut fill = vec![0u32; inst.levels as usize + 1];
        let mut cost = 0;
        for (p, t) in flow.pairs() {
            fill[inst.rank[t as usize] as usize] += 1;
            cost += inst.cost(p as usize, t as usize);
        }
        fill.reverse();
        (fill, cost)
    }

    #[test]
    fn row_solver_agrees_where_it_applies() {
        let (mut checked, mut solved) = (0, 0);
        for seed in 0..1500 {
            let mut problem = sized_problem(seed, 40, 8);
            for p in &mut problem.participants {
                p.max_assignments = p.max_assignments.min(1);
                p.group = None;
            }
            let (n, m) = (problem.participants.len(), problem.targets.len());
            for t in &mut problem.targets {
                t.priority = 1;
                // Barely enough slots: most targets fill up, so paths are long.
                t.required_count = n.div_ceil(m) as i32;
            }
            let inst = Instance::new(&problem);
            let mut rows = Flow::new(&inst);
            if !super::super::rows::applies(&rows) {
                continue;
            }
            checked += 1;
            let mut slots = Flow::new(&inst);
            slots.solve_optimal_with_table(true);
            if super::super::rows::solve(&mut rows) {
                assert_eq!(
                    objective(&inst, &rows),
                    objective(&inst, &slots),
                    "seed {seed}"
                );
                solved += 1;
            }
        }
        assert!(
            checked > 500,
            "only {checked} problems in the row solver's shape"
        );
        assert!(solved > 300, "only {solved} problems solved row by row");
    }

    #[test]
    fn solvers_agree_on_random_problems() {
        for seed in 0..600 {
            let problem = problem(seed);
            let inst = Instance::new(&problem);
            let mut with_table = Flow::new(&inst);
            with_table.solve_optimal_with_table(true);
            let mut without_table = Flow::new(&inst);
            without_table.solve_optimal_with_table(false);
            let mut multi = Flow::new(&inst);
            multi.solve_multi_source();
            let mut chosen = Flow::new(&inst);
            chosen.solve_optimal();
            let expected = objective(&inst, &multi);
            assert_eq!(objective(&inst, &chosen), expected, "seed {seed}");
            if inst
                .group_limit
                .iter()
                .all(|&k| k == super::super::instance::NO_LIMIT)
            {
                assert_eq!(objective(&inst, &with_table), expected, "seed {seed}");
                assert_eq!(objective(&inst, &without_table), expected, "seed {seed}");
            }
        }
    }
}
