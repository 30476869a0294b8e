//! The assignment engine over its canonical JSON (the `Problem` of the
//! engine issue, as a dict): `plan`, `cost_matrix`, and the planning
//! configuration that `generate_assignment` and `preview_assignment` take as
//! keywords. Planning runs with the GIL released.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::{Map, Value};
use vividshift_core::{PlanConfig, Problem, engine};

use crate::convert::{parse, py_to_json, to_py};
use crate::errors::IntoPyResult;
use crate::runtime::detached;

/// Reads a problem dict (`date`, `participants`, `targets`, `history`,
/// `config`); a malformed one raises `ValidationError` naming the path.
fn problem_from_py(problem: &Bound<'_, PyAny>) -> PyResult<Problem> {
    let json = py_to_json(problem, "problem")?;
    Problem::from_value(json).into_py(problem.py())
}

/// Plans the problem with its configured strategy and returns the plan as a
/// dict: `assignments` (with cost and reason each), `unfilled` slots with the
/// reason, and `metrics`. Same problem, same plan, on every platform.
#[pyfunction]
pub fn plan<'py>(problem: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = problem.py();
    let problem = problem_from_py(problem)?;
    let plan = detached(py, move || engine::plan(&problem))?;
    to_py(py, &plan)
}

/// The cost of every (participant, target) pair as a dict: `participants`
/// and `targets` (ids, in the problem's order) and `costs` (rows per
/// participant; None where the pair is infeasible).
#[pyfunction]
pub fn cost_matrix<'py>(problem: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = problem.py();
    let problem = problem_from_py(problem)?;
    let matrix = detached(py, move || engine::cost_matrix(&problem))?;
    to_py(py, &matrix)
}

/// A planning configuration from `strategy` and keywords (`seed`,
/// `allow_partial`, `avoid_consecutive`, `weights`, `half_life_days`,
/// `validation`); unknown keys raise `ValidationError`.
pub fn plan_config(
    py: Python<'_>,
    strategy: Option<&Bound<'_, PyAny>>,
    config: Option<&Bound<'_, PyDict>>,
) -> PyResult<PlanConfig> {
    let mut object = match config {
        Some(c) => match py_to_json(c.as_any(), "config")? {
            Value::Object(map) => map,
            _ => Map::new(),
        },
        None => Map::new(),
    };
    if let Some(s) = strategy.filter(|s| !s.is_none()) {
        object.insert("strategy".into(), py_to_json(s, "strategy")?);
    }
    parse(Value::Object(object), "config").into_py(py)
}
