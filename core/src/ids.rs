//! Typed identifiers: a `ParticipantId` cannot be passed where a `TargetId`
//! is expected. All are UUIDs; the SDK creates time-ordered v7 ones.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered (v7) identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// The underlying UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;

            fn from_str(s: &str) -> crate::Result<Self> {
                Uuid::parse_str(s).map(Self).map_err(|e| {
                    crate::Error::invalid("id", "uuid", format!("`{s}` is not a UUID: {e}"))
                })
            }
        }
    )*};
}

typed_id!(
    /// Identifies a domain (tenant).
    DomainId,
    /// Identifies an entity definition within a domain.
    EntityDefinitionId,
    /// Identifies an entity within a domain.
    EntityId,
    /// Identifies a participant within a domain.
    ParticipantId,
    /// Identifies an assignment target within a domain.
    TargetId,
    /// Identifies a stored assignment (a plan for a date).
    AssignmentId,
    /// Identifies one row of an assignment's details.
    AssignmentDetailId,
    /// Identifies one assignment history row.
    HistoryId,
    /// Identifies an audit event.
    AuditEventId,
    /// Identifies a user account.
    UserId,
    /// Identifies a login session.
    SessionId,
    /// Identifies a stored rule configuration.
    RuleConfigurationId,
);
