//! Authentication: bcrypt password hashing, JWT session tokens signed with a
//! rotating key set, lockout after failed logins, and the account flows that
//! the `Client` exposes (`register_user`, `login`, `verify_token`,
//! `revoke_session`, ...). Behind the `auth` feature so that builds without
//! accounts (the WASM package) can leave bcrypt and jsonwebtoken out.
//!
//! There is no default signing secret. Configure one in code
//! (`AuthConfig::with_secret`) or through the environment (`auth::env` lists
//! the `VIVIDSHIFT_AUTH_*` keys); without one, issuing a token is
//! `Error::Configuration`.
//!
//! ```
//! # async fn demo() -> vividshift_core::Result<()> {
//! use vividshift_core::{Client, auth::AuthConfig, model::NewUser};
//! let config = AuthConfig {
//!     bcrypt_cost: 4, // tests only: the default is 12
//!     ..AuthConfig::with_secret("k1", "a secret of at least thirty-two bytes")
//! };
//! let client = Client::in_memory().with_auth(config)?;
//! let user = NewUser { username: "ada".into(), email: "ada@example.org".into(), profile: Default::default() };
//! client.register_user(user, "correct horse battery").await?;
//! let login = client.login("ada", "correct horse battery", None, None).await?;
//! let verified = client.verify_token(&login.token).await?;
//! let domains = client.list_domains(&verified.principal).await?;
//! # Ok(()) }
//! ```

mod config;
pub mod env;
mod lockout;
mod password;
mod service;
mod token;

pub use config::{
    AuthConfig, DEFAULT_AUDIENCE, DEFAULT_BCRYPT_COST, DEFAULT_ISSUER, DEFAULT_MIN_PASSWORD_CHARS,
    JwtKey, KeyMaterial, LockoutPolicy, MAX_BCRYPT_COST, MAX_PASSWORD_BYTES, MIN_BCRYPT_COST,
    MIN_SECRET_BYTES, TokenAlgorithm,
};
pub use password::{hash_cost, hash_password, password_violations, verify_password};
pub use service::{
    AuthService, BAD_CREDENTIALS, LOCKED_OUT, Login, MAX_USER_AGENT_CHARS, VerifiedToken,
    token_id_hash,
};
pub use token::{Claims, KeySet};
