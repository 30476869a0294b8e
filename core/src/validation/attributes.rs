//! Checking an entity's attributes against compiled fields, reporting every
//! broken rule.
//!
//! Each check here mirrors one keyword of the exported JSON Schema
//! (`json_schema.rs`), so that both give the same verdict on every document.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use regex::Regex;
use serde_json::Number;

use super::formats::TextFormat;
use crate::error::Violation;
use crate::model::{FieldDefinition, FieldType, Json};

/// One field of a checked schema, with its pattern compiled.
#[derive(Debug, Clone)]
pub(super) struct CompiledField {
    /// The field's name (its key in the attributes).
    pub name: String,
    /// Its definition.
    pub def: FieldDefinition,
    /// `constraints.pattern`, translated and compiled.
    pub pattern: Option<Regex>,
}

/// Every violation of `attributes` against `fields` (sorted by name), in
/// key order: each field's violations, and `unknown_field` for other keys.
pub(super) fn validate_object(
    schema_name: &str,
    fields: &[CompiledField],
    attributes: &Json,
) -> Vec<Violation> {
    let Some(object) = attributes.as_object() else {
        return vec![Violation::new(
            "",
            "type",
            format!(
                "attributes must be a json object, not {}",
                kind_of(attributes)
            ),
        )];
    };
    let mut out = Vec::new();
    let check = |name: &str,
                 field: Option<&CompiledField>,
                 value: Option<&Json>,
                 out: &mut Vec<Violation>| {
        match (field, value) {
            (Some(field), None | Some(Json::Null)) => {
                if field.def.required {
                    out.push(Violation::new(name, "required", "is required"));
                }
            }
            (Some(field), Some(v)) => validate_value(field, name, v, out),
            (None, _) => out.push(Violation::new(
                name,
                "unknown_field",
                format!("is not a field of `{schema_name}`"),
            )),
        }
    };
    if object.keys().is_sorted() {
        // The usual case (serde_json's map is sorted unless `preserve_order`
        // is on): walk the sorted keys and the sorted fields side by side,
        // with no allocation on valid input.
        let mut fields = fields.iter().peekable();
        let mut entries = object.iter().peekable();
        loop {
            match (fields.peek(), entries.peek()) {
                (None, None) => break,
                (Some(f), Some((k, v))) => match f.name.as_str().cmp(k.as_str()) {
                    Ordering::Less => {
                        check(&f.name, Some(f), None, &mut out);
                        fields.next();
                    }
                    Ordering::Equal => {
                        check(&f.name, Some(f), Some(v), &mut out);
                        fields.next();
                        entries.next();
                    }
                    Ordering::Greater => {
                        check(k, None, Some(v), &mut out);
                        entries.next();
                    }
                },
                (Some(f), None) => {
                    check(&f.name, Some(f), None, &mut out);
                    fields.next();
                }
                (None, Some((k, v))) => {
                    check(k, None, Some(v), &mut out);
                    entries.next();
                }
            }
        }
        return out;
    }
    let mut names: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    names.extend(fields.iter().map(|f| f.name.as_str()));
    for name in names {
        let field = fields
            .binary_search_by(|f| f.name.as_str().cmp(name))
            .ok()
            .map(|i| &fields[i]);
        check(name, field, object.get(name), &mut out);
    }
    out
}

/// Checks one non-null value of `field`, reporting at `path`.
pub(super) fn validate_value(
    field: &CompiledField,
    path: &str,
    value: &Json,
    out: &mut Vec<Violation>,
) {
    let c = &field.def.constraints;
    match field.def.field_type {
        FieldType::String => {
            let Some(text) = value.as_str() else {
                return out.push(type_error(path, "a string", value));
            };
            check_length(
                path,
                text.chars().count(),
                c.min_length,
                c.max_length,
                "characters",
                out,
            );
            check_text(field, path, text, out);
        }
        FieldType::Integer => {
            let Some(n) = value.as_number().filter(|n| is_integer(n)) else {
                return out.push(type_error(path, "an integer", value));
            };
            check_range(path, n, c.min, c.max, out);
        }
        FieldType::Number => {
            let Some(n) = value.as_number() else {
                return out.push(type_error(path, "a number", value));
            };
            check_range(path, n, c.min, c.max, out);
        }
        FieldType::Boolean => {
            if !value.is_boolean() {
                out.push(type_error(path, "a boolean", value));
            }
        }
        FieldType::Date => check_format(path, value, TextFormat::Date, out),
        FieldType::Datetime => check_format(path, value, TextFormat::Datetime, out),
        FieldType::Uuid | FieldType::Reference => check_format(path, value, TextFormat::Uuid, out),
        FieldType::Enum => {
            let Some(text) = value.as_str() else {
                return out.push(type_error(path, "a string", value));
            };
            check_text(field, path, text, out);
        }
        FieldType::StringArray => {
            let Some(items) = value.as_array() else {
                return out.push(type_error(path, "an array of strings", value));
            };
            check_length(path, items.len(), c.min_length, c.max_length, "items", out);
            for (index, item) in items.iter().enumerate() {
                let item_path = format!("{path}/{index}");
                match item.as_str() {
                    Some(text) => check_text(field, &item_path, text, out),
                    None => out.push(type_error(&item_path, "a string", item)),
                }
            }
        }
        FieldType::Object => {
            if !value.is_object() {
                out.push(type_error(path, "a json object", value));
            }
        }
    }
}

/// JSON Schema's `integer`: a number with no fractional part (so `1.0` is one).
pub(super) fn is_integer(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

/// The pattern and enum rules shared by strings, enums and string array items.
fn check_text(field: &CompiledField, path: &str, text: &str, out: &mut Vec<Violation>) {
    if let Some(re) = &field.pattern
        && !re.is_match(text)
    {
        let source = field.def.constraints.pattern.as_deref().unwrap_or_default();
        out.push(Violation::new(
            path,
            "pattern",
            format!("must match the pattern `{source}`"),
        ));
    }
    if let Some(values) = &field.def.constraints.enum_values
        && !values.iter().any(|v| v == text)
    {
        out.push(Violation::new(
            path,
            "enum",
            format!("must be one of: {}", values.join(", ")),
        ));
    }
}

fn check_length(
    path: &str,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
    unit: &str,
    out: &mut Vec<Violation>,
) {
    let len = len as u64;
    let noun = |n: u64| {
        if n == 1 {
            unit.trim_end_matches('s').to_string()
        } else {
            unit.to_string()
        }
    };
    if let Some(min) = min
        && len < min
    {
        out.push(Violation::new(
            path,
            "min_length",
            format!("must have at least {min} {}", noun(min)),
        ));
    }
    if let Some(max) = max
        && len > max
    {
        out.push(Violation::new(
            path,
            "max_length",
            format!("must have at most {max} {}", noun(max)),
        ));
    }
}

fn check_range(
    path: &str,
    n: &Number,
    min: Option<f64>,
    max: Option<f64>,
    out: &mut Vec<Violation>,
) {
    if let Some(min) = min
        && compare(n, min) == Some(Ordering::Less)
    {
        out.push(Violation::new(
            path,
            "min",
            format!("must be at least {min}"),
        ));
    }
    if let Some(max) = max
        && compare(n, max) == Some(Ordering::Greater)
    {
        out.push(Violation::new(
            path,
            "max",
            format!("must be at most {max}"),
        ));
    }
}

fn check_format(path: &str, value: &Json, format: TextFormat, out: &mut Vec<Violation>) {
    match value.as_str() {
        None => out.push(type_error(path, "a string", value)),
        Some(text) if !format.matches(text) => {
            out.push(Violation::new(
                path,
                "format",
                format!("must be {}", format.describe()),
            ));
        }
        Some(_) => {}
    }
}

fn type_error(path: &str, expected: &str, value: &Json) -> Violation {
    Violation::new(
        path,
        "type",
        format!("must be {expected}, not {}", kind_of(value)),
    )
}

/// The JSON kind of a value, for messages.
fn kind_of(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(n) if is_integer(n) => "an integer",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// Compares a JSON number with a limit exactly (no rounding of large
/// integers to `f64`), as the `jsonschema` crate does.
pub(super) fn compare(n: &Number, limit: f64) -> Option<Ordering> {
    if let Some(u) = n.as_u64() {
        cmp_u64(u, limit)
    } else if let Some(i) = n.as_i64() {
        cmp_i64(i, limit)
    } else {
        n.as_f64().and_then(|f| f.partial_cmp(&limit))
    }
}

/// 2^64 as an `f64` (exact).
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
/// -2^63 as an `f64` (exact).
const MINUS_TWO_POW_63: f64 = -9_223_372_036_854_775_808.0;

fn cmp_u64(v: u64, limit: f64) -> Option<Ordering> {
    if limit.is_nan() {
        return None;
    }
    if limit < 0.0 {
        return Some(Ordering::Greater);
    }
    if limit >= TWO_POW_64 {
        return Some(Ordering::Less);
    }
    let floor = limit.floor();
    // `floor` is integral and in 0..2^64, so the cast is exact.
    let whole = floor as u64;
    Some(match v.cmp(&whole) {
        Ordering::Equal if limit > floor => Ordering::Less,
        other => other,
    })
}

fn cmp_i64(v: i64, limit: f64) -> Option<Ordering> {
    if v >= 0 {
        return cmp_u64(v.unsigned_abs(), limit);
    }
    if limit.is_nan() {
        return None;
    }
    if limit >= 0.0 {
        return Some(Ordering::Less);
    }
    if limit < MINUS_TWO_POW_63 {
        return Some(Ordering::Greater);
    }
    let floor = limit.floor();
    // `floor` is integral and in -2^63..0, so the cast is exact.
    let whole = floor as i64;
    Some(match v.cmp(&whole) {
        Ordering::Equal if limit > floor => Ordering::Less,
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_comparison_of_large_integers() {
        let big = Number::from(9_007_199_254_740_993_u64);
        assert_eq!(
            compare(&big, 9_007_199_254_740_992.0),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare(&Number::from(u64::MAX), TWO_POW_64),
            Some(Ordering::Less)
        );
        assert_eq!(compare(&Number::from(3_u64), 2.5), Some(Ordering::Greater));
        assert_eq!(compare(&Number::from(2_u64), 2.5), Some(Ordering::Less));
        assert_eq!(compare(&Number::from(-3_i64), -2.5), Some(Ordering::Less));
        assert_eq!(
            compare(&Number::from(-2_i64), -2.5),
            Some(Ordering::Greater)
        );
        assert_eq!(compare(&Number::from(-3_i64), -3.0), Some(Ordering::Equal));
        assert_eq!(
            compare(&Number::from(i64::MIN), MINUS_TWO_POW_63),
            Some(Ordering::Equal)
        );
        assert_eq!(
            compare(&Number::from(i64::MIN), -1e300),
            Some(Ordering::Greater)
        );
        assert_eq!(compare(&Number::from(5_i64), -1.0), Some(Ordering::Greater));
    }
}
