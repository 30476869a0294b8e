//! Assignments with details and history, and the audit trail.

use async_trait::async_trait;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{MemoryStore, Tables, in_domain, require_domain, same_domain};
use crate::error::{Error, Result};
use crate::ids::{AssignmentId, DomainId};
use crate::model::{
    Assignment, AssignmentHistory, AssignmentQuery, AssignmentRecord, AssignmentStatus, AuditEvent,
    EntityKind, PastAssignment,
};
use crate::repository::{AssignmentRepository, AuditRepository};

/// Fails when another live assignment holds the same domain and date.
fn check_one_per_date(t: &Tables, a: &Assignment) -> Result<()> {
    if a.status == AssignmentStatus::Cancelled {
        return Ok(());
    }
    let taken = t.assignments.values().any(|x| {
        x.domain_id == a.domain_id
            && x.assignment_date == a.assignment_date
            && x.status != AssignmentStatus::Cancelled
            && x.id != a.id
    });
    if taken {
        return Err(Error::conflict(
            "assignment_date",
            format!("an assignment for {} exists", a.assignment_date),
        ));
    }
    Ok(())
}

/// Every check a new record must pass, before anything is written.
fn check_new_record(t: &Tables, domain: DomainId, record: &AssignmentRecord) -> Result<()> {
    let a = &record.assignment;
    same_domain(domain, a.domain_id)?;
    require_domain(t, domain)?;
    if t.assignments.contains_key(&a.id) {
        return Err(Error::conflict("id", "an assignment with this id exists"));
    }
    check_one_per_date(t, a)?;
    for (i, d) in record.details.iter().enumerate() {
        same_domain(domain, d.domain_id)?;
        if d.assignment_id != a.id {
            return Err(Error::internal("detail belongs to another assignment"));
        }
        if !in_domain(&t.participants, &d.participant_id, domain) {
            return Err(Error::invalid(
                format!("details/{i}/participant_id"),
                "foreign_key",
                "no such participant in this domain",
            ));
        }
        if !in_domain(&t.targets, &d.target_id, domain) {
            return Err(Error::invalid(
                format!("details/{i}/target_id"),
                "foreign_key",
                "no such target in this domain",
            ));
        }
    }
    let mut slots = std::collections::HashSet::new();
    for (i, d) in record.details.iter().enumerate() {
        if !slots.insert((d.target_id, d.position)) {
            return Err(Error::conflict(
                format!("details/{i}/position"),
                "two placements share a target and position",
            ));
        }
    }
    for h in &record.history {
        same_domain(domain, h.domain_id)?;
        if h.assignment_id != a.id {
            return Err(Error::internal("history row belongs to another assignment"));
        }
    }
    Ok(())
}

#[async_trait]
impl AssignmentRepository for MemoryStore {
    async fn create(
        &self,
        domain: DomainId,
        record: &AssignmentRecord,
    ) -> Result<AssignmentRecord> {
        let id = record.assignment.id;
        {
            let mut t = self.write()?;
            check_new_record(&t, domain, record)?;
            t.assignments.insert(id, record.assignment.clone());
            t.details.insert(id, record.details.clone());
            t.history.insert(id, record.history.clone());
        }
        AssignmentRepository::get(self, domain, id).await
    }

    async fn get(&self, domain: DomainId, id: AssignmentId) -> Result<AssignmentRecord> {
        let t = self.read()?;
        let assignment = t
            .assignments
            .get(&id)
            .filter(|a| a.domain_id == domain)
            .cloned()
            .ok_or_else(|| Error::not_found("assignment", id))?;
        let mut details = t.details.get(&id).cloned().unwrap_or_default();
        details.sort_by(|a, b| {
            a.target_id
                .cmp(&b.target_id)
                .then(a.position.cmp(&b.position))
        });
        let history = t.history.get(&id).cloned().unwrap_or_default();
        Ok(AssignmentRecord {
            assignment,
            details,
            history,
        })
    }

    async fn list(&self, domain: DomainId, query: &AssignmentQuery) -> Result<Vec<Assignment>> {
        let t = self.read()?;
        let mut out: Vec<_> = t
            .assignments
            .values()
            .filter(|a| a.domain_id == domain)
            .filter(|a| query.from.is_none_or(|d| a.assignment_date >= d))
            .filter(|a| query.to.is_none_or(|d| a.assignment_date <= d))
            .filter(|a| match query.status {
                Some(s) => a.status == s,
                None => query.include_cancelled || a.status != AssignmentStatus::Cancelled,
            })
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            a.assignment_date
                .cmp(&b.assignment_date)
                .then(a.created_at.cmp(&b.created_at))
                .then(a.id.cmp(&b.id))
        });
        Ok(out)
    }

    async fn update(
        &self,
        domain: DomainId,
        assignment: &Assignment,
        history: &AssignmentHistory,
    ) -> Result<Assignment> {
        same_domain(domain, assignment.domain_id)?;
        same_domain(domain, history.domain_id)?;
        if history.assignment_id != assignment.id {
            return Err(Error::internal("history row belongs to another assignment"));
        }
        let mut t = self.write()?;
        if !in_domain(&t.assignments, &assignment.id, domain) {
            return Err(Error::not_found("assignment", assignment.id));
        }
        check_one_per_date(&t, assignment)?;
        t.assignments.insert(assignment.id, assignment.clone());
        t.history
            .entry(assignment.id)
            .or_default()
            .push(history.clone());
        Ok(assignment.clone())
    }

    async fn placements(
        &self,
        domain: DomainId,
        from: NaiveDate,
        before: NaiveDate,
    ) -> Result<Vec<PastAssignment>> {
        let t = self.read()?;
        let mut out = Vec::new();
        for a in t.assignments.values() {
            if a.domain_id != domain
                || a.status == AssignmentStatus::Cancelled
                || a.assignment_date < from
                || a.assignment_date >= before
            {
                continue;
            }
            for d in t.details.get(&a.id).into_iter().flatten() {
                out.push(PastAssignment {
                    participant_id: d.participant_id,
                    target_id: d.target_id,
                    date: a.assignment_date,
                });
            }
        }
        out.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then(a.participant_id.cmp(&b.participant_id))
                .then(a.target_id.cmp(&b.target_id))
        });
        Ok(out)
    }
}

#[async_trait]
impl AuditRepository for MemoryStore {
    async fn for_entity(
        &self,
        domain: DomainId,
        kind: EntityKind,
        entity_id: Uuid,
    ) -> Result<Vec<AuditEvent>> {
        Ok(self
            .read()?
            .audit
            .iter()
            .filter(|e| e.domain_id == domain && e.entity_kind == kind && e.entity_id == entity_id)
            .cloned()
            .collect())
    }

    async fn recent(&self, domain: DomainId, limit: u32) -> Result<Vec<AuditEvent>> {
        Ok(self
            .read()?
            .audit
            .iter()
            .rev()
            .filter(|e| e.domain_id == domain)
            .take(limit as usize)
            .cloned()
            .collect())
    }
}
