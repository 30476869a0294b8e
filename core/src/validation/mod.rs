//! Validation of entity attributes against an `EntitySchema`, the schema's
//! own well-formedness check, JSON Schema export and TOML loading.
//!
//! One rule set, three places: `Validator::validate` here, the exported
//! draft 2020-12 JSON Schema (checked by the `jsonschema` crate in our tests
//! and by `ajv` on the WASM side), and the Python and WASM bindings, which
//! call this module. The choices that keep them identical:
//!
//! - **Names**: definition and field names are snake_case slugs (a lowercase
//!   letter, then `a-z`, `0-9`, `_`; at most 63 characters). No camelCase: the
//!   SDK's JSON is snake_case throughout, and names end up in SQL, JSON paths
//!   and Python attributes, where `Name` and `name` must not both exist.
//! - **Integers**: as in JSON Schema 2020-12, any number with a zero
//!   fractional part is an integer (`1.0` is, `1.5` is not).
//! - **Lengths** count Unicode scalar values (code points), not bytes.
//! - **Patterns** match anywhere in the string (anchor with `^...$` to match
//!   all of it) and are written in the portable dialect of `pattern.rs`.
//! - **Dates** (`YYYY-MM-DD`, real calendar dates with leap years),
//!   **datetimes** (RFC 3339, upper-case `T`, `Z` or `±HH:MM`, no leap
//!   second) and **UUIDs** (hyphenated, either case) are checked with the
//!   regular expressions of `formats.rs`, which are exported as `pattern`.
//! - **String arrays**: `min_length` / `max_length` count items; `pattern`
//!   and `enum` apply to every item; duplicate items are allowed.
//! - **Null**: an optional field may be absent or `null`; a required field
//!   that is absent or `null` breaks `required`. A `default_value` is filled
//!   in by `apply_defaults`, but `validate` does not count it as a value.
//! - **Unknown keys** are rejected (`additionalProperties: false`).
//! - **`unique`** is enforced by the store; the schema only carries it as the
//!   annotation `x-unique`.

mod attributes;
mod formats;
mod json_schema;
mod pattern;
mod schema_check;
mod toml_file;

use attributes::CompiledField;

use crate::error::{Error, Result, Violation};
use crate::model::{EntitySchema, Json};

pub use formats::{DATE_PATTERN, DATETIME_PATTERN, UUID_PATTERN};
pub use json_schema::JSON_SCHEMA_DIALECT;
pub use schema_check::is_slug;
pub use toml_file::schemas_from_toml;

/// An `EntitySchema` checked and compiled once (patterns built), for hot loops.
#[derive(Debug, Clone)]
pub struct Validator {
    schema: EntitySchema,
    /// The fields in name order (the order of `schema.fields`).
    fields: Vec<CompiledField>,
}

impl Validator {
    /// Checks the schema and compiles it; a malformed schema is an
    /// `Error::Validation` listing every problem with its path
    /// (`fields.name.constraints.pattern`) and rule (`pattern_syntax`).
    pub fn new(schema: &EntitySchema) -> Result<Self> {
        let fields = schema_check::check(schema)?;
        Ok(Self {
            schema: schema.clone(),
            fields,
        })
    }

    /// The schema this validator checks against.
    pub fn schema(&self) -> &EntitySchema {
        &self.schema
    }

    /// Every violation of `attributes` (empty when valid), in key order.
    pub fn validate(&self, attributes: &Json) -> Vec<Violation> {
        attributes::validate_object(&self.schema.name, &self.fields, attributes)
    }

    /// Whether `attributes` is valid.
    pub fn is_valid(&self, attributes: &Json) -> bool {
        self.validate(attributes).is_empty()
    }

    /// `Ok(())` when `attributes` is valid, else `Error::Validation` with every violation.
    pub fn check(&self, attributes: &Json) -> Result<()> {
        let found = self.validate(attributes);
        if found.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(found))
        }
    }

    /// `attributes` with the default value of every absent field filled in
    /// (a field present as `null` is left alone; a non-object is returned as is).
    pub fn apply_defaults(&self, attributes: &Json) -> Json {
        let mut out = attributes.clone();
        if let Some(object) = out.as_object_mut() {
            for field in &self.fields {
                if let Some(default) = &field.def.default_value
                    && !object.contains_key(&field.name)
                {
                    object.insert(field.name.clone(), default.clone());
                }
            }
        }
        out
    }

    /// The names of the fields marked `unique`, which the store enforces.
    pub fn unique_fields(&self) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .filter(|f| f.def.constraints.unique)
            .map(|f| f.name.as_str())
    }

    /// The draft 2020-12 JSON Schema that accepts exactly what `validate` accepts.
    pub fn to_json_schema(&self) -> Json {
        json_schema::export(&self.schema)
    }
}

impl EntitySchema {
    /// Checks the schema, then returns every violation of `attributes`.
    pub fn validate(&self, attributes: &Json) -> Result<Vec<Violation>> {
        Ok(Validator::new(self)?.validate(attributes))
    }

    /// The draft 2020-12 JSON Schema of this definition (meaningful once
    /// `Validator::new` accepts the definition).
    pub fn to_json_schema(&self) -> Json {
        json_schema::export(self)
    }
}
