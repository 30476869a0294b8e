//! Validation exports: entity attributes against a definition, the JSON
//! Schema export, and `Validator`, a definition compiled once for hot loops.

use pyo3::prelude::*;
use pyo3::types::PyList;
use vividshift_core::Validator;
use vividshift_core::input_rules::InputRules;
use vividshift_core::model::{EntitySchema, NewParticipant, NewTarget};

use crate::convert::{from_py, json_to_py, parse, py_to_json};
use crate::errors::{IntoPyResult, violations_to_py};

/// Reads and compiles a definition; a malformed one raises `ValidationError`.
fn compile(definition: &Bound<'_, PyAny>) -> PyResult<Validator> {
    let schema: EntitySchema = from_py(definition, "definition")?;
    Validator::new(&schema).into_py(definition.py())
}

/// Every violation of `attributes` against `definition`, as dicts with `path`,
/// `rule` and `message` (empty when valid). Raises `ValidationError` when the
/// definition itself is malformed.
#[pyfunction]
pub fn validate<'py>(
    definition: &Bound<'py, PyAny>,
    attributes: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let validator = compile(definition)?;
    let attributes = py_to_json(attributes, "attributes")?;
    violations_to_py(definition.py(), &validator.validate(&attributes))
}

/// The definition as a draft 2020-12 JSON Schema that accepts exactly what
/// `validate` accepts (`unique` aside, which the store enforces).
#[pyfunction]
pub fn json_schema<'py>(definition: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let validator = compile(definition)?;
    json_to_py(definition.py(), &validator.to_json_schema())
}

/// Violations of a typed input: its shape first (unknown keys, wrong types),
/// then the server's rules.
fn input_violations<'py, T: serde::de::DeserializeOwned + InputRules>(
    input: &Bound<'py, PyAny>,
    what: &str,
) -> PyResult<Bound<'py, PyList>> {
    let json = py_to_json(input, what)?;
    let found = match parse::<T>(json, what) {
        Ok(input) => input.violations(),
        Err(e) => e.violations().to_vec(),
    };
    violations_to_py(input.py(), &found)
}

/// Every violation of a participant input (the dict `create_participant`
/// takes) under the server's rules, without a store.
#[pyfunction]
pub fn validate_participant<'py>(input: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    input_violations::<NewParticipant>(input, "participant")
}

/// Every violation of a target input (the dict `create_target` takes) under
/// the server's rules, without a store.
#[pyfunction]
pub fn validate_target<'py>(input: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    input_violations::<NewTarget>(input, "target")
}

/// A definition checked and compiled once, for validating many documents.
#[pyclass(name = "Validator", module = "vividshift", frozen)]
pub struct PyValidator {
    inner: Validator,
}

#[pymethods]
impl PyValidator {
    /// Checks and compiles `definition`; raises `ValidationError` when it is malformed.
    #[new]
    fn new(definition: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self {
            inner: compile(definition)?,
        })
    }

    /// Whether `attributes` satisfies the definition.
    fn is_valid(&self, attributes: &Bound<'_, PyAny>) -> PyResult<bool> {
        let attributes = py_to_json(attributes, "attributes")?;
        Ok(self.inner.is_valid(&attributes))
    }

    /// Every violation of `attributes` (empty when valid).
    fn validate<'py>(&self, attributes: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let json = py_to_json(attributes, "attributes")?;
        violations_to_py(attributes.py(), &self.inner.validate(&json))
    }

    /// Raises `ValidationError` listing every violation unless `attributes` is valid.
    fn check(&self, attributes: &Bound<'_, PyAny>) -> PyResult<()> {
        let json = py_to_json(attributes, "attributes")?;
        self.inner.check(&json).into_py(attributes.py())
    }

    /// `attributes` with the default value of every absent field filled in.
    fn apply_defaults<'py>(&self, attributes: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let json = py_to_json(attributes, "attributes")?;
        json_to_py(attributes.py(), &self.inner.apply_defaults(&json))
    }

    /// The definition as a draft 2020-12 JSON Schema.
    fn json_schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json_schema())
    }

    /// The definition this validator checks against, as a dict.
    #[getter]
    fn definition<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::to_py(py, self.inner.schema())
    }

    fn __repr__(&self) -> String {
        format!("Validator({:?})", self.inner.schema().name)
    }
}
