//! The records the client returns: read-only objects whose attributes are the
//! record's fields (`participant.name`, `participant.skills`) and whose
//! `to_dict()` gives the SDK's JSON as plain Python data, ready to be sent
//! back as input. Ids, dates and timestamps are strings in that JSON form.
//! Two records are equal when their data is.

use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;
use serde_json::{Map, Value};
use vividshift_core::model::AssignmentRecord;
use vividshift_core::{Error, GeneratedAssignment, Login, VerifiedToken};

use crate::convert::json_to_py;
use crate::errors::to_py_err;

/// A pyclass built from a record's JSON object.
pub trait Record: pyo3::PyClass + Into<pyo3::PyClassInitializer<Self>> {
    /// Builds the Python object's Rust side from the record's JSON.
    fn from_data(data: Map<String, Value>) -> Self;
}

fn object_of<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<Map<String, Value>> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(to_py_err(
            py,
            Error::internal("a record is not a JSON object"),
        )),
        Err(e) => Err(to_py_err(
            py,
            Error::internal(format!("cannot convert a record: {e}")),
        )),
    }
}

/// Wraps one model value as the record class `R`.
pub fn record<'py, R: Record, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, R>> {
    Bound::new(py, R::from_data(object_of(py, value)?))
}

/// Wraps model values as a list of record class `R`.
pub fn records<'py, R: Record, T: Serialize>(
    py: Python<'py>,
    values: &[T],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for value in values {
        list.append(record::<R, T>(py, value)?)?;
    }
    Ok(list)
}

fn dict_of<'py>(py: Python<'py>, data: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in data {
        dict.set_item(k, json_to_py(py, v)?)?;
    }
    Ok(dict)
}

fn short_repr(name: &str, data: &Map<String, Value>) -> String {
    let mut parts = Vec::new();
    for key in [
        "id",
        "name",
        "username",
        "assignment_date",
        "status",
        "role",
    ] {
        if let Some(v) = data.get(key) {
            parts.push(format!("{key}={v}"));
        }
    }
    format!("{name}({})", parts.join(", "))
}

macro_rules! record_classes {
    ($($(#[doc = $doc:literal])* $rust:ident => $name:literal;)*) => {$(
        $(#[doc = $doc])*
        #[pyclass(name = $name, module = "vividshift", frozen)]
        pub struct $rust {
            data: Map<String, Value>,
        }

        impl Record for $rust {
            fn from_data(data: Map<String, Value>) -> Self {
                Self { data }
            }
        }

        #[pymethods]
        impl $rust {
            fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
                match self.data.get(name) {
                    Some(v) => json_to_py(py, v),
                    None => Err(PyAttributeError::new_err(format!(
                        "'{}' object has no attribute '{}'",
                        $name, name
                    ))),
                }
            }

            /// The record as plain Python data (the SDK's JSON form).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                dict_of(py, &self.data)
            }

            fn __dir__(&self) -> Vec<String> {
                let mut names: Vec<String> = self.data.keys().cloned().collect();
                names.push("to_dict".into());
                names.sort();
                names
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other
                    .cast::<$rust>()
                    .is_ok_and(|o| o.get().data == self.data)
            }

            fn __repr__(&self) -> String {
                short_repr($name, &self.data)
            }
        }
    )*};
}

record_classes! {
    /// A domain (tenant) as stored: `id`, `name`, `display_name`, `description`,
    /// `config`, `business_rules`, `participant_definition`, `target_definition`,
    /// `is_active`, `created_at`, `updated_at`.
    PyDomainRecord => "DomainRecord";
    /// A stored entity definition: `id`, `domain_id`, `schema` (the definition
    /// dict), `version`, `is_active`, `created_at`, `updated_at`.
    PyEntityDefinition => "EntityDefinition";
    /// An instance of an entity definition: `id`, `domain_id`, `definition_id`,
    /// `definition_name`, `attributes`, `status`, `tags`, `version`, `created_at`, `updated_at`.
    PyEntity => "Entity";
    /// A person who can be assigned: `id`, `domain_id`, `name`, `email`, `skills`,
    /// `availability`, `preferences`, `group`, `max_assignments`, `attributes`,
    /// `metadata`, `is_active`, `created_at`, `updated_at`.
    PyParticipant => "Participant";
    /// A task or place that needs people: `id`, `domain_id`, `name`, `description`,
    /// `required_count`, `required_skills`, `skills_hard`, `priority`,
    /// `max_per_group`, `attributes`, `metadata`, `is_active`, `created_at`, `updated_at`.
    PyTarget => "Target";
    /// Named, stored strategy parameters: `id`, `domain_id`, `name`, `strategy`,
    /// `parameters`, `is_active`, `created_at`, `updated_at`.
    PyRuleConfiguration => "RuleConfiguration";
    /// A stored plan for a date: `id`, `domain_id`, `assignment_date`, `strategy`,
    /// `config`, `metrics`, `status`, `notes`, `created_by`, `created_at`, `updated_at`.
    PyAssignment => "Assignment";
    /// One participant placed on one target: `id`, `domain_id`, `assignment_id`,
    /// `participant_id`, `target_id`, `position`, `score`, `reason`.
    PyAssignmentDetail => "AssignmentDetail";
    /// An append-only history row of an assignment: `id`, `domain_id`,
    /// `assignment_id`, `action`, `actor`, `changes`, `created_at`.
    PyAssignmentHistory => "AssignmentHistory";
    /// One change in the audit trail: `id`, `domain_id`, `actor`, `entity_kind`,
    /// `entity_id`, `action`, `changed_fields`, `created_at`.
    PyAuditEvent => "AuditEvent";
    /// A user's role in a domain: `domain_id`, `user_id`, `role`, `created_at`, `updated_at`.
    PyMembership => "Membership";
    /// A person who signs in: `id`, `username`, `email`, `is_active`,
    /// `last_login_at`, `created_at`, `updated_at` (never the password hash).
    PyUser => "User";
    /// A signed-in session: `id`, `user_id`, `token_hash`, `expires_at`,
    /// `revoked`, `user_agent`, `ip_address`, `created_at`.
    PySession => "Session";
}

/// An assignment with its `details` (list of `AssignmentDetail`) and `history`
/// (list of `AssignmentHistory`); the assignment's own fields (`id`, `status`,
/// ...) read through, and `assignment` gives it as an `Assignment`.
#[pyclass(name = "AssignmentRecord", module = "vividshift", frozen)]
pub struct PyAssignmentRecord {
    record: AssignmentRecord,
}

impl PyAssignmentRecord {
    /// Wraps a record read from or written to the store.
    pub fn new(record: AssignmentRecord) -> Self {
        Self { record }
    }
}

#[pymethods]
impl PyAssignmentRecord {
    /// The assignment itself.
    #[getter]
    fn assignment<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAssignment>> {
        record(py, &self.record.assignment)
    }

    /// Its placements, ordered by target then position.
    #[getter]
    fn details<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records::<PyAssignmentDetail, _>(py, &self.record.details)
    }

    /// Its history, oldest first.
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records::<PyAssignmentHistory, _>(py, &self.record.history)
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let assignment = object_of(py, &self.record.assignment)?;
        match assignment.get(name) {
            Some(v) => json_to_py(py, v),
            None => Err(PyAttributeError::new_err(format!(
                "'AssignmentRecord' object has no attribute '{name}'"
            ))),
        }
    }

    /// `{"assignment": ..., "details": [...], "history": [...]}` as plain Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_of(py, &object_of(py, &self.record)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyAssignmentRecord>()
            .is_ok_and(|o| o.get().record == self.record)
    }

    fn __repr__(&self) -> String {
        let a = &self.record.assignment;
        format!(
            "AssignmentRecord(id=\"{}\", assignment_date=\"{}\", status=\"{}\", details={})",
            a.id,
            a.assignment_date,
            a.status.as_str(),
            self.record.details.len()
        )
    }
}

/// What `generate_assignment` returns: the stored `record` (an
/// `AssignmentRecord`) and the engine's `plan` (a dict with reasons, open
/// slots and metrics). The assignment's fields (`id`, `status`, ...) read through.
#[pyclass(name = "GeneratedAssignment", module = "vividshift", frozen)]
pub struct PyGeneratedAssignment {
    generated: GeneratedAssignment,
}

impl PyGeneratedAssignment {
    /// Wraps what the core client returned.
    pub fn new(generated: GeneratedAssignment) -> Self {
        Self { generated }
    }
}

#[pymethods]
impl PyGeneratedAssignment {
    /// The stored assignment with its details and history.
    #[getter]
    fn record<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAssignmentRecord>> {
        Bound::new(py, PyAssignmentRecord::new(self.generated.record.clone()))
    }

    /// The engine's plan as a dict.
    #[getter]
    fn plan<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::to_py(py, &self.generated.plan)
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let assignment = object_of(py, &self.generated.record.assignment)?;
        match assignment.get(name) {
            Some(v) => json_to_py(py, v),
            None => Err(PyAttributeError::new_err(format!(
                "'GeneratedAssignment' object has no attribute '{name}'"
            ))),
        }
    }

    /// `{"record": {...}, "plan": {...}}` as plain Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_of(py, &object_of(py, &self.generated)?)
    }

    fn __repr__(&self) -> String {
        let a = &self.generated.record.assignment;
        format!(
            "GeneratedAssignment(id=\"{}\", assignment_date=\"{}\", strategy=\"{}\", details={}, unfilled={})",
            a.id,
            a.assignment_date,
            a.strategy,
            self.generated.record.details.len(),
            self.generated.plan.unfilled.len()
        )
    }
}

/// A successful login: the `token` to hand to the caller, its `session` and the `user`.
#[pyclass(name = "Login", module = "vividshift", frozen)]
pub struct PyLogin {
    /// The signed JWT.
    #[pyo3(get)]
    token: String,
    /// The stored session.
    #[pyo3(get)]
    session: Py<PySession>,
    /// The user who signed in.
    #[pyo3(get)]
    user: Py<PyUser>,
}

impl PyLogin {
    /// Wraps a core login.
    pub fn new<'py>(py: Python<'py>, login: &Login) -> PyResult<Bound<'py, Self>> {
        let value = Self {
            token: login.token.clone(),
            session: record::<PySession, _>(py, &login.session)?.unbind(),
            user: record::<PyUser, _>(py, &login.user)?.unbind(),
        };
        Bound::new(py, value)
    }
}

#[pymethods]
impl PyLogin {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Login(user={}, session={}, token=\"...\")",
            self.user
                .get()
                .data
                .get("username")
                .map(ToString::to_string)
                .unwrap_or_default(),
            self.session
                .bind(py)
                .get()
                .data
                .get("id")
                .map(ToString::to_string)
                .unwrap_or_default()
        )
    }
}

/// A token that verified: the `user_id` to act as, its `claims` (a dict) and
/// its live `session`.
#[pyclass(name = "VerifiedToken", module = "vividshift", frozen)]
pub struct PyVerifiedToken {
    /// The user the token belongs to.
    #[pyo3(get)]
    user_id: Option<String>,
    /// The token's claims (`sub`, `sid`, `jti`, `iat`, `nbf`, `exp`, `iss`, `aud`).
    #[pyo3(get)]
    claims: Py<PyAny>,
    /// The live session the token belongs to.
    #[pyo3(get)]
    session: Py<PySession>,
}

impl PyVerifiedToken {
    /// Wraps a core verification result.
    pub fn new<'py>(py: Python<'py>, verified: &VerifiedToken) -> PyResult<Bound<'py, Self>> {
        let value = Self {
            user_id: verified.principal.user_id().map(|u| u.to_string()),
            claims: crate::convert::to_py(py, &verified.claims)?.unbind(),
            session: record::<PySession, _>(py, &verified.session)?.unbind(),
        };
        Bound::new(py, value)
    }
}

#[pymethods]
impl PyVerifiedToken {
    fn __repr__(&self) -> String {
        format!("VerifiedToken(user_id={:?})", self.user_id)
    }
}

/// Registers every record class on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDomainRecord>()?;
    m.add_class::<PyEntityDefinition>()?;
    m.add_class::<PyEntity>()?;
    m.add_class::<PyParticipant>()?;
    m.add_class::<PyTarget>()?;
    m.add_class::<PyRuleConfiguration>()?;
    m.add_class::<PyAssignment>()?;
    m.add_class::<PyAssignmentDetail>()?;
    m.add_class::<PyAssignmentHistory>()?;
    m.add_class::<PyAssignmentRecord>()?;
    m.add_class::<PyGeneratedAssignment>()?;
    m.add_class::<PyAuditEvent>()?;
    m.add_class::<PyMembership>()?;
    m.add_class::<PyUser>()?;
    m.add_class::<PySession>()?;
    m.add_class::<PyLogin>()?;
    m.add_class::<PyVerifiedToken>()?;
    Ok(())
}
