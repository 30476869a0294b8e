//! Turning core errors into JS `Error` objects with a stable `name`, `kind`
//! and `details`, never bare strings.

use js_sys::{Error as JsError, Reflect};
use vividshift_core::Error;
use wasm_bindgen::JsValue;

use crate::convert::to_js;

/// The `name` every error thrown by the package carries.
pub const ERROR_NAME: &str = "VividshiftError";

/// A JS `Error` with `name`, `kind` and `details` set.
pub fn js_error(kind: &str, message: &str, details: JsValue) -> JsValue {
    let error = JsError::new(message);
    error.set_name(ERROR_NAME);
    // Setting plain data properties on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &JsValue::from_str("kind"), &JsValue::from_str(kind));
    let _ = Reflect::set(&error, &JsValue::from_str("details"), &details);
    error.into()
}

/// Converts a core error: validation errors carry their violations as `details`.
pub fn to_js_error(error: Error) -> JsValue {
    let details = match &error {
        Error::Validation(violations) => to_js(violations).unwrap_or(JsValue::NULL),
        Error::NotFound { kind, key } => {
            to_js(&serde_json::json!({"kind": kind, "key": key})).unwrap_or(JsValue::NULL)
        }
        Error::Conflict { field, .. } => {
            to_js(&serde_json::json!({"field": field})).unwrap_or(JsValue::NULL)
        }
        _ => JsValue::NULL,
    };
    js_error(error.kind(), &error.to_string(), details)
}

/// Shorthand for results crossing the boundary.
pub type JsResult<T> = Result<T, JsValue>;
