//! Post-plan validators: whatever produced a plan (a strategy, or a person
//! editing one), these check it against the problem's hard rules. The
//! engine runs them after every strategy; `strict` mode turns a broken rule
//! into an error, `permissive` mode records it in the plan's `warnings`.

use std::collections::{BTreeMap, BTreeSet};

use super::plan::Plan;
use super::problem::{PlanParticipant, PlanTarget, Problem};
use crate::error::{Violation, Violations};

/// Every hard rule `plan` breaks for `problem`, each at `assignments/<index>`
/// (or `targets/<index>` for a target's totals) with its rule name:
/// `reference`, `availability`, `skills`, `avoid_consecutive`, `duplicate`,
/// `max_assignments`, `capacity`, `max_per_group`.
pub fn validate_plan(problem: &Problem, plan: &Plan) -> Vec<Violation> {
    let mut v = Violations::new();
    let participants: BTreeMap<&str, &PlanParticipant> = problem
        .participants
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let targets: BTreeMap<&str, (usize, &PlanTarget)> = problem
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), (i, t)))
        .collect();
    let last_targets = if problem.config.avoid_consecutive {
        most_recent_targets(problem)
    } else {
        BTreeMap::new()
    };
    let mut pairs = BTreeSet::new();
    let mut per_participant: BTreeMap<&str, (usize, i64)> = BTreeMap::new();
    let mut per_target: BTreeMap<&str, i64> = BTreeMap::new();
    let mut per_group: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for (i, a) in plan.assignments.iter().enumerate() {
        let path = format!("assignments/{i}");
        let (Some(p), Some(&(_, t))) = (
            participants.get(a.participant_id.as_str()),
            targets.get(a.target_id.as_str()),
        ) else {
            v.push(
                path,
                "reference",
                format!(
                    "unknown participant `{}` or target `{}`",
                    a.participant_id, a.target_id
                ),
            );
            continue;
        };
        if !p.available {
            v.push(
                &path,
                "availability",
                format!("`{}` is not available on {}", p.id, problem.date),
            );
        }
        if t.skills_hard {
            let lacks: Vec<&str> = t
                .required_skills
                .iter()
                .filter(|s| !p.skills.contains(s))
                .map(String::as_str)
                .collect();
            if !lacks.is_empty() {
                v.push(
                    &path,
                    "skills",
                    format!(
                        "`{}` lacks {} required by `{}`",
                        p.id,
                        lacks.join(", "),
                        t.id
                    ),
                );
            }
        }
        if last_targets
            .get(p.id.as_str())
            .is_some_and(|last| last.contains(t.id.as_str()))
        {
            v.push(
                &path,
                "avoid_consecutive",
                format!("`{}` had `{}` in their most recent assignment", p.id, t.id),
            );
        }
        if !pairs.insert((p.id.as_str(), t.id.as_str())) {
            v.push(
                &path,
                "duplicate",
                format!("`{}` holds two slots of `{}`", p.id, t.id),
            );
        }
        let entry = per_participant.entry(p.id.as_str()).or_insert((i, 0));
        entry.1 += 1;
        if entry.1 == i64::from(p.max_assignments) + 1 {
            v.push(
                &path,
                "max_assignments",
                format!("`{}` takes more than {} slots", p.id, p.max_assignments),
            );
        }
        *per_target.entry(t.id.as_str()).or_insert(0) += 1;
        if let (Some(g), Some(_)) = (&p.group, t.max_per_group) {
            *per_group.entry((t.id.as_str(), g.as_str())).or_insert(0) += 1;
        }
    }
    for (id, count) in per_target {
        if let Some(&(i, t)) = targets.get(id)
            && count > i64::from(t.required_count)
        {
            v.push(
                format!("targets/{i}"),
                "capacity",
                format!("`{id}` gets {count} people for {} slots", t.required_count),
            );
        }
    }
    for ((id, group), count) in per_group {
        if let Some(&(i, t)) = targets.get(id)
            && let Some(k) = t.max_per_group
            && count > i64::from(k)
        {
            v.push(
                format!("targets/{i}"),
                "max_per_group",
                format!("`{id}` gets {count} people of group `{group}`, at most {k} allowed"),
            );
        }
    }
    v.into_vec()
}

/// For each participant with history, the targets of their most recent date.
fn most_recent_targets(problem: &Problem) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut last: BTreeMap<&str, (chrono::NaiveDate, BTreeSet<&str>)> = BTreeMap::new();
    for h in &problem.history {
        let entry = last
            .entry(h.participant_id.as_str())
            .or_insert((h.date, BTreeSet::new()));
        if h.date > entry.0 {
            *entry = (h.date, BTreeSet::new());
        }
        if h.date == entry.0 {
            entry.1.insert(h.target_id.as_str());
        }
    }
    last.into_iter().map(|(p, (_, ts))| (p, ts)).collect()
}
