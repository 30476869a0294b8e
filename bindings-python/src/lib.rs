//! VividShift for Python: the native module `vividshift._vividshift`, which
//! the pure-Python package `vividshift` re-exports. It validates entities with
//! exactly the server's rules, exports definitions as JSON Schema, runs the
//! assignment engine over its canonical JSON, and wraps
//! the core `Client` over an in-memory or PostgreSQL store as a blocking API
//! that releases the GIL while it waits. Every core error kind is raised as
//! its own exception class (`errors.rs`).
#![forbid(unsafe_code)]

mod client;
mod convert;
mod domain;
mod engine;
mod errors;
mod records;
mod runtime;
mod validate;

use pyo3::prelude::*;

/// VividShift's native module; import `vividshift` instead.
#[pymodule]
fn _vividshift(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_function(wrap_pyfunction!(errors::_error_for_kind, m)?)?;
    records::register(m)?;
    m.add_class::<validate::PyValidator>()?;
    m.add_function(wrap_pyfunction!(validate::validate, m)?)?;
    m.add_function(wrap_pyfunction!(validate::json_schema, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_participant, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_target, m)?)?;
    m.add_function(wrap_pyfunction!(engine::plan, m)?)?;
    m.add_function(wrap_pyfunction!(engine::cost_matrix, m)?)?;
    m.add_class::<client::PyClient>()?;
    m.add_class::<domain::PyDomain>()?;
    m.add_function(wrap_pyfunction!(client::connect, m)?)?;
    Ok(())
}
