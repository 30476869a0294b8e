//! `Validator::validate` and the exported JSON Schema agree: for random
//! definitions and random near-miss documents, the `jsonschema` crate gives
//! the same verdict (with either of its regex engines, formats not asserted).
//! Also: the date pattern agrees with `chrono`, random patterns never make the
//! two disagree, and nothing panics on arbitrary input.

use chrono::{DateTime, NaiveDate};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use regex::Regex;
use serde_json::{Value as Json, json};
use vividshift_core::model::EntitySchema;
use vividshift_core::{DATE_PATTERN, DATETIME_PATTERN, Validator, schemas_from_toml};

/// The two ways our tests run the `jsonschema` crate.
fn json_schema_validators(schema: &Json) -> [jsonschema::Validator; 2] {
    let fancy = jsonschema::options()
        .should_validate_formats(false)
        .build(schema)
        .expect("exported schema compiles (fancy-regex)");
    let plain = jsonschema::options()
        .should_validate_formats(false)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(schema)
        .expect("exported schema compiles (regex)");
    [fancy, plain]
}

// ---- dates ----

#[test]
fn date_pattern_agrees_with_chrono() {
    let re = Regex::new(DATE_PATTERN).expect("compiles");
    let check = |y: i32, m: u32, d: u32| {
        let text = format!("{y:04}-{m:02}-{d:02}");
        let real = NaiveDate::from_ymd_opt(y, m, d).is_some();
        assert_eq!(re.is_match(&text), real, "{text}");
    };
    // Every month and day (and near misses) over four centuries.
    for y in 1900..=2300 {
        for m in 0..=13 {
            for d in 0..=32 {
                check(y, m, d);
            }
        }
    }
    // The end of February in every year the format can write.
    for y in 0..=9999 {
        for d in 28..=30 {
            check(y, 2, d);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn datetime_pattern_agrees_with_chrono(
        y in select(vec![0, 1900, 1999, 2000, 2024, 2026, 2100, 9999]),
        mo in 0u32..=13, d in 0u32..=32, h in 0u32..=25, mi in 0u32..=61, s in 0u32..=59,
        frac in select(vec!["", ".5", ".123456789", "."]),
        offset in select(vec!["Z", "+01:00", "-23:59", "+24:00", "+01:60", "+0100", "", "z"]),
    ) {
        let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{offset}");
        // chrono also reads a lower-case `z`; our format is upper case only.
        let expected = offset != "z" && DateTime::parse_from_rfc3339(&text).is_ok();
        let re = Regex::new(DATETIME_PATTERN).expect("compiles");
        prop_assert_eq!(re.is_match(&text), expected, "{}", text);
    }
}

// ---- random definitions and documents ----

const PATTERNS: &[&str] = &[
    "^[A-Z]",
    r"^\d+$",
    r"\w",
    r"^\S*$",
    r"\s",
    "^.$",
    "^.{2}$",
    "a|b",
    "^(?:ab)+$",
    "[^a-z]",
    "é",
    r"^[\u00e0-\u00ff]+$",
    r"\.",
    r"^\W*$",
    "^x?$",
    r"[\d\s]",
    "^$",
    r"\u{1F600}",
    "[-a]",
    "^a{1,2}$",
    r"^[^\n]*$",
    "B$",
];

const WORDS: &[&str] = &["a", "ab", "B", "é", "", " ", "x", "1", "aa"];

fn bound() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(select(vec![
        -2.0,
        -1.5,
        0.0,
        0.5,
        1.0,
        3.0,
        1e15,
        9_007_199_254_740_992.0,
    ]))
}

fn count() -> impl Strategy<Value = Option<u64>> {
    prop::option::of(0u64..=4)
}

fn words() -> impl Strategy<Value = Vec<String>> {
    subsequence(WORDS.to_vec(), 1..=4).prop_map(|w| w.into_iter().map(String::from).collect())
}

/// A well-formed field definition (as JSON).
fn field() -> impl Strategy<Value = Json> {
    let kind = select(vec![
        "string",
        "integer",
        "number",
        "boolean",
        "date",
        "datetime",
        "uuid",
        "enum",
        "string_array",
        "object",
        "reference",
    ]);
    (
        kind,
        any::<bool>(),
        any::<bool>(),
        (count(), count()),
        prop::option::of(select(PATTERNS.to_vec())),
        prop::option::of(words()),
        (bound(), bound()),
        words(),
    )
        .prop_map(
            |(kind, required, unique, (lo, hi), pattern, enum_values, (min, max), enum_words)| {
                let mut c = serde_json::Map::new();
                let (lo, hi) = match (lo, hi) {
                    (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
                    other => other,
                };
                let (min, max) = match (min, max) {
                    (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
                    other => other,
                };
                let mut f = json!({"field_type": kind, "required": required});
                match kind {
                    "string" | "string_array" => {
                        c.insert("min_length".into(), json!(lo));
                        c.insert("max_length".into(), json!(hi));
                        c.insert("pattern".into(), json!(pattern));
                        c.insert("enum".into(), json!(enum_values));
                    }
                    "integer" | "number" => {
                        c.insert("min".into(), json!(min));
                        c.insert("max".into(), json!(max));
                    }
                    "enum" => {
                        c.insert("enum".into(), json!(enum_words));
                    }
                    "reference" => f["reference"] = json!("team"),
                    _ => {}
                }
                if unique && !matches!(kind, "boolean" | "object" | "string_array") {
                    c.insert("unique".into(), json!(true));
                }
                f["constraints"] = Json::Object(c);
                f
            },
        )
}

fn definition() -> impl Strategy<Value = Json> {
    prop::collection::btree_map(select(vec!["a", "b", "name", "x_1"]), field(), 1..=4)
        .prop_map(|fields| json!({"name": "thing", "fields": fields}))
}

fn text() -> impl Strategy<Value = String> {
    let alphabet = vec![
        'a', 'b', 'A', 'B', '1', '9', '\u{663}', 'é', 'à', '日', '😀', ' ', '\n', '\r', '\u{2028}',
        '\u{a0}', '\u{feff}', '_', '-', '.', 'x',
    ];
    prop::collection::vec(select(alphabet), 0..=5).prop_map(|cs| cs.into_iter().collect())
}

fn date_text() -> impl Strategy<Value = String> {
    (
        select(vec![0, 1900, 2000, 2024, 2026, 2100, 9999]),
        0u32..=13,
        0u32..=32,
    )
        .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn datetime_text() -> impl Strategy<Value = String> {
    (
        date_text(),
        0u32..=24,
        select(vec!["00:00", "59:59", "60:00", "30:60"]),
        select(vec!["Z", "+01:00", "", ".5Z", "z", "+24:00"]),
        select(vec!["T", " ", "t"]),
    )
        .prop_map(|(d, h, ms, tail, sep)| format!("{d}{sep}{h:02}:{ms}{tail}"))
}

fn uuid_text() -> impl Strategy<Value = String> {
    select(vec![
        "0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b",
        "0192F3C4-5D6E-7F80-9A1B-2C3D4E5F6A7B",
        "0192f3c45d6e7f809a1b2c3d4e5f6a7b",
        "0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7",
        "0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7g",
        " 0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b",
    ])
    .prop_map(String::from)
}

fn number() -> impl Strategy<Value = Json> {
    prop_oneof![
        (-3i64..=4).prop_map(Json::from),
        select(vec![0.5, 1.0, 2.5, -1.5, 3.0, 1e15, 1e300, -0.0]).prop_map(Json::from),
        Just(json!(9_007_199_254_740_993_u64)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
    ]
}

/// Any value: near misses of every type.
fn any_value() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        number(),
        text().prop_map(Json::from),
        select(WORDS.to_vec()).prop_map(Json::from),
        date_text().prop_map(Json::from),
        datetime_text().prop_map(Json::from),
        uuid_text().prop_map(Json::from),
        prop::collection::vec(
            prop_oneof![4 => select(WORDS.to_vec()).prop_map(Json::from), 2 => text().prop_map(Json::from), 1 => number()],
            0..=5
        )
        .prop_map(Json::from),
        Just(json!({})),
        Just(json!({"k": [1]})),
    ]
}

/// A value aimed at a field type (mostly the right JSON type, near its limits).
fn value_for(kind: &str) -> BoxedStrategy<Json> {
    match kind {
        "string" => prop_oneof![text().prop_map(Json::from), select(WORDS.to_vec()).prop_map(Json::from)].boxed(),
        "integer" | "number" => number().boxed(),
        "boolean" => any::<bool>().prop_map(Json::from).boxed(),
        "date" => date_text().prop_map(Json::from).boxed(),
        "datetime" => datetime_text().prop_map(Json::from).boxed(),
        "uuid" | "reference" => uuid_text().prop_map(Json::from).boxed(),
        "enum" => select(WORDS.to_vec()).prop_map(Json::from).boxed(),
        "string_array" => prop::collection::vec(
            prop_oneof![6 => select(WORDS.to_vec()).prop_map(Json::from), 2 => text().prop_map(Json::from), 1 => number()],
            0..=5,
        )
        .prop_map(Json::from)
        .boxed(),
        _ => prop_oneof![Just(json!({})), Just(json!({"k": {"n": null}}))].boxed(),
    }
}

/// Documents for a definition: each field absent, null, aimed or anything;
/// sometimes an unknown key.
fn documents(def: &Json) -> BoxedStrategy<Vec<Json>> {
    let fields: Vec<(String, String)> = def["fields"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v["field_type"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut per_field: Vec<BoxedStrategy<(String, Option<Json>)>> = Vec::new();
    for (name, kind) in fields {
        let name2 = name.clone();
        per_field.push(
            prop_oneof![
                1 => Just(None),
                1 => Just(Some(Json::Null)),
                6 => value_for(&kind).prop_map(Some),
                2 => any_value().prop_map(Some),
            ]
            .prop_map(move |v| (name2.clone(), v))
            .boxed(),
        );
    }
    let extra = prop_oneof![
        6 => Just(None),
        1 => (select(vec!["zz", "A", "nAme"]), any_value()).prop_map(|(k, v)| Some((k.to_string(), v))),
    ];
    let one = (per_field, extra).prop_map(|(values, extra)| {
        let mut doc = serde_json::Map::new();
        for (name, value) in values {
            if let Some(v) = value {
                doc.insert(name, v);
            }
        }
        if let Some((k, v)) = extra {
            doc.insert(k, v);
        }
        Json::Object(doc)
    });
    let doc = prop_oneof![20 => one, 1 => any_value()];
    prop::collection::vec(doc, 8).boxed()
}

fn definition_and_documents() -> impl Strategy<Value = (Json, Vec<Json>)> {
    definition().prop_flat_map(|def| {
        let docs = documents(&def);
        (Just(def), docs)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn validate_agrees_with_the_json_schema((def, docs) in definition_and_documents()) {
        let schema: EntitySchema = serde_json::from_value(def.clone()).expect("generated definitions parse");
        let v = Validator::new(&schema).unwrap_or_else(|e| panic!("{def}: {e}"));
        let exported = v.to_json_schema();
        let engines = json_schema_validators(&exported);
        for doc in &docs {
            let found = v.validate(doc);
            for engine in &engines {
                prop_assert_eq!(
                    found.is_empty(),
                    engine.is_valid(doc),
                    "definition {}\ndocument {}\nviolations {:?}",
                    def, doc, found
                );
            }
        }
    }
}

// ---- random patterns ----

fn pattern_source() -> impl Strategy<Value = String> {
    let pieces = vec![
        "a", "b", "A", "1", "é", ".", "^", "$", "|", "(", ")", "(?:", "[", "]", "[^", "-", "{",
        "}", "{1,2}", "{2}", "*", "+", "?", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "\\.", "\\",
        "\\n", "\\u00e9", "\\x41", "\\b", "a-z", " ",
    ];
    let random = prop::collection::vec(select(pieces), 1..=8).prop_map(|p| p.concat());
    prop_oneof![random, structured_pattern()]
}

/// Patterns built from the portable grammar, so that most are accepted.
fn structured_pattern() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        select(vec!["a", "b", "A", "1", "é", "日", " ", "\\.", "-", "_"]).prop_map(String::from),
        select(vec![
            ".",
            "\\d",
            "\\w",
            "\\s",
            "\\D",
            "\\W",
            "\\S",
            "\\u00e9",
            "\\u{1F600}",
            "\\n",
            "\\xA0"
        ])
        .prop_map(String::from),
        (
            any::<bool>(),
            prop::collection::vec(
                select(vec![
                    "a",
                    "b-z",
                    "A-Z",
                    "0-9",
                    "\\d",
                    "\\s",
                    "\\w",
                    "é",
                    "-",
                    ".",
                    "\\u00e0-\\u00ff",
                    "\\n"
                ]),
                1..=3
            )
        )
            .prop_map(|(neg, items)| format!(
                "[{}{}]",
                if neg { "^" } else { "" },
                items.concat()
            )),
    ];
    let quantified = (
        atom,
        select(vec![
            "", "", "", "*", "+", "?", "{2}", "{1,2}", "{0,}", "*?",
        ]),
    )
        .prop_map(|(a, q)| format!("{a}{q}"));
    let sequence = prop::collection::vec(quantified, 1..=4).prop_map(|v| v.concat());
    let body = sequence.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..=3).prop_map(|v| v.join("|")),
            (inner, select(vec!["", "*", "+", "?", "{1,2}"]))
                .prop_map(|(b, q)| format!("(?:{b}){q}")),
        ]
    });
    (any::<bool>(), body, any::<bool>()).prop_map(|(start, b, end)| {
        format!(
            "{}{b}{}",
            if start { "^" } else { "" },
            if end { "$" } else { "" }
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any pattern we accept compiles in the `jsonschema` crate and matches the
    /// same strings there.
    #[test]
    fn accepted_patterns_match_like_json_schema(
        pattern in pattern_source(),
        inputs in prop::collection::vec(text(), 12),
    ) {
        let def = json!({"name": "p", "fields": {"f": {"field_type": "string", "required": true, "constraints": {"pattern": pattern}}}});
        let schema: EntitySchema = serde_json::from_value(def).expect("parses");
        let Ok(v) = Validator::new(&schema) else {
            return Ok(());
        };
        let engines = json_schema_validators(&v.to_json_schema());
        for input in inputs {
            let doc = json!({"f": input});
            for engine in &engines {
                prop_assert_eq!(v.is_valid(&doc), engine.is_valid(&doc), "pattern {:?} on {:?}", pattern, input);
            }
        }
    }
}

// ---- no panics ----

fn arbitrary_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        ".{0,12}".prop_map(Json::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::from),
            prop::collection::btree_map(
                prop_oneof![
                    select(vec![
                        "name",
                        "fields",
                        "field_type",
                        "constraints",
                        "enum",
                        "pattern",
                        "min",
                        "max",
                        "required",
                        "a"
                    ])
                    .prop_map(String::from),
                    ".{0,4}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_documents_never_panic(doc in arbitrary_json(), def in definition()) {
        let schema: EntitySchema = serde_json::from_value(def).expect("parses");
        let v = Validator::new(&schema).expect("well formed");
        let _ = v.validate(&doc);
        let _ = v.apply_defaults(&doc);
    }

    #[test]
    fn arbitrary_definitions_never_panic(def in arbitrary_json(), doc in arbitrary_json()) {
        if let Ok(schema) = serde_json::from_value::<EntitySchema>(def) {
            let _ = schema.to_json_schema();
            if let Ok(v) = Validator::new(&schema) {
                let _ = v.validate(&doc);
            }
        }
    }

    #[test]
    fn arbitrary_patterns_and_toml_never_panic(pattern in "\\PC{0,24}", text in "[\\[\\]a-z=\". \n{}0-9,]{0,64}") {
        let def = json!({"name": "p", "fields": {"f": {"field_type": "string", "constraints": {"pattern": pattern}}}});
        if let Ok(schema) = serde_json::from_value::<EntitySchema>(def) {
            let _ = Validator::new(&schema);
        }
        let _ = schemas_from_toml(&text);
    }
}
