//! The `optimal` strategy's row-by-row solver, for problems where every
//! available participant will be used: one priority level, at most one
//! slot per person, no group limits, and no more people than slots.
//!
//! Then the optimum is the cheapest way to place every person, and people
//! can be placed one at a time, each by a shortest path from that person to
//! the nearest target with a free slot (the shortest augmenting path method
//! for rectangular assignment, on targets instead of slots). A search ends
//! at the first target with room, and while most targets have room that is
//! after a few settles; the slot-side solver (`optimal.rs`) would instead
//! look for the cheapest remaining person and settle every full target
//! first. Target potentials start at 0 and only fall once a target is full,
//! so targets with room keep potential 0: with the reduced costs kept
//! nonnegative, that is the optimality condition of the rectangular problem.
//!
//! Ties matter: cost models like ours make many paths equally short, and a
//! search that settled every full target before a free one at the same
//! distance would explore nearly all of them. So keys are `2 * distance`,
//! plus 1 for full targets: at equal distance a target with room pops first.
//!
//! If a person cannot be placed, the premise fails and the caller solves
//! from scratch with the slot-side solver.

use super::flow::Flow;
use super::instance::INFEASIBLE;
use super::optimal::{BLOCK, CACHE_TARGETS, NO_MOVE, SETTLED, relax_row};

/// Marks a step that starts at the placed person.
const ENTRY: u32 = u32::MAX;
/// Marks a table cell without a mover.
const NOBODY: u32 = u32::MAX;

/// Whether the row-by-row solver applies to the flow's problem.
pub(super) fn applies(flow: &Flow<'_, '_>) -> bool {
    let inst = flow.inst;
    let m = inst.m;
    if m > CACHE_TARGETS || inst.cap.iter().any(|&c| c > 1) {
        return false;
    }
    let mut ranks = (0..m).filter(|&t| inst.demand[t] > 0).map(|t| inst.rank[t]);
    let first = ranks.next();
    if ranks.any(|r| Some(r) != first) {
        return false;
    }
    let people = (0..inst.n)
        .filter(|&p| inst.cap[p] > 0 && (0..m).any(|t| inst.feasible(p, t)))
        .count() as u64;
    let slots: u64 = inst.demand.iter().map(|&d| u64::from(d)).sum();
    people <= slots
}

/// The row-by-row solver's state.
struct Rows<'f, 'i, 'a> {
    flow: &'f mut Flow<'i, 'a>,
    m: usize,
    /// Target potentials (0 while a target has room).
    pi: Vec<i64>,
    /// `-2 pi`, plus 1 for full targets and `BLOCK` for settled ones (one array for the hot loop).
    neg_pi_blocked: Vec<i64>,
    /// `out_cost[t * m + t2]`: cheapest `2 (c(p, t2) - c(p, t))` over members `p` of `t`.
    out_cost: Vec<i64>,
    /// Who achieves it.
    out_who: Vec<u32>,
    key: Vec<i64>,
    /// The target each reached target was reached from (`ENTRY`: from the person).
    prev: Vec<u32>,
    settled: Vec<(u32, i64)>,
}

/// Places every available person; returns false (leaving a partial flow)
/// when one cannot be placed.
pub(super) fn solve(flow: &mut Flow<'_, '_>) -> bool {
    let m = flow.m;
    let n = flow.n;
    let mut rows = Rows {
        flow,
        m,
        pi: vec![0; m],
        neg_pi_blocked: vec![0; m],
        out_cost: vec![NO_MOVE; m * m],
        out_who: vec![NOBODY; m * m],
        key: vec![i64::MAX; m],
        prev: vec![ENTRY; m],
        settled: Vec::new(),
    };
    for p in 0..n {
        let inst = rows.flow.inst;
        if inst.cap[p] == 0 || !(0..m).any(|t| inst.feasible(p, t)) {
            continue;
        }
        if !rows.place(p) {
            return false;
        }
    }
    true
}

impl Rows<'_, '_, '_> {
    /// The cheapest member of `t` to move to `t2`, or `(NO_MOVE, NOBODY)`.
    fn cheapest_move(&self, t: usize, t2: usize) -> (i64, u32) {
        let inst = self.flow.inst;
        let mut best = (NO_MOVE, NOBODY);
        if t == t2 {
            return best;
        }
        for &p in &self.flow.members[t] {
            let c = inst.cost(p as usize, t2);
            if c != INFEASIBLE {
                let candidate = (2 * (c - inst.cost(p as usize, t)), p);
                if candidate < best {
                    best = candidate;
                }
            }
        }
        best
    }

    /// Updates the table after `p` joined target `x`.
    fn joined(&mut self, p: usize, x: usize) {
        let m = self.m;
        let row = &self.flow.inst.cost[p * m..(p + 1) * m];
        let own = row[x];
        let cells = self.out_cost[x * m..(x + 1) * m]
            .iter_mut()
            .zip(&mut self.out_who[x * m..(x + 1) * m]);
        for (t2, (&c, (cost, who))) in row.iter().zip(cells).enumerate() {
            if c != INFEASIBLE && t2 != x && (2 * (c - own), p as u32) < (*cost, *who) {
                *cost = 2 * (c - own);
                *who = p as u32;
            }
        }
    }

    /// Updates the table after `p` left target `x`.
    fn left(&mut self, p: usize, x: usize) {
        for t2 in 0..self.m {
            if self.out_who[x * self.m + t2] == p as u32 {
                let (cost, who) = self.cheapest_move(x, t2);
                self.out_cost[x * self.m + t2] = cost;
                self.out_who[x * self.m + t2] = who;
            }
        }
    }

    /// Places participant `p` by a shortest path to a target with room.
    fn place(&mut self, p: usize) -> bool {
        let inst = self.flow.inst;
        let m = self.m;
        for &(t, _) in &self.settled {
            self.neg_pi_blocked[t as usize] -= BLOCK;
        }
        self.settled.clear();
        let row = &inst.cost[p * m..(p + 1) * m];
        for (t, &c) in row.iter().enumerate() {
            let full = i64::from(self.flow.fill[t] >= inst.demand[t]);
            self.key[t] = if c == INFEASIBLE {
                i64::MAX
            } else {
                2 * (c - self.pi[t]) + full
            };
            self.prev[t] = ENTRY;
        }
        let mut t = argmin(&self.key);
        let end = loop {
            let k = self.key[t];
            // Settled, unreached, or reached only through a cell without a mover.
            if k >= NO_MOVE / 2 {
                return false;
            }
            if self.flow.fill[t] < inst.demand[t] {
                break t;
            }
            // A full target: its key is 2 d + 1.
            let d = k >> 1;
            self.key[t] = SETTLED;
            self.neg_pi_blocked[t] += BLOCK;
            self.settled.push((t as u32, d));
            t = relax_row(
                t as u32,
                2 * (d + self.pi[t]),
                &self.out_cost[t * m..(t + 1) * m],
                &self.neg_pi_blocked,
                &mut self.key,
                &mut self.prev,
            );
        };
        let reach = self.key[end] >> 1;
        for &(t, d) in &self.settled {
            self.pi[t as usize] -= reach - d;
            self.neg_pi_blocked[t as usize] += 2 * (reach - d);
        }
        // Who moves on each step, read before the table changes.
        let mut steps = Vec::new();
        let mut to = end;
        while self.prev[to] != ENTRY {
            let from = self.prev[to] as usize;
            steps.push((from, to, self.out_who[from * m + to]));
            to = from;
        }
        self.flow.join(p, to);
        self.flow.used[p] += 1;
        self.flow.fill[end] += 1;
        if self.flow.fill[end] >= inst.demand[end] {
            self.neg_pi_blocked[end] += 1;
        }
        self.joined(p, to);
        for &(from, to, who) in steps.iter().rev() {
            let mover = who as usize;
            self.flow.leave(mover, from);
            self.left(mover, from);
            self.flow.join(mover, to);
            self.joined(mover, to);
        }
        true
    }
}

/// The index of the least value (the first one on ties).
fn argmin(values: &[i64]) -> usize {
    let least = values.iter().copied().min().unwrap_or(i64::MAX);
    values.iter().position(|&v| v == least).unwrap_or(0)
}
