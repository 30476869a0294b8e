//! VividShift for browsers and edge runtimes. It validates entities and
//! participants with exactly the rules the server uses, exports definitions
//! as JSON Schema, and runs an in-memory client for offline previews. Values
//! cross the boundary as plain JS objects (snake_case keys, as the SDK's
//! JSON); errors are thrown as JS `Error` objects with `kind` and `details`.
#![forbid(unsafe_code)]

mod client;
mod convert;
mod engine;
mod errors;
mod typescript;
mod validate;

pub use client::JsClient;
pub use engine::{cost_matrix, plan};
pub use validate::{JsValidator, json_schema, validate, validate_participant, validate_target};
