use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Json, empty_object};
use crate::ids::{
    AssignmentDetailId, AssignmentId, DomainId, HistoryId, ParticipantId, TargetId, UserId,
};

/// Lifecycle status of a stored assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    /// Generated, not yet confirmed.
    #[default]
    Draft,
    /// Confirmed for the date.
    Confirmed,
    /// Done.
    Completed,
    /// Withdrawn; it no longer blocks another plan for the date.
    Cancelled,
}

impl AssignmentStatus {
    /// The status as its JSON / SQL text.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Confirmed => "confirmed",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses the JSON / SQL text of a status.
    pub fn parse(s: &str) -> crate::Result<Self> {
        Ok(match s {
            "draft" => Self::Draft,
            "confirmed" => Self::Confirmed,
            "completed" => Self::Completed,
            "cancelled" => Self::Cancelled,
            other => {
                return Err(crate::Error::invalid(
                    "status",
                    "enum",
                    format!("unknown assignment status `{other}`"),
                ));
            }
        })
    }
}

/// A generated plan for a date, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// Its id.
    pub id: AssignmentId,
    /// The owning domain.
    pub domain_id: DomainId,
    /// The date the plan is for.
    pub assignment_date: NaiveDate,
    /// The strategy that produced it.
    pub strategy: String,
    /// The engine configuration used (JSON).
    pub config: Json,
    /// Plan metrics (JSON).
    pub metrics: Json,
    /// Lifecycle status.
    pub status: AssignmentStatus,
    /// Free text.
    pub notes: Option<String>,
    /// Who generated it (none for system principals).
    pub created_by: Option<UserId>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// One participant placed on one target within an assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentDetail {
    /// Its id.
    pub id: AssignmentDetailId,
    /// The owning domain.
    pub domain_id: DomainId,
    /// The assignment it belongs to.
    pub assignment_id: AssignmentId,
    /// Who.
    pub participant_id: ParticipantId,
    /// Where.
    pub target_id: TargetId,
    /// Slot index within the target (0-based).
    pub position: i32,
    /// The engine's cost of this placement (lower is better).
    pub score: f64,
    /// Why the engine chose it.
    pub reason: String,
}

/// What happened to an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    /// It was generated and stored.
    Created,
    /// Its details or notes changed.
    Updated,
    /// Its status changed.
    StatusChanged,
}

impl HistoryAction {
    /// The action as its JSON / SQL text.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::StatusChanged => "status_changed",
        }
    }

    /// Parses the JSON / SQL text of an action.
    pub fn parse(s: &str) -> crate::Result<Self> {
        Ok(match s {
            "created" => Self::Created,
            "updated" => Self::Updated,
            "status_changed" => Self::StatusChanged,
            other => {
                return Err(crate::Error::internal(format!(
                    "unknown history action `{other}`"
                )));
            }
        })
    }
}

/// An append-only history row of an assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentHistory {
    /// Its id.
    pub id: HistoryId,
    /// The owning domain.
    pub domain_id: DomainId,
    /// The assignment it is about.
    pub assignment_id: AssignmentId,
    /// What happened.
    pub action: HistoryAction,
    /// Who did it (none for system principals).
    pub actor: Option<UserId>,
    /// What changed (JSON: `{"status": {"from": "draft", "to": "confirmed"}}`).
    pub changes: Json,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// An assignment with its details and history, written and read as one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentRecord {
    /// The assignment.
    pub assignment: Assignment,
    /// Its placements, ordered by target then position.
    pub details: Vec<AssignmentDetail>,
    /// Its history, oldest first.
    pub history: Vec<AssignmentHistory>,
}

/// One placement of a new assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAssignmentDetail {
    /// Who.
    pub participant_id: ParticipantId,
    /// Where.
    pub target_id: TargetId,
    /// Slot index within the target.
    #[serde(default)]
    pub position: i32,
    /// Cost of the placement.
    #[serde(default)]
    pub score: f64,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// Input to record an assignment (a plan made elsewhere, or by the engine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAssignment {
    /// The date the plan is for.
    pub assignment_date: NaiveDate,
    /// The strategy name.
    pub strategy: String,
    /// Engine configuration used.
    #[serde(default = "empty_object")]
    pub config: Json,
    /// Plan metrics.
    #[serde(default = "empty_object")]
    pub metrics: Json,
    /// Free text.
    #[serde(default)]
    pub notes: Option<String>,
    /// The placements.
    pub details: Vec<NewAssignmentDetail>,
}

/// Filter for listing assignments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignmentQuery {
    /// Only from this date on (inclusive).
    pub from: Option<NaiveDate>,
    /// Only up to this date (inclusive).
    pub to: Option<NaiveDate>,
    /// Only with this status.
    pub status: Option<AssignmentStatus>,
    /// Include cancelled ones when no status is given.
    pub include_cancelled: bool,
}

/// One past placement, as the engine's history input needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastAssignment {
    /// Who.
    pub participant_id: ParticipantId,
    /// Where.
    pub target_id: TargetId,
    /// On which date.
    pub date: NaiveDate,
}
