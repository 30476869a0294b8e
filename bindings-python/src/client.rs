//! `connect()` and the `Client`: the core client over the store a URL names,
//! acting as the system (or as a user), blocking, safe to share between
//! Python threads, and a context manager that closes the store's pool.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};
use vividshift_core::model::NewDomain;
use vividshift_core::{Client, DomainId, DomainKey, Error, Principal, UserId};

use crate::convert::{id_from_py, input_from_py};
use crate::domain::PyDomain;
use crate::errors::to_py_err;
use crate::records::{PyDomainRecord, records};
use crate::runtime::block_on;

/// Pool options `connect` understands; the in-memory store ignores them.
const POOL_OPTIONS: &[&str] = &[
    "max_connections",
    "min_connections",
    "connect_timeout",
    "acquire_timeout",
    "idle_timeout",
    "ssl_mode",
];

/// What every handle opened from one `connect()` shares: the core client and
/// whether it was closed.
pub struct Connection {
    client: Client,
    url: String,
    closed: AtomicBool,
}

impl Connection {
    /// The core client, unless the connection was closed.
    pub fn client(&self) -> Result<Client, Error> {
        if self.closed.load(Ordering::Acquire) {
            Err(Error::Configuration("the client is closed".into()))
        } else {
            Ok(self.client.clone())
        }
    }

    /// Fails once the connection was closed.
    pub fn check_open(&self) -> Result<(), Error> {
        self.client().map(|_| ())
    }
}

/// Opens a client over the store that `url` names: `memory://` (a new, empty
/// in-memory store) or `postgres://user:password@host:port/database`.
/// Pool options (`max_connections`, `min_connections`, `connect_timeout`,
/// `acquire_timeout`, `idle_timeout` in seconds, `ssl_mode`) apply to
/// PostgreSQL. The client acts as the system (admin everywhere).
#[pyfunction]
#[pyo3(signature = (url, **pool_options))]
pub fn connect(
    py: Python<'_>,
    url: &str,
    pool_options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyClient> {
    if let Some(options) = pool_options {
        for key in options.keys() {
            let key: String = key.extract()?;
            if !POOL_OPTIONS.contains(&key.as_str()) {
                return Err(to_py_err(
                    py,
                    Error::Configuration(format!(
                        "unknown pool option `{key}` (known: {})",
                        POOL_OPTIONS.join(", ")
                    )),
                ));
            }
        }
    }
    let client = if url.starts_with("memory://") {
        Client::in_memory()
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(to_py_err(
            py,
            Error::Configuration(
                "this build of vividshift has no PostgreSQL backend yet; use memory://".into(),
            ),
        ));
    } else {
        return Err(to_py_err(
            py,
            Error::Configuration(format!(
                "unsupported URL `{}`: use memory:// or postgres://",
                redact(url)
            )),
        ));
    };
    Ok(PyClient {
        connection: Arc::new(Connection {
            client,
            url: redact(url),
            closed: AtomicBool::new(false),
        }),
        actor: Principal::System,
    })
}

/// The URL with any password replaced, for messages and `repr`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            if credentials.contains(':') {
                format!("{scheme}://{user}:***@{host}")
            } else {
                format!("{scheme}://{user}@{host}")
            }
        }
        None => url.to_owned(),
    }
}

/// How a caller names a domain: a `uuid.UUID`, a record (`DomainRecord`,
/// `Domain`) or hyphenated UUID text is its id; other text is its name
/// (names are slugs, which never hold a hyphen).
pub fn domain_key(key: &Bound<'_, PyAny>) -> PyResult<DomainKey> {
    if let Ok(text) = key.extract::<String>() {
        return Ok(match uuid::Uuid::try_parse(&text) {
            Ok(id) if text.contains('-') => DomainKey::Id(DomainId(id)),
            _ => DomainKey::Name(text),
        });
    }
    Ok(DomainKey::Id(id_from_py::<DomainId>(key, "domain")?))
}

/// The SDK client: domains, and through them every tenant-owned operation.
/// Blocking; the GIL is released while a call waits, so threads may share one
/// client. Use it as a context manager to close the store's pool.
#[pyclass(name = "Client", module = "vividshift", frozen)]
pub struct PyClient {
    connection: Arc<Connection>,
    actor: Principal,
}

impl PyClient {
    fn client(&self, py: Python<'_>) -> PyResult<Client> {
        self.connection.client().map_err(|e| to_py_err(py, e))
    }

    /// Opens a domain for this client's actor.
    pub fn open_domain(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<PyDomain> {
        let key = domain_key(key)?;
        let client = self.client(py)?;
        let actor = self.actor;
        let scope = block_on(py, async move { client.domain(&actor, key).await })?;
        Ok(PyDomain::new(self.connection.clone(), scope))
    }
}

#[pymethods]
impl PyClient {
    /// Creates a domain from a dict and/or keywords (`name`, `display_name`,
    /// `description`, `config`, `business_rules`, `participant_definition`,
    /// `target_definition`) and returns it opened. A user who creates one
    /// becomes its admin.
    #[pyo3(signature = (input=None, **fields))]
    fn create_domain(
        &self,
        py: Python<'_>,
        input: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyDomain> {
        let input: NewDomain = input_from_py(py, input, fields, "domain")?;
        let client = self.client(py)?;
        let actor = self.actor;
        let scope = block_on(py, async move { client.create_domain(&actor, input).await })?;
        Ok(PyDomain::new(self.connection.clone(), scope))
    }

    /// Opens a domain by name or id (`uuid.UUID`, UUID text or a record);
    /// the caller must be a member.
    fn domain(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<PyDomain> {
        self.open_domain(py, key)
    }

    /// The domains the caller can see, as `DomainRecord`s.
    fn list_domains<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let client = self.client(py)?;
        let actor = self.actor;
        let domains = block_on(py, async move { client.list_domains(&actor).await })?;
        records::<PyDomainRecord, _>(py, &domains)
    }

    /// A client over the same store that acts as the user with this id
    /// (a `str`, `uuid.UUID` or user record): rights come from memberships.
    fn as_user(&self, user: &Bound<'_, PyAny>) -> PyResult<PyClient> {
        let user: UserId = id_from_py(user, "user")?;
        Ok(PyClient {
            connection: self.connection.clone(),
            actor: Principal::User(user),
        })
    }

    /// The id of the user this client acts as, or None for the system.
    #[getter]
    fn user_id(&self) -> Option<String> {
        self.actor.user_id().map(|u| u.to_string())
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.connection.closed.load(Ordering::Acquire)
    }

    /// Closes the store's pool; later calls raise `ConfigurationError`.
    /// Closing twice is harmless. Every client made with `as_user` and every
    /// domain opened from this connection is closed with it.
    fn close(&self) {
        self.connection.closed.store(true, Ordering::Release);
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (_exc_type=None, _exc=None, _traceback=None))]
    fn __exit__(
        &self,
        _exc_type: Option<&Bound<'_, PyType>>,
        _exc: Option<&Bound<'_, PyAny>>,
        _traceback: Option<&Bound<'_, PyAny>>,
    ) -> bool {
        self.close();
        false
    }

    fn __repr__(&self) -> String {
        match self.actor {
            Principal::System => format!("Client({:?})", self.connection.url),
            Principal::User(u) => format!("Client({:?}, user_id=\"{u}\")", self.connection.url),
        }
    }
}
