//! Password rules and bcrypt hashing. Passwords longer than 72 UTF-8 bytes
//! are rejected, not truncated: bcrypt reads only the first 72 bytes, so two
//! long passwords sharing a prefix would otherwise be the same password.
//! Hashing is CPU-bound (about 0.2 s at cost 12) and runs on the calling thread.

use super::config::MAX_PASSWORD_BYTES;
use crate::error::{Error, Result, Violation, Violations};

/// Every rule `password` breaks, reported at `path`: at least `min_chars`
/// characters, at most `MAX_PASSWORD_BYTES` UTF-8 bytes, not blank.
pub fn password_violations(path: &str, password: &str, min_chars: usize) -> Vec<Violation> {
    let mut out = Violations::new();
    if password.chars().count() < min_chars {
        out.push(
            path,
            "min_length",
            format!("must be at least {min_chars} characters"),
        );
    } else if password.trim().is_empty() {
        out.push(path, "pattern", "must not be only whitespace");
    }
    if password.len() > MAX_PASSWORD_BYTES {
        out.push(
            path,
            "max_length",
            format!("must be at most {MAX_PASSWORD_BYTES} bytes (bcrypt reads no further)"),
        );
    }
    out.into_vec()
}

/// Hashes a password with bcrypt at `cost` (a fresh random salt each time).
pub fn hash_password(password: &str, cost: u32) -> Result<String> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(Error::invalid(
            "password",
            "max_length",
            format!("must be at most {MAX_PASSWORD_BYTES} bytes (bcrypt reads no further)"),
        ));
    }
    bcrypt::hash(password, cost).map_err(|e| Error::Internal {
        message: "bcrypt hashing failed".into(),
        source: Some(Box::new(e)),
    })
}

/// Whether `password` matches the bcrypt `hash`. A password longer than
/// `MAX_PASSWORD_BYTES` never matches; a malformed hash is an internal error.
pub fn verify_password(password: &str, hash: &str) -> Result<bool> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Ok(false);
    }
    bcrypt::verify(password, hash).map_err(|e| Error::Internal {
        message: "stored password hash is not a bcrypt hash".into(),
        source: Some(Box::new(e)),
    })
}

/// The cost a bcrypt hash was made with (`$2b$12$...` is 12), if it parses.
pub fn hash_cost(hash: &str) -> Option<u32> {
    let mut parts = hash.split('$');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(""), Some(_version), Some(cost)) => cost.parse().ok(),
        _ => None,
    }
}
