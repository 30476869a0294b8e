//! Signing and verifying session tokens (JWT) with a set of keys named by
//! `kid`, so that keys rotate: new tokens are signed with the current key,
//! and every configured key still verifies the tokens it signed.
//!
//! Verification trusts nothing in the header but the `kid`: the algorithm is
//! pinned per key, so `alg: none` and HS/RS substitution (an HMAC made with a
//! public key as secret) are rejected before any signature is computed.
//! `exp` and `nbf` are checked here, against the caller's clock with the
//! configured leeway (jsonwebtoken would read the system clock, which the
//! WASM build does not have); `iss`, `aud` and `sub` are required.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::config::{AuthConfig, JwtKey, KeyMaterial, TokenAlgorithm};
use crate::error::{Error, Result};
use crate::ids::{SessionId, UserId};

/// The claims of a VividShift session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user (`sub`).
    pub sub: UserId,
    /// The session the token belongs to (`sid`).
    pub sid: SessionId,
    /// The token's own id; the session stores only its SHA-256 (`jti`).
    pub jti: String,
    /// Issued at, seconds since the epoch (`iat`).
    pub iat: i64,
    /// Not valid before, seconds since the epoch (`nbf`).
    pub nbf: i64,
    /// Expires at, seconds since the epoch (`exp`).
    pub exp: i64,
    /// Who issued it (`iss`).
    pub iss: String,
    /// Whom it is for (`aud`).
    pub aud: String,
}

fn jwt_algorithm(algorithm: TokenAlgorithm) -> Algorithm {
    match algorithm {
        TokenAlgorithm::Hs256 => Algorithm::HS256,
        TokenAlgorithm::Rs256 => Algorithm::RS256,
        TokenAlgorithm::EdDsa => Algorithm::EdDSA,
    }
}

/// Uses the RustCrypto backend even when another crate in the build also
/// enables jsonwebtoken's aws-lc backend (with both, jsonwebtoken cannot pick
/// one and panics on first use). Installing fails harmlessly when a provider
/// is already installed.
fn ensure_crypto_provider() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
    });
}

/// One configured key, parsed.
struct LoadedKey {
    kid: String,
    algorithm: Algorithm,
    decoding: DecodingKey,
    encoding: Option<EncodingKey>,
}

fn key_error(kid: &str, what: &str, e: jsonwebtoken::errors::Error) -> Error {
    Error::Configuration(format!("kid `{kid}`: {what} is not usable ({e})"))
}

impl LoadedKey {
    fn load(key: &JwtKey) -> Result<Self> {
        let kid = key.kid.as_str();
        let (decoding, encoding) = match &key.material {
            KeyMaterial::Secret(secret) => (
                DecodingKey::from_secret(secret),
                Some(EncodingKey::from_secret(secret)),
            ),
            KeyMaterial::Rsa {
                private_pem,
                public_pem,
            } => (
                DecodingKey::from_rsa_pem(public_pem.as_bytes())
                    .map_err(|e| key_error(kid, "the RSA public key", e))?,
                private_pem
                    .as_ref()
                    .map(|pem| EncodingKey::from_rsa_pem(pem.as_bytes()))
                    .transpose()
                    .map_err(|e| key_error(kid, "the RSA private key", e))?,
            ),
            KeyMaterial::Ed25519 {
                private_pem,
                public_pem,
            } => (
                DecodingKey::from_ed_pem(public_pem.as_bytes())
                    .map_err(|e| key_error(kid, "the Ed25519 public key", e))?,
                private_pem
                    .as_ref()
                    .map(|pem| EncodingKey::from_ed_pem(pem.as_bytes()))
                    .transpose()
                    .map_err(|e| key_error(kid, "the Ed25519 private key", e))?,
            ),
        };
        let loaded = Self {
            kid: kid.to_owned(),
            algorithm: jwt_algorithm(key.algorithm()),
            decoding,
            encoding,
        };
        loaded.self_test()?;
        Ok(loaded)
    }

    /// Signs and verifies a probe, so that a broken key or a private key that
    /// does not match its public key fails at startup, not at first login.
    fn self_test(&self) -> Result<()> {
        let Some(encoding) = &self.encoding else {
            return Ok(());
        };
        let probe = b"vividshift key self-test";
        let signature = jsonwebtoken::crypto::sign(probe, encoding, self.algorithm)
            .map_err(|e| key_error(&self.kid, "the private key", e))?;
        match jsonwebtoken::crypto::verify(&signature, probe, &self.decoding, self.algorithm) {
            Ok(true) => Ok(()),
            Ok(false) => Err(Error::Configuration(format!(
                "kid `{}`: the private key does not match the public key",
                self.kid
            ))),
            Err(e) => Err(key_error(&self.kid, "the public key", e)),
        }
    }
}

/// The keys tokens are signed and verified with, and the claims they must carry.
pub struct KeySet {
    keys: Vec<LoadedKey>,
    signing: Option<usize>,
    issuer: String,
    audience: String,
    leeway: Duration,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet")
            .field(
                "kids",
                &self.keys.iter().map(|k| k.kid.as_str()).collect::<Vec<_>>(),
            )
            .field("signing", &self.signing.map(|i| self.keys[i].kid.as_str()))
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl KeySet {
    /// Parses and self-tests every key of `config` (a broken key is `Error::Configuration`).
    /// An empty key set is allowed; signing and verifying with it fail.
    pub fn new(config: &AuthConfig) -> Result<Self> {
        ensure_crypto_provider();
        config.check()?;
        let keys = config
            .keys
            .iter()
            .map(LoadedKey::load)
            .collect::<Result<Vec<_>>>()?;
        let signing = config
            .signing_key()
            .and_then(|s| keys.iter().position(|k| k.kid == s.kid));
        Ok(Self {
            keys,
            signing,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            leeway: config.leeway,
        })
    }

    /// The `kid` new tokens are signed with, if a key can sign.
    pub fn signing_kid(&self) -> Option<&str> {
        self.signing.map(|i| self.keys[i].kid.as_str())
    }

    /// The issuer written into and required of tokens.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The audience written into and required of tokens.
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// Fails with `Error::Configuration` unless a key can sign.
    pub fn require_signing_key(&self) -> Result<()> {
        self.signing.map(|_| ()).ok_or_else(|| {
            Error::Configuration(
                "no token signing key is configured (set VIVIDSHIFT_AUTH_JWT_SECRET to at least 32 bytes, or configure a key pair); there is no default secret"
                    .into(),
            )
        })
    }

    /// Signs `claims` with the current key, writing its `kid` into the header.
    pub fn sign(&self, claims: &Claims) -> Result<String> {
        self.require_signing_key()?;
        let key = self
            .signing
            .map(|i| &self.keys[i])
            .ok_or_else(|| Error::internal("signing key vanished"))?;
        let encoding = key
            .encoding
            .as_ref()
            .ok_or_else(|| Error::internal("signing key has no private part"))?;
        let mut header = Header::new(key.algorithm);
        header.kid = Some(key.kid.clone());
        jsonwebtoken::encode(&header, claims, encoding).map_err(|e| Error::Internal {
            message: "signing a token failed".into(),
            source: Some(Box::new(e)),
        })
    }

    /// Verifies `token` at `now`: known `kid`, the key's own algorithm, the
    /// signature, `iss`, `aud`, and `exp`/`nbf` within the leeway. Every failure
    /// is `Error::Unauthenticated`, except an empty key set (`Error::Configuration`).
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims> {
        if self.keys.is_empty() {
            return Err(Error::Configuration(
                "no token key is configured; tokens cannot be verified".into(),
            ));
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| {
            Error::Unauthenticated("malformed token or unsupported algorithm".into())
        })?;
        let kid = header
            .kid
            .as_deref()
            .ok_or_else(|| Error::Unauthenticated("token has no key id".into()))?;
        let key =
            self.keys.iter().find(|k| k.kid == kid).ok_or_else(|| {
                Error::Unauthenticated("token signed with an unknown key id".into())
            })?;
        if header.alg != key.algorithm {
            return Err(Error::Unauthenticated(
                "token algorithm does not match its key".into(),
            ));
        }
        let mut validation = Validation::new(key.algorithm);
        // Time is checked below against `now`; the rest by jsonwebtoken.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.set_issuer(&[self.issuer.as_str()]);
        validation.set_audience(&[self.audience.as_str()]);
        let claims = jsonwebtoken::decode::<Claims>(token, &key.decoding, &validation)
            .map_err(|e| {
                use jsonwebtoken::errors::ErrorKind;
                Error::Unauthenticated(
                    match e.kind() {
                        ErrorKind::InvalidSignature => "bad token signature",
                        ErrorKind::InvalidIssuer => "token from another issuer",
                        ErrorKind::InvalidAudience => "token for another audience",
                        ErrorKind::InvalidAlgorithm => "token algorithm does not match its key",
                        _ => "malformed token",
                    }
                    .into(),
                )
            })?
            .claims;
        let now = now.timestamp();
        let leeway = self.leeway.num_seconds();
        if now >= claims.exp.saturating_add(leeway) {
            return Err(Error::Unauthenticated("token expired".into()));
        }
        if now < claims.nbf.saturating_sub(leeway) {
            return Err(Error::Unauthenticated("token not yet valid".into()));
        }
        Ok(claims)
    }
}
