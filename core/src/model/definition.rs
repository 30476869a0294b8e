use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Json;
use crate::ids::{DomainId, EntityDefinitionId};

/// The type of one field of an entity definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A JSON string.
    String,
    /// A whole number (a JSON number with no fractional part).
    Integer,
    /// Any finite JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An RFC 3339 date and time with offset.
    Datetime,
    /// A UUID in its hyphenated text form.
    Uuid,
    /// One of `constraints.enum`.
    Enum,
    /// An array of strings.
    StringArray,
    /// A JSON object.
    Object,
    /// The UUID of an entity of the definition named in `reference`, in the same domain.
    Reference,
}

/// Constraints on one field; which apply depends on the field type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FieldConstraints {
    /// Minimum length: characters of a string, items of a string array.
    pub min_length: Option<u64>,
    /// Maximum length: characters of a string, items of a string array.
    pub max_length: Option<u64>,
    /// A `regex` crate pattern that strings (and array items) must match somewhere.
    pub pattern: Option<String>,
    /// Inclusive minimum of a number or integer.
    pub min: Option<f64>,
    /// Inclusive maximum of a number or integer.
    pub max: Option<f64>,
    /// Allowed values of an `enum` field (and of string array items).
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// No two entities of the definition in a domain share a value (enforced by the store).
    pub unique: bool,
}

/// One field of an entity definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDefinition {
    /// The field's type.
    pub field_type: FieldType,
    /// Whether the field must be present (and not null).
    #[serde(default)]
    pub required: bool,
    /// Value applied when the field is absent.
    #[serde(default)]
    pub default_value: Option<Json>,
    /// Name shown to people.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// For `reference` fields: the name of the referenced definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Constraints on the value.
    #[serde(default)]
    pub constraints: FieldConstraints,
}

/// A named schema of fields: what an entity's attributes must satisfy.
/// Its JSON is the original product's definition shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitySchema {
    /// Definition name, unique within a domain (`participant`).
    pub name: String,
    /// Name shown to people.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fields by name, kept sorted so that exports are stable.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldDefinition>,
}

/// A stored entity definition of a domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityDefinition {
    /// Its id.
    pub id: EntityDefinitionId,
    /// The owning domain.
    pub domain_id: DomainId,
    /// The schema (its `name` is unique within the domain).
    pub schema: EntitySchema,
    /// Bumped on every update.
    pub version: i64,
    /// False once retired.
    pub is_active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}
