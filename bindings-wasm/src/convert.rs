//! Moving values across the boundary: JS objects in through serde_json (so
//! that typed inputs reject unknown keys and wrong types with a clear
//! message), plain JS objects out (never ES `Map`s).

use serde::Serialize;
use serde::de::DeserializeOwned;
use vividshift_core::{Error, Violation};
use wasm_bindgen::JsValue;

use crate::errors::{JsResult, to_js_error};

/// Serializes `value` as a plain JS value (objects, not `Map`s).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(Error::internal(format!("cannot convert the result: {e}"))))
}

/// Reads a JS value as JSON; `what` names the argument in errors.
pub fn from_js_json(value: JsValue, what: &str) -> JsResult<serde_json::Value> {
    if value.is_undefined() {
        return Err(to_js_error(Error::invalid(what, "required", "is required")));
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        to_js_error(Error::invalid(
            what,
            "type",
            format!("is not plain JSON data: {e}"),
        ))
    })
}

/// Parses JSON into a typed input, naming the argument and serde's reason.
pub fn parse<T: DeserializeOwned>(value: serde_json::Value, what: &str) -> Result<T, Error> {
    serde_json::from_value(value)
        .map_err(|e| Error::Validation(vec![Violation::new(what, "type", e.to_string())]))
}

/// Reads a JS value straight into a typed input.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> JsResult<T> {
    parse(from_js_json(value, what)?, what).map_err(to_js_error)
}
