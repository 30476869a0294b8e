use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Json, empty_object};
use crate::ids::{DomainId, SessionId, UserId};

/// A person who signs in. Users are global; their rights live in memberships.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// Unique login name (3 to 50 characters).
    pub username: String,
    /// Unique email address.
    pub email: String,
    /// The bcrypt hash of the password; never serialized.
    #[serde(skip_serializing, default)]
    pub password_hash: String,
    /// False once deactivated.
    pub is_active: bool,
    /// When the user last signed in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Personal details kept beside a user, as in the original schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UserProfile {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// IANA time zone name (`Europe/Berlin`).
    pub timezone: Option<String>,
    /// Free-form preferences (JSON object).
    #[serde(default = "empty_object")]
    pub preferences: Json,
}

impl Default for UserProfile {
    // Written out so that `preferences` defaults to `{}` here as in serde.
    fn default() -> Self {
        Self {
            first_name: None,
            last_name: None,
            phone: None,
            timezone: None,
            preferences: empty_object(),
        }
    }
}

/// Input to create a user (the password is hashed before it is stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// Email address.
    pub email: String,
    /// Profile details.
    #[serde(default)]
    pub profile: UserProfile,
}

/// A partial update of a user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UserPatch {
    /// New email.
    pub email: Option<String>,
    /// Activate or deactivate.
    pub is_active: Option<bool>,
    /// New profile.
    pub profile: Option<UserProfile>,
}

/// A user's role within one domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads.
    Viewer,
    /// Reads and creates assignments.
    User,
    /// Everything within the domain, members included.
    Admin,
}

impl Role {
    /// The role as its JSON / SQL text.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::User => "user",
            Self::Admin => "admin",
        }
    }

    /// Parses the JSON / SQL text of a role.
    pub fn parse(s: &str) -> crate::Result<Self> {
        Ok(match s {
            "viewer" => Self::Viewer,
            "user" => Self::User,
            "admin" => Self::Admin,
            other => {
                return Err(crate::Error::invalid(
                    "role",
                    "enum",
                    format!("unknown role `{other}` (admin, user or viewer)"),
                ));
            }
        })
    }
}

/// A user's role in a domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// The domain.
    pub domain_id: DomainId,
    /// The user.
    pub user_id: UserId,
    /// The role.
    pub role: Role,
    /// When it was granted.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A signed-in session: the JWT's id is kept only as a hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Its id (the JWT `sid` claim).
    pub id: SessionId,
    /// Whose session.
    pub user_id: UserId,
    /// SHA-256 of the token id, hex.
    pub token_hash: String,
    /// When it stops being valid.
    pub expires_at: DateTime<Utc>,
    /// Whether it was revoked.
    pub revoked: bool,
    /// The client's user agent.
    pub user_agent: Option<String>,
    /// The client's IP address.
    pub ip_address: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}
