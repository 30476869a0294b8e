//! Building audit events and reading the trail.

use serde::Serialize;
use uuid::Uuid;

use super::{DomainScope, Principal, now};
use crate::error::Result;
use crate::ids::{AuditEventId, DomainId};
use crate::model::{AuditAction, AuditEvent, EntityKind, Role};

/// Fields that change on every write and say nothing about what changed.
const BOOKKEEPING: &[&str] = &["updated_at", "version"];

/// A new audit event.
pub(crate) fn event(
    domain: DomainId,
    actor: &Principal,
    kind: EntityKind,
    id: Uuid,
    action: AuditAction,
    changed_fields: Vec<String>,
) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::new(),
        domain_id: domain,
        actor: actor.user_id(),
        entity_kind: kind,
        entity_id: id,
        action,
        changed_fields,
        created_at: now(),
    }
}

fn to_object(value: &impl Serialize) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// The action of an update to a soft-deletable record: deactivating it is
/// its deletion, anything else (reactivation included) an update.
pub(crate) fn activity_action(was_active: bool, is_active: bool) -> AuditAction {
    if was_active && !is_active {
        AuditAction::Deleted
    } else {
        AuditAction::Updated
    }
}

/// Names of the top-level fields whose values differ between two versions of a record.
pub fn changed_fields<T: Serialize>(before: &T, after: &T) -> Vec<String> {
    let before = to_object(before);
    let after = to_object(after);
    let mut out: Vec<String> = after
        .iter()
        .filter(|(k, v)| !BOOKKEEPING.contains(&k.as_str()) && before.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(before.keys().filter(|k| !after.contains_key(*k)).cloned());
    out.sort();
    out
}

/// Names of the fields a new record sets (not null, not bookkeeping).
pub(crate) fn set_fields(record: &impl Serialize) -> Vec<String> {
    to_object(record)
        .into_iter()
        .filter(|(k, v)| {
            !v.is_null()
                && !matches!(
                    k.as_str(),
                    "id" | "domain_id" | "created_at" | "updated_at" | "version"
                )
        })
        .map(|(k, _)| k)
        .collect()
}

impl DomainScope {
    /// The audit trail of one record, oldest first (viewers and up).
    pub async fn audit_trail(&self, kind: EntityKind, id: Uuid) -> Result<Vec<AuditEvent>> {
        self.require(Role::Viewer, "reading the audit trail")?;
        self.store().audit().for_entity(self.id(), kind, id).await
    }

    /// The newest `limit` audit events of the domain, newest first (admins).
    pub async fn recent_audit_events(&self, limit: u32) -> Result<Vec<AuditEvent>> {
        self.require(Role::Admin, "reading the domain's audit log")?;
        self.store().audit().recent(self.id(), limit).await
    }
}
