//! The account flows over any `Store`: registration, login with lockout,
//! token verification against the session, revocation and password changes.
//!
//! A failed login answers the same `Error::Unauthenticated` message whether
//! the username is unknown, the password wrong or the account deactivated,
//! and costs one bcrypt verification in every case (against a dummy hash when
//! there is no such user). Failures are counted per username, known or not,
//! so a lock does not tell either.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::config::AuthConfig;
use super::password::{hash_cost, hash_password, password_violations, verify_password};
use super::token::{Claims, KeySet};
use crate::client::{Principal, check_input, now};
use crate::error::{Error, Result, Violations};
use crate::ids::{SessionId, UserId};
use crate::input_rules::MAX_USERNAME_CHARS;
use crate::model::{NewUser, Session, User};
use crate::repository::Store;

/// The answer to every failed login, whatever the reason.
pub const BAD_CREDENTIALS: &str = "invalid username or password";
/// The answer to a login while the username is locked out.
pub const LOCKED_OUT: &str = "too many failed logins; try again later";
/// Longest user agent stored with a session, in characters (longer ones are cut).
pub const MAX_USER_AGENT_CHARS: usize = 512;

/// A successful login: the token to hand to the client and its session.
#[derive(Debug, Clone, PartialEq)]
pub struct Login {
    /// The signed JWT.
    pub token: String,
    /// The stored session (it holds only a hash of the token id).
    pub session: Session,
    /// The user who signed in.
    pub user: User,
}

/// A token that verified, with the principal to call the `Client` as.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedToken {
    /// The caller (`Principal::User`).
    pub principal: Principal,
    /// The token's claims.
    pub claims: Claims,
    /// The live session the token belongs to.
    pub session: Session,
}

/// The hex SHA-256 of a token id, as sessions store it.
pub fn token_id_hash(jti: &str) -> String {
    Sha256::digest(jti.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Accounts and sessions over one store, with one configuration.
pub struct AuthService {
    store: Arc<dyn Store>,
    config: AuthConfig,
    keys: KeySet,
    /// A hash of no one's password at the configured cost, verified against
    /// when the username is unknown so that both cases take as long.
    dummy_hash: String,
}

impl std::fmt::Debug for AuthService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthService")
            .field("config", &self.config)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

fn unauthenticated(message: &str) -> Error {
    Error::Unauthenticated(message.to_owned())
}

/// Fails unless the actor is `user` itself or the system.
fn require_self_or_system(actor: &Principal, user: UserId, action: &str) -> Result<()> {
    match actor {
        Principal::System => Ok(()),
        Principal::User(id) if *id == user => Ok(()),
        Principal::User(_) => Err(Error::Forbidden(format!(
            "{action} is allowed to the user themself and the system only"
        ))),
    }
}

/// Fails unless the actor is the system.
fn require_system(actor: &Principal, action: &str) -> Result<()> {
    match actor {
        Principal::System => Ok(()),
        Principal::User(_) => Err(Error::Forbidden(format!(
            "{action} is allowed to the system principal only"
        ))),
    }
}

impl AuthService {
    /// Checks the configuration and loads its keys (`Error::Configuration` when
    /// broken). A configuration without keys is accepted: registration and
    /// password changes work, issuing and verifying tokens fail.
    /// Takes one bcrypt hash (about 0.2 s at cost 12) for the dummy hash, so
    /// that even the first failed login costs what every later one does.
    pub fn new(store: Arc<dyn Store>, config: AuthConfig) -> Result<Self> {
        let keys = KeySet::new(&config)?;
        let dummy_hash = hash_password("vividshift: no such user", config.bcrypt_cost)?;
        Ok(Self {
            store,
            config,
            keys,
            dummy_hash,
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &AuthConfig {
        &self.config
    }

    /// The token keys.
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    fn check_new_password(&self, path: &str, password: &str) -> Result<()> {
        let violations = password_violations(path, password, self.config.min_password_chars);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(violations))
        }
    }

    /// Creates a user with a bcrypt hash of `password`. Every broken rule of
    /// the input and the password is reported at once; a taken username or
    /// email is `Error::Conflict`.
    pub async fn register_user(&self, input: NewUser, password: &str) -> Result<User> {
        let mut violations = Violations::new();
        if let Err(Error::Validation(v)) = check_input(&input) {
            violations.extend(v);
        }
        violations.extend(password_violations(
            "password",
            password,
            self.config.min_password_chars,
        ));
        violations.into_result()?;
        let password_hash = hash_password(password, self.config.bcrypt_cost)?;
        let at = now();
        let user = User {
            id: UserId::new(),
            username: input.username,
            email: input.email,
            password_hash,
            is_active: true,
            last_login_at: None,
            created_at: at,
            updated_at: at,
        };
        self.store.users().create(&user, &input.profile).await
    }

    /// Whether `username` is locked out at `at`.
    async fn locked(&self, username: &str, at: DateTime<Utc>) -> Result<bool> {
        let policy = &self.config.lockout;
        let failures = self
            .store
            .users()
            .login_failures(username, at - policy.lookback())
            .await?;
        Ok(policy.locked_until(&failures, at).is_some())
    }

    async fn record_failure(&self, username: &str, at: DateTime<Utc>) -> Result<()> {
        // Usernames no account can have are not stored, so that guessing
        // cannot fill the store with junk; they never lock, which tells nothing.
        if username.chars().count() <= MAX_USERNAME_CHARS {
            self.store
                .users()
                .record_login_failure(username, at)
                .await?;
        }
        Ok(())
    }

    /// Checks `password` for `username`: the user when it matches, else `None`
    /// after recording a failure. Takes one bcrypt verification either way.
    async fn check_credentials(
        &self,
        username: &str,
        password: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<User>> {
        if self.locked(username, at).await? {
            return Err(unauthenticated(LOCKED_OUT));
        }
        let user = match self.store.users().get_by_username(username).await {
            Ok(user) => Some(user),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let matched = match &user {
            Some(user) => verify_password(password, &user.password_hash)? && user.is_active,
            None => {
                verify_password(password, &self.dummy_hash)?;
                false
            }
        };
        if matched {
            Ok(user)
        } else {
            self.record_failure(username, at).await?;
            Ok(None)
        }
    }

    /// Signs in: checks the password (with lockout), opens a session and
    /// returns a signed token for it. Without a signing key this is
    /// `Error::Configuration` before anything is checked. `ip_address` must
    /// be an IPv4 or IPv6 address (blank counts as none); a longer user agent
    /// is cut to `MAX_USER_AGENT_CHARS`. bcrypt runs on the calling thread:
    /// on a busy async runtime, call this from a blocking-capable task.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        user_agent: Option<&str>,
        ip_address: Option<&str>,
    ) -> Result<Login> {
        self.keys.require_signing_key()?;
        let ip_address = ip_address
            .filter(|ip| !ip.trim().is_empty())
            .map(|ip| {
                ip.trim()
                    .parse::<std::net::IpAddr>()
                    .map(|ip| ip.to_string())
                    .map_err(|_| {
                        Error::invalid("ip_address", "format", "must be an IPv4 or IPv6 address")
                    })
            })
            .transpose()?;
        let user_agent = user_agent.map(|ua| ua.chars().take(MAX_USER_AGENT_CHARS).collect());
        let at = now();
        let Some(mut user) = self.check_credentials(username, password, at).await? else {
            return Err(unauthenticated(BAD_CREDENTIALS));
        };
        self.store.users().clear_login_failures(username).await?;
        if hash_cost(&user.password_hash).is_none_or(|cost| cost < self.config.bcrypt_cost) {
            // Hashes made at a lower cost are upgraded while the password is at hand.
            user.password_hash = hash_password(password, self.config.bcrypt_cost)?;
        }
        user.last_login_at = Some(at);
        user.updated_at = at;
        let user = self.store.users().update(&user).await?;

        let jti = uuid::Uuid::new_v4().simple().to_string();
        let expires_at = at + self.config.token_ttl;
        let session = Session {
            id: SessionId::new(),
            user_id: user.id,
            token_hash: token_id_hash(&jti),
            expires_at,
            revoked: false,
            user_agent,
            ip_address,
            created_at: at,
        };
        let claims = Claims {
            sub: user.id,
            sid: session.id,
            jti,
            iat: at.timestamp(),
            nbf: at.timestamp(),
            exp: expires_at.timestamp(),
            iss: self.keys.issuer().to_owned(),
            aud: self.keys.audience().to_owned(),
        };
        let token = self.keys.sign(&claims)?;
        let session = self.store.sessions().create(&session).await?;
        Ok(Login {
            token,
            session,
            user,
        })
    }

    /// Verifies a token (signature, claims, times) and that its session is
    /// stored, matches, and is neither revoked nor expired, and that its user
    /// is active. Every failure is `Error::Unauthenticated`.
    pub async fn verify_token(&self, token: &str) -> Result<VerifiedToken> {
        let at = now();
        let claims = self.keys.verify(token, at)?;
        let session = match self.store.sessions().get(claims.sid).await {
            Ok(session) => session,
            Err(Error::NotFound { .. }) => return Err(unauthenticated("session not found")),
            Err(e) => return Err(e),
        };
        if session.user_id != claims.sub || session.token_hash != token_id_hash(&claims.jti) {
            return Err(unauthenticated("token does not match its session"));
        }
        if session.revoked {
            return Err(unauthenticated("session revoked"));
        }
        if session.expires_at <= at {
            return Err(unauthenticated("session expired"));
        }
        match self.store.users().get(claims.sub).await {
            Ok(user) if user.is_active => {}
            Ok(_) | Err(Error::NotFound { .. }) => {
                return Err(unauthenticated("user is deactivated or gone"));
            }
            Err(e) => return Err(e),
        }
        Ok(VerifiedToken {
            principal: Principal::User(claims.sub),
            claims,
            session,
        })
    }

    /// The sessions of `user` (the user themself or the system).
    pub async fn sessions(&self, actor: &Principal, user: UserId) -> Result<Vec<Session>> {
        require_self_or_system(actor, user, "listing sessions")?;
        self.store.sessions().list_for_user(user).await
    }

    /// Revokes one session; false when it already was. A user may revoke only
    /// their own sessions (another's is reported as not found); the system any.
    pub async fn revoke_session(&self, actor: &Principal, id: SessionId) -> Result<bool> {
        let session = self.store.sessions().get(id).await?;
        if let Principal::User(user) = actor
            && *user != session.user_id
        {
            return Err(Error::not_found("session", id));
        }
        self.store.sessions().revoke(id).await
    }

    /// Revokes every live session of `user` (the user themself or the system); returns how many.
    pub async fn revoke_all_sessions(&self, actor: &Principal, user: UserId) -> Result<u64> {
        require_self_or_system(actor, user, "revoking sessions")?;
        self.store.sessions().revoke_all_for_user(user).await
    }

    /// Deletes expired sessions and failed logins too old to matter (the
    /// system only); returns how many sessions went.
    pub async fn cleanup_expired_sessions(&self, actor: &Principal) -> Result<u64> {
        require_system(actor, "cleaning up sessions")?;
        let at = now();
        let sessions = self.store.sessions().delete_expired(at).await?;
        self.store
            .users()
            .delete_login_failures_before(at - self.config.lockout.lookback())
            .await?;
        Ok(sessions)
    }

    /// Changes a password given the current one (the user themself or the
    /// system). A wrong current password counts as a failed login. Every
    /// session of the user is revoked, so all clients sign in again.
    pub async fn change_password(
        &self,
        actor: &Principal,
        user: UserId,
        current_password: &str,
        new_password: &str,
    ) -> Result<()> {
        require_self_or_system(actor, user, "changing a password")?;
        self.check_new_password("new_password", new_password)?;
        let stored = self.store.users().get(user).await?;
        let at = now();
        if self
            .check_credentials(&stored.username, current_password, at)
            .await?
            .is_none()
        {
            return Err(unauthenticated(BAD_CREDENTIALS));
        }
        if current_password == new_password {
            return Err(Error::invalid(
                "new_password",
                "different",
                "must differ from the current password",
            ));
        }
        self.set_password(stored, new_password).await
    }

    /// Sets a new password without the current one (the system only, for
    /// administrators' scripts); revokes every session and clears the lockout.
    pub async fn reset_password(
        &self,
        actor: &Principal,
        user: UserId,
        new_password: &str,
    ) -> Result<()> {
        require_system(actor, "resetting a password")?;
        self.check_new_password("new_password", new_password)?;
        let stored = self.store.users().get(user).await?;
        self.set_password(stored, new_password).await
    }

    async fn set_password(&self, mut user: User, new_password: &str) -> Result<()> {
        user.password_hash = hash_password(new_password, self.config.bcrypt_cost)?;
        user.updated_at = now();
        // Sessions go first: should the update then fail, the user signs in
        // again with the old password rather than keeping sessions alive.
        self.store.sessions().revoke_all_for_user(user.id).await?;
        self.store.users().update(&user).await?;
        self.store
            .users()
            .clear_login_failures(&user.username)
            .await?;
        Ok(())
    }
}
