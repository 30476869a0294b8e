//! Users with their profiles and sessions (global rows), and memberships
//! (tenant rows, also readable in a user's scope for "my domains").

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use uuid::Uuid;
use vividshift_core::model::{AuditEvent, Membership, Role, Session, User, UserProfile};
use vividshift_core::{
    DomainId, Error, MembershipRepository, Result, SessionId, SessionRepository, UserId,
    UserRepository,
};

use crate::domains::AuditParams;
use crate::error::map_db_error;
use crate::scope::{begin_scoped, commit, observe};
use crate::store::PgStore;

/// A `users` row as selected.
struct UserRow {
    id: Uuid,
    username: String,
    email: String,
    password_hash: String,
    is_active: bool,
    last_login_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: UserId(r.id),
            username: r.username,
            email: r.email,
            password_hash: r.password_hash,
            is_active: r.is_active,
            last_login_at: r.last_login_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A `user_profiles` row as selected.
struct ProfileRow {
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    timezone: Option<String>,
    preferences: Json,
}

impl From<ProfileRow> for UserProfile {
    fn from(r: ProfileRow) -> Self {
        UserProfile {
            first_name: r.first_name,
            last_name: r.last_name,
            phone: r.phone,
            timezone: r.timezone,
            preferences: r.preferences,
        }
    }
}

#[async_trait]
impl UserRepository for PgStore {
    async fn create(&self, user: &User, profile: &UserProfile) -> Result<User> {
        observe(self.slow_ms, "users.create", async {
            let row = sqlx::query_as!(
                UserRow,
                r#"WITH u AS (
                       INSERT INTO users (id, username, email, password_hash, is_active,
                           last_login_at, created_at, updated_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                       RETURNING *),
                   p AS (
                       INSERT INTO user_profiles (user_id, first_name, last_name, phone,
                           timezone, preferences, updated_at)
                       SELECT u.id, $9, $10, $11, $12, $13, u.updated_at FROM u)
                   SELECT id AS "id!", username AS "username!", email AS "email!",
                          password_hash AS "password_hash!", is_active AS "is_active!",
                          last_login_at, created_at AS "created_at!", updated_at AS "updated_at!"
                   FROM u"#,
                user.id.as_uuid(),
                user.username,
                user.email,
                user.password_hash,
                user.is_active,
                user.last_login_at,
                user.created_at,
                user.updated_at,
                profile.first_name,
                profile.last_name,
                profile.phone,
                profile.timezone,
                profile.preferences,
            )
            .fetch_one(&self.pool)
            .await
            .map_err(map_db_error)?;
            Ok(row.into())
        })
        .await
    }

    async fn get(&self, id: UserId) -> Result<User> {
        observe(self.slow_ms, "users.get", async {
            sqlx::query_as!(UserRow, "SELECT * FROM users WHERE id = $1", id.as_uuid())
                .fetch_optional(&self.pool)
                .await
                .map_err(map_db_error)?
                .map(User::from)
                .ok_or_else(|| Error::not_found("user", id))
        })
        .await
    }

    async fn get_by_username(&self, username: &str) -> Result<User> {
        observe(self.slow_ms, "users.get_by_username", async {
            sqlx::query_as!(UserRow, "SELECT * FROM users WHERE username = $1", username)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_db_error)?
                .map(User::from)
                .ok_or_else(|| Error::not_found("user", username))
        })
        .await
    }

    async fn list(&self) -> Result<Vec<User>> {
        observe(self.slow_ms, "users.list", async {
            Ok(sqlx::query_as!(
                UserRow,
                r#"SELECT * FROM users ORDER BY username COLLATE "C""#
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(User::from)
            .collect())
        })
        .await
    }

    async fn update(&self, user: &User) -> Result<User> {
        observe(self.slow_ms, "users.update", async {
            sqlx::query_as!(
                UserRow,
                "UPDATE users SET username = $2, email = $3, password_hash = $4, is_active = $5,
                     last_login_at = $6, updated_at = $7
                 WHERE id = $1 RETURNING *",
                user.id.as_uuid(),
                user.username,
                user.email,
                user.password_hash,
                user.is_active,
                user.last_login_at,
                user.updated_at,
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .map(User::from)
            .ok_or_else(|| Error::not_found("user", user.id))
        })
        .await
    }

    async fn profile(&self, id: UserId) -> Result<UserProfile> {
        observe(self.slow_ms, "users.profile", async {
            sqlx::query_as!(
                ProfileRow,
                "SELECT first_name, last_name, phone, timezone, preferences
                 FROM user_profiles WHERE user_id = $1",
                id.as_uuid()
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .map(UserProfile::from)
            .ok_or_else(|| Error::not_found("user", id))
        })
        .await
    }

    async fn update_profile(&self, id: UserId, profile: &UserProfile) -> Result<UserProfile> {
        observe(self.slow_ms, "users.update_profile", async {
            sqlx::query_as!(
                ProfileRow,
                "UPDATE user_profiles SET first_name = $2, last_name = $3, phone = $4,
                     timezone = $5, preferences = $6
                 WHERE user_id = $1
                 RETURNING first_name, last_name, phone, timezone, preferences",
                id.as_uuid(),
                profile.first_name,
                profile.last_name,
                profile.phone,
                profile.timezone,
                profile.preferences,
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .map(UserProfile::from)
            .ok_or_else(|| Error::not_found("user", id))
        })
        .await
    }

    async fn record_login_failure(&self, username: &str, at: DateTime<Utc>) -> Result<()> {
        observe(self.slow_ms, "users.record_login_failure", async {
            sqlx::query!(
                "INSERT INTO login_failures (username, failed_at) VALUES ($1, $2)",
                username,
                at
            )
            .execute(&self.pool)
            .await
            .map_err(map_db_error)?;
            Ok(())
        })
        .await
    }

    async fn login_failures(
        &self,
        username: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        observe(self.slow_ms, "users.login_failures", async {
            sqlx::query_scalar!(
                "SELECT failed_at FROM login_failures
                 WHERE username = $1 AND failed_at >= $2 ORDER BY failed_at",
                username,
                since
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)
        })
        .await
    }

    async fn clear_login_failures(&self, username: &str) -> Result<u64> {
        observe(self.slow_ms, "users.clear_login_failures", async {
            Ok(
                sqlx::query!("DELETE FROM login_failures WHERE username = $1", username)
                    .execute(&self.pool)
                    .await
                    .map_err(map_db_error)?
                    .rows_affected(),
            )
        })
        .await
    }

    async fn delete_login_failures_before(&self, before: DateTime<Utc>) -> Result<u64> {
        observe(self.slow_ms, "users.delete_login_failures_before", async {
            Ok(
                sqlx::query!("DELETE FROM login_failures WHERE failed_at < $1", before)
                    .execute(&self.pool)
                    .await
                    .map_err(map_db_error)?
                    .rows_affected(),
            )
        })
        .await
    }
}

/// A `sessions` row as selected.
struct SessionRow {
    id: Uuid,
    user_id: Uuid,
    token_hash: String,
    expires_at: DateTime<Utc>,
    revoked: bool,
    user_agent: Option<String>,
    ip_address: Option<String>,
    created_at: DateTime<Utc>,
}

impl From<SessionRow> for Session {
    fn from(r: SessionRow) -> Self {
        Session {
            id: SessionId(r.id),
            user_id: UserId(r.user_id),
            token_hash: r.token_hash,
            expires_at: r.expires_at,
            revoked: r.revoked,
            user_agent: r.user_agent,
            ip_address: r.ip_address,
            created_at: r.created_at,
        }
    }
}

#[async_trait]
impl SessionRepository for PgStore {
    async fn create(&self, session: &Session) -> Result<Session> {
        observe(self.slow_ms, "sessions.create", async {
            let row = sqlx::query_as!(
                SessionRow,
                "INSERT INTO sessions (id, user_id, token_hash, expires_at, revoked, user_agent,
                     ip_address, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
                session.id.as_uuid(),
                session.user_id.as_uuid(),
                session.token_hash,
                session.expires_at,
                session.revoked,
                session.user_agent,
                session.ip_address,
                session.created_at,
            )
            .fetch_one(&self.pool)
            .await
            .map_err(map_db_error)?;
            Ok(row.into())
        })
        .await
    }

    async fn get(&self, id: SessionId) -> Result<Session> {
        observe(self.slow_ms, "sessions.get", async {
            sqlx::query_as!(
                SessionRow,
                "SELECT * FROM sessions WHERE id = $1",
                id.as_uuid()
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .map(Session::from)
            .ok_or_else(|| Error::not_found("session", id))
        })
        .await
    }

    async fn list_for_user(&self, user: UserId) -> Result<Vec<Session>> {
        observe(self.slow_ms, "sessions.list_for_user", async {
            Ok(sqlx::query_as!(
                SessionRow,
                "SELECT * FROM sessions WHERE user_id = $1 ORDER BY created_at, id",
                user.as_uuid()
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(Session::from)
            .collect())
        })
        .await
    }

    async fn revoke(&self, id: SessionId) -> Result<bool> {
        observe(self.slow_ms, "sessions.revoke", async {
            // One statement tells "revoked now", "was already revoked" and "no such session".
            let r = sqlx::query!(
                r#"WITH u AS (UPDATE sessions SET revoked = true
                              WHERE id = $1 AND NOT revoked RETURNING id)
                   SELECT EXISTS (SELECT 1 FROM sessions WHERE id = $1) AS "found!",
                          EXISTS (SELECT 1 FROM u) AS "changed!""#,
                id.as_uuid()
            )
            .fetch_one(&self.pool)
            .await
            .map_err(map_db_error)?;
            if r.found {
                Ok(r.changed)
            } else {
                Err(Error::not_found("session", id))
            }
        })
        .await
    }

    async fn revoke_all_for_user(&self, user: UserId) -> Result<u64> {
        observe(self.slow_ms, "sessions.revoke_all_for_user", async {
            Ok(sqlx::query!(
                "UPDATE sessions SET revoked = true WHERE user_id = $1 AND NOT revoked",
                user.as_uuid()
            )
            .execute(&self.pool)
            .await
            .map_err(map_db_error)?
            .rows_affected())
        })
        .await
    }

    async fn delete_expired(&self, now: DateTime<Utc>) -> Result<u64> {
        observe(self.slow_ms, "sessions.delete_expired", async {
            Ok(
                sqlx::query!("DELETE FROM sessions WHERE expires_at < $1", now)
                    .execute(&self.pool)
                    .await
                    .map_err(map_db_error)?
                    .rows_affected(),
            )
        })
        .await
    }
}

/// A `memberships` row as selected.
struct MembershipRow {
    domain_id: Uuid,
    user_id: Uuid,
    role: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = Error;

    fn try_from(r: MembershipRow) -> Result<Self> {
        Ok(Membership {
            domain_id: DomainId(r.domain_id),
            user_id: UserId(r.user_id),
            role: Role::parse(&r.role)?,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[async_trait]
impl MembershipRepository for PgStore {
    async fn upsert(&self, membership: &Membership, audit: &AuditEvent) -> Result<Membership> {
        observe(self.slow_ms, "memberships.upsert", async {
            let a = AuditParams::of(membership.domain_id, audit)?;
            sqlx::query_as!(
                MembershipRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
                   m AS (
                       INSERT INTO memberships (domain_id, user_id, role, created_at, updated_at)
                       SELECT s.scope, $2, $3, $4, $5 FROM s
                       ON CONFLICT (domain_id, user_id)
                       DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT m.domain_id, $6, $7, $8, $9, $10, $11, $12 FROM m)
                   SELECT domain_id AS "domain_id!", user_id AS "user_id!", role AS "role!",
                          created_at AS "created_at!", updated_at AS "updated_at!"
                   FROM m"#,
                membership.domain_id.as_uuid(),
                membership.user_id.as_uuid(),
                membership.role.as_str(),
                membership.created_at,
                membership.updated_at,
                a.id,
                a.actor,
                a.kind,
                a.entity_id,
                a.action,
                &a.fields,
                a.at,
            )
            .fetch_one(&self.pool)
            .await
            .map_err(map_db_error)?
            .try_into()
        })
        .await
    }

    async fn get(&self, domain: DomainId, user: UserId) -> Result<Membership> {
        observe(self.slow_ms, "memberships.get", async {
            sqlx::query_as!(
                MembershipRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT m.domain_id AS "domain_id!", m.user_id AS "user_id!", m.role AS "role!",
                          m.created_at AS "created_at!", m.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM memberships
                       WHERE domain_id = s.scope AND user_id = $2 OFFSET 0) m"#,
                domain.as_uuid(),
                user.as_uuid(),
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("membership", user))?
            .try_into()
        })
        .await
    }

    async fn list_for_domain(&self, domain: DomainId) -> Result<Vec<Membership>> {
        observe(self.slow_ms, "memberships.list_for_domain", async {
            sqlx::query_as!(
                MembershipRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT m.domain_id AS "domain_id!", m.user_id AS "user_id!", m.role AS "role!",
                          m.created_at AS "created_at!", m.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM memberships WHERE domain_id = s.scope OFFSET 0) m
                   ORDER BY m.user_id"#,
                domain.as_uuid(),
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(Membership::try_from)
            .collect()
        })
        .await
    }

    async fn list_for_user(&self, user: UserId) -> Result<Vec<Membership>> {
        observe(self.slow_ms, "memberships.list_for_user", async {
            // The user scope (`vividshift.user_id`) admits this user's rows of every domain.
            sqlx::query_as!(
                MembershipRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.user_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT m.domain_id AS "domain_id!", m.user_id AS "user_id!", m.role AS "role!",
                          m.created_at AS "created_at!", m.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM memberships WHERE user_id = s.scope OFFSET 0) m
                   ORDER BY m.domain_id"#,
                user.as_uuid(),
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(Membership::try_from)
            .collect()
        })
        .await
    }

    async fn remove(&self, domain: DomainId, user: UserId, audit: &AuditEvent) -> Result<()> {
        observe(self.slow_ms, "memberships.remove", async {
            let a = AuditParams::of(domain, audit)?;
            let mut tx = begin_scoped(&self.pool, domain).await?;
            let removed = sqlx::query_scalar!(
                r#"WITH m AS (
                       DELETE FROM memberships WHERE domain_id = $1 AND user_id = $2
                       RETURNING domain_id),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT m.domain_id, $3, $4, $5, $6, $7, $8, $9 FROM m)
                   SELECT count(*) AS "n!" FROM m"#,
                domain.as_uuid(),
                user.as_uuid(),
                a.id,
                a.actor,
                a.kind,
                a.entity_id,
                a.action,
                &a.fields,
                a.at,
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(map_db_error)?;
            if removed == 0 {
                return Err(Error::not_found("membership", user));
            }
            commit(tx).await
        })
        .await
    }
}
