use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Json, empty_object};
use crate::ids::{DomainId, EntityDefinitionId, EntityId};

/// Lifecycle status of an entity; deleting is a status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityStatus {
    /// In use.
    #[default]
    Active,
    /// Kept but not in use.
    Inactive,
    /// Archived for the record.
    Archived,
    /// Soft-deleted.
    Deleted,
}

impl EntityStatus {
    /// The status as its JSON / SQL text.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Archived => "archived",
            Self::Deleted => "deleted",
        }
    }

    /// Parses the JSON / SQL text of a status.
    pub fn parse(s: &str) -> crate::Result<Self> {
        Ok(match s {
            "active" => Self::Active,
            "inactive" => Self::Inactive,
            "archived" => Self::Archived,
            "deleted" => Self::Deleted,
            other => {
                return Err(crate::Error::invalid(
                    "status",
                    "enum",
                    format!("unknown entity status `{other}`"),
                ));
            }
        })
    }
}

/// An instance of an entity definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Its id.
    pub id: EntityId,
    /// The owning domain.
    pub domain_id: DomainId,
    /// The definition it satisfies.
    pub definition_id: EntityDefinitionId,
    /// The definition's name, for readers.
    pub definition_name: String,
    /// The validated attributes (a JSON object, defaults applied).
    pub attributes: Json,
    /// Lifecycle status.
    pub status: EntityStatus,
    /// Free tags.
    pub tags: Vec<String>,
    /// Bumped on every update.
    pub version: i64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Input to create an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEntity {
    /// Name of the definition the attributes must satisfy.
    pub definition: String,
    /// The attributes (a JSON object).
    #[serde(default = "empty_object")]
    pub attributes: Json,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A partial update of an entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EntityPatch {
    /// Replaces the attributes whole (validated again).
    pub attributes: Option<Json>,
    /// New status.
    pub status: Option<EntityStatus>,
    /// Replaces the tags.
    pub tags: Option<Vec<String>>,
}

/// Filter for listing entities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntityQuery {
    /// Only entities of this definition.
    pub definition_id: Option<EntityDefinitionId>,
    /// Include deleted entities too.
    pub include_deleted: bool,
    /// Only entities carrying this tag.
    pub tag: Option<String>,
}

/// A value that must be unique among a definition's entities in a domain:
/// the store rejects a second entity with the same `(field, value)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UniqueKey {
    /// The field name.
    pub field: String,
    /// The value as canonical JSON text.
    pub value: String,
}
