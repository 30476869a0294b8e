//! What authentication needs to know: the token keys, who issues tokens and
//! for whom, how long they live, how hard passwords are hashed, and when
//! failed logins lock an account. There is deliberately no default signing
//! key: without one, issuing or verifying a token is `Error::Configuration`.

use chrono::Duration;

use crate::error::{Error, Result};

/// The issuer (`iss`) written into tokens unless configured otherwise.
pub const DEFAULT_ISSUER: &str = "vividshift";
/// The audience (`aud`) written into tokens unless configured otherwise.
pub const DEFAULT_AUDIENCE: &str = "vividshift";
/// The shortest HS256 secret accepted, in bytes (RFC 7518 §3.2: no shorter than the hash).
pub const MIN_SECRET_BYTES: usize = 32;
/// The bcrypt cost used unless configured otherwise (about 0.2 s per hash on a 2-core machine).
pub const DEFAULT_BCRYPT_COST: u32 = 12;
/// The lowest bcrypt cost bcrypt accepts (tests use it).
pub const MIN_BCRYPT_COST: u32 = 4;
/// The highest bcrypt cost bcrypt accepts.
pub const MAX_BCRYPT_COST: u32 = 31;
/// The shortest password accepted unless configured otherwise, in characters.
pub const DEFAULT_MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted, in UTF-8 bytes: bcrypt reads no further, so
/// longer passwords are rejected rather than silently truncated.
pub const MAX_PASSWORD_BYTES: usize = 72;

/// The signature algorithm of one token key; each key is pinned to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenAlgorithm {
    /// HMAC with SHA-256 over a shared secret.
    Hs256,
    /// RSASSA-PKCS1-v1_5 with SHA-256 over an RSA key pair.
    Rs256,
    /// Ed25519 signatures (EdDSA).
    EdDsa,
}

impl TokenAlgorithm {
    /// The JOSE name of the algorithm (`HS256`, `RS256`, `EdDSA`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::Rs256 => "RS256",
            Self::EdDsa => "EdDSA",
        }
    }

    /// Parses a JOSE algorithm name (case-insensitive); only the three supported ones.
    pub fn parse(name: &str) -> Result<Self> {
        match name.to_ascii_uppercase().as_str() {
            "HS256" => Ok(Self::Hs256),
            "RS256" => Ok(Self::Rs256),
            "EDDSA" => Ok(Self::EdDsa),
            _ => Err(Error::Configuration(format!(
                "unsupported token algorithm `{name}` (HS256, RS256 or EdDSA)"
            ))),
        }
    }
}

/// The secret or key pair behind one token key.
#[derive(Clone, PartialEq, Eq)]
pub enum KeyMaterial {
    /// A shared HS256 secret of at least `MIN_SECRET_BYTES` bytes.
    Secret(Vec<u8>),
    /// An RS256 key pair in PEM (PKCS#1 or PKCS#8); without the private key it only verifies.
    Rsa {
        /// The private key, needed to sign.
        private_pem: Option<String>,
        /// The public key, used to verify.
        public_pem: String,
    },
    /// An Ed25519 (EdDSA) key pair in PKCS#8 PEM; without the private key it only verifies.
    Ed25519 {
        /// The private key, needed to sign.
        private_pem: Option<String>,
        /// The public key, used to verify.
        public_pem: String,
    },
}

impl std::fmt::Debug for KeyMaterial {
    // Secrets and private keys never reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Secret(s) => write!(f, "Secret(<{} bytes redacted>)", s.len()),
            Self::Rsa { private_pem, .. } => f
                .debug_struct("Rsa")
                .field("private_pem", &private_pem.as_ref().map(|_| "<redacted>"))
                .finish_non_exhaustive(),
            Self::Ed25519 { private_pem, .. } => f
                .debug_struct("Ed25519")
                .field("private_pem", &private_pem.as_ref().map(|_| "<redacted>"))
                .finish_non_exhaustive(),
        }
    }
}

/// One token key, named by the `kid` header of the tokens it signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtKey {
    /// The key id written into the `kid` header.
    pub kid: String,
    /// The secret or key pair.
    pub material: KeyMaterial,
}

impl JwtKey {
    /// An HS256 key over a shared secret.
    pub fn hs256(kid: impl Into<String>, secret: impl Into<Vec<u8>>) -> Self {
        Self {
            kid: kid.into(),
            material: KeyMaterial::Secret(secret.into()),
        }
    }

    /// An RS256 key pair that signs and verifies.
    pub fn rs256(
        kid: impl Into<String>,
        private_pem: impl Into<String>,
        public_pem: impl Into<String>,
    ) -> Self {
        Self {
            kid: kid.into(),
            material: KeyMaterial::Rsa {
                private_pem: Some(private_pem.into()),
                public_pem: public_pem.into(),
            },
        }
    }

    /// An RS256 public key that only verifies (a retired key, or a verifier-only service).
    pub fn rs256_public(kid: impl Into<String>, public_pem: impl Into<String>) -> Self {
        Self {
            kid: kid.into(),
            material: KeyMaterial::Rsa {
                private_pem: None,
                public_pem: public_pem.into(),
            },
        }
    }

    /// An Ed25519 key pair that signs and verifies.
    pub fn ed25519(
        kid: impl Into<String>,
        private_pem: impl Into<String>,
        public_pem: impl Into<String>,
    ) -> Self {
        Self {
            kid: kid.into(),
            material: KeyMaterial::Ed25519 {
                private_pem: Some(private_pem.into()),
                public_pem: public_pem.into(),
            },
        }
    }

    /// An Ed25519 public key that only verifies.
    pub fn ed25519_public(kid: impl Into<String>, public_pem: impl Into<String>) -> Self {
        Self {
            kid: kid.into(),
            material: KeyMaterial::Ed25519 {
                private_pem: None,
                public_pem: public_pem.into(),
            },
        }
    }

    /// The algorithm this key is pinned to.
    pub fn algorithm(&self) -> TokenAlgorithm {
        match self.material {
            KeyMaterial::Secret(_) => TokenAlgorithm::Hs256,
            KeyMaterial::Rsa { .. } => TokenAlgorithm::Rs256,
            KeyMaterial::Ed25519 { .. } => TokenAlgorithm::EdDsa,
        }
    }

    /// Whether this key can sign (a secret, or a pair with its private key).
    pub fn can_sign(&self) -> bool {
        match &self.material {
            KeyMaterial::Secret(_) => true,
            KeyMaterial::Rsa { private_pem, .. } | KeyMaterial::Ed25519 { private_pem, .. } => {
                private_pem.is_some()
            }
        }
    }
}

/// When failed logins lock an account: `max_failures` within `window` lock it
/// for `lock_for`. While locked, attempts are refused without checking the
/// password and are not counted; once the lock ends, a further failure within
/// `window` of the earlier ones locks again at once. A successful login clears
/// the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures that lock the account.
    pub max_failures: u32,
    /// The span those failures must fall within.
    pub window: Duration,
    /// How long the lock lasts from the last of them.
    pub lock_for: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            window: Duration::minutes(15),
            lock_for: Duration::minutes(15),
        }
    }
}

/// Everything authentication is configured with; build it as a struct
/// (`AuthConfig { keys, ..AuthConfig::default() }`) or from the environment
/// (`AuthConfig::from_env`, keys listed in `auth::env`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfig {
    /// Every key tokens may be signed with; verification accepts any of them by `kid`.
    /// Empty by default: there is no default secret.
    pub keys: Vec<JwtKey>,
    /// The `kid` of the key that signs new tokens; `None` picks the first key that can sign.
    pub signing_kid: Option<String>,
    /// The `iss` claim written and required.
    pub issuer: String,
    /// The `aud` claim written and required.
    pub audience: String,
    /// How long a token and its session live.
    pub token_ttl: Duration,
    /// Clock skew tolerated when checking `exp` and `nbf`.
    pub leeway: Duration,
    /// The bcrypt cost for new hashes (4 to 31).
    pub bcrypt_cost: u32,
    /// The shortest password accepted, in characters (at most `MAX_PASSWORD_BYTES`).
    pub min_password_chars: usize,
    /// When failed logins lock an account.
    pub lockout: LockoutPolicy,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            signing_kid: None,
            issuer: DEFAULT_ISSUER.to_owned(),
            audience: DEFAULT_AUDIENCE.to_owned(),
            token_ttl: Duration::hours(1),
            leeway: Duration::seconds(30),
            bcrypt_cost: DEFAULT_BCRYPT_COST,
            min_password_chars: DEFAULT_MIN_PASSWORD_CHARS,
            lockout: LockoutPolicy::default(),
        }
    }
}

impl AuthConfig {
    /// A configuration with one HS256 secret and every other setting at its default.
    pub fn with_secret(kid: impl Into<String>, secret: impl Into<Vec<u8>>) -> Self {
        Self {
            keys: vec![JwtKey::hs256(kid, secret)],
            ..Self::default()
        }
    }

    /// Checks every setting (keys are parsed later, by the key set); lists all
    /// problems in one `Error::Configuration`.
    pub fn check(&self) -> Result<()> {
        let mut problems = Vec::new();
        if !(MIN_BCRYPT_COST..=MAX_BCRYPT_COST).contains(&self.bcrypt_cost) {
            problems.push(format!(
                "bcrypt cost {} is outside {MIN_BCRYPT_COST}..={MAX_BCRYPT_COST}",
                self.bcrypt_cost
            ));
        }
        if self.min_password_chars == 0 || self.min_password_chars > MAX_PASSWORD_BYTES {
            problems.push(format!(
                "minimum password length {} is outside 1..={MAX_PASSWORD_BYTES}",
                self.min_password_chars
            ));
        }
        if self.token_ttl <= Duration::zero() {
            problems.push("token ttl must be positive".to_owned());
        }
        if self.leeway < Duration::zero() || self.leeway > Duration::minutes(5) {
            problems.push("leeway must be between 0 and 300 seconds".to_owned());
        }
        if self.issuer.trim().is_empty() {
            problems.push("issuer must not be empty".to_owned());
        }
        if self.audience.trim().is_empty() {
            problems.push("audience must not be empty".to_owned());
        }
        let lockout = &self.lockout;
        if lockout.max_failures == 0 {
            problems.push("lockout max failures must be at least 1".to_owned());
        }
        if lockout.window <= Duration::zero() {
            problems.push("lockout window must be positive".to_owned());
        }
        if lockout.lock_for <= Duration::zero() {
            problems.push("lockout duration must be positive".to_owned());
        }
        let mut seen = std::collections::HashSet::new();
        for key in &self.keys {
            if key.kid.trim().is_empty() {
                problems.push("a key has an empty kid".to_owned());
            } else if !seen.insert(key.kid.as_str()) {
                problems.push(format!("kid `{}` is configured twice", key.kid));
            }
            if let KeyMaterial::Secret(secret) = &key.material
                && secret.len() < MIN_SECRET_BYTES
            {
                problems.push(format!(
                    "the secret of kid `{}` has {} bytes; at least {MIN_SECRET_BYTES} are required",
                    key.kid,
                    secret.len()
                ));
            }
        }
        if let Some(kid) = &self.signing_kid {
            match self.keys.iter().find(|k| &k.kid == kid) {
                None => problems.push(format!("signing kid `{kid}` is not among the keys")),
                Some(key) if !key.can_sign() => {
                    problems.push(format!("signing kid `{kid}` has no private key"))
                }
                Some(_) => {}
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Configuration(problems.join("; ")))
        }
    }

    /// The key that signs new tokens, if any is configured.
    pub fn signing_key(&self) -> Option<&JwtKey> {
        match &self.signing_kid {
            Some(kid) => self.keys.iter().find(|k| &k.kid == kid),
            None => self.keys.iter().find(|k| k.can_sign()),
        }
    }
}
