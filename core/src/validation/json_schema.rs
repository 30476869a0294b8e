//! Export of an `EntitySchema` as a draft 2020-12 JSON Schema that accepts
//! exactly the documents `Validator::validate` accepts.
//!
//! How the two are kept in step:
//! - optional fields accept `null` (`"type": ["string", "null"]`, and `null`
//!   joins an `enum`); required fields are listed in `required` and do not;
//! - `date`, `datetime`, `uuid` and `reference` values are checked with
//!   `pattern` (see `formats.rs`), never with `format`, so the verdict does not
//!   depend on whether a validator asserts formats;
//! - field patterns are exported as written: they are in the portable dialect
//!   (`pattern.rs`) that ECMA-262 engines read the way this crate does;
//! - `unique` and `reference` are the store's business: they are exported as
//!   the annotations `x-unique` and `x-reference`, which validators ignore
//!   (`ajv` in strict mode wants them declared: `ajv.addVocabulary(["x-unique",
//!   "x-reference"])`).
//!
//! One difference cannot be removed: JavaScript reads JSON numbers as
//! doubles, so an integer beyond 2^53 reaches `ajv` already rounded, and a
//! bound at that scale may then give another verdict than here, where JSON
//! integers are compared exactly (as the `jsonschema` crate does).

use serde_json::{Map, json};

use super::formats::TextFormat;
use crate::model::{EntitySchema, FieldDefinition, FieldType, Json};

/// The `$schema` of exported schemas.
pub const JSON_SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema of `schema` (best effort for a schema that fails its check).
pub(super) fn export(schema: &EntitySchema) -> Json {
    let mut root = Map::new();
    root.insert("$schema".into(), JSON_SCHEMA_DIALECT.into());
    root.insert(
        "title".into(),
        schema
            .display_name
            .clone()
            .unwrap_or_else(|| schema.name.clone())
            .into(),
    );
    if let Some(description) = &schema.description {
        root.insert("description".into(), description.clone().into());
    }
    root.insert("type".into(), "object".into());
    let properties: Map<String, Json> = schema
        .fields
        .iter()
        .map(|(name, field)| (name.clone(), property(field)))
        .collect();
    root.insert("properties".into(), properties.into());
    let required: Vec<Json> = schema
        .fields
        .iter()
        .filter(|(_, f)| f.required)
        .map(|(name, _)| Json::from(name.clone()))
        .collect();
    root.insert("required".into(), required.into());
    root.insert("additionalProperties".into(), false.into());
    root.into()
}

/// The subschema of one field.
fn property(field: &FieldDefinition) -> Json {
    let c = &field.constraints;
    let mut p = Map::new();
    if let Some(title) = &field.display_name {
        p.insert("title".into(), title.clone().into());
    }
    if let Some(description) = &field.description {
        p.insert("description".into(), description.clone().into());
    }
    let base_type = match field.field_type {
        FieldType::String
        | FieldType::Date
        | FieldType::Datetime
        | FieldType::Uuid
        | FieldType::Reference
        | FieldType::Enum => "string",
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::Boolean => "boolean",
        FieldType::StringArray => "array",
        FieldType::Object => "object",
    };
    let nullable = !field.required;
    p.insert(
        "type".into(),
        if nullable {
            json!([base_type, "null"])
        } else {
            json!(base_type)
        },
    );
    match field.field_type {
        FieldType::String => {
            length_keywords(&mut p, "minLength", "maxLength", c.min_length, c.max_length);
            text_keywords(&mut p, field, nullable);
        }
        FieldType::Enum => text_keywords(&mut p, field, nullable),
        FieldType::Integer | FieldType::Number => {
            if let Some(min) = c.min {
                p.insert("minimum".into(), number(min));
            }
            if let Some(max) = c.max {
                p.insert("maximum".into(), number(max));
            }
        }
        FieldType::Date => {
            p.insert("pattern".into(), TextFormat::Date.pattern().into());
        }
        FieldType::Datetime => {
            p.insert("pattern".into(), TextFormat::Datetime.pattern().into());
        }
        FieldType::Uuid | FieldType::Reference => {
            p.insert("pattern".into(), TextFormat::Uuid.pattern().into());
        }
        FieldType::StringArray => {
            length_keywords(&mut p, "minItems", "maxItems", c.min_length, c.max_length);
            let mut items = Map::new();
            items.insert("type".into(), "string".into());
            text_keywords(&mut items, field, false);
            p.insert("items".into(), items.into());
        }
        FieldType::Boolean | FieldType::Object => {}
    }
    if let Some(default) = &field.default_value {
        p.insert("default".into(), default.clone());
    }
    if let Some(reference) = &field.reference {
        p.insert("x-reference".into(), reference.clone().into());
    }
    if c.unique {
        p.insert("x-unique".into(), true.into());
    }
    p.into()
}

fn length_keywords(
    p: &mut Map<String, Json>,
    min_key: &str,
    max_key: &str,
    min: Option<u64>,
    max: Option<u64>,
) {
    if let Some(min) = min {
        p.insert(min_key.into(), min.into());
    }
    if let Some(max) = max {
        p.insert(max_key.into(), max.into());
    }
}

/// `pattern` and `enum` of a string value (`null` joins the enum when the
/// value may be null).
fn text_keywords(p: &mut Map<String, Json>, field: &FieldDefinition, nullable: bool) {
    let c = &field.constraints;
    if let Some(pattern) = &c.pattern {
        p.insert("pattern".into(), pattern.clone().into());
    }
    if let Some(values) = &c.enum_values {
        let mut list: Vec<Json> = values.iter().map(|v| Json::from(v.clone())).collect();
        if nullable {
            list.push(Json::Null);
        }
        p.insert("enum".into(), list.into());
    }
}

/// A bound as a JSON number: an integer when it is whole, so that the schema
/// reads naturally (`"minimum": 1`, not `1.0`).
fn number(value: f64) -> Json {
    const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53: every whole f64 below is exact
    if value.fract() == 0.0 && value.abs() <= LIMIT {
        // Exact: whole and within 2^53.
        Json::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Json::Null, Json::Number)
    }
}
