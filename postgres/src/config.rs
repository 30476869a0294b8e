//! Pool and connection settings: from a struct, from the `[database]`
//! section of a TOML file, and from `VIVIDSHIFT_DATABASE_*` environment
//! variables, the environment winning over the file (figment does the merge).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use vividshift_core::{Error, Result};

/// TLS requirement for connections, as libpq's `sslmode` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SslMode {
    /// Never TLS.
    Disable,
    /// Plain first, TLS if the server insists.
    Allow,
    /// TLS if the server offers it.
    Prefer,
    /// TLS or fail, without checking the certificate.
    Require,
    /// TLS with a certificate signed by a trusted CA.
    VerifyCa,
    /// TLS with a trusted certificate naming the host.
    VerifyFull,
}

impl SslMode {
    fn to_sqlx(self) -> PgSslMode {
        match self {
            Self::Disable => PgSslMode::Disable,
            Self::Allow => PgSslMode::Allow,
            Self::Prefer => PgSslMode::Prefer,
            Self::Require => PgSslMode::Require,
            Self::VerifyCa => PgSslMode::VerifyCa,
            Self::VerifyFull => PgSslMode::VerifyFull,
        }
    }
}

/// Everything `PgStore::connect` needs; durations are whole seconds or milliseconds as named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PgConfig {
    /// `postgres://user:password@host:port/database?sslmode=...`.
    pub url: String,
    /// Most connections the pool opens (`VIVIDSHIFT_DATABASE_MAX_CONNECTIONS`, default 10).
    pub max_connections: u32,
    /// Connections the pool keeps open when idle (`VIVIDSHIFT_DATABASE_MIN_CONNECTIONS`, default 1).
    pub min_connections: u32,
    /// Seconds to wait for the first connection in `PgStore::connect` (default 30).
    pub connect_timeout: u64,
    /// Seconds a call waits for a pooled connection, connecting included (default 30).
    pub acquire_timeout: u64,
    /// Seconds before an idle connection above `min_connections` is closed (0: never; default 600).
    pub idle_timeout: u64,
    /// Seconds a connection lives at most before it is replaced (0: forever; default 1800).
    pub max_lifetime: u64,
    /// TLS mode; overrides the URL's `sslmode` when set.
    pub ssl_mode: Option<SslMode>,
    /// CA certificate file (PEM) to trust for `verify-ca` / `verify-full`.
    pub ssl_root_cert: Option<PathBuf>,
    /// Role to `SET ROLE` to on every new connection (e.g. `vividshift_app`), if any.
    pub app_role: Option<String>,
    /// Ping each connection before handing it out: one more round trip per call (default off;
    /// broken connections are dropped on their first error and replaced).
    pub test_before_acquire: bool,
    /// Repository calls slower than this many milliseconds log a warning (default 250).
    pub slow_call_ms: u64,
    /// Prepared statements kept per connection (default 256).
    pub statement_cache_capacity: usize,
}

impl Default for PgConfig {
    fn default() -> Self {
        Self {
            url: String::new(),
            max_connections: 10,
            min_connections: 1,
            connect_timeout: 30,
            acquire_timeout: 30,
            idle_timeout: 600,
            max_lifetime: 1800,
            ssl_mode: None,
            ssl_root_cert: None,
            app_role: None,
            test_before_acquire: false,
            slow_call_ms: 250,
            statement_cache_capacity: 256,
        }
    }
}

/// Prefix of the environment variables (`VIVIDSHIFT_DATABASE_URL`, ...).
pub const ENV_PREFIX: &str = "VIVIDSHIFT_DATABASE_";

impl PgConfig {
    /// Defaults with this URL.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            ..Self::default()
        }
    }

    /// Defaults overridden by `VIVIDSHIFT_DATABASE_*` environment variables.
    pub fn from_env() -> Result<Self> {
        Self::extract(Self::figment(None))
    }

    /// Defaults, then the `[database]` section of the TOML file, then the environment.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::Configuration(format!(
                "configuration file {} not found",
                path.display()
            )));
        }
        Self::extract(Self::figment(Some(path)))
    }

    fn figment(file: Option<&Path>) -> Figment {
        let mut figment = Figment::from(Serialized::defaults(Self::default()).key("database"));
        if let Some(path) = file {
            figment = figment.merge(Toml::file(path));
        }
        figment
            .merge(Env::prefixed(ENV_PREFIX).map(|key| format!("database.{}", key.as_str()).into()))
    }

    fn extract(figment: Figment) -> Result<Self> {
        let config: Self = figment
            .extract_inner("database")
            .map_err(|e| Error::Configuration(format!("database settings: {e}")))?;
        config.check()?;
        Ok(config)
    }

    /// Checks the settings that cannot work.
    pub fn check(&self) -> Result<()> {
        if self.url.is_empty() {
            return Err(Error::Configuration(
                "no database URL: set VIVIDSHIFT_DATABASE_URL or `url` under [database]".into(),
            ));
        }
        if self.max_connections == 0 || self.min_connections > self.max_connections {
            return Err(Error::Configuration(format!(
                "pool size: min_connections {} must not exceed max_connections {} (at least 1)",
                self.min_connections, self.max_connections
            )));
        }
        Ok(())
    }

    /// The connect options: the URL with the TLS settings applied.
    pub fn connect_options(&self) -> Result<PgConnectOptions> {
        let mut options = PgConnectOptions::from_str(&self.url)
            .map_err(|e| Error::Configuration(format!("database url: {e}")))?
            .statement_cache_capacity(self.statement_cache_capacity)
            .application_name("vividshift")
            // Rows keep the timestamps the Client set (see the updated_at trigger).
            .options([("vividshift.client_timestamps", "on")]);
        if let Some(mode) = self.ssl_mode {
            options = options.ssl_mode(mode.to_sqlx());
        }
        if let Some(ca) = &self.ssl_root_cert {
            options = options.ssl_root_cert(ca);
        }
        Ok(options)
    }

    pub(crate) fn idle(&self) -> Option<Duration> {
        (self.idle_timeout > 0).then(|| Duration::from_secs(self.idle_timeout))
    }

    pub(crate) fn lifetime(&self) -> Option<Duration> {
        (self.max_lifetime > 0).then(|| Duration::from_secs(self.max_lifetime))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_ones() {
        let c = PgConfig::default();
        assert_eq!((c.max_connections, c.min_connections), (10, 1));
        assert!(PgConfig::new("").check().is_err());
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API returns its own large error
    fn file_then_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "vividshift.toml",
                "[database]\nurl = \"postgres://file/db\"\nmax_connections = 4\nssl_mode = \"verify-full\"\n",
            )?;
            let c = PgConfig::from_file("vividshift.toml").map_err(|e| e.to_string())?;
            assert_eq!(c.url, "postgres://file/db");
            assert_eq!(c.max_connections, 4);
            assert_eq!(c.ssl_mode, Some(SslMode::VerifyFull));
            jail.set_env("VIVIDSHIFT_DATABASE_MAX_CONNECTIONS", "7");
            jail.set_env("VIVIDSHIFT_DATABASE_URL", "postgres://env/db");
            let c = PgConfig::from_file("vividshift.toml").map_err(|e| e.to_string())?;
            assert_eq!(c.url, "postgres://env/db");
            assert_eq!(c.max_connections, 7);
            assert_eq!(c.min_connections, 1);
            Ok(())
        });
    }
}
