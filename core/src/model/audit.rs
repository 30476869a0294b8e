use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::{AuditEventId, DomainId, UserId};

/// The kind of record an audit event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A domain.
    Domain,
    /// An entity definition.
    EntityDefinition,
    /// An entity.
    Entity,
    /// A participant.
    Participant,
    /// An assignment target.
    Target,
    /// An assignment.
    Assignment,
    /// A rule configuration.
    RuleConfiguration,
    /// A membership.
    Membership,
}

impl EntityKind {
    /// The kind as its JSON / SQL text.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Domain => "domain",
            Self::EntityDefinition => "entity_definition",
            Self::Entity => "entity",
            Self::Participant => "participant",
            Self::Target => "target",
            Self::Assignment => "assignment",
            Self::RuleConfiguration => "rule_configuration",
            Self::Membership => "membership",
        }
    }

    /// Parses the JSON / SQL text of a kind.
    pub fn parse(s: &str) -> crate::Result<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_owned()))
            .map_err(|_| crate::Error::internal(format!("unknown entity kind `{s}`")))
    }
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// The record was created.
    Created,
    /// Fields of the record changed.
    Updated,
    /// The record was soft-deleted (deactivated).
    Deleted,
    /// The record's status changed.
    StatusChanged,
}

impl AuditAction {
    /// The action as its JSON / SQL text.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
            Self::StatusChanged => "status_changed",
        }
    }

    /// Parses the JSON / SQL text of an action.
    pub fn parse(s: &str) -> crate::Result<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_owned()))
            .map_err(|_| crate::Error::internal(format!("unknown audit action `{s}`")))
    }
}

/// An append-only record of one change: who changed what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Its id.
    pub id: AuditEventId,
    /// The domain of the changed record (a domain's own events carry its id).
    pub domain_id: DomainId,
    /// Who made the change (none for system principals).
    pub actor: Option<UserId>,
    /// The kind of record.
    pub entity_kind: EntityKind,
    /// The record's id.
    pub entity_id: Uuid,
    /// What the change did.
    pub action: AuditAction,
    /// Names of the fields that changed (all set fields on create).
    pub changed_fields: Vec<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}
