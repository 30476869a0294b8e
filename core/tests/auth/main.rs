//! Authentication: configuration (struct and environment, no default secret),
//! registration rules, bcrypt, tokens (every way a token can be bad), key
//! rotation, sessions, lockout and password changes, on the in-memory store.
//! bcrypt runs at the minimum cost 4 here; production defaults to 12.
#![cfg(feature = "auth")]
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod accounts;
mod config;
mod tokens;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::Value;
use vividshift_core::auth::{AuthConfig, Claims, JwtKey};
use vividshift_core::model::NewUser;
use vividshift_core::{Client, Error, SessionId, UserId};

pub(crate) const SECRET: &str = "0123456789abcdef0123456789abcdef-test-secret";
pub(crate) const PASSWORD: &str = "correct horse battery";
pub(crate) const RSA_A_PRIVATE: &str = include_str!("keys/rsa_a_private.pem");
pub(crate) const RSA_A_PUBLIC: &str = include_str!("keys/rsa_a_public.pem");
pub(crate) const RSA_B_PRIVATE: &str = include_str!("keys/rsa_b_private.pem");
pub(crate) const RSA_B_PUBLIC: &str = include_str!("keys/rsa_b_public.pem");
pub(crate) const ED_PRIVATE: &str = include_str!("keys/ed25519_private.pem");
pub(crate) const ED_PUBLIC: &str = include_str!("keys/ed25519_public.pem");

pub(crate) fn config_with(keys: Vec<JwtKey>) -> AuthConfig {
    AuthConfig {
        keys,
        bcrypt_cost: 4,
        ..AuthConfig::default()
    }
}

pub(crate) fn hs_config() -> AuthConfig {
    config_with(vec![JwtKey::hs256("k1", SECRET)])
}

pub(crate) fn client(config: AuthConfig) -> Client {
    Client::in_memory().with_auth(config).unwrap()
}

pub(crate) fn new_user(username: &str) -> NewUser {
    NewUser {
        username: username.into(),
        email: format!("{username}@example.org"),
        profile: Default::default(),
    }
}

#[track_caller]
pub(crate) fn assert_unauthenticated<T: std::fmt::Debug>(
    result: vividshift_core::Result<T>,
    message: &str,
) {
    match result {
        Err(Error::Unauthenticated(m)) => assert_eq!(m, message),
        other => panic!("expected unauthenticated `{message}`, got {other:?}"),
    }
}

#[track_caller]
pub(crate) fn assert_configuration<T: std::fmt::Debug>(
    result: vividshift_core::Result<T>,
) -> String {
    match result {
        Err(Error::Configuration(m)) => m,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[track_caller]
pub(crate) fn assert_violation<T: std::fmt::Debug>(
    result: &vividshift_core::Result<T>,
    path: &str,
    rule: &str,
) {
    match result {
        Err(Error::Validation(v)) => assert!(
            v.iter().any(|v| v.path == path && v.rule == rule),
            "expected `{rule}` at `{path}`, got {v:?}"
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Claims as a login would issue them, valid now.
pub(crate) fn claims_now() -> Claims {
    let now = Utc::now().timestamp();
    Claims {
        sub: UserId::new(),
        sid: SessionId::new(),
        jti: "jti-1".into(),
        iat: now,
        nbf: now,
        exp: now + 600,
        iss: "vividshift".into(),
        aud: "vividshift".into(),
    }
}

/// A token with any header and claims, signed with `key` as `alg`.
pub(crate) fn forge(
    alg: Algorithm,
    kid: Option<&str>,
    claims: &Value,
    key: &EncodingKey,
) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, key).unwrap()
}

pub(crate) fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}
