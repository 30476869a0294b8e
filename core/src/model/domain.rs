use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Json, empty_object};
use crate::ids::DomainId;

/// A tenant: every tenant-owned record belongs to exactly one domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    /// The domain's id.
    pub id: DomainId,
    /// Unique slug (`work_groups`): lowercase letters, digits, `_` and `-`.
    pub name: String,
    /// Name shown to people.
    pub display_name: String,
    /// Free text.
    pub description: Option<String>,
    /// Domain configuration (JSON object).
    pub config: Json,
    /// Business rules (JSON object).
    pub business_rules: Json,
    /// Name of the entity definition that participants' `attributes` must satisfy.
    pub participant_definition: Option<String>,
    /// Name of the entity definition that targets' `attributes` must satisfy.
    pub target_definition: Option<String>,
    /// False once the domain is deactivated (soft delete).
    pub is_active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Input to create a domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDomain {
    /// Unique slug.
    pub name: String,
    /// Name shown to people.
    pub display_name: String,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Domain configuration (JSON object).
    #[serde(default = "empty_object")]
    pub config: Json,
    /// Business rules (JSON object).
    #[serde(default = "empty_object")]
    pub business_rules: Json,
    /// Definition that participants' attributes must satisfy.
    #[serde(default)]
    pub participant_definition: Option<String>,
    /// Definition that targets' attributes must satisfy.
    #[serde(default)]
    pub target_definition: Option<String>,
}

impl NewDomain {
    /// A domain input with just a slug and a display name.
    pub fn new(name: impl Into<String>, display_name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            display_name: display_name.into(),
            description: None,
            config: empty_object(),
            business_rules: empty_object(),
            participant_definition: None,
            target_definition: None,
        }
    }
}

/// A partial update of a domain: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DomainPatch {
    /// New display name.
    pub display_name: Option<String>,
    /// New description (`Some(None)` clears it).
    pub description: Option<Option<String>>,
    /// New configuration.
    pub config: Option<Json>,
    /// New business rules.
    pub business_rules: Option<Json>,
    /// New participant definition name (`Some(None)` detaches it).
    pub participant_definition: Option<Option<String>>,
    /// New target definition name (`Some(None)` detaches it).
    pub target_definition: Option<Option<String>>,
    /// Activate or deactivate.
    pub is_active: Option<bool>,
}
