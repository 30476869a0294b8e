//! Reading `AuthConfig` from `VIVIDSHIFT_AUTH_*` settings. The reader takes a
//! lookup function rather than the process environment, so that tests do not
//! mutate global state and the WASM build, which has no environment, can pass
//! its own settings. An empty value counts as unset; a value that does not
//! parse is `Error::Configuration` naming the key, never silently ignored.

use chrono::Duration;

use super::config::{AuthConfig, JwtKey, KeyMaterial, TokenAlgorithm};
use crate::error::{Error, Result};

/// HS256 secret of the signing key (at least 32 bytes, used as UTF-8 bytes).
pub const JWT_SECRET: &str = "VIVIDSHIFT_AUTH_JWT_SECRET";
/// `kid` of the signing key (default `primary`).
pub const JWT_KEY_ID: &str = "VIVIDSHIFT_AUTH_JWT_KEY_ID";
/// Algorithm of the signing key: `HS256` (default), `RS256` or `EdDSA`.
pub const JWT_ALGORITHM: &str = "VIVIDSHIFT_AUTH_JWT_ALGORITHM";
/// PEM text of the private key, for RS256 and EdDSA.
pub const JWT_PRIVATE_KEY: &str = "VIVIDSHIFT_AUTH_JWT_PRIVATE_KEY";
/// PEM text of the public key, for RS256 and EdDSA.
pub const JWT_PUBLIC_KEY: &str = "VIVIDSHIFT_AUTH_JWT_PUBLIC_KEY";
/// `kid` of a retired key that still verifies (key rotation).
pub const JWT_PREVIOUS_KEY_ID: &str = "VIVIDSHIFT_AUTH_JWT_PREVIOUS_KEY_ID";
/// Algorithm of the retired key (default: that of the signing key).
pub const JWT_PREVIOUS_ALGORITHM: &str = "VIVIDSHIFT_AUTH_JWT_PREVIOUS_ALGORITHM";
/// HS256 secret of the retired key.
pub const JWT_PREVIOUS_SECRET: &str = "VIVIDSHIFT_AUTH_JWT_PREVIOUS_SECRET";
/// PEM text of the retired key's public key, for RS256 and EdDSA.
pub const JWT_PREVIOUS_PUBLIC_KEY: &str = "VIVIDSHIFT_AUTH_JWT_PREVIOUS_PUBLIC_KEY";
/// Token issuer (`iss`, default `vividshift`).
pub const ISSUER: &str = "VIVIDSHIFT_AUTH_ISSUER";
/// Token audience (`aud`, default `vividshift`).
pub const AUDIENCE: &str = "VIVIDSHIFT_AUTH_AUDIENCE";
/// Token and session lifetime in seconds (default 3600).
pub const TOKEN_TTL_SECONDS: &str = "VIVIDSHIFT_AUTH_TOKEN_TTL_SECONDS";
/// Clock skew tolerated on `exp` and `nbf`, in seconds (default 30).
pub const LEEWAY_SECONDS: &str = "VIVIDSHIFT_AUTH_LEEWAY_SECONDS";
/// bcrypt cost (default 12, 4 to 31).
pub const BCRYPT_COST: &str = "VIVIDSHIFT_AUTH_BCRYPT_COST";
/// Shortest password, in characters (default 12).
pub const MIN_PASSWORD_LENGTH: &str = "VIVIDSHIFT_AUTH_MIN_PASSWORD_LENGTH";
/// Failed logins that lock an account (default 5).
pub const LOCKOUT_MAX_FAILURES: &str = "VIVIDSHIFT_AUTH_LOCKOUT_MAX_FAILURES";
/// The span those failures must fall within, in seconds (default 900).
pub const LOCKOUT_WINDOW_SECONDS: &str = "VIVIDSHIFT_AUTH_LOCKOUT_WINDOW_SECONDS";
/// How long the lock lasts, in seconds (default 900).
pub const LOCKOUT_DURATION_SECONDS: &str = "VIVIDSHIFT_AUTH_LOCKOUT_DURATION_SECONDS";

/// Every key `AuthConfig::from_lookup` reads.
pub const ALL_KEYS: &[&str] = &[
    JWT_SECRET,
    JWT_KEY_ID,
    JWT_ALGORITHM,
    JWT_PRIVATE_KEY,
    JWT_PUBLIC_KEY,
    JWT_PREVIOUS_KEY_ID,
    JWT_PREVIOUS_ALGORITHM,
    JWT_PREVIOUS_SECRET,
    JWT_PREVIOUS_PUBLIC_KEY,
    ISSUER,
    AUDIENCE,
    TOKEN_TTL_SECONDS,
    LEEWAY_SECONDS,
    BCRYPT_COST,
    MIN_PASSWORD_LENGTH,
    LOCKOUT_MAX_FAILURES,
    LOCKOUT_WINDOW_SECONDS,
    LOCKOUT_DURATION_SECONDS,
];

/// The settings, read through one lookup function.
struct Settings<F> {
    lookup: F,
}

impl<F: Fn(&str) -> Option<String>> Settings<F> {
    fn text(&self, key: &str) -> Option<String> {
        (self.lookup)(key).filter(|v| !v.trim().is_empty())
    }

    fn number<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>>
    where
        T::Err: std::fmt::Display,
    {
        self.text(key)
            .map(|v| {
                v.trim().parse::<T>().map_err(|e| {
                    Error::Configuration(format!("{key}: `{}` is not a number ({e})", v.trim()))
                })
            })
            .transpose()
    }

    fn seconds(&self, key: &str) -> Result<Option<Duration>> {
        Ok(self
            .number::<u32>(key)?
            .map(|s| Duration::seconds(i64::from(s))))
    }

    /// One key from its algorithm, secret and PEM settings.
    fn key(
        &self,
        kid: String,
        algorithm: TokenAlgorithm,
        secret: &str,
        private: Option<&str>,
        public: &str,
    ) -> Result<Option<JwtKey>> {
        let material = match algorithm {
            TokenAlgorithm::Hs256 => self
                .text(secret)
                .map(|s| KeyMaterial::Secret(s.into_bytes())),
            TokenAlgorithm::Rs256 | TokenAlgorithm::EdDsa => {
                let private_pem = private.and_then(|k| self.text(k));
                match (private_pem, self.text(public)) {
                    (None, None) => None,
                    (_, None) => {
                        return Err(Error::Configuration(format!(
                            "{public} is required for {}",
                            algorithm.as_str()
                        )));
                    }
                    (private_pem, Some(public_pem)) => Some(match algorithm {
                        TokenAlgorithm::Rs256 => KeyMaterial::Rsa {
                            private_pem,
                            public_pem,
                        },
                        _ => KeyMaterial::Ed25519 {
                            private_pem,
                            public_pem,
                        },
                    }),
                }
            }
        };
        Ok(material.map(|material| JwtKey { kid, material }))
    }
}

impl AuthConfig {
    /// Reads the `VIVIDSHIFT_AUTH_*` settings (see `auth::env`) through
    /// `lookup`, defaults for the unset ones, and checks the result. No
    /// secret set means no key: issuing a token then fails.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let settings = Settings { lookup };
        let mut config = AuthConfig::default();

        let algorithm = match settings.text(JWT_ALGORITHM) {
            Some(name) => TokenAlgorithm::parse(name.trim())
                .map_err(|e| Error::Configuration(format!("{JWT_ALGORITHM}: {e}")))?,
            None => TokenAlgorithm::Hs256,
        };
        let kid = settings
            .text(JWT_KEY_ID)
            .unwrap_or_else(|| "primary".to_owned());
        let current = settings.key(
            kid.clone(),
            algorithm,
            JWT_SECRET,
            Some(JWT_PRIVATE_KEY),
            JWT_PUBLIC_KEY,
        )?;
        if let Some(key) = current {
            config.signing_kid = Some(kid);
            config.keys.push(key);
        }
        if let Some(previous_kid) = settings.text(JWT_PREVIOUS_KEY_ID) {
            let previous_algorithm = match settings.text(JWT_PREVIOUS_ALGORITHM) {
                Some(name) => TokenAlgorithm::parse(name.trim())
                    .map_err(|e| Error::Configuration(format!("{JWT_PREVIOUS_ALGORITHM}: {e}")))?,
                None => algorithm,
            };
            let previous = settings
                .key(
                    previous_kid,
                    previous_algorithm,
                    JWT_PREVIOUS_SECRET,
                    None,
                    JWT_PREVIOUS_PUBLIC_KEY,
                )?
                .ok_or_else(|| {
                    Error::Configuration(format!(
                        "{JWT_PREVIOUS_KEY_ID} is set but neither {JWT_PREVIOUS_SECRET} nor {JWT_PREVIOUS_PUBLIC_KEY} is"
                    ))
                })?;
            config.keys.push(previous);
        }

        if let Some(v) = settings.text(ISSUER) {
            config.issuer = v;
        }
        if let Some(v) = settings.text(AUDIENCE) {
            config.audience = v;
        }
        if let Some(v) = settings.seconds(TOKEN_TTL_SECONDS)? {
            config.token_ttl = v;
        }
        if let Some(v) = settings.seconds(LEEWAY_SECONDS)? {
            config.leeway = v;
        }
        if let Some(v) = settings.number(BCRYPT_COST)? {
            config.bcrypt_cost = v;
        }
        if let Some(v) = settings.number(MIN_PASSWORD_LENGTH)? {
            config.min_password_chars = v;
        }
        if let Some(v) = settings.number(LOCKOUT_MAX_FAILURES)? {
            config.lockout.max_failures = v;
        }
        if let Some(v) = settings.seconds(LOCKOUT_WINDOW_SECONDS)? {
            config.lockout.window = v;
        }
        if let Some(v) = settings.seconds(LOCKOUT_DURATION_SECONDS)? {
            config.lockout.lock_for = v;
        }
        config.check()?;
        Ok(config)
    }

    /// Reads the `VIVIDSHIFT_AUTH_*` settings from the process environment
    /// (see `from_lookup`).
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }
}
