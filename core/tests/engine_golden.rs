//! Golden files: every `tests/fixtures/engine/<case>.problem.json` must give
//! exactly (byte for byte) `<case>.plan.json`, or `<case>.error.json` when
//! the problem is rejected. The Python and WASM suites read the same files.
//! Run with `UPDATE_GOLDEN=1` to rewrite the expected files after a
//! deliberate change, and review the diff.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use vividshift_core::{Problem, plan};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/engine")
}

/// How a rejected problem is written down: the error kind and its violations.
#[derive(serde::Serialize)]
struct ErrorDoc<'a> {
    kind: &'static str,
    violations: &'a [vividshift_core::Violation],
}

/// The expected text of a case: the pretty plan, or the error as JSON.
fn outcome(problem_json: &str) -> (String, &'static str) {
    match Problem::from_json(problem_json).and_then(|p| plan(&p)) {
        Ok(plan) => (plan.to_json_pretty() + "\n", "plan"),
        Err(e) => {
            let doc = ErrorDoc {
                kind: e.kind(),
                violations: e.violations(),
            };
            (serde_json::to_string_pretty(&doc).unwrap() + "\n", "error")
        }
    }
}

#[test]
fn golden_plans_match() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut cases = 0;
    let mut entries: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".problem.json"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let case = name.trim_end_matches(".problem.json");
        let (text, kind) = outcome(&std::fs::read_to_string(&path).unwrap());
        let expected_path = fixtures().join(format!("{case}.{kind}.json"));
        if update {
            std::fs::write(&expected_path, &text).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{case}: missing {}", expected_path.display()));
        assert_eq!(
            text, expected,
            "{case}: output differs from {kind} golden file"
        );
        cases += 1;
    }
    assert!(cases >= 10, "only {cases} golden cases found");
}

#[test]
fn plans_do_not_depend_on_list_order() {
    let text = std::fs::read_to_string(fixtures().join("household_optimal.problem.json")).unwrap();
    let problem = Problem::from_json(&text).unwrap();
    let mut shuffled = problem.clone();
    shuffled.participants.reverse();
    shuffled.targets.rotate_left(2);
    shuffled.history.reverse();
    for strategy in vividshift_core::Strategy::ALL {
        let mut a = problem.clone();
        let mut b = shuffled.clone();
        a.config.strategy = strategy;
        b.config.strategy = strategy;
        assert_eq!(
            plan(&a).unwrap().to_json(),
            plan(&b).unwrap().to_json(),
            "{strategy}"
        );
    }
}

#[test]
fn same_problem_same_bytes() {
    for case in [
        "household_random",
        "festival_groups_random",
        "household_optimal",
    ] {
        let text =
            std::fs::read_to_string(fixtures().join(format!("{case}.problem.json"))).unwrap();
        let first = outcome(&text).0;
        for _ in 0..3 {
            assert_eq!(outcome(&text).0, first, "{case}");
        }
    }
}
