//! The shared JSON fixtures of `tests/fixtures/validation/`, which the Python
//! and WASM suites reuse: verdicts, violations, exported schemas and schema
//! errors.

use std::path::PathBuf;

use serde_json::Value as Json;
use vividshift_core::model::EntitySchema;
use vividshift_core::{Error, Validator};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/validation")
}

fn load(name: &str) -> Json {
    let path = dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pairs(violations: &Json) -> Vec<(String, String)> {
    violations
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|v| {
                    let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
                    (s("path"), s("rule"))
                })
                .collect()
        })
        .unwrap_or_default()
}

const DOCUMENT_FILES: &[&str] = &[
    "participant.json",
    "patterns.json",
    "numbers.json",
    "formats.json",
    "arrays_and_enums.json",
];

#[test]
fn every_fixture_file_is_checked() {
    let mut known: Vec<&str> = DOCUMENT_FILES.to_vec();
    known.extend(["invalid_definitions.json", "unparsable_definitions.json"]);
    let entries = std::fs::read_dir(dir()).expect("fixture folder");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            assert!(
                known.contains(&name.as_str()),
                "{name} is not checked by this test"
            );
        }
    }
}

#[test]
fn document_fixtures() {
    let mut checked = 0;
    for file in DOCUMENT_FILES {
        let fixture = load(file);
        let definitions = fixture["definitions"].as_object().expect("definitions");
        for case in fixture["cases"].as_array().expect("cases") {
            let what = format!("{file}: {}", case["description"]);
            let key = case["definition"].as_str().expect("definition key");
            let schema: EntitySchema = serde_json::from_value(definitions[key].clone())
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            let validator = Validator::new(&schema).unwrap_or_else(|e| panic!("{what}: {e}"));
            let document = &case["document"];
            let found = validator.validate(document);
            let got: Vec<(String, String)> = found
                .iter()
                .map(|v| (v.path.clone(), v.rule.clone()))
                .collect();
            assert_eq!(got, pairs(&case["violations"]), "{what}");
            let valid = case["valid"].as_bool().expect("valid");
            assert_eq!(found.is_empty(), valid, "{what}");
            assert!(found.iter().all(|v| !v.message.is_empty()), "{what}");
            let exported = validator.to_json_schema();
            for options in [
                jsonschema::options().should_validate_formats(false),
                jsonschema::options()
                    .should_validate_formats(false)
                    .with_pattern_options(jsonschema::PatternOptions::regex()),
            ] {
                let js = options
                    .build(&exported)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(js.is_valid(document), valid, "{what}: json schema");
            }
            checked += 1;
        }
        if let Some(schemas) = fixture.get("json_schemas").and_then(Json::as_object) {
            for (key, expected) in schemas {
                let schema: EntitySchema =
                    serde_json::from_value(definitions[key].clone()).expect("definition parses");
                assert_eq!(
                    &schema.to_json_schema(),
                    expected,
                    "{file}: json schema of {key}"
                );
                assert!(
                    jsonschema::meta::is_valid(expected),
                    "{file}: {key} is a valid 2020-12 schema"
                );
            }
        }
    }
    assert!(checked > 100, "only {checked} cases");
}

#[test]
fn invalid_definition_fixtures() {
    let fixture = load("invalid_definitions.json");
    for case in fixture["cases"].as_array().expect("cases") {
        let what = case["description"].to_string();
        let schema: EntitySchema = serde_json::from_value(case["definition"].clone())
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        match Validator::new(&schema) {
            Err(Error::Validation(found)) => {
                let got: Vec<(String, String)> =
                    found.into_iter().map(|v| (v.path, v.rule)).collect();
                assert_eq!(got, pairs(&case["violations"]), "{what}");
            }
            Err(other) => panic!("{what}: unexpected error {other}"),
            Ok(_) => panic!("{what}: accepted"),
        }
    }
}

#[test]
fn unparsable_definition_fixtures() {
    let fixture = load("unparsable_definitions.json");
    for case in fixture["cases"].as_array().expect("cases") {
        assert!(
            serde_json::from_value::<EntitySchema>(case["definition"].clone()).is_err(),
            "{} parsed",
            case["description"]
        );
    }
}
