//! The flow network every strategy's assignment lives in, the augmenting
//! paths that top up the greedy strategies, and the general exact solver.
//!
//! The network: source `s` -> participant `p` (capacity `cap[p]`) -> target
//! `t` (capacity 1: one slot of a target per person, cost `c(p, t)`) -> sink
//! `Z` (capacity `required_count`). A target with `max_per_group = k` gets a
//! node per group `(t, g)` between its participants of group `g` and itself,
//! with capacity `k` on `(t, g) -> t`; it is created only where the group has
//! more than `k` eligible people, as elsewhere the limit cannot bind.
//!
//! `optimal` picks one of three exact solvers (see `optimal.rs`); the one
//! here, `solve_multi_source`, handles every case, group nodes included. It
//! is successive shortest paths with potentials, in priority levels from the
//! highest: while a deficit target of the level is reachable, Dijkstra from
//! all spare participants at once finds the cheapest augmenting path to one
//! and the flow grows by one unit along it. Since a unit of flow into a level
//! never leaves it and higher-level deficit targets stay unreachable once
//! they are, this maximises the fill of every level from the highest down
//! (the fillable slots form a matroid), and, by the usual potential argument,
//! then minimises the total cost exactly.
//!
//! Participants are never search nodes: every path through a participant
//! enters and leaves it, so its potential cancels out, and Dijkstra runs over
//! the "hubs" only (targets and group nodes): settling a hub scans its
//! members' cost rows, and the source's arcs are read from one queue per hub
//! of the spare participants ordered by cost.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::instance::{INFEASIBLE, Instance, NO_GROUP, NO_LIMIT};

/// How a search reached a hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pred {
    /// Not reached.
    None,
    /// From the source through a spare participant that joins the hub.
    Enter(u32),
    /// From a hub (first) whose member (second) leaves it to join this hub.
    Move(u32, u32),
    /// From a group node into its target (a group slot used).
    Up(u32),
    /// From a target into one of its group nodes (a group slot freed).
    Down(u32),
}

/// Heap key of the sink in a search (0 pops first on ties).
const SINK: u32 = 0;
/// No hub.
const NO_HUB: u32 = u32::MAX;

/// The assignment state of a problem as a flow, with the search machinery.
pub(crate) struct Flow<'i, 'a> {
    pub(super) inst: &'i Instance<'a>,
    pub(super) n: usize,
    pub(super) m: usize,
    /// Number of groups (`group_hub` has `m * groups` entries when any target is limited).
    pub(super) groups: usize,
    /// Hub of (target, group), `NO_HUB` where the group goes straight to the target.
    pub(super) group_hub: Vec<u32>,
    /// Target of every hub (hubs `0..m` are the targets themselves).
    pub(super) hub_target: Vec<u32>,
    /// Group limit of group hubs (`NO_LIMIT` for target hubs).
    pub(super) hub_limit: Vec<u32>,
    /// Group hubs of every target.
    pub(super) target_groups: Vec<Vec<u32>>,
    /// Participants that entered each hub.
    pub(super) members: Vec<Vec<u32>>,
    /// Targets each participant holds.
    pub(super) held: Vec<Vec<u32>>,
    /// Slots each participant holds.
    pub(super) used: Vec<u32>,
    /// Slots filled on each target.
    pub(super) fill: Vec<u32>,
    /// Per hub, the participants that may enter it, cheapest first (built on first use).
    pub(super) spare: Vec<SpareQueue>,
    // Search state.
    pub(super) pi: Vec<i64>,
    pub(super) pi_source: i64,
    pub(super) pi_sink: i64,
    pub(super) dist: Vec<i64>,
    pub(super) pred: Vec<Pred>,
    pub(super) settled: Vec<u32>,
    pub(super) settled_list: Vec<u32>,
    pub(super) epoch: u32,
    pub(super) heap: BinaryHeap<Reverse<(i64, u32)>>,
}

impl<'i, 'a> Flow<'i, 'a> {
    /// An empty flow (nobody assigned) over a compiled instance.
    pub fn new(inst: &'i Instance<'a>) -> Self {
        Self::build(inst, true)
    }

    /// An empty flow that ignores `max_per_group` (the relaxation `optimal` tries first).
    pub fn without_group_limits(inst: &'i Instance<'a>) -> Self {
        Self::build(inst, false)
    }

    fn build(inst: &'i Instance<'a>, group_limits: bool) -> Self {
        let (n, m) = (inst.n, inst.m);
        let limited = group_limits && inst.group_limit.iter().any(|&k| k != NO_LIMIT);
        let groups = if limited {
            inst.group_of
                .iter()
                .filter(|&&g| g != NO_GROUP)
                .map(|&g| g as usize + 1)
                .max()
                .unwrap_or(0)
        } else {
            0
        };
        let mut hub_target: Vec<u32> = (0..m as u32).collect();
        let mut hub_limit = vec![NO_LIMIT; m];
        let mut target_groups = vec![Vec::new(); m];
        let mut group_hub = vec![NO_HUB; m * groups];
        if groups > 0 {
            let mut eligible = vec![0u32; groups];
            for t in 0..m {
                let limit = inst.group_limit[t];
                if limit == NO_LIMIT {
                    continue;
                }
                eligible.iter_mut().for_each(|e| *e = 0);
                for p in 0..n {
                    let g = inst.group_of[p];
                    if g != NO_GROUP && inst.feasible(p, t) {
                        eligible[g as usize] += 1;
                    }
                }
                for (g, &count) in eligible.iter().enumerate() {
                    if count > limit {
                        let hub = hub_target.len() as u32;
                        hub_target.push(t as u32);
                        hub_limit.push(limit);
                        target_groups[t].push(hub);
                        group_hub[t * groups + g] = hub;
                    }
                }
            }
        }
        let hubs = hub_target.len();
        Self {
            inst,
            n,
            m,
            groups,
            group_hub,
            hub_target,
            hub_limit,
            target_groups,
            members: vec![Vec::new(); hubs],
            held: vec![Vec::new(); n],
            used: vec![0; n],
            fill: vec![0; m],
            spare: Vec::new(),
            pi: vec![0; hubs],
            pi_source: 0,
            pi_sink: 0,
            dist: vec![i64::MAX; hubs],
            pred: vec![Pred::None; hubs],
            settled: vec![0; hubs],
            settled_list: Vec::new(),
            epoch: 0,
            heap: BinaryHeap::new(),
        }
    }

    fn build_spare_heaps(&self) -> Vec<SpareQueue> {
        let mut lists: Vec<Vec<u64>> = vec![Vec::new(); self.hub_target.len()];
        for p in 0..self.n {
            if self.inst.cap[p] == 0 {
                continue;
            }
            let row = &self.inst.cost[p * self.m..(p + 1) * self.m];
            for (t, &c) in row.iter().enumerate() {
                if c != INFEASIBLE {
                    lists[self.entry(p, t)].push(key(c, p));
                }
            }
        }
        lists
            .into_iter()
            .map(|mut sorted| {
                sorted.sort_unstable();
                SpareQueue {
                    sorted,
                    cursor: 0,
                    returned: BinaryHeap::new(),
                }
            })
            .collect()
    }

    /// The hub through which participant `p` enters target `t`.
    fn entry(&self, p: usize, t: usize) -> usize {
        let g = self.inst.group_of[p];
        if self.groups > 0 && g != NO_GROUP {
            let hub = self.group_hub[t * self.groups + g as usize];
            if hub != NO_HUB {
                return hub as usize;
            }
        }
        t
    }

    /// Whether `p` may join target `t` now: the pair is feasible, `p` has a
    /// spare slot, does not hold `t`, and `t` and its group slot have room.
    pub fn can_add(&self, p: usize, t: usize) -> bool {
        if !self.inst.feasible(p, t)
            || self.used[p] >= self.inst.cap[p]
            || self.fill[t] >= self.inst.demand[t]
            || self.held[p].contains(&(t as u32))
        {
            return false;
        }
        let hub = self.entry(p, t);
        hub < self.m || (self.members[hub].len() as u32) < self.hub_limit[hub]
    }

    /// Assigns `p` to a slot of `t`; the caller checked `can_add`.
    pub fn add(&mut self, p: usize, t: usize) {
        let hub = self.entry(p, t);
        self.join(p, hub);
        self.used[p] += 1;
        self.fill[t] += 1;
    }

    /// Slots held by participant `p`.
    pub fn used(&self, p: usize) -> u32 {
        self.used[p]
    }

    /// Every (participant, target) pair of the flow, ascending.
    pub fn pairs(&self) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = self
            .members
            .iter()
            .enumerate()
            .flat_map(|(hub, ps)| ps.iter().map(move |&p| (p, hub)))
            .map(|(p, hub)| (p, self.hub_target[hub]))
            .collect();
        out.sort_unstable();
        out
    }

    pub(super) fn join(&mut self, p: usize, hub: usize) {
        self.members[hub].push(p as u32);
        self.held[p].push(self.hub_target[hub]);
    }

    pub(super) fn leave(&mut self, p: usize, hub: usize) {
        let t = self.hub_target[hub];
        if let Some(i) = self.members[hub].iter().position(|&x| x as usize == p) {
            self.members[hub].swap_remove(i);
        }
        if let Some(i) = self.held[p].iter().position(|&x| x == t) {
            self.held[p].swap_remove(i);
        }
        if self.used[p] < self.inst.cap[p] {
            let c = self.inst.cost(p, t as usize);
            if let Some(queue) = self.spare.get_mut(hub) {
                queue.returned.push(Reverse(key(c, p)));
            }
        }
    }

    /// The cheapest spare participant that may enter `hub`, dropping stale entries.
    pub(super) fn best_spare(&mut self, hub: usize) -> Option<(i64, usize)> {
        if self.spare.is_empty() {
            self.spare = self.build_spare_heaps();
        }
        let t = self.hub_target[hub];
        let queue = &mut self.spare[hub];
        loop {
            let sorted = queue.sorted.get(queue.cursor).copied();
            let returned = queue.returned.peek().map(|r| r.0);
            let (k, from_sorted) = match (sorted, returned) {
                (Some(a), Some(b)) if b < a => (b, false),
                (Some(a), _) => (a, true),
                (None, Some(b)) => (b, false),
                (None, None) => return None,
            };
            let p = (k & 0xffff_ffff) as usize;
            // A full participant never becomes spare again (source arcs only grow);
            // one that holds the target comes back through `returned` when it leaves.
            if self.used[p] >= self.inst.cap[p] || self.held[p].contains(&t) {
                if from_sorted {
                    queue.cursor += 1;
                } else {
                    queue.returned.pop();
                }
                continue;
            }
            return Some(((k >> 32) as i64, p));
        }
    }

    /// Solves exactly from the empty flow: most filled slots level by level
    /// from the highest priority, then least total cost.
    pub fn solve_multi_source(&mut self) {
        for level in (1..=self.inst.levels).rev() {
            let mut remaining = self.deficit(level);
            if remaining == 0 {
                continue;
            }
            // New arcs t -> Z of this level have reduced cost pi[t] - pi_sink >= 0.
            self.pi_sink = (0..self.m)
                .filter(|&t| self.inst.rank[t] == level && self.inst.demand[t] > 0)
                .map(|t| self.pi[t])
                .min()
                .unwrap_or(0);
            while remaining > 0 && self.shortest_augment(level) {
                remaining -= 1;
            }
        }
    }

    /// Fills what greedy strategies left open with augmenting paths (costs
    /// ignored), level by level from the highest priority.
    pub fn repair(&mut self) {
        for level in (1..=self.inst.levels).rev() {
            let mut remaining = self.deficit(level);
            while remaining > 0 && self.any_augment(level) {
                remaining -= 1;
            }
        }
    }

    fn deficit(&self, level: u32) -> u32 {
        (0..self.m)
            .filter(|&t| self.inst.rank[t] == level)
            .map(|t| self.inst.demand[t] - self.fill[t].min(self.inst.demand[t]))
            .sum()
    }

    fn relax(&mut self, hub: usize, value: i64, pred: Pred) {
        if value < self.dist[hub] {
            self.dist[hub] = value;
            self.pred[hub] = pred;
            self.heap.push(Reverse((value, hub as u32 + 1)));
        }
    }

    /// Relaxes every hub that member `p` of `from` can move to, at `base + c(p, t')`.
    fn relax_moves(&mut self, p: usize, base: i64, from: usize) {
        let m = self.m;
        let row = &self.inst.cost[p * m..(p + 1) * m];
        let held = &self.held[p];
        let simple = self.groups == 0 || self.inst.group_of[p] == NO_GROUP;
        for (t2, &c) in row.iter().enumerate() {
            if c == INFEASIBLE {
                continue;
            }
            let hub = if simple { t2 } else { self.entry(p, t2) };
            let value = base + c - self.pi[hub];
            if value < self.dist[hub] && !held.contains(&(t2 as u32)) {
                self.dist[hub] = value;
                self.pred[hub] = Pred::Move(from as u32, p as u32);
                self.heap.push(Reverse((value, hub as u32 + 1)));
            }
        }
    }

    /// One Dijkstra from the source to the sink of `level`; on success the
    /// flow grows by one unit along the path found and the potentials are
    /// updated. Returns whether a path existed.
    fn shortest_augment(&mut self, level: u32) -> bool {
        self.epoch += 1;
        let epoch = self.epoch;
        self.heap.clear();
        self.settled_list.clear();
        self.dist.iter_mut().for_each(|d| *d = i64::MAX);
        for hub in 0..self.hub_target.len() {
            if let Some((c, p)) = self.best_spare(hub) {
                let value = c + self.pi_source - self.pi[hub];
                self.relax(hub, value, Pred::Enter(p as u32));
            }
        }
        let mut sink: Option<(i64, usize)> = None;
        let mut sink_dist = 0;
        let mut found = false;
        while let Some(Reverse((d, k))) = self.heap.pop() {
            if k == SINK {
                sink_dist = d;
                found = true;
                break;
            }
            let hub = (k - 1) as usize;
            if self.settled[hub] == epoch || self.dist[hub] != d {
                continue;
            }
            self.settled[hub] = epoch;
            self.settled_list.push(hub as u32);
            let t = self.hub_target[hub] as usize;
            if hub < self.m {
                if self.inst.rank[t] == level && self.fill[t] < self.inst.demand[t] {
                    let value = d + self.pi[t] - self.pi_sink;
                    if sink.is_none_or(|(best, _)| value < best) {
                        sink = Some((value, t));
                        self.heap.push(Reverse((value, SINK)));
                    }
                }
                for i in 0..self.target_groups[t].len() {
                    let g = self.target_groups[t][i] as usize;
                    if !self.members[g].is_empty() {
                        let value = d + self.pi[t] - self.pi[g];
                        self.relax(g, value, Pred::Down(t as u32));
                    }
                }
            } else if (self.members[hub].len() as u32) < self.hub_limit[hub] {
                let value = d + self.pi[hub] - self.pi[t];
                self.relax(t, value, Pred::Up(hub as u32));
            }
            for i in 0..self.members[hub].len() {
                let p = self.members[hub][i] as usize;
                let base = d + self.pi[hub] - self.inst.cost(p, t);
                self.relax_moves(p, base, hub);
            }
        }
        let Some((_, last)) = sink.filter(|_| found) else {
            return false;
        };

        for i in 0..self.settled_list.len() {
            let hub = self.settled_list[i] as usize;
            self.pi[hub] += self.dist[hub] - sink_dist;
        }
        self.pi_source -= sink_dist;
        self.apply_path(last);
        true
    }

    /// Breadth-first search for any augmenting path to a deficit target of
    /// `level`, applied when found.
    fn any_augment(&mut self, level: u32) -> bool {
        self.epoch += 1;
        let epoch = self.epoch;
        let mut queue = VecDeque::new();
        for hub in 0..self.hub_target.len() {
            if let Some((_, p)) = self.best_spare(hub) {
                self.settled[hub] = epoch;
                self.pred[hub] = Pred::Enter(p as u32);
                queue.push_back(hub);
            }
        }
        while let Some(hub) = queue.pop_front() {
            let t = self.hub_target[hub] as usize;
            let mut next: Vec<(usize, Pred)> = Vec::new();
            if hub < self.m {
                if self.inst.rank[t] == level && self.fill[t] < self.inst.demand[t] {
                    self.apply_path(t);
                    return true;
                }
                for &g in &self.target_groups[t] {
                    if !self.members[g as usize].is_empty() {
                        next.push((g as usize, Pred::Down(t as u32)));
                    }
                }
            } else if (self.members[hub].len() as u32) < self.hub_limit[hub] {
                next.push((t, Pred::Up(hub as u32)));
            }
            for &p in &self.members[hub] {
                let p = p as usize;
                for t2 in 0..self.m {
                    if self.inst.feasible(p, t2) && !self.held[p].contains(&(t2 as u32)) {
                        next.push((self.entry(p, t2), Pred::Move(hub as u32, p as u32)));
                    }
                }
            }
            for (h, pred) in next {
                if self.settled[h] != epoch {
                    self.settled[h] = epoch;
                    self.pred[h] = pred;
                    queue.push_back(h);
                }
            }
        }
        false
    }

    /// Applies the path recorded in `pred` that ends with target `last` -> sink.
    fn apply_path(&mut self, last: usize) {
        self.fill[last] += 1;
        let mut hub = last;
        loop {
            match self.pred[hub] {
                Pred::Enter(p) => {
                    self.join(p as usize, hub);
                    self.used[p as usize] += 1;
                    return;
                }
                Pred::Move(from, p) => {
                    self.leave(p as usize, from as usize);
                    self.join(p as usize, hub);
                    hub = from as usize;
                }
                Pred::Up(g) => hub = g as usize,
                Pred::Down(t) => hub = t as usize,
                Pred::None => return,
            }
        }
    }
}

/// The participants that may enter a hub, cheapest first: a sorted list read
/// once from the front, plus a heap of those who left the hub while spare.
pub(crate) struct SpareQueue {
    sorted: Vec<u64>,
    cursor: usize,
    returned: BinaryHeap<Reverse<u64>>,
}

/// Heap key of a spare participant: the cost (below 2^32 micro-units by the
/// weight limits) above the participant index, so ties break by index.
fn key(cost: i64, p: usize) -> u64 {
    ((cost as u64) << 32) | p as u64
}
