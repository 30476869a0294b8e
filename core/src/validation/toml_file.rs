//! Loading entity definitions from the original product's TOML domain files:
//!
//! ```toml
//! [entities.participant]
//! display_name = "Participant"
//!
//! [entities.participant.fields.name]
//! field_type = "string"
//! required = true
//! display_name = "Name"
//!
//! [entities.participant.fields.name.constraints]
//! min_length = 1
//! max_length = 100
//! ```
//!
//! The entity's key is its `name` unless `name` is given. Keys are read by
//! hand rather than through serde so that every unknown key and wrong type is
//! reported with its full path (`entities.participant.fields.name.colour`).
//! TOML dates and date-times in `default_value` become their RFC 3339 text.

use std::collections::BTreeMap;

use toml::{Table, Value};

use super::Validator;
use crate::error::{Error, Result, Violation};
use crate::model::{EntitySchema, FieldConstraints, FieldDefinition, FieldType, Json};

/// Parses a TOML domain file into its entity definitions (in key order),
/// each checked as `Validator::new` checks it; every problem is reported
/// with its TOML path.
pub fn schemas_from_toml(text: &str) -> Result<Vec<EntitySchema>> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        let at = e
            .span()
            .map(|span| {
                let before = text.get(..span.start).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!(" at line {line}, column {column}")
            })
            .unwrap_or_default();
        Error::invalid(
            "",
            "toml_syntax",
            format!("invalid toml{at}: {}", e.message()),
        )
    })?;
    let mut r = Reader::default();
    r.only_keys("", &table, &["entities"]);
    let mut schemas = Vec::new();
    if let Some(entities) = r.table("entities", table.get("entities")) {
        for (key, value) in entities {
            let path = format!("entities.{key}");
            if let Some(entity) = r.table(&path, Some(value))
                && let Some(schema) = r.entity(&path, key, entity)
            {
                schemas.push((path, schema));
            }
        }
    }
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (path, schema) in &schemas {
        if let Some(first) = seen.insert(&schema.name, path) {
            r.push(
                format!("{path}.name"),
                "duplicate",
                format!("definition `{}` is also defined at {first}", schema.name),
            );
        }
        if let Err(Error::Validation(found)) = Validator::new(schema) {
            for v in found {
                r.push(format!("{path}.{}", v.path), v.rule, v.message);
            }
        }
    }
    if r.problems.is_empty() {
        Ok(schemas.into_iter().map(|(_, s)| s).collect())
    } else {
        Err(Error::Validation(r.problems))
    }
}

/// Typed access to TOML values that records a violation, with its path, for
/// every unknown key and wrong type.
#[derive(Default)]
struct Reader {
    problems: Vec<Violation>,
}

impl Reader {
    fn push(
        &mut self,
        path: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.problems.push(Violation::new(path, rule, message));
    }

    fn only_keys(&mut self, path: &str, table: &Table, allowed: &[&str]) {
        for key in table.keys() {
            if !allowed.contains(&key.as_str()) {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                self.push(
                    at,
                    "unknown_key",
                    format!(
                        "unknown key `{key}`, expected one of: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    fn wrong_type(&mut self, path: &str, expected: &str, value: &Value) {
        self.push(
            path,
            "type",
            format!("must be {expected}, not {}", value.type_str()),
        );
    }

    fn table<'v>(&mut self, path: &str, value: Option<&'v Value>) -> Option<&'v Table> {
        match value? {
            Value::Table(t) => Some(t),
            other => {
                self.wrong_type(path, "a table", other);
                None
            }
        }
    }

    fn string(&mut self, path: &str, value: Option<&Value>) -> Option<String> {
        match value? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong_type(path, "a string", other);
                None
            }
        }
    }

    fn boolean(&mut self, path: &str, value: Option<&Value>) -> Option<bool> {
        match value? {
            Value::Boolean(b) => Some(*b),
            other => {
                self.wrong_type(path, "a boolean", other);
                None
            }
        }
    }

    fn count(&mut self, path: &str, value: Option<&Value>) -> Option<u64> {
        match value? {
            Value::Integer(i) if *i >= 0 => Some(i.unsigned_abs()),
            other => {
                self.wrong_type(path, "a non-negative integer", other);
                None
            }
        }
    }

    fn number(&mut self, path: &str, value: Option<&Value>) -> Option<f64> {
        match value? {
            // Bounds are `f64` in the model; TOML integers past 2^53 round.
            Value::Integer(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            other => {
                self.wrong_type(path, "a number", other);
                None
            }
        }
    }

    fn entity(&mut self, path: &str, key: &str, t: &Table) -> Option<EntitySchema> {
        self.only_keys(path, t, &["name", "display_name", "description", "fields"]);
        let name = self
            .string(&format!("{path}.name"), t.get("name"))
            .unwrap_or_else(|| key.to_string());
        let display_name = self.string(&format!("{path}.display_name"), t.get("display_name"));
        let description = self.string(&format!("{path}.description"), t.get("description"));
        let mut fields = BTreeMap::new();
        let fields_path = format!("{path}.fields");
        if let Some(table) = self.table(&fields_path, t.get("fields")) {
            for (field_name, value) in table {
                let field_path = format!("{fields_path}.{field_name}");
                if let Some(ft) = self.table(&field_path, Some(value))
                    && let Some(field) = self.field(&field_path, ft)
                {
                    fields.insert(field_name.clone(), field);
                }
            }
        }
        Some(EntitySchema {
            name,
            display_name,
            description,
            fields,
        })
    }

    fn field(&mut self, path: &str, t: &Table) -> Option<FieldDefinition> {
        self.only_keys(
            path,
            t,
            &[
                "field_type",
                "required",
                "default_value",
                "display_name",
                "description",
                "reference",
                "constraints",
            ],
        );
        let p = |key: &str| format!("{path}.{key}");
        let field_type = match t.get("field_type") {
            None => {
                self.push(p("field_type"), "required", "is required");
                None
            }
            Some(v) => self.string(&p("field_type"), Some(v)).and_then(|s| {
                let parsed = serde_json::from_value::<FieldType>(Json::String(s.clone())).ok();
                if parsed.is_none() {
                    self.push(
                        p("field_type"),
                        "enum",
                        format!(
                            "unknown field type `{s}`, expected one of: string, integer, number, \
                             boolean, date, datetime, uuid, enum, string_array, object, reference"
                        ),
                    );
                }
                parsed
            }),
        };
        let required = self
            .boolean(&p("required"), t.get("required"))
            .unwrap_or(false);
        let default_value = t
            .get("default_value")
            .and_then(|v| self.json_value(&p("default_value"), v));
        let display_name = self.string(&p("display_name"), t.get("display_name"));
        let description = self.string(&p("description"), t.get("description"));
        let reference = self.string(&p("reference"), t.get("reference"));
        let constraints = self
            .table(&p("constraints"), t.get("constraints"))
            .map(|c| self.constraints(&p("constraints"), c))
            .unwrap_or_default();
        Some(FieldDefinition {
            field_type: field_type?,
            required,
            default_value,
            display_name,
            description,
            reference,
            constraints,
        })
    }

    fn constraints(&mut self, path: &str, t: &Table) -> FieldConstraints {
        self.only_keys(
            path,
            t,
            &[
                "min_length",
                "max_length",
                "pattern",
                "min",
                "max",
                "enum",
                "unique",
            ],
        );
        let p = |key: &str| format!("{path}.{key}");
        let enum_values = t.get("enum").and_then(|v| match v {
            Value::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    values.push(self.string(&format!("{path}.enum.{i}"), Some(item))?);
                }
                Some(values)
            }
            other => {
                self.wrong_type(&p("enum"), "an array of strings", other);
                None
            }
        });
        FieldConstraints {
            min_length: self.count(&p("min_length"), t.get("min_length")),
            max_length: self.count(&p("max_length"), t.get("max_length")),
            pattern: self.string(&p("pattern"), t.get("pattern")),
            min: self.number(&p("min"), t.get("min")),
            max: self.number(&p("max"), t.get("max")),
            enum_values,
            unique: self.boolean(&p("unique"), t.get("unique")).unwrap_or(false),
        }
    }

    /// A TOML value as JSON; dates and times become their text.
    fn json_value(&mut self, path: &str, value: &Value) -> Option<Json> {
        Some(match value {
            Value::String(s) => Json::String(s.clone()),
            Value::Integer(i) => Json::from(*i),
            Value::Float(f) => match serde_json::Number::from_f64(*f) {
                Some(n) => Json::Number(n),
                None => {
                    self.push(path, "not_finite", "must be a finite number");
                    return None;
                }
            },
            Value::Boolean(b) => Json::Bool(*b),
            Value::Datetime(d) => Json::String(d.to_string()),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(self.json_value(&format!("{path}.{i}"), item)?);
                }
                Json::Array(out)
            }
            Value::Table(t) => {
                let mut out = serde_json::Map::new();
                for (k, v) in t {
                    out.insert(k.clone(), self.json_value(&format!("{path}.{k}"), v)?);
                }
                Json::Object(out)
            }
        })
    }
}
