use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Json, empty_object};
use crate::ids::{DomainId, TargetId};

/// A task or place that needs `required_count` people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentTarget {
    /// Its id.
    pub id: TargetId,
    /// The owning domain.
    pub domain_id: DomainId,
    /// Name shown to people (1 to 200 characters).
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// How many people it needs (at least 1).
    pub required_count: i32,
    /// Skills the people should have.
    pub required_skills: Vec<String>,
    /// Whether missing skills exclude a person (hard) or only cost (soft).
    pub skills_hard: bool,
    /// Higher priorities are filled first when people are short.
    pub priority: i32,
    /// At most this many people of one group (none: no limit).
    pub max_per_group: Option<i32>,
    /// Extra attributes, validated against the domain's target definition.
    pub attributes: Json,
    /// Free-form metadata.
    pub metadata: Json,
    /// False once deactivated (soft delete).
    pub is_active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

fn one() -> i32 {
    1
}

/// Input to create an assignment target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTarget {
    /// Name shown to people.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// How many people it needs (default 1).
    #[serde(default = "one")]
    pub required_count: i32,
    /// Skills the people should have.
    #[serde(default)]
    pub required_skills: Vec<String>,
    /// Whether skills are a hard constraint.
    #[serde(default)]
    pub skills_hard: bool,
    /// Fill priority (default 1).
    #[serde(default = "one")]
    pub priority: i32,
    /// At most this many people of one group.
    #[serde(default)]
    pub max_per_group: Option<i32>,
    /// Extra attributes.
    #[serde(default = "empty_object")]
    pub attributes: Json,
    /// Free-form metadata.
    #[serde(default = "empty_object")]
    pub metadata: Json,
}

impl NewTarget {
    /// A target input with a name and a head count, everything else default.
    pub fn new(name: impl Into<String>, required_count: i32) -> Self {
        Self {
            name: name.into(),
            description: None,
            required_count,
            required_skills: Vec::new(),
            skills_hard: false,
            priority: 1,
            max_per_group: None,
            attributes: empty_object(),
            metadata: empty_object(),
        }
    }
}

/// A partial update of a target: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TargetPatch {
    /// New name.
    pub name: Option<String>,
    /// New description (`Some(None)` clears it).
    pub description: Option<Option<String>>,
    /// New head count.
    pub required_count: Option<i32>,
    /// New required skills.
    pub required_skills: Option<Vec<String>>,
    /// Skills hard or soft.
    pub skills_hard: Option<bool>,
    /// New priority.
    pub priority: Option<i32>,
    /// New group limit (`Some(None)` clears it).
    pub max_per_group: Option<Option<i32>>,
    /// New attributes (validated again).
    pub attributes: Option<Json>,
    /// New metadata.
    pub metadata: Option<Json>,
    /// Activate or deactivate.
    pub is_active: Option<bool>,
}
