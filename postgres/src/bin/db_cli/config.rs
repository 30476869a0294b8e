//! db_cli's configuration: one TOML file shared with the application
//! (`--config FILE`, else `vividshift.toml` in the working directory when
//! present) with `[database]`, `[auth]` and `[engine]` sections, then the
//! environment (`VIVIDSHIFT_DATABASE_*`, `VIVIDSHIFT_AUTH_*`,
//! `VIVIDSHIFT_ENGINE_*`) on top, then `--database-url`. figment does the
//! merge; every section denies unknown keys, so a typo is an error naming the
//! key rather than a silently ignored setting. `vividshift.example.toml` at
//! the repository root documents every key.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use vividshift_core::engine::PlanConfig;
use vividshift_postgres::PgConfig;

use crate::output::{CliError, one_line};

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_FILE: &str = "vividshift.toml";

/// The strategies the engine knows (`[engine] default_strategy`).
pub const STRATEGIES: &[&str] = &["random", "balanced_rotation", "skill_based", "optimal"];

/// Everything db_cli reads from the file and the environment.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CliConfig {
    /// Pool and connection settings (`PgConfig`).
    pub database: PgConfig,
    /// Account settings, shared with the application's auth configuration.
    pub auth: AuthSettings,
    /// Assignment engine defaults.
    pub engine: EngineSettings,
}

/// `[auth]`: the keys of the application's `VIVIDSHIFT_AUTH_*` settings, in
/// lower case. db_cli itself uses `bcrypt_cost` and `min_password_length`
/// (for the seeded accounts); the others are accepted so that one file
/// configures the application and the tool, and are type-checked here.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSettings {
    /// bcrypt cost of stored password hashes (4 to 31).
    pub bcrypt_cost: u32,
    /// Shortest password accepted, in characters.
    pub min_password_length: usize,
    /// HS256 secret of the signing key.
    pub jwt_secret: Option<String>,
    /// `kid` of the signing key.
    pub jwt_key_id: Option<String>,
    /// `HS256`, `RS256` or `EdDSA`.
    pub jwt_algorithm: Option<String>,
    /// PEM of the private key (RS256, EdDSA).
    pub jwt_private_key: Option<String>,
    /// PEM of the public key (RS256, EdDSA).
    pub jwt_public_key: Option<String>,
    /// `kid` of a retired key that still verifies.
    pub jwt_previous_key_id: Option<String>,
    /// Algorithm of the retired key.
    pub jwt_previous_algorithm: Option<String>,
    /// HS256 secret of the retired key.
    pub jwt_previous_secret: Option<String>,
    /// PEM of the retired key's public key.
    pub jwt_previous_public_key: Option<String>,
    /// Token issuer.
    pub issuer: Option<String>,
    /// Token audience.
    pub audience: Option<String>,
    /// Token and session lifetime, seconds.
    pub token_ttl_seconds: Option<u64>,
    /// Clock skew tolerated, seconds.
    pub leeway_seconds: Option<u64>,
    /// Failed logins that lock an account.
    pub lockout_max_failures: Option<u32>,
    /// Window of those failures, seconds.
    pub lockout_window_seconds: Option<u64>,
    /// Lock duration, seconds.
    pub lockout_duration_seconds: Option<u64>,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            bcrypt_cost: 12,
            min_password_length: 12,
            jwt_secret: None,
            jwt_key_id: None,
            jwt_algorithm: None,
            jwt_private_key: None,
            jwt_public_key: None,
            jwt_previous_key_id: None,
            jwt_previous_algorithm: None,
            jwt_previous_secret: None,
            jwt_previous_public_key: None,
            issuer: None,
            audience: None,
            token_ttl_seconds: None,
            leeway_seconds: None,
            lockout_max_failures: None,
            lockout_window_seconds: None,
            lockout_duration_seconds: None,
        }
    }
}

impl std::fmt::Debug for AuthSettings {
    // Secrets and keys never reach output or logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthSettings")
            .field("bcrypt_cost", &self.bcrypt_cost)
            .field("min_password_length", &self.min_password_length)
            .finish_non_exhaustive()
    }
}

/// `[engine]`: defaults for assignment generation, in the terms of the
/// engine's `PlanConfig`. `db_cli seed` stores them as the `default` rule
/// configuration of the `work_groups` domain (whose parameters are a
/// `PlanConfig`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineSettings {
    /// `random`, `balanced_rotation`, `skill_based` or `optimal`.
    pub default_strategy: String,
    /// Seed of the `random` strategy; the same seed gives the same plan.
    pub random_seed: u64,
    /// Days after which a past assignment counts half in rotation.
    pub half_life_days: u32,
    /// Plan what can be filled and list the rest as unfilled, instead of failing.
    pub allow_partial: bool,
    /// Nobody gets the target of their most recent assignment.
    pub avoid_consecutive: bool,
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            default_strategy: "optimal".into(),
            random_seed: 0,
            half_life_days: 14,
            allow_partial: false,
            avoid_consecutive: false,
        }
    }
}

impl EngineSettings {
    /// The engine configuration these settings describe.
    pub fn plan_config(&self) -> Result<PlanConfig, CliError> {
        PlanConfig::from_value(serde_json::json!({
            "strategy": self.default_strategy,
            "seed": self.random_seed,
            "half_life_days": self.half_life_days,
            "allow_partial": self.allow_partial,
            "avoid_consecutive": self.avoid_consecutive,
        }))
        .map_err(|e| {
            CliError::usage(format!(
                "configuration: [engine]: {}",
                one_line(&e.to_string())
            ))
        })
    }
}

impl CliConfig {
    /// Loads the file (explicit, or `vividshift.toml` when present), then the
    /// environment, then `database_url`; checks the values that cannot work.
    pub fn load(file: Option<&Path>, database_url: Option<&str>) -> Result<Self, CliError> {
        let file: Option<PathBuf> = match file {
            Some(path) if !path.is_file() => {
                return Err(CliError::usage(format!(
                    "configuration file {} not found",
                    path.display()
                )));
            }
            Some(path) => Some(path.to_owned()),
            None => Some(PathBuf::from(DEFAULT_FILE)).filter(|p| p.is_file()),
        };
        let mut figment = Figment::from(Serialized::defaults(Self::default()));
        if let Some(path) = &file {
            figment = figment.merge(Toml::file_exact(path));
        }
        figment = figment
            .merge(section_env("VIVIDSHIFT_DATABASE_", "database"))
            .merge(section_env("VIVIDSHIFT_AUTH_", "auth"))
            .merge(section_env("VIVIDSHIFT_ENGINE_", "engine"));
        if let Some(url) = database_url {
            figment = figment.merge(Serialized::default("database.url", url));
        }
        let config: Self = figment.extract().map_err(|e| {
            // figment names keys with their profile (`default.database.url`).
            let e = one_line(&e.to_string()).replace("\"default.", "\"");
            CliError::usage(format!("configuration: {e}"))
        })?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), CliError> {
        self.database
            .check()
            .map_err(|e| CliError::usage(one_line(&e.to_string())))?;
        if !(4..=31).contains(&self.auth.bcrypt_cost) {
            return Err(CliError::usage(format!(
                "configuration: auth.bcrypt_cost must be between 4 and 31, not {}",
                self.auth.bcrypt_cost
            )));
        }
        if !STRATEGIES.contains(&self.engine.default_strategy.as_str()) {
            return Err(CliError::usage(format!(
                "configuration: engine.default_strategy `{}` is not one of {}",
                self.engine.default_strategy,
                STRATEGIES.join(", ")
            )));
        }
        self.engine.plan_config()?;
        Ok(())
    }
}

/// `PREFIX_KEY=value` variables as `section.key` (figment lower-cases the key).
fn section_env(prefix: &'static str, section: &'static str) -> Env {
    Env::prefixed(prefix).map(move |key| format!("{section}.{}", key.as_str()).into())
}
