//! Validation rules: every field type and constraint, positive and negative,
//! every violation reported, schema errors, defaults and JSON Schema export.

use serde_json::{Value as Json, json};
use vividshift_core::model::EntitySchema;
use vividshift_core::{Error, Validator, Violation};

fn schema(value: Json) -> EntitySchema {
    serde_json::from_value(value).expect("definition parses")
}

/// A validator over one field `f` with the given definition.
fn one_field(field: Json) -> Validator {
    Validator::new(&schema(json!({"name": "thing", "fields": {"f": field}})))
        .expect("schema is well formed")
}

/// The `(path, rule)` pairs of violations.
fn rules(violations: &[Violation]) -> Vec<(&str, &str)> {
    violations
        .iter()
        .map(|v| (v.path.as_str(), v.rule.as_str()))
        .collect()
}

/// What the `jsonschema` crate says of `doc` against the validator's export.
fn schema_accepts(v: &Validator, doc: &Json) -> bool {
    jsonschema::options()
        .should_validate_formats(false)
        .build(&v.to_json_schema())
        .expect("exported schema compiles")
        .is_valid(doc)
}

/// Asserts the verdict on `{"f": value}` is `expected_rules` (empty = valid),
/// and that the exported JSON Schema agrees.
#[track_caller]
fn check(v: &Validator, value: Json, expected_rules: &[&str]) {
    let doc = json!({ "f": value });
    let got = v.validate(&doc);
    let got_rules: Vec<&str> = got.iter().map(|x| x.rule.as_str()).collect();
    assert_eq!(got_rules, expected_rules, "value {value}: {got:?}");
    assert_eq!(
        schema_accepts(v, &doc),
        expected_rules.is_empty(),
        "json schema on {value}"
    );
    assert_eq!(v.is_valid(&doc), expected_rules.is_empty());
    match v.check(&doc) {
        Ok(()) => assert!(expected_rules.is_empty()),
        Err(e) => assert_eq!(e.violations(), got.as_slice()),
    }
}

#[test]
fn string_rules() {
    let v = one_field(
        json!({"field_type": "string", "constraints": {"min_length": 2, "max_length": 4, "pattern": "^[a-zé]+$"}}),
    );
    check(&v, json!("ab"), &[]);
    check(&v, json!("abcd"), &[]);
    // Lengths count characters, not bytes: 4 characters, 8 bytes.
    check(&v, json!("éééé"), &[]);
    check(&v, json!("a"), &["min_length"]);
    check(&v, json!("abcde"), &["max_length"]);
    check(&v, json!("AB"), &["pattern"]);
    check(&v, json!("A"), &["min_length", "pattern"]);
    check(&v, json!(12), &["type"]);
    check(&v, json!(["ab"]), &["type"]);
    check(&v, json!(null), &[]);
}

#[test]
fn string_enum_and_unanchored_pattern() {
    let v = one_field(
        json!({"field_type": "string", "constraints": {"pattern": "b", "enum": ["abc", "xyz"]}}),
    );
    check(&v, json!("abc"), &[]);
    check(&v, json!("xyz"), &["pattern"]);
    check(&v, json!("b"), &["enum"]);
    check(&v, json!("q"), &["pattern", "enum"]);
}

#[test]
fn integer_rules() {
    let v = one_field(json!({"field_type": "integer", "constraints": {"min": -2, "max": 10}}));
    check(&v, json!(-2), &[]);
    check(&v, json!(10), &[]);
    // JSON Schema 2020-12: a number with a zero fraction is an integer.
    check(&v, json!(3.0), &[]);
    check(&v, json!(3.5), &["type"]);
    check(&v, json!(-3), &["min"]);
    check(&v, json!(11), &["max"]);
    check(&v, json!(10.0), &[]);
    check(&v, json!(11.0), &["max"]);
    check(&v, json!(u64::MAX), &["max"]);
    check(&v, json!(i64::MIN), &["min"]);
    check(&v, json!("3"), &["type"]);
    check(&v, json!(true), &["type"]);
}

#[test]
fn number_rules() {
    let v = one_field(json!({"field_type": "number", "constraints": {"min": 0.5, "max": 2.5}}));
    check(&v, json!(0.5), &[]);
    check(&v, json!(2), &[]);
    check(&v, json!(2.5), &[]);
    check(&v, json!(0.49), &["min"]);
    check(&v, json!(0), &["min"]);
    check(&v, json!(3), &["max"]);
    check(&v, json!(2.500_000_1), &["max"]);
    check(&v, json!("1"), &["type"]);
    // Large integers are compared exactly, not after rounding to f64.
    let big = one_field(
        json!({"field_type": "integer", "constraints": {"max": 9_007_199_254_740_992_u64}}),
    );
    check(&big, json!(9_007_199_254_740_992_u64), &[]);
    check(&big, json!(9_007_199_254_740_993_u64), &["max"]);
}

#[test]
fn boolean_and_object_rules() {
    let b = one_field(json!({"field_type": "boolean"}));
    check(&b, json!(true), &[]);
    check(&b, json!(false), &[]);
    check(&b, json!(0), &["type"]);
    check(&b, json!("true"), &["type"]);
    let o = one_field(json!({"field_type": "object"}));
    check(&o, json!({}), &[]);
    check(&o, json!({"any": [1, {"deep": null}]}), &[]);
    check(&o, json!([]), &["type"]);
    check(&o, json!("{}"), &["type"]);
}

#[test]
fn date_rules() {
    let v = one_field(json!({"field_type": "date"}));
    for ok in [
        "2026-01-31",
        "2024-02-29",
        "2000-02-29",
        "0000-02-29",
        "9999-12-31",
        "2026-04-30",
    ] {
        check(&v, json!(ok), &[]);
    }
    for bad in [
        "2026-02-29",
        "2026-02-30",
        "2100-02-29",
        "1900-02-29",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "2026-1-01",
        "26-01-01",
        "2026-01-01T00:00:00Z",
        " 2026-01-01",
        "2026-01-01\n",
        "20260101",
        "２０２６-01-01",
        "",
    ] {
        check(&v, json!(bad), &["format"]);
    }
    check(&v, json!(20_260_101), &["type"]);
}

#[test]
fn datetime_rules() {
    let v = one_field(json!({"field_type": "datetime"}));
    for ok in [
        "2026-01-31T10:20:30Z",
        "2026-01-31T23:59:59.123456789Z",
        "2024-02-29T00:00:00+01:00",
        "2026-06-01T12:00:00-23:59",
        "2026-06-01T12:00:00-00:00",
    ] {
        check(&v, json!(ok), &[]);
    }
    for bad in [
        "2026-02-30T10:00:00Z",
        "2026-01-31 10:20:30Z",
        "2026-01-31t10:20:30z",
        "2026-01-31T24:00:00Z",
        "2026-01-31T23:60:00Z",
        "2026-12-31T23:59:60Z",
        "2026-01-31T10:20:30",
        "2026-01-31T10:20Z",
        "2026-01-31T10:20:30.Z",
        "2026-01-31T10:20:30+0100",
        "2026-01-31T10:20:30+24:00",
        "2026-01-31",
    ] {
        check(&v, json!(bad), &["format"]);
    }
    check(&v, json!(1_700_000_000), &["type"]);
}

#[test]
fn uuid_and_reference_rules() {
    for field in [
        json!({"field_type": "uuid"}),
        json!({"field_type": "reference", "reference": "team"}),
    ] {
        let v = one_field(field);
        check(&v, json!("0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b"), &[]);
        check(&v, json!("0192F3C4-5D6E-7F80-9A1B-2C3D4E5F6A7B"), &[]);
        check(&v, json!("00000000-0000-0000-0000-000000000000"), &[]);
        check(&v, json!("0192f3c45d6e7f809a1b2c3d4e5f6a7b"), &["format"]);
        check(
            &v,
            json!("{0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b}"),
            &["format"],
        );
        check(
            &v,
            json!("0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7g"),
            &["format"],
        );
        check(
            &v,
            json!("0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7"),
            &["format"],
        );
        check(&v, json!(42), &["type"]);
    }
}

#[test]
fn enum_rules() {
    let v = one_field(json!({"field_type": "enum", "constraints": {"enum": ["low", "high"]}}));
    check(&v, json!("low"), &[]);
    check(&v, json!("high"), &[]);
    check(&v, json!("LOW"), &["enum"]);
    check(&v, json!(""), &["enum"]);
    check(&v, json!(1), &["type"]);
    check(&v, json!(null), &[]);
}

#[test]
fn string_array_rules() {
    let v = one_field(json!({"field_type": "string_array", "constraints": {
        "min_length": 1, "max_length": 3, "pattern": "^[a-z]+$", "enum": ["a", "b", "cc", "D"]
    }}));
    check(&v, json!(["a"]), &[]);
    check(&v, json!(["a", "b", "cc"]), &[]);
    // Duplicate items are allowed.
    check(&v, json!(["a", "a"]), &[]);
    check(&v, json!([]), &["min_length"]);
    check(&v, json!(["a", "b", "cc", "a"]), &["max_length"]);
    check(&v, json!(["a", "D"]), &["pattern"]);
    check(&v, json!(["a", "zz"]), &["enum"]);
    check(&v, json!(["a", 1, null]), &["type", "type"]);
    check(&v, json!("a"), &["type"]);
    let doc = json!({"f": ["D", 7, "zz", "a", "b"]});
    assert_eq!(
        rules(&v.validate(&doc)),
        [
            ("f", "max_length"),
            ("f/0", "pattern"),
            ("f/1", "type"),
            ("f/2", "enum"),
        ]
    );
}

#[test]
fn required_null_absent_and_unknown() {
    let v = Validator::new(&schema(json!({"name": "person", "fields": {
        "name": {"field_type": "string", "required": true},
        "nick": {"field_type": "string"},
        "level": {"field_type": "enum", "required": true, "constraints": {"enum": ["a"]}}
    }})))
    .expect("schema is well formed");
    assert!(v.is_valid(&json!({"name": "x", "level": "a"})));
    assert!(v.is_valid(&json!({"name": "x", "level": "a", "nick": null})));
    assert_eq!(
        rules(&v.validate(&json!({"level": "a"}))),
        [("name", "required")]
    );
    assert_eq!(
        rules(&v.validate(&json!({"name": null, "level": "a"}))),
        [("name", "required")]
    );
    assert_eq!(
        rules(&v.validate(&json!({"name": "x", "level": "a", "age": 3, "Name": "y"}))),
        [("Name", "unknown_field"), ("age", "unknown_field")]
    );
    for doc in [
        json!({"level": "a"}),
        json!({"name": null, "level": "a"}),
        json!({"name": "x", "level": null}),
        json!({"name": "x", "level": "a", "zz": 1}),
    ] {
        assert!(!schema_accepts(&v, &doc), "{doc}");
    }
}

#[test]
fn every_violation_is_listed() {
    let v = Validator::new(&schema(json!({"name": "participant", "fields": {
        "name": {"field_type": "string", "required": true, "constraints": {"min_length": 3, "pattern": "^[A-Z]"}},
        "age": {"field_type": "integer", "constraints": {"min": 0}},
        "email": {"field_type": "string", "required": true}
    }})))
    .expect("schema is well formed");
    let found = v.validate(&json!({"name": "x", "age": -1.5, "colour": "red"}));
    assert_eq!(
        rules(&found),
        [
            ("age", "type"),
            ("colour", "unknown_field"),
            ("email", "required"),
            ("name", "min_length"),
            ("name", "pattern"),
        ]
    );
    for v in &found {
        assert!(!v.message.is_empty());
        assert!(
            v.message.starts_with(|c: char| c.is_lowercase()),
            "messages are lowercase: {v}"
        );
        assert!(!v.message.ends_with('.'));
    }
    let messages: Vec<&str> = found.iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "must be an integer, not a number",
            "is not a field of `participant`",
            "is required",
            "must have at least 3 characters",
            "must match the pattern `^[A-Z]`",
        ]
    );
}

#[test]
fn attributes_must_be_an_object() {
    let v = one_field(json!({"field_type": "string"}));
    for doc in [json!(null), json!([]), json!("x"), json!(1), json!(true)] {
        assert_eq!(rules(&v.validate(&doc)), [("", "type")], "{doc}");
        assert!(!schema_accepts(&v, &doc));
    }
}

#[test]
fn defaults_are_applied_to_absent_fields_only() {
    let v = Validator::new(&schema(json!({"name": "group", "fields": {
        "size": {"field_type": "integer", "required": true, "default_value": 1},
        "tags": {"field_type": "string_array", "default_value": ["x"]},
        "note": {"field_type": "string", "default_value": "none"},
        "other": {"field_type": "string"}
    }})))
    .expect("schema is well formed");
    let doc = json!({"note": null});
    // A default does not satisfy `required` in validate: the JSON Schema agrees.
    assert_eq!(rules(&v.validate(&doc)), [("size", "required")]);
    assert!(!schema_accepts(&v, &doc));
    let filled = v.apply_defaults(&doc);
    assert_eq!(filled, json!({"size": 1, "tags": ["x"], "note": null}));
    assert!(v.is_valid(&filled));
    assert_eq!(
        v.apply_defaults(&json!({"size": 5})),
        json!({"size": 5, "tags": ["x"], "note": "none"})
    );
    assert_eq!(v.apply_defaults(&json!([1])), json!([1]));
    let exported = v.to_json_schema();
    assert_eq!(exported["properties"]["size"]["default"], json!(1));
}

#[test]
fn entity_schema_convenience_methods() {
    let s = schema(
        json!({"name": "thing", "fields": {"n": {"field_type": "integer", "required": true}}}),
    );
    assert_eq!(s.validate(&json!({"n": 1})).expect("well formed"), []);
    assert_eq!(
        rules(&s.validate(&json!({})).expect("well formed")),
        [("n", "required")]
    );
    assert_eq!(
        s.to_json_schema(),
        Validator::new(&s).expect("well formed").to_json_schema()
    );
    let bad = schema(json!({"name": "Thing", "fields": {}}));
    assert!(matches!(
        bad.validate(&json!({})),
        Err(Error::Validation(_))
    ));
}

#[test]
fn unique_fields_are_listed_and_exported_as_annotation() {
    let v = Validator::new(&schema(json!({"name": "thing", "fields": {
        "code": {"field_type": "string", "constraints": {"unique": true}},
        "team": {"field_type": "reference", "reference": "team", "constraints": {"unique": true}},
        "other": {"field_type": "string"}
    }})))
    .expect("schema is well formed");
    assert_eq!(v.unique_fields().collect::<Vec<_>>(), ["code", "team"]);
    let s = v.to_json_schema();
    assert_eq!(s["properties"]["code"]["x-unique"], json!(true));
    assert_eq!(s["properties"]["team"]["x-reference"], json!("team"));
    assert!(s["properties"]["other"].get("x-unique").is_none());
}

#[test]
fn json_schema_shape() {
    let s = schema(
        json!({"name": "participant", "display_name": "Participant", "description": "someone", "fields": {
            "name": {"field_type": "string", "required": true, "display_name": "Name",
                     "constraints": {"min_length": 1, "max_length": 100, "pattern": "^[A-Z]", "min": null, "max": null, "enum": null, "unique": true}},
            "level": {"field_type": "enum", "constraints": {"enum": ["a", "b"]}},
            "rate": {"field_type": "number", "constraints": {"min": 0, "max": 2.5}},
            "skills": {"field_type": "string_array", "required": true, "constraints": {"max_length": 3, "enum": ["x"]}},
            "born": {"field_type": "date"}
        }}),
    );
    let exported = s.to_json_schema();
    assert_eq!(
        exported,
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Participant",
            "description": "someone",
            "type": "object",
            "properties": {
                "born": {"type": ["string", "null"], "pattern": vividshift_core::DATE_PATTERN},
                "level": {"type": ["string", "null"], "enum": ["a", "b", null]},
                "name": {"title": "Name", "type": "string", "minLength": 1, "maxLength": 100, "pattern": "^[A-Z]", "x-unique": true},
                "rate": {"type": ["number", "null"], "minimum": 0, "maximum": 2.5},
                "skills": {"type": "array", "maxItems": 3, "items": {"type": "string", "enum": ["x"]}}
            },
            "required": ["name", "skills"],
            "additionalProperties": false
        })
    );
    assert!(
        jsonschema::meta::is_valid(&exported),
        "a valid 2020-12 schema"
    );
}

#[test]
fn no_panic_on_odd_documents() {
    let v = Validator::new(&schema(json!({"name": "thing", "fields": {
        "s": {"field_type": "string", "constraints": {"pattern": "^(?:a|b)*c$"}},
        "o": {"field_type": "object"}, "a": {"field_type": "string_array"}
    }})))
    .expect("schema is well formed");
    let deep = (0..100).fold(json!(1), |acc, _| json!([acc]));
    for doc in [
        json!({"s": "ab".repeat(50_000), "o": {"x": deep.clone()}, "a": [deep.clone()]}),
        json!({"": "", "\u{0}": null, "s": "\u{10FFFF}\u{0}"}),
        json!({"s": f64::MAX, "a": [f64::MIN, u64::MAX, i64::MIN]}),
    ] {
        let _ = v.validate(&doc);
        let _ = v.apply_defaults(&doc);
    }
}

// ---- schema errors ----

#[track_caller]
fn schema_errors(definition: Json) -> Vec<(String, String)> {
    match Validator::new(&schema(definition)) {
        Err(Error::Validation(found)) => found.into_iter().map(|v| (v.path, v.rule)).collect(),
        Err(other) => panic!("expected a validation error, got {other}"),
        Ok(_) => panic!("expected the schema to be rejected"),
    }
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(p, r)| (p.to_string(), r.to_string()))
        .collect()
}

#[test]
fn schema_names_must_be_slugs() {
    for bad in [
        "",
        "Participant",
        "1st",
        "_x",
        "my-thing",
        "naïve",
        &"a".repeat(64),
    ] {
        assert_eq!(
            schema_errors(json!({"name": bad, "fields": {}})),
            pairs(&[("name", "slug")]),
            "{bad:?}"
        );
        let errors =
            schema_errors(json!({"name": "ok", "fields": {bad: {"field_type": "string"}}}));
        assert_eq!(errors, vec![(format!("fields.{bad}"), "slug".to_string())]);
    }
    for good in ["a", "participant", "work_group_2", &"a".repeat(63)] {
        assert!(
            Validator::new(&schema(
                json!({"name": good, "fields": {good: {"field_type": "string"}}})
            ))
            .is_ok()
        );
    }
    // camelCase field names are rejected: names are snake_case.
    assert_eq!(
        schema_errors(json!({"name": "x", "fields": {"firstName": {"field_type": "string"}}})),
        pairs(&[("fields.firstName", "slug")])
    );
}

#[test]
fn schema_bounds_must_be_consistent() {
    assert_eq!(
        schema_errors(
            json!({"name": "x", "fields": {"f": {"field_type": "string", "constraints": {"min_length": 5, "max_length": 4}}}})
        ),
        pairs(&[("fields.f.constraints.min_length", "length_range")])
    );
    assert_eq!(
        schema_errors(
            json!({"name": "x", "fields": {"f": {"field_type": "number", "constraints": {"min": 5, "max": 4.5}}}})
        ),
        pairs(&[("fields.f.constraints.min", "range")])
    );
    let mut s = schema(json!({"name": "x", "fields": {"f": {"field_type": "number"}}}));
    if let Some(f) = s.fields.get_mut("f") {
        f.constraints.min = Some(f64::NAN);
        f.constraints.max = Some(f64::INFINITY);
    }
    let found = Validator::new(&s)
        .err()
        .map(|e| e.violations().to_vec())
        .unwrap_or_default();
    assert_eq!(
        rules(&found),
        [
            ("fields.f.constraints.min", "not_finite"),
            ("fields.f.constraints.max", "not_finite")
        ]
    );
    // Equal bounds are fine.
    assert!(Validator::new(&schema(json!({"name": "x", "fields": {"f": {"field_type": "string_array", "constraints": {"min_length": 2, "max_length": 2}}}}))).is_ok());
}

#[test]
fn schema_enum_rules() {
    assert_eq!(
        schema_errors(json!({"name": "x", "fields": {"f": {"field_type": "enum"}}})),
        pairs(&[("fields.f.constraints.enum", "enum_required")])
    );
    assert_eq!(
        schema_errors(
            json!({"name": "x", "fields": {"f": {"field_type": "enum", "constraints": {"enum": []}}}})
        ),
        pairs(&[("fields.f.constraints.enum", "enum_empty")])
    );
    assert_eq!(
        schema_errors(
            json!({"name": "x", "fields": {"f": {"field_type": "string_array", "constraints": {"enum": ["a", "b", "a"]}}}})
        ),
        pairs(&[("fields.f.constraints.enum", "enum_duplicate")])
    );
}

#[test]
fn schema_reference_rules() {
    assert_eq!(
        schema_errors(json!({"name": "x", "fields": {"f": {"field_type": "reference"}}})),
        pairs(&[("fields.f.reference", "reference_required")])
    );
    assert_eq!(
        schema_errors(
            json!({"name": "x", "fields": {"f": {"field_type": "reference", "reference": ""}}})
        ),
        pairs(&[("fields.f.reference", "slug")])
    );
    assert_eq!(
        schema_errors(
            json!({"name": "x", "fields": {"f": {"field_type": "uuid", "reference": "team"}}})
        ),
        pairs(&[("fields.f.reference", "not_applicable")])
    );
}

#[test]
fn schema_constraints_must_apply_to_the_type() {
    let cases: &[(&str, Json, &str)] = &[
        ("integer", json!({"pattern": "a"}), "pattern"),
        ("integer", json!({"min_length": 1}), "min_length"),
        ("number", json!({"enum": ["a"]}), "enum"),
        ("string", json!({"min": 1}), "min"),
        ("string_array", json!({"max": 1}), "max"),
        ("string_array", json!({"unique": true}), "unique"),
        ("boolean", json!({"unique": true}), "unique"),
        ("object", json!({"max_length": 3}), "max_length"),
        ("date", json!({"min": 1}), "min"),
        ("datetime", json!({"pattern": "Z$"}), "pattern"),
        ("uuid", json!({"min_length": 36}), "min_length"),
        ("enum", json!({"enum": ["a"], "pattern": "a"}), "pattern"),
        ("reference", json!({"max_length": 3}), "max_length"),
    ];
    for (field_type, constraints, key) in cases {
        let mut field = json!({"field_type": field_type, "constraints": constraints});
        if *field_type == "reference" {
            field["reference"] = json!("team");
        }
        assert_eq!(
            schema_errors(json!({"name": "x", "fields": {"f": field}})),
            vec![(
                format!("fields.f.constraints.{key}"),
                "not_applicable".to_string()
            )],
            "{field_type} with {constraints}"
        );
    }
}

#[test]
fn schema_patterns_must_be_portable() {
    for bad in [
        "(",
        "[a-",
        "a{2,1}",
        "\\bword\\b",
        "(?i)abc",
        "(?=a)",
        "(?<n>a)",
        "\\1",
        "\\p{L}",
        "[[:alpha:]]",
        "a{",
        "}",
        "]",
        "[]",
        "[^]",
        "*a",
        "a**",
        "^*",
        "\\A",
        "\\z",
        "\\cA",
        "\\x4",
        "\\uD800",
        "[\\d-z]",
        "[a-z-0]",
        "\\-",
        "a{1001}",
        "\\",
    ] {
        let errors = schema_errors(
            json!({"name": "x", "fields": {"f": {"field_type": "string", "constraints": {"pattern": bad}}}}),
        );
        assert_eq!(
            errors,
            pairs(&[("fields.f.constraints.pattern", "pattern_syntax")]),
            "{bad:?}"
        );
    }
    for good in [
        "^[A-Z]",
        "a|b|",
        "^(?:ab)+$",
        "^.{2,3}$",
        "\\d\\w\\s\\D\\W\\S",
        "[^\\d\\s]",
        "x*?y??z+?",
        "\\u00e9\\u{1F600}\\x41",
        "[-a]",
        "[a-]",
        "[\\-]",
        "[a-z0-9_]",
        "\\/\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\",
        "a{0}b{2,}c{1,3}",
        "()",
        "[.]",
        "#&~ ",
        "[a&&b~~d]",
        "\\t\\n\\r\\f\\v",
        "日本",
    ] {
        let s = schema(
            json!({"name": "x", "fields": {"f": {"field_type": "string", "constraints": {"pattern": good}}}}),
        );
        let v = Validator::new(&s).unwrap_or_else(|e| panic!("{good:?}: {e}"));
        // The jsonschema crate compiles the same source.
        assert!(
            jsonschema::options().build(&v.to_json_schema()).is_ok(),
            "{good:?} compiles in jsonschema"
        );
    }
}

#[test]
fn schema_default_must_be_valid() {
    assert_eq!(
        schema_errors(
            json!({"name": "x", "fields": {"f": {"field_type": "string", "default_value": 3}}})
        ),
        pairs(&[("fields.f.default_value", "default_value")])
    );
    assert_eq!(
        schema_errors(
            json!({"name": "x", "fields": {"f": {"field_type": "string_array", "default_value": ["ok", "NO", 1],
            "constraints": {"pattern": "^[a-z]+$"}}}})
        ),
        pairs(&[
            ("fields.f.default_value", "default_value"),
            ("fields.f.default_value", "default_value")
        ])
    );
    let found = Validator::new(&schema(json!({"name": "x", "fields": {"f": {"field_type": "date", "default_value": "2026-02-30"}}})))
        .err()
        .map(|e| e.violations().to_vec())
        .unwrap_or_default();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "default value must be a calendar date (YYYY-MM-DD) (format)"
    );
    // A null default is no default.
    assert!(
        Validator::new(&schema(
            json!({"name": "x", "fields": {"f": {"field_type": "integer", "default_value": null}}})
        ))
        .is_ok()
    );
}

#[test]
fn schema_errors_are_all_listed() {
    let errors = schema_errors(json!({"name": "Bad Name", "fields": {
        "a": {"field_type": "integer", "constraints": {"pattern": "x", "min": 3, "max": 1}},
        "b": {"field_type": "enum"},
        "c": {"field_type": "string", "constraints": {"pattern": "(?i)x"}}
    }}));
    assert_eq!(
        errors,
        pairs(&[
            ("name", "slug"),
            ("fields.a.constraints.pattern", "not_applicable"),
            ("fields.a.constraints.min", "range"),
            ("fields.b.constraints.enum", "enum_required"),
            ("fields.c.constraints.pattern", "pattern_syntax"),
        ])
    );
}

#[test]
fn unknown_definition_keys_are_rejected() {
    for bad in [
        json!({"name": "x", "fields": {}, "colour": 1}),
        json!({"name": "x", "fields": {"f": {"field_type": "string", "colour": 1}}}),
        json!({"name": "x", "fields": {"f": {"field_type": "string", "constraints": {"colour": 1}}}}),
        json!({"name": "x", "fields": {"f": {"field_type": "text"}}}),
        json!({"name": "x", "fields": {"f": {"field_type": "string", "constraints": {"min_length": -1}}}}),
        json!({"fields": {}}),
    ] {
        assert!(
            serde_json::from_value::<EntitySchema>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}
