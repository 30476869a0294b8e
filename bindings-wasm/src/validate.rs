//! Validation exports: entity attributes against a definition, JSON Schema
//! export, and participant / target inputs against the server's input rules.

use vividshift_core::input_rules::InputRules;
use vividshift_core::model::{EntitySchema, NewParticipant, NewTarget};
use vividshift_core::{Validator, Violation};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, from_js_json, parse, to_js};
use crate::errors::{JsResult, to_js_error};

fn violations_out(violations: &[Violation]) -> JsResult<JsValue> {
    to_js(violations)
}

fn compile(definition: JsValue) -> JsResult<Validator> {
    let schema: EntitySchema = from_js(definition, "definition")?;
    Validator::new(&schema).map_err(to_js_error)
}

/// Every violation of `attributes` against `definition` (empty when valid).
/// Throws a `VividshiftError` of kind `validation` when the definition itself is malformed.
#[wasm_bindgen(unchecked_return_type = "Violation[]")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "Definition")] definition: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] attributes: JsValue,
) -> JsResult<JsValue> {
    let validator = compile(definition)?;
    let attributes = from_js_json(attributes, "attributes")?;
    violations_out(&validator.validate(&attributes))
}

/// The definition as a draft 2020-12 JSON Schema that accepts exactly what `validate` accepts.
#[wasm_bindgen(js_name = jsonSchema, unchecked_return_type = "JsonSchema")]
pub fn json_schema(
    #[wasm_bindgen(unchecked_param_type = "Definition")] definition: JsValue,
) -> JsResult<JsValue> {
    to_js(&compile(definition)?.to_json_schema())
}

/// Violations of a typed input: its shape first (unknown keys, wrong types),
/// then the server's rules.
fn input_violations<T: serde::de::DeserializeOwned + InputRules>(
    input: JsValue,
    what: &str,
) -> JsResult<JsValue> {
    let json = from_js_json(input, what)?;
    match parse::<T>(json, what) {
        Ok(input) => violations_out(&input.violations()),
        Err(e) => violations_out(e.violations()),
    }
}

/// Every violation of a participant input (`NewParticipant`) under the server's rules.
#[wasm_bindgen(js_name = validateParticipant, unchecked_return_type = "Violation[]")]
pub fn validate_participant(
    #[wasm_bindgen(unchecked_param_type = "NewParticipant")] input: JsValue,
) -> JsResult<JsValue> {
    input_violations::<NewParticipant>(input, "participant")
}

/// Every violation of a target input (`NewTarget`) under the server's rules.
#[wasm_bindgen(js_name = validateTarget, unchecked_return_type = "Violation[]")]
pub fn validate_target(
    #[wasm_bindgen(unchecked_param_type = "NewTarget")] input: JsValue,
) -> JsResult<JsValue> {
    input_violations::<NewTarget>(input, "target")
}

/// A definition compiled once, for validating many documents.
#[wasm_bindgen(js_name = Validator)]
pub struct JsValidator {
    inner: Validator,
}

#[wasm_bindgen(js_class = Validator)]
impl JsValidator {
    /// Checks and compiles `definition`; throws when it is malformed.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Definition")] definition: JsValue,
    ) -> JsResult<JsValidator> {
        Ok(Self {
            inner: compile(definition)?,
        })
    }

    /// Every violation of `attributes` (empty when valid).
    #[wasm_bindgen(unchecked_return_type = "Violation[]")]
    pub fn validate(&self, attributes: JsValue) -> JsResult<JsValue> {
        let attributes = from_js_json(attributes, "attributes")?;
        violations_out(&self.inner.validate(&attributes))
    }

    /// Whether `attributes` is valid.
    #[wasm_bindgen(js_name = isValid)]
    pub fn is_valid(&self, attributes: JsValue) -> JsResult<bool> {
        let attributes = from_js_json(attributes, "attributes")?;
        Ok(self.inner.is_valid(&attributes))
    }

    /// `attributes` with the default value of every absent field filled in.
    #[wasm_bindgen(js_name = applyDefaults)]
    pub fn apply_defaults(&self, attributes: JsValue) -> JsResult<JsValue> {
        let attributes = from_js_json(attributes, "attributes")?;
        to_js(&self.inner.apply_defaults(&attributes))
    }

    /// The definition as JSON Schema.
    #[wasm_bindgen(js_name = jsonSchema, unchecked_return_type = "JsonSchema")]
    pub fn json_schema(&self) -> JsResult<JsValue> {
        to_js(&self.inner.to_json_schema())
    }
}
