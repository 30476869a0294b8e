//! `connect()` and the `Client`: the core client over the store a URL names,
//! acting as the system (or as a user), blocking, safe to share between
//! Python threads, and a context manager that closes the store's pool.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};
use serde_json::Value;
use vividshift_core::auth::KeySet;
use vividshift_core::auth::env::ALL_KEYS;
use vividshift_core::model::{NewDomain, NewUser};
use vividshift_core::{
    AuthConfig, Client, DomainId, DomainKey, Error, Principal, SessionId, UserId,
};
use vividshift_postgres::{PgConfig, PgStore};

use crate::convert::{id_from_py, input_from_py, py_to_json, to_json, to_py};
use crate::domain::PyDomain;
use crate::errors::to_py_err;
use crate::records::{
    PyDomainRecord, PyGeneratedAssignment, PyLogin, PySession, PyUser, PyVerifiedToken, record,
    records,
};
use crate::runtime::block_on;

/// Pool options `connect` passes to PostgreSQL (`PgConfig`'s fields); the
/// in-memory store accepts and ignores them, so that code can switch stores
/// by URL alone.
const POOL_OPTIONS: &[&str] = &[
    "max_connections",
    "min_connections",
    "connect_timeout",
    "acquire_timeout",
    "idle_timeout",
    "max_lifetime",
    "ssl_mode",
    "ssl_root_cert",
    "app_role",
    "test_before_acquire",
    "slow_call_ms",
    "statement_cache_capacity",
];

/// What every handle opened from one `connect()` shares: the core client,
/// the PostgreSQL store behind it (if any), and whether it was closed.
pub struct Connection {
    client: Client,
    /// Authentication settings, checked at `connect`; the service is built
    /// on first use, since it costs a bcrypt hash at the configured cost.
    auth: AuthConfig,
    auth_client: Mutex<Option<Client>>,
    pg: Option<PgStore>,
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

    /// The core client with authentication, built on first use.
    fn auth_client(&self) -> Result<Client, Error> {
        let client = self.client()?;
        let mut slot = self
            .auth_client
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = slot.as_ref() {
            return Ok(c.clone());
        }
        let with_auth = client.with_auth(self.auth.clone())?;
        *slot = Some(with_auth.clone());
        Ok(with_auth)
    }
}

/// The PostgreSQL settings: from the environment (`VIVIDSHIFT_DATABASE_*`)
/// when no URL is given, else defaults with `url`; then the pool options.
fn pg_config(
    url: Option<&str>,
    options: serde_json::Map<String, Value>,
) -> Result<PgConfig, Error> {
    let base = match url {
        Some(url) => PgConfig::new(url),
        None => PgConfig::from_env()?,
    };
    let Value::Object(mut merged) = serde_json::to_value(&base)
        .map_err(|e| Error::internal(format!("cannot read the settings: {e}")))?
    else {
        return Err(Error::internal("the settings are not a JSON object"));
    };
    merged.extend(options);
    let config: PgConfig = serde_json::from_value(Value::Object(merged))
        .map_err(|e| Error::Configuration(format!("pool options: {e}")))?;
    config.check()?;
    Ok(config)
}

/// Prefix of the environment variables of authentication settings.
const AUTH_PREFIX: &str = "VIVIDSHIFT_AUTH_";

/// Authentication settings: the `auth` dict's keys are the
/// `VIVIDSHIFT_AUTH_*` names, lowercased without the prefix (`jwt_secret`,
/// `bcrypt_cost`, `token_ttl_seconds`, ...); the environment fills in the rest.
fn auth_config(auth: Option<&Bound<'_, PyDict>>) -> Result<AuthConfig, Error> {
    let mut given = std::collections::HashMap::new();
    if let Some(auth) = auth {
        for (k, v) in auth.iter() {
            let key: String = k
                .extract()
                .map_err(|_| Error::Configuration("auth settings: keys must be strings".into()))?;
            let name = format!("{AUTH_PREFIX}{}", key.to_uppercase());
            if !ALL_KEYS.contains(&name.as_str()) {
                let known: Vec<String> = ALL_KEYS
                    .iter()
                    .map(|k| k.trim_start_matches(AUTH_PREFIX).to_lowercase())
                    .collect();
                return Err(Error::Configuration(format!(
                    "unknown auth setting `{key}` (known: {})",
                    known.join(", ")
                )));
            }
            let text = match to_json(&v, "auth") {
                Ok(Value::String(s)) => s,
                Ok(Value::Null) => continue,
                Ok(other) => other.to_string(),
                Err(_) => {
                    return Err(Error::Configuration(format!(
                        "auth setting `{key}` must be text or a number"
                    )));
                }
            };
            given.insert(name, text);
        }
    }
    AuthConfig::from_lookup(|name| {
        given
            .get(name)
            .cloned()
            .or_else(|| std::env::var(name).ok())
    })
}

/// Opens a client over the store that `url` names: `memory://` (a new, empty
/// in-memory store) or `postgres://user:password@host:port/database`; with no
/// URL, PostgreSQL as the `VIVIDSHIFT_DATABASE_*` environment variables say.
/// Pool options (`max_connections`, `min_connections`, `connect_timeout`,
/// `acquire_timeout`, `idle_timeout`, `max_lifetime` in seconds, `ssl_mode`,
/// `ssl_root_cert`, `app_role`, ...) apply to PostgreSQL and override the
/// environment. `auth` holds authentication settings (`jwt_secret`,
/// `bcrypt_cost`, ...: the `VIVIDSHIFT_AUTH_*` names, lowercased without the
/// prefix), over the environment's. The client acts as the system (admin
/// everywhere); `login` and `with_token` give clients acting as users.
#[pyfunction]
#[pyo3(signature = (url=None, *, auth=None, **pool_options))]
pub fn connect(
    py: Python<'_>,
    url: Option<&str>,
    auth: Option<&Bound<'_, PyDict>>,
    pool_options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyClient> {
    let auth = auth_config(auth).map_err(|e| to_py_err(py, e))?;
    let options = match pool_options {
        Some(o) => match py_to_json(o.as_any(), "pool_options")? {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        },
        None => serde_json::Map::new(),
    };
    if let Some(key) = options.keys().find(|k| !POOL_OPTIONS.contains(&k.as_str())) {
        return Err(to_py_err(
            py,
            Error::Configuration(format!(
                "unknown pool option `{key}` (known: {})",
                POOL_OPTIONS.join(", ")
            )),
        ));
    }
    let (client, pg) = match url {
        Some(url) if url.starts_with("memory://") => (Client::in_memory(), None),
        Some(url) if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) => {
            return Err(to_py_err(
                py,
                Error::Configuration(format!(
                    "unsupported URL `{}`: use memory:// or postgres://",
                    redact(url)
                )),
            ));
        }
        _ => {
            let config = pg_config(url, options).map_err(|e| to_py_err(py, e))?;
            let store = block_on(py, async move { PgStore::connect(&config).await })?;
            (Client::new(Arc::new(store.clone())), Some(store))
        }
    };
    // Keys are parsed now, so that a broken one fails here, not at first login.
    KeySet::new(&auth).map_err(|e| to_py_err(py, e))?;
    let url = url.map_or_else(|| "postgres (from the environment)".to_owned(), redact);
    Ok(PyClient {
        connection: Arc::new(Connection {
            client,
            auth,
            auth_client: Mutex::new(None),
            pg,
            url,
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

    /// The user named by `user`, or the one this client acts as.
    fn user_or_self(&self, py: Python<'_>, user: Option<&Bound<'_, PyAny>>) -> PyResult<UserId> {
        match (user, self.actor) {
            (Some(u), _) => id_from_py(u, "user"),
            (None, Principal::User(u)) => Ok(u),
            (None, Principal::System) => Err(to_py_err(
                py,
                Error::invalid("user", "required", "the system client must name the user"),
            )),
        }
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

    /// Opens `domain` (name, id or record) and generates its assignment for
    /// `date`: see `Domain.generate_assignment`.
    #[pyo3(signature = (domain, date, strategy=None, **config))]
    fn generate_assignment<'py>(
        &self,
        py: Python<'py>,
        domain: &Bound<'py, PyAny>,
        date: &Bound<'py, PyAny>,
        strategy: Option<&Bound<'py, PyAny>>,
        config: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyGeneratedAssignment>> {
        self.open_domain(py, domain)?
            .generate(py, date, strategy, config)
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

    // ---- accounts and sessions ----

    /// Creates a user account from a dict and/or keywords (`username`,
    /// `email`, `profile`) with `password` (hashed with bcrypt; at most 72
    /// bytes). Returns the `User` (never its hash).
    #[pyo3(signature = (input=None, *, password, **fields))]
    fn register_user<'py>(
        &self,
        py: Python<'py>,
        input: Option<&Bound<'py, PyAny>>,
        password: String,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyUser>> {
        let input: NewUser = input_from_py(py, input, fields, "user")?;
        let connection = self.connection.clone();
        let user = block_on(py, async move {
            let client = connection.auth_client()?;
            client.register_user(input, &password).await
        })?;
        record(py, &user)
    }

    /// Signs in: returns a `Login` with the `token` (a JWT), its `session`
    /// and the `user`. Bad credentials and locked accounts raise
    /// `AuthenticationError`, the same whether the username exists or not.
    #[pyo3(signature = (username, password, *, user_agent=None, ip_address=None))]
    fn login<'py>(
        &self,
        py: Python<'py>,
        username: String,
        password: String,
        user_agent: Option<String>,
        ip_address: Option<String>,
    ) -> PyResult<Bound<'py, PyLogin>> {
        let connection = self.connection.clone();
        let login = block_on(py, async move {
            let client = connection.auth_client()?;
            client
                .login(
                    &username,
                    &password,
                    user_agent.as_deref(),
                    ip_address.as_deref(),
                )
                .await
        })?;
        PyLogin::new(py, &login)
    }

    /// Verifies a token (signature, expiry, issuer, audience, live session);
    /// raises `AuthenticationError` otherwise.
    fn verify_token<'py>(
        &self,
        py: Python<'py>,
        token: String,
    ) -> PyResult<Bound<'py, PyVerifiedToken>> {
        let connection = self.connection.clone();
        let verified = block_on(py, async move {
            let client = connection.auth_client()?;
            client.verify_token(&token).await
        })?;
        PyVerifiedToken::new(py, &verified)
    }

    /// A client over the same store acting as the user the token belongs to
    /// (verified now; a later revocation does not reach this client).
    fn with_token(&self, py: Python<'_>, token: String) -> PyResult<PyClient> {
        let connection = self.connection.clone();
        let verified = block_on(py, async move {
            let client = connection.auth_client()?;
            client.verify_token(&token).await
        })?;
        Ok(PyClient {
            connection: self.connection.clone(),
            actor: verified.principal,
        })
    }

    /// The sessions of a user (default: the user this client acts as); users
    /// see their own, the system everyone's.
    #[pyo3(signature = (user=None))]
    fn sessions<'py>(
        &self,
        py: Python<'py>,
        user: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let user = self.user_or_self(py, user)?;
        let connection = self.connection.clone();
        let actor = self.actor;
        let out = block_on(py, async move {
            let client = connection.auth_client()?;
            client.sessions(&actor, user).await
        })?;
        records::<PySession, _>(py, &out)
    }

    /// Revokes a session (id or record; its user or the system); False when
    /// it already was.
    fn revoke_session(&self, py: Python<'_>, session: &Bound<'_, PyAny>) -> PyResult<bool> {
        let session: SessionId = id_from_py(session, "session")?;
        let connection = self.connection.clone();
        let actor = self.actor;
        block_on(py, async move {
            let client = connection.auth_client()?;
            client.revoke_session(&actor, session).await
        })
    }

    /// Revokes every live session of a user (default: the user this client
    /// acts as); returns how many.
    #[pyo3(signature = (user=None))]
    fn revoke_all_sessions(
        &self,
        py: Python<'_>,
        user: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<u64> {
        let user = self.user_or_self(py, user)?;
        let connection = self.connection.clone();
        let actor = self.actor;
        block_on(py, async move {
            let client = connection.auth_client()?;
            client.revoke_all_sessions(&actor, user).await
        })
    }

    /// Deletes expired sessions and stale failed-login records (the system
    /// only); returns how many rows went.
    fn cleanup_expired_sessions(&self, py: Python<'_>) -> PyResult<u64> {
        let connection = self.connection.clone();
        let actor = self.actor;
        block_on(py, async move {
            let client = connection.auth_client()?;
            client.cleanup_expired_sessions(&actor).await
        })
    }

    /// Changes a password given the current one (default user: the one this
    /// client acts as); revokes every session of the user.
    #[pyo3(signature = (current_password, new_password, *, user=None))]
    fn change_password(
        &self,
        py: Python<'_>,
        current_password: String,
        new_password: String,
        user: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let user = self.user_or_self(py, user)?;
        let connection = self.connection.clone();
        let actor = self.actor;
        block_on(py, async move {
            let client = connection.auth_client()?;
            client
                .change_password(&actor, user, &current_password, &new_password)
                .await
        })
    }

    /// Sets a user's password without the current one (the system only);
    /// revokes every session of the user.
    fn reset_password(
        &self,
        py: Python<'_>,
        user: &Bound<'_, PyAny>,
        new_password: String,
    ) -> PyResult<()> {
        let user: UserId = id_from_py(user, "user")?;
        let connection = self.connection.clone();
        let actor = self.actor;
        block_on(py, async move {
            let client = connection.auth_client()?;
            client.reset_password(&actor, user, &new_password).await
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
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        if self.connection.closed.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        if let Some(pg) = self.connection.pg.clone() {
            block_on(py, async move {
                pg.close().await;
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Applies pending schema migrations (PostgreSQL; nothing to do in memory).
    fn migrate(&self, py: Python<'_>) -> PyResult<()> {
        self.client(py)?;
        match self.connection.pg.clone() {
            Some(pg) => block_on(py, async move { pg.migrate().await }),
            None => Ok(()),
        }
    }

    /// The backend's state as a dict: `store` (`memory` or `postgres`) and,
    /// for PostgreSQL, pool use, server version, latency (seconds), the role
    /// and whether row-level security binds it, applied and pending migrations.
    fn health<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.client(py)?;
        let Some(pg) = self.connection.pg.clone() else {
            return to_py(py, &serde_json::json!({"store": "memory"}));
        };
        let health = block_on(py, async move { pg.health().await })?;
        let tenancy_enforced = health.tenancy_enforced();
        let mut json = serde_json::to_value(&health).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut json {
            map.insert("store".into(), "postgres".into());
            map.insert("latency".into(), health.latency.as_secs_f64().into());
            map.insert("tenancy_enforced".into(), tenancy_enforced.into());
        }
        to_py(py, &json)
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (_exc_type=None, _exc=None, _traceback=None))]
    fn __exit__(
        &self,
        py: Python<'_>,
        _exc_type: Option<&Bound<'_, PyType>>,
        _exc: Option<&Bound<'_, PyAny>>,
        _traceback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        self.close(py)?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        match self.actor {
            Principal::System => format!("Client({:?})", self.connection.url),
            Principal::User(u) => format!("Client({:?}, user_id=\"{u}\")", self.connection.url),
        }
    }
}
