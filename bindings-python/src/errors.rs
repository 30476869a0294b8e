//! The exception hierarchy of the Python package, declared in one place, and
//! the one function that maps every kind of core `Error` to it.
//!
//! ```text
//! VividshiftError
//! ├── ValidationError          .violations: list[dict] (path, rule, message)
//! ├── NotFoundError            .resource, .key
//! ├── ConflictError            .field
//! ├── ForbiddenError
//! ├── AuthenticationError
//! ├── TenancyError
//! ├── BackendUnavailableError  (retryable)
//! ├── ConfigurationError
//! └── InternalError
//! ```
//!
//! Every instance carries `kind` (core's stable machine name) and `retryable`.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};
use vividshift_core::{Error, Violation};

create_exception!(
    vividshift,
    VividshiftError,
    PyException,
    "Base class of every error the SDK raises; `kind` names the core error kind and `retryable` says whether trying again later may succeed."
);
create_exception!(
    vividshift,
    ValidationError,
    VividshiftError,
    "The input broke one or more rules; `violations` lists every one as a dict with `path`, `rule` and `message`."
);
create_exception!(
    vividshift,
    NotFoundError,
    VividshiftError,
    "The record does not exist, or exists in another domain; `resource` says what was looked up and `key` by what."
);
create_exception!(
    vividshift,
    ConflictError,
    VividshiftError,
    "A uniqueness rule would be broken; `field` names the unique field or key."
);
create_exception!(
    vividshift,
    ForbiddenError,
    VividshiftError,
    "The caller is known but its role does not allow the operation."
);
create_exception!(
    vividshift,
    AuthenticationError,
    VividshiftError,
    "The caller could not be identified: bad credentials, or a bad, expired or revoked token."
);
create_exception!(
    vividshift,
    TenancyError,
    VividshiftError,
    "An operation tried to reach across domains."
);
create_exception!(
    vividshift,
    BackendUnavailableError,
    VividshiftError,
    "The backend cannot be reached right now; retrying later may succeed."
);
create_exception!(
    vividshift,
    ConfigurationError,
    VividshiftError,
    "The SDK is misconfigured: an unknown URL scheme or pool option, a missing secret, a closed client."
);
create_exception!(
    vividshift,
    InternalError,
    VividshiftError,
    "A bug or an unexpected backend answer; please report it."
);

/// Registers every exception class on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("VividshiftError", py.get_type::<VividshiftError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("NotFoundError", py.get_type::<NotFoundError>())?;
    m.add("ConflictError", py.get_type::<ConflictError>())?;
    m.add("ForbiddenError", py.get_type::<ForbiddenError>())?;
    m.add("AuthenticationError", py.get_type::<AuthenticationError>())?;
    m.add("TenancyError", py.get_type::<TenancyError>())?;
    m.add(
        "BackendUnavailableError",
        py.get_type::<BackendUnavailableError>(),
    )?;
    m.add("ConfigurationError", py.get_type::<ConfigurationError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}

/// The violations as a list of `{"path", "rule", "message"}` dicts.
pub fn violations_to_py<'py>(
    py: Python<'py>,
    violations: &[Violation],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for v in violations {
        let item = PyDict::new(py);
        item.set_item(pyo3::intern!(py, "path"), &v.path)?;
        item.set_item(pyo3::intern!(py, "rule"), &v.rule)?;
        item.set_item(pyo3::intern!(py, "message"), &v.message)?;
        list.append(item)?;
    }
    Ok(list)
}

/// Maps a core error to its exception class, with `kind`, `retryable` and the
/// kind's details (`violations`, `resource`/`key`, `field`) set as attributes.
/// Kinds that core adds later land on the base class.
pub fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    let message = error.to_string();
    let kind = error.kind();
    let retryable = error.is_retryable();
    let mut extra: Vec<(&str, Py<PyAny>)> = Vec::new();
    let err = match &error {
        Error::Validation(violations) => {
            match violations_to_py(py, violations) {
                Ok(list) => extra.push(("violations", list.into_any().unbind())),
                Err(e) => return e,
            }
            ValidationError::new_err(message)
        }
        Error::NotFound { kind, key } => {
            extra.push(("resource", text(py, kind)));
            extra.push(("key", text(py, key)));
            NotFoundError::new_err(message)
        }
        Error::Conflict { field, .. } => {
            extra.push(("field", text(py, field)));
            ConflictError::new_err(message)
        }
        Error::Forbidden(_) => ForbiddenError::new_err(message),
        Error::Unauthenticated(_) => AuthenticationError::new_err(message),
        Error::Tenancy(_) => TenancyError::new_err(message),
        Error::BackendUnavailable { .. } => BackendUnavailableError::new_err(message),
        Error::Configuration(_) => ConfigurationError::new_err(message),
        Error::Internal { .. } => InternalError::new_err(message),
        _ => VividshiftError::new_err(message),
    };
    let value = err.value(py);
    let attributes = [
        ("kind", text(py, kind)),
        (
            "retryable",
            PyBool::new(py, retryable).to_owned().into_any().unbind(),
        ),
    ];
    for (name, v) in attributes.into_iter().chain(extra) {
        if let Err(e) = value.setattr(name, v) {
            return e;
        }
    }
    err
}

fn text(py: Python<'_>, s: &str) -> Py<PyAny> {
    PyString::new(py, s).into_any().unbind()
}

/// Shorthand for converting core results at the boundary.
pub trait IntoPyResult<T> {
    /// The result with its error mapped by [`to_py_err`].
    fn into_py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for vividshift_core::Result<T> {
    fn into_py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, e))
    }
}

/// The exception that a core error of `kind` becomes, for the test suite to
/// check the mapping of kinds no public call can provoke (`internal`, `tenancy`).
#[pyfunction]
pub fn _error_for_kind(py: Python<'_>, kind: &str, message: &str) -> Py<PyAny> {
    let error = match kind {
        "not_found" => Error::not_found("participant", message),
        "validation" => Error::invalid("name", "required", message),
        "conflict" => Error::conflict("name", message),
        "forbidden" => Error::Forbidden(message.into()),
        "unauthenticated" => Error::Unauthenticated(message.into()),
        "tenancy" => Error::Tenancy(message.into()),
        "backend_unavailable" => Error::unavailable(message),
        "configuration" => Error::Configuration(message.into()),
        _ => Error::internal(message),
    };
    to_py_err(py, error).into_value(py).into_any()
}
