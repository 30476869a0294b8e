//! Participants and assignment targets.

use async_trait::async_trait;

use super::{MemoryStore, Tables, audit_in_domain, in_domain, require_domain, same_domain};
use crate::error::{Error, Result};
use crate::ids::{DomainId, ParticipantId, TargetId};
use crate::model::{AssignmentTarget, AuditEvent, Participant, ParticipantQuery};
use crate::repository::{ParticipantRepository, TargetRepository};

/// Fails unless every audit event is about `domain` and they pair one to one with the rows.
fn check_batch_audit(domain: DomainId, rows: usize, audit: &[AuditEvent]) -> Result<()> {
    if rows != audit.len() {
        return Err(Error::internal(format!(
            "{rows} rows but {} audit events",
            audit.len()
        )));
    }
    audit.iter().try_for_each(|a| audit_in_domain(domain, a))
}

#[async_trait]
impl ParticipantRepository for MemoryStore {
    async fn create(
        &self,
        domain: DomainId,
        participant: &Participant,
        audit: &AuditEvent,
    ) -> Result<Participant> {
        ParticipantRepository::create_many(
            self,
            domain,
            std::slice::from_ref(participant),
            std::slice::from_ref(audit),
        )
        .await?;
        Ok(participant.clone())
    }

    async fn create_many(
        &self,
        domain: DomainId,
        participants: &[Participant],
        audit: &[AuditEvent],
    ) -> Result<u64> {
        check_batch_audit(domain, participants.len(), audit)?;
        for p in participants {
            same_domain(domain, p.domain_id)?;
        }
        let mut t = self.write()?;
        require_domain(&t, domain)?;
        let mut seen = std::collections::HashSet::new();
        for p in participants {
            if t.participants.contains_key(&p.id) || !seen.insert(p.id) {
                return Err(Error::conflict(
                    "id",
                    format!("participant {} exists", p.id),
                ));
            }
        }
        for p in participants {
            t.participants.insert(p.id, p.clone());
        }
        t.audit.extend(audit.iter().cloned());
        Ok(participants.len() as u64)
    }

    async fn get(&self, domain: DomainId, id: ParticipantId) -> Result<Participant> {
        self.read()?
            .participants
            .get(&id)
            .filter(|p| p.domain_id == domain)
            .cloned()
            .ok_or_else(|| Error::not_found("participant", id))
    }

    async fn list(&self, domain: DomainId, query: &ParticipantQuery) -> Result<Vec<Participant>> {
        let t = self.read()?;
        let mut out: Vec<_> = t
            .participants
            .values()
            .filter(|p| p.domain_id == domain && (query.include_inactive || p.is_active))
            .filter(|p| query.skill.as_ref().is_none_or(|s| p.skills.contains(s)))
            .filter(|p| query.group.is_none() || p.group == query.group)
            .cloned()
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    async fn update(
        &self,
        domain: DomainId,
        participant: &Participant,
        audit: &AuditEvent,
    ) -> Result<Participant> {
        same_domain(domain, participant.domain_id)?;
        audit_in_domain(domain, audit)?;
        let mut t = self.write()?;
        if !in_domain(&t.participants, &participant.id, domain) {
            return Err(Error::not_found("participant", participant.id));
        }
        t.participants.insert(participant.id, participant.clone());
        t.audit.push(audit.clone());
        Ok(participant.clone())
    }
}

fn target_name_taken(t: &Tables, target: &AssignmentTarget) -> bool {
    t.targets
        .values()
        .any(|x| x.domain_id == target.domain_id && x.name == target.name && x.id != target.id)
}

#[async_trait]
impl TargetRepository for MemoryStore {
    async fn create(
        &self,
        domain: DomainId,
        target: &AssignmentTarget,
        audit: &AuditEvent,
    ) -> Result<AssignmentTarget> {
        TargetRepository::create_many(
            self,
            domain,
            std::slice::from_ref(target),
            std::slice::from_ref(audit),
        )
        .await?;
        Ok(target.clone())
    }

    async fn create_many(
        &self,
        domain: DomainId,
        targets: &[AssignmentTarget],
        audit: &[AuditEvent],
    ) -> Result<u64> {
        check_batch_audit(domain, targets.len(), audit)?;
        for x in targets {
            same_domain(domain, x.domain_id)?;
        }
        let mut t = self.write()?;
        require_domain(&t, domain)?;
        let mut names = std::collections::HashSet::new();
        for x in targets {
            if t.targets.contains_key(&x.id) {
                return Err(Error::conflict("id", format!("target {} exists", x.id)));
            }
            if target_name_taken(&t, x) || !names.insert(x.name.as_str()) {
                return Err(Error::conflict(
                    "name",
                    format!("a target named `{}` exists", x.name),
                ));
            }
        }
        for x in targets {
            t.targets.insert(x.id, x.clone());
        }
        t.audit.extend(audit.iter().cloned());
        Ok(targets.len() as u64)
    }

    async fn get(&self, domain: DomainId, id: TargetId) -> Result<AssignmentTarget> {
        self.read()?
            .targets
            .get(&id)
            .filter(|x| x.domain_id == domain)
            .cloned()
            .ok_or_else(|| Error::not_found("target", id))
    }

    async fn list(
        &self,
        domain: DomainId,
        include_inactive: bool,
    ) -> Result<Vec<AssignmentTarget>> {
        let t = self.read()?;
        let mut out: Vec<_> = t
            .targets
            .values()
            .filter(|x| x.domain_id == domain && (include_inactive || x.is_active))
            .cloned()
            .collect();
        out.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.name.cmp(&b.name)));
        Ok(out)
    }

    async fn update(
        &self,
        domain: DomainId,
        target: &AssignmentTarget,
        audit: &AuditEvent,
    ) -> Result<AssignmentTarget> {
        same_domain(domain, target.domain_id)?;
        audit_in_domain(domain, audit)?;
        let mut t = self.write()?;
        if !in_domain(&t.targets, &target.id, domain) {
            return Err(Error::not_found("target", target.id));
        }
        if target_name_taken(&t, target) {
            return Err(Error::conflict(
                "name",
                format!("a target named `{}` exists", target.name),
            ));
        }
        t.targets.insert(target.id, target.clone());
        t.audit.push(audit.clone());
        Ok(target.clone())
    }
}
