//! Loading definitions from TOML domain files, and its errors.

use std::path::PathBuf;

use serde_json::json;
use vividshift_core::model::EntitySchema;
use vividshift_core::{Error, Validator, schemas_from_toml};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/definitions")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `(path, rule)` pairs of a validation error.
#[track_caller]
fn toml_errors(text: &str) -> Vec<(String, String)> {
    match schemas_from_toml(text) {
        Err(Error::Validation(found)) => found.into_iter().map(|v| (v.path, v.rule)).collect(),
        Err(other) => panic!("expected a validation error, got {other}"),
        Ok(s) => panic!("expected an error, got {s:?}"),
    }
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(p, r)| (p.to_string(), r.to_string()))
        .collect()
}

#[test]
fn work_groups_toml_matches_its_json_twin() {
    let from_toml = schemas_from_toml(&fixture("work_groups.toml")).expect("fixture loads");
    let from_json: Vec<EntitySchema> =
        serde_json::from_str(&fixture("work_groups.json")).expect("json fixture parses");
    assert_eq!(from_toml, from_json);
    let names: Vec<&str> = from_toml.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["participant", "shift", "work_group"]);
    for schema in &from_toml {
        Validator::new(schema).expect("fixture definitions are well formed");
    }
    let participant = Validator::new(&from_toml[0]).expect("well formed");
    let doc = participant.apply_defaults(&json!({
        "name": "Ada", "email": "ada@example.org", "skills": ["cooking"],
        "joined_on": "2024-02-29", "last_seen_at": "2026-01-05T08:30:00+01:00",
        "home_group": "0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b"
    }));
    assert_eq!(participant.validate(&doc), []);
    assert_eq!(doc["max_shifts_per_week"], json!(3));
    assert_eq!(doc["is_volunteer"], json!(true));
}

#[test]
fn entity_key_is_the_name_unless_given() {
    let schemas = schemas_from_toml(
        r#"
        [entities.team]
        display_name = "Team"
        [entities.other]
        name = "crew"
        "#,
    )
    .expect("loads");
    let names: Vec<&str> = schemas.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["crew", "team"]);
    assert_eq!(schemas[1].display_name.as_deref(), Some("Team"));
    assert!(schemas[1].fields.is_empty());
    assert_eq!(schemas_from_toml("").expect("empty file").len(), 0);
}

#[test]
fn toml_values_convert() {
    let schemas = schemas_from_toml(
        r#"
        [entities.event.fields.day]
        field_type = "date"
        default_value = 2026-03-01
        [entities.event.fields.at]
        field_type = "datetime"
        default_value = 2026-03-01T10:00:00Z
        [entities.event.fields.rate]
        field_type = "number"
        default_value = 1.5
        constraints = { min = 0, max = 2.5 }
        [entities.event.fields.meta]
        field_type = "object"
        default_value = { a = [1, "x", true], b = { c = 2 } }
        "#,
    )
    .expect("loads");
    let f = &schemas[0].fields;
    assert_eq!(f["day"].default_value, Some(json!("2026-03-01")));
    assert_eq!(f["at"].default_value, Some(json!("2026-03-01T10:00:00Z")));
    assert_eq!(f["rate"].default_value, Some(json!(1.5)));
    assert_eq!(f["rate"].constraints.min, Some(0.0));
    assert_eq!(f["rate"].constraints.max, Some(2.5));
    assert_eq!(
        f["meta"].default_value,
        Some(json!({"a": [1, "x", true], "b": {"c": 2}}))
    );
}

#[test]
fn unknown_keys_are_named_by_path() {
    let errors = toml_errors(
        r#"
        [domain]
        name = "x"
        [entities.team]
        colour = "red"
        [entities.team.fields.name]
        field_type = "string"
        size = 3
        [entities.team.fields.name.constraints]
        min_len = 1
        "#,
    );
    assert_eq!(
        errors,
        pairs(&[
            ("domain", "unknown_key"),
            ("entities.team.colour", "unknown_key"),
            ("entities.team.fields.name.size", "unknown_key"),
            (
                "entities.team.fields.name.constraints.min_len",
                "unknown_key"
            ),
        ])
    );
    match schemas_from_toml("[entities.team]\ncolour = 1\n") {
        Err(e) => assert_eq!(
            e.to_string(),
            "validation failed: entities.team.colour: unknown key `colour`, expected one of: \
             name, display_name, description, fields (unknown_key)"
        ),
        Ok(_) => panic!("unknown key accepted"),
    }
}

#[test]
fn wrong_types_are_named_by_path() {
    let errors = toml_errors(
        r#"
        [entities.team]
        name = 3
        display_name = true
        [entities.team.fields.a]
        field_type = "text"
        required = "yes"
        [entities.team.fields.b]
        required = true
        [entities.team.fields.c]
        field_type = "string"
        constraints = { min_length = -1, max_length = 1.5, pattern = 7, enum = ["a", 2], unique = 1 }
        [entities.team.fields.d]
        field_type = "number"
        constraints = { min = "0", max = nan }
        default_value = inf
        "#,
    );
    assert_eq!(
        errors,
        pairs(&[
            ("entities.team.name", "type"),
            ("entities.team.display_name", "type"),
            ("entities.team.fields.a.field_type", "enum"),
            ("entities.team.fields.a.required", "type"),
            ("entities.team.fields.b.field_type", "required"),
            ("entities.team.fields.c.constraints.enum.1", "type"),
            ("entities.team.fields.c.constraints.min_length", "type"),
            ("entities.team.fields.c.constraints.max_length", "type"),
            ("entities.team.fields.c.constraints.pattern", "type"),
            ("entities.team.fields.c.constraints.unique", "type"),
            ("entities.team.fields.d.default_value", "not_finite"),
            ("entities.team.fields.d.constraints.min", "type"),
            ("entities.team.fields.d.constraints.max", "not_finite"),
        ])
    );
    assert_eq!(toml_errors("entities = 3"), pairs(&[("entities", "type")]));
    assert_eq!(
        toml_errors("[entities]\nteam = 3"),
        pairs(&[("entities.team", "type")])
    );
    assert_eq!(
        toml_errors("[entities.team]\nfields = []"),
        pairs(&[("entities.team.fields", "type")])
    );
}

#[test]
fn schema_errors_carry_the_toml_path() {
    let errors = toml_errors(
        r#"
        [entities.Team.fields.code]
        field_type = "integer"
        constraints = { pattern = "(" }
        [entities.shift.fields.team]
        field_type = "reference"
        [entities.other]
        name = "shift"
        "#,
    );
    assert_eq!(
        errors,
        pairs(&[
            ("entities.Team.name", "slug"),
            (
                "entities.Team.fields.code.constraints.pattern",
                "not_applicable"
            ),
            (
                "entities.Team.fields.code.constraints.pattern",
                "pattern_syntax"
            ),
            ("entities.shift.name", "duplicate"),
            ("entities.shift.fields.team.reference", "reference_required"),
        ])
    );
}

#[test]
fn syntax_errors_say_where() {
    let err = schemas_from_toml("[entities.team]\nname = \n").expect_err("bad toml");
    let v = err.violations();
    assert_eq!(v.len(), 1);
    assert_eq!(
        (v[0].path.as_str(), v[0].rule.as_str()),
        ("", "toml_syntax")
    );
    assert!(
        v[0].message.starts_with("invalid toml at line 2"),
        "{}",
        v[0].message
    );
    for text in ["[", "a = 1\na = 2", "[[entities]]", "\u{0}", "x = \"\\q\""] {
        assert!(schemas_from_toml(text).is_err(), "{text:?}");
    }
}
