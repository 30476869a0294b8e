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

/// Reads a JS value as JSON; `what` names the argument in errors. The value
/// crosses the boundary once, as the text of `JSON.stringify`, which costs far
/// less than walking the object field by field from WASM.
pub fn from_js_json(value: JsValue, what: &str) -> JsResult<serde_json::Value> {
    if value.is_undefined() {
        return Err(to_js_error(Error::invalid(what, "required", "is required")));
    }
    let not_json = |reason: String| {
        to_js_error(Error::invalid(
            what,
            "type",
            format!("is not plain JSON data: {reason}"),
        ))
    };
    let text = js_sys::JSON::stringify(&value)
        .map_err(|e| not_json(format!("{e:?}")))?
        .as_string()
        .ok_or_else(|| not_json("it has no JSON form".into()))?;
    serde_json::from_str(&text).map_err(|e| not_json(e.to_string()))
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
