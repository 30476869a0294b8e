//! The one error type of the SDK: every backend, the engine and the `Client`
//! report failures through it so that callers (and the Python and WASM
//! bindings) can match on a stable set of kinds.

use serde::{Deserialize, Serialize};

/// The SDK's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One broken rule on one field of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Where the rule broke: a field name or a JSON-pointer-like path (`skills/0`).
    pub path: String,
    /// The rule's machine name (`required`, `max_length`, `pattern`, `type`, ...).
    pub rule: String,
    /// A sentence for people.
    pub message: String,
}

impl Violation {
    /// Builds a violation of `rule` at `path`.
    pub fn new(
        path: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            rule: rule.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} ({})", self.path, self.message, self.rule)
    }
}

/// Every failure the SDK reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The record does not exist, or exists in another domain (never told apart).
    #[error("{kind} not found: {key}")]
    NotFound {
        /// What was looked up (`participant`, `domain`, ...).
        kind: &'static str,
        /// The id or name that was looked up.
        key: String,
    },
    /// The input broke one or more rules; every violation is listed.
    #[error("validation failed: {}", join_violations(.0))]
    Validation(Vec<Violation>),
    /// A uniqueness rule would be broken.
    #[error("conflict on {field}: {message}")]
    Conflict {
        /// The unique field or key (`name`, `username`, `date`).
        field: String,
        /// What collided.
        message: String,
    },
    /// The caller is known but its role does not allow the operation.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The caller could not be identified (bad credentials, bad or revoked token).
    #[error("unauthenticated: {0}")]
    Unauthenticated(String),
    /// An operation tried to reach across domains.
    #[error("tenancy violation: {0}")]
    Tenancy(String),
    /// The backend cannot be reached right now; retrying later may succeed.
    #[error("backend unavailable: {message}")]
    BackendUnavailable {
        /// What failed.
        message: String,
        /// The underlying error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The SDK is misconfigured (missing secret, bad pool settings).
    #[error("configuration error: {0}")]
    Configuration(String),
    /// A bug or an unexpected backend answer.
    #[error("internal error: {message}")]
    Internal {
        /// What failed.
        message: String,
        /// The underlying error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

fn join_violations(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// A not-found error for `kind` looked up by `key`.
    pub fn not_found(kind: &'static str, key: impl std::fmt::Display) -> Self {
        Self::NotFound {
            kind,
            key: key.to_string(),
        }
    }

    /// A validation error with a single violation.
    pub fn invalid(
        path: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::Validation(vec![Violation::new(path, rule, message)])
    }

    /// A conflict on `field`.
    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Conflict {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An internal error with no underlying source.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal {
            message: message.into(),
            source: None,
        }
    }

    /// A retryable backend failure with no underlying source.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::BackendUnavailable {
            message: message.into(),
            source: None,
        }
    }

    /// The stable machine name of this error's kind, as the bindings expose it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::Validation(_) => "validation",
            Self::Conflict { .. } => "conflict",
            Self::Forbidden(_) => "forbidden",
            Self::Unauthenticated(_) => "unauthenticated",
            Self::Tenancy(_) => "tenancy",
            Self::BackendUnavailable { .. } => "backend_unavailable",
            Self::Configuration(_) => "configuration",
            Self::Internal { .. } => "internal",
        }
    }

    /// Whether retrying the same call later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::BackendUnavailable { .. })
    }

    /// The violations of a validation error (empty for other kinds).
    pub fn violations(&self) -> &[Violation] {
        match self {
            Self::Validation(v) => v,
            _ => &[],
        }
    }
}

/// Collects violations and turns them into a `Result` at the end, so that a
/// check reports every broken rule rather than the first.
#[derive(Debug, Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one violation.
    pub fn push(
        &mut self,
        path: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(Violation::new(path, rule, message));
    }

    /// Records many violations.
    pub fn extend(&mut self, violations: impl IntoIterator<Item = Violation>) {
        self.0.extend(violations);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was recorded, else a validation error with all of them.
    pub fn into_result(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.0))
        }
    }

    /// The recorded violations.
    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }
}
