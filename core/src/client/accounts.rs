//! Accounts and sessions through the client: thin calls into the
//! `AuthService` configured with `Client::with_auth`.

use std::sync::Arc;

use super::{Client, Principal};
use crate::auth::{AuthConfig, AuthService, Login, VerifiedToken};
use crate::error::{Error, Result};
use crate::ids::{SessionId, UserId};
use crate::model::{NewUser, Session, User};

impl Client {
    /// This client with authentication configured (`Error::Configuration` when
    /// the configuration or a key is broken).
    pub fn with_auth(mut self, config: AuthConfig) -> Result<Self> {
        self.auth = Some(Arc::new(AuthService::new(self.store.clone(), config)?));
        Ok(self)
    }

    /// The authentication service (`Error::Configuration` until `with_auth`).
    pub fn auth(&self) -> Result<&AuthService> {
        self.auth.as_deref().ok_or_else(|| {
            Error::Configuration(
                "authentication is not configured: build the client with `with_auth`".into(),
            )
        })
    }

    /// Creates a user account (see `AuthService::register_user`).
    pub async fn register_user(&self, input: NewUser, password: &str) -> Result<User> {
        self.auth()?.register_user(input, password).await
    }

    /// Signs in and returns a token with its session (see `AuthService::login`).
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        user_agent: Option<&str>,
        ip_address: Option<&str>,
    ) -> Result<Login> {
        self.auth()?
            .login(username, password, user_agent, ip_address)
            .await
    }

    /// Verifies a token and returns the principal to act as (see `AuthService::verify_token`).
    pub async fn verify_token(&self, token: &str) -> Result<VerifiedToken> {
        self.auth()?.verify_token(token).await
    }

    /// The sessions of a user (the user themself or the system).
    pub async fn sessions(&self, actor: &Principal, user: UserId) -> Result<Vec<Session>> {
        self.auth()?.sessions(actor, user).await
    }

    /// Revokes one session (its user or the system); false when it already was.
    pub async fn revoke_session(&self, actor: &Principal, session: SessionId) -> Result<bool> {
        self.auth()?.revoke_session(actor, session).await
    }

    /// Revokes every live session of a user (the user themself or the system).
    pub async fn revoke_all_sessions(&self, actor: &Principal, user: UserId) -> Result<u64> {
        self.auth()?.revoke_all_sessions(actor, user).await
    }

    /// Deletes expired sessions and stale failed-login records (the system only).
    pub async fn cleanup_expired_sessions(&self, actor: &Principal) -> Result<u64> {
        self.auth()?.cleanup_expired_sessions(actor).await
    }

    /// Changes a password given the current one; revokes every session of the user.
    pub async fn change_password(
        &self,
        actor: &Principal,
        user: UserId,
        current_password: &str,
        new_password: &str,
    ) -> Result<()> {
        self.auth()?
            .change_password(actor, user, current_password, new_password)
            .await
    }

    /// Sets a password without the current one (the system only); revokes every session.
    pub async fn reset_password(
        &self,
        actor: &Principal,
        user: UserId,
        new_password: &str,
    ) -> Result<()> {
        self.auth()?.reset_password(actor, user, new_password).await
    }
}
