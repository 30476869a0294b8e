//! A validated `Problem` compiled for the strategies: participants and
//! targets indexed in id order (so that plans do not depend on input order),
//! history summarised per participant and per pair, skills and groups
//! interned, and the dense cost matrix.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::cost;
use super::problem::Problem;

/// Marks a participant without a group.
pub(crate) const NO_GROUP: u32 = u32::MAX;
/// Marks a target without a group limit.
pub(crate) const NO_LIMIT: u32 = u32::MAX;
/// Cost of a pair that breaks a hard constraint.
pub(crate) const INFEASIBLE: i64 = i64::MAX;

/// What the history says about one participant on one target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PairHistory {
    /// How many past assignments.
    pub count: u32,
    /// The most recent one.
    pub last: NaiveDate,
    /// Sum of the decayed weights of those assignments.
    pub decay: f64,
}

/// What the history says about one participant over all targets.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ParticipantHistory {
    /// How many past assignments.
    pub count: u32,
    /// The date of the most recent one.
    pub last: Option<NaiveDate>,
    /// The targets (internal indices, ascending) of the most recent date.
    pub last_targets: Vec<u32>,
    /// Sum of the decayed weights of all past assignments.
    pub decay: f64,
}

/// The compiled problem.
pub(crate) struct Instance<'a> {
    /// The validated problem.
    pub problem: &'a Problem,
    /// Participant count.
    pub n: usize,
    /// Target count.
    pub m: usize,
    /// Internal participant index to input index (internal order is by id).
    pub pin: Vec<usize>,
    /// Internal target index to input index (internal order is by id).
    pub tin: Vec<usize>,
    /// Slots each participant can take (0 when unavailable).
    pub cap: Vec<u32>,
    /// Slots each target needs.
    pub demand: Vec<u32>,
    /// Priority rank of each target: 1 for the lowest priority, up to `levels`.
    pub rank: Vec<u32>,
    /// Number of distinct priorities.
    pub levels: u32,
    /// Group of each participant (`NO_GROUP` when none).
    pub group_of: Vec<u32>,
    /// Group limit of each target (`NO_LIMIT` when none).
    pub group_limit: Vec<u32>,
    /// Per-participant history, by internal index.
    pub participant_history: Vec<ParticipantHistory>,
    /// Per-pair history: for each participant, (target, history) ascending by target.
    pub pair_history: Vec<Vec<(u32, PairHistory)>>,
    /// Dense cost matrix in micro-units, participant-major; `INFEASIBLE` marks forbidden pairs.
    pub cost: Vec<i64>,
}

impl<'a> Instance<'a> {
    /// Compiles a problem that passed `Problem::validate`.
    pub fn new(problem: &'a Problem) -> Self {
        let n = problem.participants.len();
        let m = problem.targets.len();
        let mut pin: Vec<usize> = (0..n).collect();
        pin.sort_by(|&a, &b| problem.participants[a].id.cmp(&problem.participants[b].id));
        let mut tin: Vec<usize> = (0..m).collect();
        tin.sort_by(|&a, &b| problem.targets[a].id.cmp(&problem.targets[b].id));
        let mut p_index = BTreeMap::new();
        for (i, &orig) in pin.iter().enumerate() {
            p_index.insert(problem.participants[orig].id.as_str(), i as u32);
        }
        let mut t_index = BTreeMap::new();
        for (i, &orig) in tin.iter().enumerate() {
            t_index.insert(problem.targets[orig].id.as_str(), i as u32);
        }

        let cap = pin
            .iter()
            .map(|&o| {
                let p = &problem.participants[o];
                if p.available {
                    (p.max_assignments.max(0) as u32).min(m as u32)
                } else {
                    0
                }
            })
            .collect();
        let demand = tin
            .iter()
            .map(|&o| problem.targets[o].required_count.max(0) as u32)
            .collect();
        let mut priorities: Vec<i32> = problem.targets.iter().map(|t| t.priority).collect();
        priorities.sort_unstable();
        priorities.dedup();
        let rank = tin
            .iter()
            .map(|&o| {
                let p = problem.targets[o].priority;
                priorities.partition_point(|&x| x < p) as u32 + 1
            })
            .collect();
        let mut group_names: BTreeMap<&str, u32> = BTreeMap::new();
        for p in &problem.participants {
            if let Some(g) = &p.group {
                let next = group_names.len() as u32;
                group_names.entry(g.as_str()).or_insert(next);
            }
        }
        let group_of = pin
            .iter()
            .map(|&o| match &problem.participants[o].group {
                Some(g) => group_names.get(g.as_str()).copied().unwrap_or(NO_GROUP),
                None => NO_GROUP,
            })
            .collect();
        let group_limit = tin
            .iter()
            .map(|&o| match problem.targets[o].max_per_group {
                Some(k) => k.max(0) as u32,
                None => NO_LIMIT,
            })
            .collect();

        let (participant_history, pair_history) = summarise_history(problem, &p_index, &t_index);
        let mut inst = Self {
            problem,
            n,
            m,
            pin,
            tin,
            cap,
            demand,
            rank,
            levels: priorities.len() as u32,
            group_of,
            group_limit,
            participant_history,
            pair_history,
            cost: Vec::new(),
        };
        inst.cost = cost::dense_costs(&inst);
        inst
    }

    /// The cost of participant `p` on target `t` (internal indices).
    pub fn cost(&self, p: usize, t: usize) -> i64 {
        self.cost[p * self.m + t]
    }

    /// Whether participant `p` may take a slot of target `t` at all.
    pub fn feasible(&self, p: usize, t: usize) -> bool {
        self.cost(p, t) != INFEASIBLE
    }

    /// The participant record of internal index `p`.
    pub fn participant(&self, p: usize) -> &'a super::problem::PlanParticipant {
        &self.problem.participants[self.pin[p]]
    }

    /// The target record of internal index `t`.
    pub fn target(&self, t: usize) -> &'a super::problem::PlanTarget {
        &self.problem.targets[self.tin[t]]
    }

    /// What the history says about `p` on `t`.
    pub fn pair(&self, p: usize, t: usize) -> Option<&PairHistory> {
        let list = &self.pair_history[p];
        list.binary_search_by_key(&(t as u32), |(k, _)| *k)
            .ok()
            .map(|i| &list[i].1)
    }

    /// Whether `t` is a target of `p`'s most recent assignment date.
    pub fn is_repeat(&self, p: usize, t: usize) -> bool {
        self.participant_history[p]
            .last_targets
            .binary_search(&(t as u32))
            .is_ok()
    }

    /// Targets by priority, highest first, then by id: the order greedy strategies fill them.
    pub fn targets_by_priority(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.m).collect();
        order.sort_by_key(|&t| (std::cmp::Reverse(self.rank[t]), t));
        order
    }

    /// Days from `date` to the plan date.
    pub fn days_before(&self, date: NaiveDate) -> i64 {
        (self.problem.date - date).num_days().max(0)
    }
}

fn summarise_history(
    problem: &Problem,
    p_index: &BTreeMap<&str, u32>,
    t_index: &BTreeMap<&str, u32>,
) -> (Vec<ParticipantHistory>, Vec<Vec<(u32, PairHistory)>>) {
    let n = problem.participants.len();
    let mut entries: Vec<(u32, u32, NaiveDate)> = problem
        .history
        .iter()
        .filter_map(|h| {
            let p = *p_index.get(h.participant_id.as_str())?;
            let t = *t_index.get(h.target_id.as_str())?;
            Some((p, t, h.date))
        })
        .collect();
    // A fixed summation order makes the float sums identical whatever the input order.
    entries.sort_unstable();
    let half_life = f64::from(problem.config.half_life_days.max(1));
    let mut participants = vec![ParticipantHistory::default(); n];
    let mut pairs: Vec<Vec<(u32, PairHistory)>> = vec![Vec::new(); n];
    for &(p, t, date) in &entries {
        let days = (problem.date - date).num_days().max(0) as f64;
        let weight = cost::decay(days, half_life);
        let ph = &mut participants[p as usize];
        ph.count += 1;
        ph.decay += weight;
        match ph.last {
            Some(last) if last > date => {}
            Some(last) if last == date => {
                if ph.last_targets.last() != Some(&t) {
                    ph.last_targets.push(t);
                }
            }
            _ => {
                ph.last = Some(date);
                ph.last_targets.clear();
                ph.last_targets.push(t);
            }
        }
        let list = &mut pairs[p as usize];
        match list.last_mut() {
            Some((lt, pair)) if *lt == t => {
                pair.count += 1;
                pair.last = pair.last.max(date);
                pair.decay += weight;
            }
            _ => list.push((
                t,
                PairHistory {
                    count: 1,
                    last: date,
                    decay: weight,
                },
            )),
        }
    }
    for ph in &mut participants {
        ph.last_targets.sort_unstable();
        ph.last_targets.dedup();
    }
    (participants, pairs)
}
