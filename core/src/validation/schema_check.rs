//! The well-formedness check of an `EntitySchema`, run once when a
//! `Validator` is built: names, which constraints apply to which type,
//! consistent bounds, compilable patterns and valid defaults.
//!
//! Every problem is reported (not only the first), each at a path naming the
//! field and the constraint (`fields.name.constraints.pattern`).

use std::collections::BTreeSet;

use super::attributes::{CompiledField, validate_value};
use super::pattern;
use crate::error::{Error, Result, Violation};
use crate::model::{EntitySchema, FieldConstraints, FieldDefinition, FieldType};

/// The longest definition or field name, in characters.
pub const MAX_NAME_LEN: usize = 63;

/// Whether `name` is a slug: a lowercase ASCII letter, then lowercase
/// letters, digits or `_`, at most 63 characters in all.
pub fn is_slug(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && name.len() <= MAX_NAME_LEN
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

const SLUG_RULE: &str =
    "must start with a lowercase letter and hold only a-z, 0-9 and _ (at most 63 characters)";

/// Which constraints a field type accepts.
struct Applies {
    length: bool,
    pattern: bool,
    enum_values: bool,
    range: bool,
    unique: bool,
}

fn applies(field_type: FieldType) -> Applies {
    let none = Applies {
        length: false,
        pattern: false,
        enum_values: false,
        range: false,
        unique: false,
    };
    match field_type {
        FieldType::String => Applies {
            length: true,
            pattern: true,
            enum_values: true,
            unique: true,
            ..none
        },
        FieldType::Integer | FieldType::Number => Applies {
            range: true,
            unique: true,
            ..none
        },
        FieldType::Date | FieldType::Datetime | FieldType::Uuid | FieldType::Reference => Applies {
            unique: true,
            ..none
        },
        FieldType::Enum => Applies {
            enum_values: true,
            unique: true,
            ..none
        },
        FieldType::StringArray => Applies {
            length: true,
            pattern: true,
            enum_values: true,
            ..none
        },
        FieldType::Boolean | FieldType::Object => none,
    }
}

/// The snake_case name of a field type, as in the JSON.
pub(super) fn type_name(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::String => "string",
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::Boolean => "boolean",
        FieldType::Date => "date",
        FieldType::Datetime => "datetime",
        FieldType::Uuid => "uuid",
        FieldType::Enum => "enum",
        FieldType::StringArray => "string_array",
        FieldType::Object => "object",
        FieldType::Reference => "reference",
    }
}

/// Checks `schema` and compiles its fields (sorted by name), or returns a
/// validation error listing every problem.
pub(super) fn check(schema: &EntitySchema) -> Result<Vec<CompiledField>> {
    let mut problems = Vec::new();
    if !is_slug(&schema.name) {
        problems.push(Violation::new(
            "name",
            "slug",
            format!("definition name {SLUG_RULE}"),
        ));
    }
    let mut compiled = Vec::with_capacity(schema.fields.len());
    for (name, def) in &schema.fields {
        let base = format!("fields.{name}");
        let before = problems.len();
        if !is_slug(name) {
            problems.push(Violation::new(
                &base,
                "slug",
                format!("field name {SLUG_RULE}"),
            ));
        }
        check_reference(&base, def, &mut problems);
        check_constraints(&base, def, &mut problems);
        let pattern = match &def.constraints.pattern {
            Some(source) => match pattern::compile(source) {
                Ok(re) => Some(re),
                Err(message) => {
                    problems.push(Violation::new(
                        format!("{base}.constraints.pattern"),
                        "pattern_syntax",
                        message,
                    ));
                    None
                }
            },
            None => None,
        };
        let field = CompiledField {
            name: name.clone(),
            def: def.clone(),
            pattern,
        };
        // A default is only meaningful against a well-formed field.
        if problems.len() == before
            && let Some(default) = def.default_value.as_ref().filter(|v| !v.is_null())
        {
            let mut found = Vec::new();
            validate_value(&field, name, default, &mut found);
            for v in found {
                let at = v.path.strip_prefix(name.as_str()).unwrap_or_default();
                let at = at
                    .strip_prefix('/')
                    .map(|i| format!(" item {i}"))
                    .unwrap_or_default();
                problems.push(Violation::new(
                    format!("{base}.default_value"),
                    "default_value",
                    format!("default value{at} {} ({})", v.message, v.rule),
                ));
            }
        }
        compiled.push(field);
    }
    if problems.is_empty() {
        Ok(compiled)
    } else {
        Err(Error::Validation(problems))
    }
}

fn check_reference(base: &str, def: &FieldDefinition, problems: &mut Vec<Violation>) {
    let path = format!("{base}.reference");
    match (&def.reference, def.field_type) {
        (None, FieldType::Reference) => problems.push(Violation::new(
            path,
            "reference_required",
            "a reference field must name the referenced definition in `reference`",
        )),
        (Some(target), FieldType::Reference) => {
            if !is_slug(target) {
                problems.push(Violation::new(
                    path,
                    "slug",
                    format!("referenced definition name {SLUG_RULE}"),
                ));
            }
        }
        (Some(_), other) => problems.push(Violation::new(
            path,
            "not_applicable",
            format!(
                "`reference` only applies to reference fields, not {} fields",
                type_name(other)
            ),
        )),
        (None, _) => {}
    }
}

fn check_constraints(base: &str, def: &FieldDefinition, problems: &mut Vec<Violation>) {
    let c: &FieldConstraints = &def.constraints;
    let ok = applies(def.field_type);
    let type_name = type_name(def.field_type);
    let path = |key: &str| format!("{base}.constraints.{key}");
    let mut not_applicable = |key: &str, set: bool, allowed: bool| {
        if set && !allowed {
            problems.push(Violation::new(
                path(key),
                "not_applicable",
                format!("`{key}` does not apply to {type_name} fields"),
            ));
        }
    };
    not_applicable("min_length", c.min_length.is_some(), ok.length);
    not_applicable("max_length", c.max_length.is_some(), ok.length);
    not_applicable("pattern", c.pattern.is_some(), ok.pattern);
    not_applicable("min", c.min.is_some(), ok.range);
    not_applicable("max", c.max.is_some(), ok.range);
    not_applicable("enum", c.enum_values.is_some(), ok.enum_values);
    not_applicable("unique", c.unique, ok.unique);

    if let (Some(min), Some(max)) = (c.min_length, c.max_length)
        && min > max
    {
        problems.push(Violation::new(
            path("min_length"),
            "length_range",
            format!("min_length ({min}) is greater than max_length ({max})"),
        ));
    }
    for (key, bound) in [("min", c.min), ("max", c.max)] {
        if bound.is_some_and(|b| !b.is_finite()) {
            problems.push(Violation::new(
                path(key),
                "not_finite",
                format!("`{key}` must be a finite number"),
            ));
        }
    }
    if let (Some(min), Some(max)) = (c.min, c.max)
        && min > max
    {
        problems.push(Violation::new(
            path("min"),
            "range",
            format!("min ({min}) is greater than max ({max})"),
        ));
    }
    match &c.enum_values {
        None if def.field_type == FieldType::Enum => problems.push(Violation::new(
            path("enum"),
            "enum_required",
            "an enum field must list its values in `enum`",
        )),
        Some(values) if values.is_empty() => {
            problems.push(Violation::new(
                path("enum"),
                "enum_empty",
                "`enum` must list at least one value",
            ));
        }
        Some(values) => {
            let mut seen = BTreeSet::new();
            for value in values {
                if !seen.insert(value.as_str()) {
                    problems.push(Violation::new(
                        path("enum"),
                        "enum_duplicate",
                        format!("`enum` lists `{value}` more than once"),
                    ));
                }
            }
        }
        None => {}
    }
}
