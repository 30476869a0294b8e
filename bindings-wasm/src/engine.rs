//! Engine exports: plan a `Problem` and show its cost matrix in the browser,
//! with the very code the server plans with.

use vividshift_core::engine::{self, Problem};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js_json, to_js};
use crate::errors::{JsResult, to_js_error};

fn problem(value: JsValue) -> JsResult<Problem> {
    Problem::from_value(from_js_json(value, "problem")?).map_err(to_js_error)
}

/// Plans `problem` (the canonical Problem JSON) with its configured strategy.
/// Throws a `VividshiftError` of kind `validation` naming the path and rule of
/// every problem in the input, or each short target without `allow_partial`.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn plan(
    #[wasm_bindgen(unchecked_param_type = "Problem")] problem_json: JsValue,
) -> JsResult<JsValue> {
    let plan = engine::plan(&problem(problem_json)?).map_err(to_js_error)?;
    to_js(&plan)
}

/// The cost of every participant on every target (`null`: infeasible), so
/// that anyone can check a plan's optimality.
#[wasm_bindgen(js_name = costMatrix, unchecked_return_type = "CostMatrix")]
pub fn cost_matrix(
    #[wasm_bindgen(unchecked_param_type = "Problem")] problem_json: JsValue,
) -> JsResult<JsValue> {
    let matrix = engine::cost_matrix(&problem(problem_json)?).map_err(to_js_error)?;
    to_js(&matrix)
}
