//! The engine's input, a `Problem`: the canonical JSON interchange format that
//! Rust, Python and WASM callers share, its parsing (every error names the
//! path and the rule) and its validation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, Violation, Violations};
use crate::model::{AssignmentTarget, Json, Participant, PastAssignment};

/// Largest `participants x targets` product the engine accepts: its cost
/// matrix is dense (8 bytes a pair), so this bounds memory to about 200 MB.
pub const MAX_PAIRS: usize = 25_000_000;

/// Largest `required_count` of one target and `max_assignments` of one participant.
pub const MAX_COUNT: i32 = 1_000_000;

/// Largest value of one cost weight.
pub const MAX_WEIGHT: f64 = 1000.0;

/// Largest `half_life_days`.
pub const MAX_HALF_LIFE_DAYS: u32 = 36_500;

fn yes() -> bool {
    true
}

fn one() -> i32 {
    1
}

/// Everything the engine needs to plan one date: who, where, what happened
/// before, and how to decide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// The date the plan is for (`YYYY-MM-DD`).
    pub date: NaiveDate,
    /// The people who can be assigned.
    pub participants: Vec<PlanParticipant>,
    /// The tasks or places to fill.
    pub targets: Vec<PlanTarget>,
    /// Past assignments (default: none), for rotation and load.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Strategy and its parameters (default: every default of `PlanConfig`).
    #[serde(default)]
    pub config: PlanConfig,
}

/// A participant as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanParticipant {
    /// Unique id (the SDK passes UUIDs).
    pub id: String,
    /// Name shown to people (default: empty).
    #[serde(default)]
    pub name: String,
    /// Skill names (default: none).
    #[serde(default)]
    pub skills: Vec<String>,
    /// Whether the participant can be assigned on the date (default: true).
    #[serde(default = "yes")]
    pub available: bool,
    /// Most slots this participant takes in the plan, at most one per target (default: 1).
    #[serde(default = "one")]
    pub max_assignments: i32,
    /// Group for the targets' `max_per_group` limit (default: none, never limited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// A target (task or place) as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTarget {
    /// Unique id (the SDK passes UUIDs).
    pub id: String,
    /// Name shown to people and used in reasons (default: the id).
    #[serde(default)]
    pub name: String,
    /// How many people it needs (default: 1).
    #[serde(default = "one")]
    pub required_count: i32,
    /// Skills the people should have (default: none).
    #[serde(default)]
    pub required_skills: Vec<String>,
    /// Whether a missing skill excludes a person (true) or only costs (false, the default).
    #[serde(default)]
    pub skills_hard: bool,
    /// Higher priorities are filled first when people are short (default: 1).
    #[serde(default = "one")]
    pub priority: i32,
    /// At most this many people of one group (default: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_per_group: Option<i32>,
}

/// One past assignment: who was where, on which date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// The participant's id (must be one of the problem's participants).
    pub participant_id: String,
    /// The target's id (must be one of the problem's targets).
    pub target_id: String,
    /// The date of the assignment, on or before the problem's date.
    pub date: NaiveDate,
}

/// How the engine decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlanConfig {
    /// The strategy (default: `optimal`).
    pub strategy: Strategy,
    /// Seed of the `random` strategy (default: 0); the same seed gives the same plan.
    pub seed: u64,
    /// Plan what can be filled and list the rest as unfilled, instead of failing (default: false).
    pub allow_partial: bool,
    /// Nobody gets the target of their most recent assignment (default: false).
    pub avoid_consecutive: bool,
    /// Weights of the cost terms.
    pub weights: Weights,
    /// Days after which a past assignment counts half (default: 14).
    pub half_life_days: u32,
    /// What the post-plan validators do with a broken rule (default: `strict`).
    pub validation: ValidationMode,
}

impl Default for PlanConfig {
    fn default() -> Self {
        Self {
            strategy: Strategy::default(),
            seed: 0,
            allow_partial: false,
            avoid_consecutive: false,
            weights: Weights::default(),
            half_life_days: 14,
            validation: ValidationMode::default(),
        }
    }
}

/// Weights of the three cost terms (each term lies in `[0, 1]`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Weight of the rotation penalty (recent and frequent turns on the same target; default 0.7).
    pub rotation: f64,
    /// Weight of the missing-soft-skills penalty (default 1.0).
    pub skill: f64,
    /// Weight of the recent-load penalty (all targets; default 0.3).
    pub load: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            rotation: 0.7,
            skill: 1.0,
            load: 0.3,
        }
    }
}

/// An assignment strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Uniformly random among eligible people, reproducible from `seed`.
    Random,
    /// Greedy: people who did the target least recently and least often first.
    BalancedRotation,
    /// Greedy: people with the most of the required skills first.
    SkillBased,
    /// Exact: most filled slots (higher priority first), then least total cost.
    #[default]
    Optimal,
}

impl Strategy {
    /// Every strategy, in a fixed order.
    pub const ALL: [Strategy; 4] = [
        Strategy::Random,
        Strategy::BalancedRotation,
        Strategy::SkillBased,
        Strategy::Optimal,
    ];

    /// The strategy's JSON name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Random => "random",
            Self::BalancedRotation => "balanced_rotation",
            Self::SkillBased => "skill_based",
            Self::Optimal => "optimal",
        }
    }
}

impl std::fmt::Display for Strategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the post-plan validators do with a broken rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidationMode {
    /// A broken rule fails the plan with a validation error.
    #[default]
    Strict,
    /// A broken rule is recorded in the plan's `warnings`.
    Permissive,
}

impl Problem {
    /// The problem of planning `date` from stored records, as the `Client`
    /// loads them: inactive participants and targets are left out, each
    /// participant's `available` is derived from its `Availability` for the
    /// date, and history entries naming a left-out record or dated after
    /// `date` are dropped (so that the result always validates on ids).
    pub fn from_models(
        date: NaiveDate,
        participants: &[Participant],
        targets: &[AssignmentTarget],
        history: &[PastAssignment],
        config: PlanConfig,
    ) -> Self {
        let participants: Vec<PlanParticipant> = participants
            .iter()
            .filter(|p| p.is_active)
            .map(|p| PlanParticipant::from_model(p, date))
            .collect();
        let targets: Vec<PlanTarget> = targets
            .iter()
            .filter(|t| t.is_active)
            .map(PlanTarget::from_model)
            .collect();
        let known_p: std::collections::BTreeSet<&str> =
            participants.iter().map(|p| p.id.as_str()).collect();
        let known_t: std::collections::BTreeSet<&str> =
            targets.iter().map(|t| t.id.as_str()).collect();
        let history = history
            .iter()
            .filter(|h| h.date <= date)
            .map(HistoryEntry::from_model)
            .filter(|h| {
                known_p.contains(h.participant_id.as_str())
                    && known_t.contains(h.target_id.as_str())
            })
            .collect();
        Self {
            date,
            participants,
            targets,
            history,
            config,
        }
    }

    /// Parses and validates a problem from its JSON text.
    pub fn from_json(text: &str) -> Result<Self> {
        let mut de = serde_json::Deserializer::from_str(text);
        let problem: Problem =
            serde_path_to_error::deserialize(&mut de).map_err(|e| parse_error(&e))?;
        de.end().map_err(|e| json_error("", &e))?;
        problem.validate()?;
        Ok(problem)
    }

    /// Parses and validates a problem from a JSON value (as the bindings pass it).
    pub fn from_value(value: Json) -> Result<Self> {
        let problem: Problem =
            serde_path_to_error::deserialize(value).map_err(|e| parse_error(&e))?;
        problem.validate()?;
        Ok(problem)
    }

    /// The problem as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks every rule of the format, reporting all broken ones at once:
    /// unique non-empty ids, counts in range, known ids and past dates in
    /// history, finite weights in range, and the size limit.
    pub fn validate(&self) -> Result<()> {
        let mut v = Violations::new();
        let mut seen = std::collections::BTreeMap::new();
        for (i, p) in self.participants.iter().enumerate() {
            let path = format!("participants/{i}");
            check_id(&mut v, &path, &p.id, &mut seen, "participant");
            check_count(
                &mut v,
                &format!("{path}/max_assignments"),
                p.max_assignments,
                0,
            );
        }
        let participant_ids = seen;
        let mut seen = std::collections::BTreeMap::new();
        for (i, t) in self.targets.iter().enumerate() {
            let path = format!("targets/{i}");
            check_id(&mut v, &path, &t.id, &mut seen, "target");
            check_count(
                &mut v,
                &format!("{path}/required_count"),
                t.required_count,
                0,
            );
            if let Some(k) = t.max_per_group {
                check_count(&mut v, &format!("{path}/max_per_group"), k, 1);
            }
        }
        let target_ids = seen;
        for (i, h) in self.history.iter().enumerate() {
            let path = format!("history/{i}");
            if !participant_ids.contains_key(h.participant_id.as_str()) {
                v.push(
                    format!("{path}/participant_id"),
                    "reference",
                    format!("unknown participant `{}`", h.participant_id),
                );
            }
            if !target_ids.contains_key(h.target_id.as_str()) {
                v.push(
                    format!("{path}/target_id"),
                    "reference",
                    format!("unknown target `{}`", h.target_id),
                );
            }
            if h.date > self.date {
                v.push(
                    format!("{path}/date"),
                    "not_after_plan_date",
                    format!("{} is after the plan date {}", h.date, self.date),
                );
            }
        }
        let w = &self.config.weights;
        for (name, value) in [
            ("rotation", w.rotation),
            ("skill", w.skill),
            ("load", w.load),
        ] {
            let path = format!("config/weights/{name}");
            if !value.is_finite() {
                v.push(path, "finite", "must be a finite number");
            } else if value < 0.0 {
                v.push(path, "minimum", "must be at least 0");
            } else if value > MAX_WEIGHT {
                v.push(path, "maximum", format!("must be at most {MAX_WEIGHT}"));
            }
        }
        let h = self.config.half_life_days;
        if h == 0 {
            v.push("config/half_life_days", "minimum", "must be at least 1");
        } else if h > MAX_HALF_LIFE_DAYS {
            v.push(
                "config/half_life_days",
                "maximum",
                format!("must be at most {MAX_HALF_LIFE_DAYS}"),
            );
        }
        let pairs = self.participants.len().saturating_mul(self.targets.len());
        if pairs > MAX_PAIRS {
            v.push(
                "participants",
                "max_size",
                format!(
                    "{} participants x {} targets is {pairs} pairs, more than the {MAX_PAIRS} the engine accepts",
                    self.participants.len(),
                    self.targets.len()
                ),
            );
        }
        v.into_result()
    }
}

fn check_id<'a>(
    v: &mut Violations,
    path: &str,
    id: &'a str,
    seen: &mut std::collections::BTreeMap<&'a str, usize>,
    kind: &str,
) {
    if id.is_empty() {
        v.push(format!("{path}/id"), "min_length", "must not be empty");
    } else if let Some(first) = seen.get(id) {
        v.push(
            format!("{path}/id"),
            "unique",
            format!("duplicate {kind} id `{id}` (first at index {first})"),
        );
    } else {
        let index = path.rsplit('/').next().and_then(|s| s.parse().ok());
        seen.insert(id, index.unwrap_or(0));
    }
}

fn check_count(v: &mut Violations, path: &str, value: i32, min: i32) {
    if value < min {
        v.push(
            path,
            "minimum",
            format!("must be at least {min}, got {value}"),
        );
    } else if value > MAX_COUNT {
        v.push(
            path,
            "maximum",
            format!("must be at most {MAX_COUNT}, got {value}"),
        );
    }
}

/// Turns a serde error with its path into a validation error naming the path and the rule.
fn parse_error(e: &serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = e
        .path()
        .iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect::<Vec<_>>()
        .join("/");
    json_error(&path, e.inner())
}

fn json_error(path: &str, e: &serde_json::Error) -> Error {
    let full = e.to_string();
    if e.is_syntax() || e.is_eof() {
        return Error::invalid(path_or_root(path), "json", format!("invalid JSON: {full}"));
    }
    // The position suffix is noise once the path is known.
    let message = match full.rfind(" at line ") {
        Some(at) if e.line() > 0 => full[..at].to_string(),
        _ => full,
    };
    let (rule, field) = if let Some(name) = quoted_after(&message, "missing field `") {
        ("required", Some(name))
    } else if message.starts_with("unknown field") {
        ("unknown_field", quoted_after(&message, "unknown field `"))
    } else if message.starts_with("unknown variant") {
        ("enum", None)
    } else if message.starts_with("duplicate field") {
        ("duplicate_field", None)
    } else {
        ("type", None)
    };
    let mut path = path.to_string();
    if let Some(field) = field
        && !path.ends_with(&format!("/{field}"))
        && path != field
    {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(&field);
    }
    Error::Validation(vec![Violation::new(path_or_root(&path), rule, message)])
}

fn path_or_root(path: &str) -> String {
    if path.is_empty() {
        "problem".to_string()
    } else {
        path.to_string()
    }
}

fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next().map(str::to_string)
}

impl PlanParticipant {
    /// A participant with an id and skills, every other field default.
    pub fn new(id: impl Into<String>, skills: &[&str]) -> Self {
        Self {
            id: id.into(),
            name: String::new(),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            available: true,
            max_assignments: 1,
            group: None,
        }
    }

    /// The engine's view of a stored participant on `date`: inactive
    /// participants and those whose `availability` excludes the date are unavailable.
    pub fn from_model(p: &Participant, date: NaiveDate) -> Self {
        Self {
            id: p.id.to_string(),
            name: p.name.clone(),
            skills: p.skills.clone(),
            available: p.is_active && p.availability.is_available_on(date),
            max_assignments: p.max_assignments,
            group: p.group.clone(),
        }
    }
}

impl PlanTarget {
    /// A target with an id and a head count, every other field default.
    pub fn new(id: impl Into<String>, required_count: i32) -> Self {
        Self {
            id: id.into(),
            name: String::new(),
            required_count,
            required_skills: Vec::new(),
            skills_hard: false,
            priority: 1,
            max_per_group: None,
        }
    }

    /// The engine's view of a stored target.
    pub fn from_model(t: &AssignmentTarget) -> Self {
        Self {
            id: t.id.to_string(),
            name: t.name.clone(),
            required_count: t.required_count,
            required_skills: t.required_skills.clone(),
            skills_hard: t.skills_hard,
            priority: t.priority,
            max_per_group: t.max_per_group,
        }
    }

    /// The name shown in reasons: the name, or the id when the name is empty.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

impl HistoryEntry {
    /// A history entry for `participant_id` on `target_id` at `date`.
    pub fn new(
        participant_id: impl Into<String>,
        target_id: impl Into<String>,
        date: NaiveDate,
    ) -> Self {
        Self {
            participant_id: participant_id.into(),
            target_id: target_id.into(),
            date,
        }
    }

    /// The engine's view of a stored past assignment.
    pub fn from_model(h: &PastAssignment) -> Self {
        Self {
            participant_id: h.participant_id.to_string(),
            target_id: h.target_id.to_string(),
            date: h.date,
        }
    }
}

impl PlanConfig {
    /// Parses a config from JSON (a rule configuration's parameters), rejecting unknown keys.
    pub fn from_value(value: Json) -> Result<Self> {
        let config: PlanConfig = serde_path_to_error::deserialize(value).map_err(|e| {
            let err = parse_error(&e);
            match err {
                Error::Validation(vs) => Error::Validation(
                    vs.into_iter()
                        .map(|v| {
                            let path = if v.path == "problem" {
                                "config".to_string()
                            } else {
                                format!("config/{}", v.path)
                            };
                            Violation::new(path, v.rule, v.message)
                        })
                        .collect(),
                ),
                other => other,
            }
        })?;
        Ok(config)
    }
}
