//! Rules on the typed inputs (names, counts, emails, skills): the checks the
//! `Client` runs before it writes, public so that the bindings apply the very
//! same rules client-side. Every check returns all violations, not the first.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Violation, Violations};
use crate::model::{
    Availability, DomainPatch, EntitySchema, Json, NewAssignment, NewDomain, NewParticipant,
    NewRuleConfiguration, NewTarget, NewUser, ParticipantPatch, TargetPatch, UserProfile,
};

/// Longest name of a participant, target or display name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest skill name, in characters.
pub const MAX_SKILL_CHARS: usize = 100;
/// Most people one target may need.
pub const MAX_REQUIRED_COUNT: i32 = 10_000;
/// Most slots one participant may take in one plan.
pub const MAX_ASSIGNMENTS_PER_PLAN: i32 = 1_000;
/// Shortest username, in characters.
pub const MIN_USERNAME_CHARS: usize = 3;
/// Longest username, in characters.
pub const MAX_USERNAME_CHARS: usize = 50;

#[allow(clippy::unwrap_used)] // constant pattern, covered by tests
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$").unwrap()
});

/// Typed input that can list the rules it breaks.
pub trait InputRules {
    /// Every broken rule (empty when the input is acceptable).
    fn violations(&self) -> Vec<Violation>;
}

/// Checks a slug (the rule of definition and field names): a lowercase
/// letter, then lowercase letters, digits or `_`, at most 63 characters.
pub fn check_slug(out: &mut Violations, path: &str, value: &str) {
    if !crate::validation::is_slug(value) {
        out.push(
            path,
            "pattern",
            "must be 1 to 63 characters: a lowercase letter, then lowercase letters, digits or `_`",
        );
    }
}

/// Checks a display name: not blank, at most `MAX_NAME_CHARS` characters.
pub fn check_name(out: &mut Violations, path: &str, value: &str) {
    if value.trim().is_empty() {
        out.push(path, "min_length", "must not be empty");
    } else if value.chars().count() > MAX_NAME_CHARS {
        out.push(
            path,
            "max_length",
            format!("must be at most {MAX_NAME_CHARS} characters"),
        );
    }
}

/// Checks an email address's shape (at most 254 characters).
pub fn check_email(out: &mut Violations, path: &str, value: &str) {
    if value.len() > 254 || !EMAIL.is_match(value) {
        out.push(
            path,
            "format",
            "must be an email address like name@example.org",
        );
    }
}

/// Checks optional free text against a length limit.
fn check_text(out: &mut Violations, path: &str, value: Option<&str>, max: usize) {
    if value.is_some_and(|v| v.chars().count() > max) {
        out.push(
            path,
            "max_length",
            format!("must be at most {max} characters"),
        );
    }
}

/// Checks that a free-form column holds a JSON object.
pub fn check_object(out: &mut Violations, path: &str, value: &Json) {
    if !value.is_object() {
        out.push(path, "type", "must be a JSON object");
    }
}

/// Checks a list of skill names: each non-blank, at most `MAX_SKILL_CHARS`, no duplicates.
pub fn check_skills(out: &mut Violations, path: &str, skills: &[String]) {
    let mut seen = std::collections::HashSet::new();
    for (i, skill) in skills.iter().enumerate() {
        if skill.trim().is_empty() {
            out.push(format!("{path}/{i}"), "min_length", "must not be empty");
        } else if skill.chars().count() > MAX_SKILL_CHARS {
            out.push(
                format!("{path}/{i}"),
                "max_length",
                format!("must be at most {MAX_SKILL_CHARS} characters"),
            );
        }
        if !seen.insert(skill.as_str()) {
            out.push(
                format!("{path}/{i}"),
                "unique",
                format!("`{skill}` is listed twice"),
            );
        }
    }
}

fn check_range(out: &mut Violations, path: &str, value: i32, min: i32, max: i32) {
    if value < min || value > max {
        out.push(
            path,
            if value < min { "min" } else { "max" },
            format!("must be between {min} and {max}"),
        );
    }
}

fn check_availability(out: &mut Violations, path: &str, availability: &Availability) {
    for (i, range) in availability.unavailable.iter().enumerate() {
        if range.from > range.to {
            out.push(
                format!("{path}/unavailable/{i}"),
                "range",
                "`from` must not be after `to`",
            );
        }
    }
}

impl InputRules for NewDomain {
    fn violations(&self) -> Vec<Violation> {
        let mut out = Violations::new();
        check_slug(&mut out, "name", &self.name);
        check_name(&mut out, "display_name", &self.display_name);
        check_text(&mut out, "description", self.description.as_deref(), 2_000);
        check_object(&mut out, "config", &self.config);
        check_object(&mut out, "business_rules", &self.business_rules);
        for (path, def) in [
            ("participant_definition", &self.participant_definition),
            ("target_definition", &self.target_definition),
        ] {
            if let Some(name) = def {
                check_slug(&mut out, path, name);
            }
        }
        out.into_vec()
    }
}

impl InputRules for DomainPatch {
    fn violations(&self) -> Vec<Violation> {
        let mut out = Violations::new();
        if let Some(v) = &self.display_name {
            check_name(&mut out, "display_name", v);
        }
        if let Some(v) = &self.description {
            check_text(&mut out, "description", v.as_deref(), 2_000);
        }
        if let Some(v) = &self.config {
            check_object(&mut out, "config", v);
        }
        if let Some(v) = &self.business_rules {
            check_object(&mut out, "business_rules", v);
        }
        for (path, def) in [
            ("participant_definition", &self.participant_definition),
            ("target_definition", &self.target_definition),
        ] {
            if let Some(Some(name)) = def {
                check_slug(&mut out, path, name);
            }
        }
        out.into_vec()
    }
}

impl InputRules for NewParticipant {
    fn violations(&self) -> Vec<Violation> {
        let patch = ParticipantPatch {
            name: Some(self.name.clone()),
            email: Some(self.email.clone()),
            skills: Some(self.skills.clone()),
            availability: Some(self.availability.clone()),
            preferences: Some(self.preferences.clone()),
            group: Some(self.group.clone()),
            max_assignments: Some(self.max_assignments),
            attributes: Some(self.attributes.clone()),
            metadata: Some(self.metadata.clone()),
            is_active: None,
        };
        patch.violations()
    }
}

impl InputRules for ParticipantPatch {
    fn violations(&self) -> Vec<Violation> {
        let mut out = Violations::new();
        if let Some(v) = &self.name {
            check_name(&mut out, "name", v);
        }
        if let Some(Some(v)) = &self.email {
            check_email(&mut out, "email", v);
        }
        if let Some(v) = &self.skills {
            check_skills(&mut out, "skills", v);
        }
        if let Some(v) = &self.availability {
            check_availability(&mut out, "availability", v);
        }
        if let Some(Some(v)) = &self.group {
            check_name(&mut out, "group", v);
        }
        if let Some(v) = self.max_assignments {
            check_range(&mut out, "max_assignments", v, 1, MAX_ASSIGNMENTS_PER_PLAN);
        }
        for (path, value) in [
            ("preferences", &self.preferences),
            ("attributes", &self.attributes),
            ("metadata", &self.metadata),
        ] {
            if let Some(v) = value {
                check_object(&mut out, path, v);
            }
        }
        out.into_vec()
    }
}

impl InputRules for NewTarget {
    fn violations(&self) -> Vec<Violation> {
        let patch = TargetPatch {
            name: Some(self.name.clone()),
            description: Some(self.description.clone()),
            required_count: Some(self.required_count),
            required_skills: Some(self.required_skills.clone()),
            skills_hard: Some(self.skills_hard),
            priority: Some(self.priority),
            max_per_group: Some(self.max_per_group),
            attributes: Some(self.attributes.clone()),
            metadata: Some(self.metadata.clone()),
            is_active: None,
        };
        patch.violations()
    }
}

impl InputRules for TargetPatch {
    fn violations(&self) -> Vec<Violation> {
        let mut out = Violations::new();
        if let Some(v) = &self.name {
            check_name(&mut out, "name", v);
        }
        if let Some(v) = &self.description {
            check_text(&mut out, "description", v.as_deref(), 2_000);
        }
        if let Some(v) = self.required_count {
            check_range(&mut out, "required_count", v, 1, MAX_REQUIRED_COUNT);
        }
        if let Some(v) = &self.required_skills {
            check_skills(&mut out, "required_skills", v);
        }
        if let Some(v) = self.priority {
            check_range(&mut out, "priority", v, 0, 1_000);
        }
        if let Some(Some(v)) = self.max_per_group {
            check_range(&mut out, "max_per_group", v, 1, MAX_REQUIRED_COUNT);
        }
        for (path, value) in [
            ("attributes", &self.attributes),
            ("metadata", &self.metadata),
        ] {
            if let Some(v) = value {
                check_object(&mut out, path, v);
            }
        }
        out.into_vec()
    }
}

impl InputRules for NewRuleConfiguration {
    fn violations(&self) -> Vec<Violation> {
        let mut out = Violations::new();
        check_slug(&mut out, "name", &self.name);
        check_slug(&mut out, "strategy", &self.strategy);
        check_object(&mut out, "parameters", &self.parameters);
        out.into_vec()
    }
}

impl InputRules for NewAssignment {
    fn violations(&self) -> Vec<Violation> {
        let mut out = Violations::new();
        check_slug(&mut out, "strategy", &self.strategy);
        check_object(&mut out, "config", &self.config);
        check_object(&mut out, "metrics", &self.metrics);
        check_text(&mut out, "notes", self.notes.as_deref(), 2_000);
        let mut placed = std::collections::HashSet::new();
        let mut slots = std::collections::HashSet::new();
        for (i, d) in self.details.iter().enumerate() {
            if d.position < 0 {
                out.push(format!("details/{i}/position"), "min", "must be 0 or more");
            }
            if !d.score.is_finite() {
                out.push(
                    format!("details/{i}/score"),
                    "type",
                    "must be a finite number",
                );
            }
            check_text(
                &mut out,
                &format!("details/{i}/reason"),
                Some(&d.reason),
                500,
            );
            if !placed.insert((d.participant_id, d.target_id)) {
                out.push(
                    format!("details/{i}"),
                    "unique",
                    "the participant is placed on this target twice",
                );
            }
            if !slots.insert((d.target_id, d.position)) {
                out.push(
                    format!("details/{i}/position"),
                    "unique",
                    "two placements share a target and position",
                );
            }
        }
        out.into_vec()
    }
}

impl InputRules for UserProfile {
    fn violations(&self) -> Vec<Violation> {
        let mut out = Violations::new();
        check_text(&mut out, "first_name", self.first_name.as_deref(), 100);
        check_text(&mut out, "last_name", self.last_name.as_deref(), 100);
        check_text(&mut out, "phone", self.phone.as_deref(), 32);
        check_text(&mut out, "timezone", self.timezone.as_deref(), 64);
        check_object(&mut out, "preferences", &self.preferences);
        out.into_vec()
    }
}

impl InputRules for EntitySchema {
    fn violations(&self) -> Vec<Violation> {
        match crate::Validator::new(self) {
            Ok(_) => Vec::new(),
            Err(e) => e.violations().to_vec(),
        }
    }
}

/// Checks a username: `MIN_USERNAME_CHARS` to `MAX_USERNAME_CHARS` characters,
/// no whitespace or control characters.
pub fn check_username(out: &mut Violations, path: &str, value: &str) {
    let chars = value.chars().count();
    if chars < MIN_USERNAME_CHARS {
        out.push(
            path,
            "min_length",
            format!("must be at least {MIN_USERNAME_CHARS} characters"),
        );
    } else if chars > MAX_USERNAME_CHARS {
        out.push(
            path,
            "max_length",
            format!("must be at most {MAX_USERNAME_CHARS} characters"),
        );
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        out.push(
            path,
            "pattern",
            "must not contain whitespace or control characters",
        );
    }
}

impl InputRules for NewUser {
    fn violations(&self) -> Vec<Violation> {
        let mut out = Violations::new();
        check_username(&mut out, "username", &self.username);
        check_email(&mut out, "email", &self.email);
        out.extend(self.profile.violations().into_iter().map(|v| Violation {
            path: format!("profile/{}", v.path),
            ..v
        }));
        out.into_vec()
    }
}
