//! Recording assignments with their details and history through the client.

use serde_json::json;

use super::{DomainScope, check_input, now};
use crate::error::{Error, Result};
use crate::ids::{AssignmentDetailId, AssignmentId, HistoryId};
use crate::model::{
    Assignment, AssignmentDetail, AssignmentHistory, AssignmentQuery, AssignmentRecord,
    AssignmentStatus, HistoryAction, NewAssignment, Role,
};

/// Whether an assignment may move from `from` to `to`.
fn transition_allowed(from: AssignmentStatus, to: AssignmentStatus) -> bool {
    use AssignmentStatus::*;
    matches!(
        (from, to),
        (Draft, Confirmed)
            | (Draft, Cancelled)
            | (Confirmed, Completed)
            | (Confirmed, Cancelled)
            | (Confirmed, Draft)
    )
}

impl DomainScope {
    fn history_row(
        &self,
        assignment: AssignmentId,
        action: HistoryAction,
        changes: serde_json::Value,
    ) -> AssignmentHistory {
        AssignmentHistory {
            id: HistoryId::new(),
            domain_id: self.id(),
            assignment_id: assignment,
            action,
            actor: self.actor.user_id(),
            changes,
            created_at: now(),
        }
    }

    /// Stores an assignment with its details and its `created` history row,
    /// all or nothing (users and up). One live assignment per date.
    pub async fn record_assignment(&self, input: NewAssignment) -> Result<AssignmentRecord> {
        self.require(Role::User, "creating an assignment")?;
        check_input(&input)?;
        let at = now();
        let id = AssignmentId::new();
        let details: Vec<AssignmentDetail> = input
            .details
            .into_iter()
            .map(|d| AssignmentDetail {
                id: AssignmentDetailId::new(),
                domain_id: self.id(),
                assignment_id: id,
                participant_id: d.participant_id,
                target_id: d.target_id,
                position: d.position,
                score: d.score,
                reason: d.reason,
            })
            .collect();
        let assignment = Assignment {
            id,
            domain_id: self.id(),
            assignment_date: input.assignment_date,
            strategy: input.strategy,
            config: input.config,
            metrics: input.metrics,
            status: AssignmentStatus::Draft,
            notes: input.notes,
            created_by: self.actor.user_id(),
            created_at: at,
            updated_at: at,
        };
        let created = self.history_row(
            id,
            HistoryAction::Created,
            json!({"strategy": assignment.strategy, "details": details.len()}),
        );
        let record = AssignmentRecord {
            assignment,
            details,
            history: vec![created],
        };
        self.store().assignments().create(self.id(), &record).await
    }

    /// An assignment with its details and history (viewers and up).
    pub async fn assignment(&self, id: AssignmentId) -> Result<AssignmentRecord> {
        self.require(Role::Viewer, "reading assignments")?;
        self.store().assignments().get(self.id(), id).await
    }

    /// Assignments matching the query, by date (viewers and up).
    pub async fn list_assignments(&self, query: &AssignmentQuery) -> Result<Vec<Assignment>> {
        self.require(Role::Viewer, "reading assignments")?;
        if let (Some(from), Some(to)) = (query.from, query.to)
            && from > to
        {
            return Err(Error::invalid(
                "from",
                "range",
                "`from` must not be after `to`",
            ));
        }
        self.store().assignments().list(self.id(), query).await
    }

    /// Moves an assignment to a new status, appending a history row (users and up).
    /// Allowed: draft to confirmed or cancelled; confirmed to completed,
    /// cancelled or back to draft.
    pub async fn set_assignment_status(
        &self,
        id: AssignmentId,
        status: AssignmentStatus,
    ) -> Result<Assignment> {
        self.require(Role::User, "changing an assignment's status")?;
        let current = self
            .store()
            .assignments()
            .get(self.id(), id)
            .await?
            .assignment;
        if current.status == status {
            return Ok(current);
        }
        if !transition_allowed(current.status, status) {
            return Err(Error::invalid(
                "status",
                "transition",
                format!(
                    "an assignment cannot go from {} to {}",
                    current.status.as_str(),
                    status.as_str()
                ),
            ));
        }
        let next = Assignment {
            status,
            updated_at: now(),
            ..current.clone()
        };
        let history = self.history_row(
            id,
            HistoryAction::StatusChanged,
            json!({"status": {"from": current.status, "to": status}}),
        );
        self.store()
            .assignments()
            .update(self.id(), &next, &history)
            .await
    }

    /// Replaces an assignment's notes, appending a history row (users and up).
    pub async fn set_assignment_notes(
        &self,
        id: AssignmentId,
        notes: Option<String>,
    ) -> Result<Assignment> {
        self.require(Role::User, "changing an assignment")?;
        if notes.as_ref().is_some_and(|n| n.chars().count() > 2_000) {
            return Err(Error::invalid(
                "notes",
                "max_length",
                "must be at most 2000 characters",
            ));
        }
        let current = self
            .store()
            .assignments()
            .get(self.id(), id)
            .await?
            .assignment;
        if current.notes == notes {
            return Ok(current);
        }
        let next = Assignment {
            notes,
            updated_at: now(),
            ..current.clone()
        };
        let history = self.history_row(id, HistoryAction::Updated, json!({"fields": ["notes"]}));
        self.store()
            .assignments()
            .update(self.id(), &next, &history)
            .await
    }
}
