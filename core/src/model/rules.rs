use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Json, empty_object};
use crate::ids::{DomainId, RuleConfigurationId};

/// Named, stored strategy parameters of a domain (an engine config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleConfiguration {
    /// Its id.
    pub id: RuleConfigurationId,
    /// The owning domain.
    pub domain_id: DomainId,
    /// Unique name within the domain.
    pub name: String,
    /// Strategy name (`optimal`, `balanced_rotation`, ...).
    pub strategy: String,
    /// Strategy parameters (the engine's config JSON).
    pub parameters: Json,
    /// False once retired.
    pub is_active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Input to store a rule configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewRuleConfiguration {
    /// Unique name within the domain.
    pub name: String,
    /// Strategy name.
    pub strategy: String,
    /// Strategy parameters.
    #[serde(default = "empty_object")]
    pub parameters: Json,
}
