//! Users with profiles, sessions and memberships.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{MemoryStore, Tables, audit_in_domain, require_domain};
use crate::error::{Error, Result};
use crate::ids::{DomainId, SessionId, UserId};
use crate::model::{AuditEvent, Membership, Session, User, UserProfile};
use crate::repository::{MembershipRepository, SessionRepository, UserRepository};

fn check_user_unique(t: &Tables, user: &User) -> Result<()> {
    for other in t.users.values().filter(|u| u.id != user.id) {
        if other.username == user.username {
            return Err(Error::conflict(
                "username",
                format!("username `{}` is taken", user.username),
            ));
        }
        if other.email == user.email {
            return Err(Error::conflict("email", "email is taken"));
        }
    }
    Ok(())
}

#[async_trait]
impl UserRepository for MemoryStore {
    async fn create(&self, user: &User, profile: &UserProfile) -> Result<User> {
        let mut t = self.write()?;
        if t.users.contains_key(&user.id) {
            return Err(Error::conflict("id", "a user with this id exists"));
        }
        check_user_unique(&t, user)?;
        t.users.insert(user.id, user.clone());
        t.profiles.insert(user.id, profile.clone());
        Ok(user.clone())
    }

    async fn get(&self, id: UserId) -> Result<User> {
        self.read()?
            .users
            .get(&id)
            .cloned()
            .ok_or_else(|| Error::not_found("user", id))
    }

    async fn get_by_username(&self, username: &str) -> Result<User> {
        self.read()?
            .users
            .values()
            .find(|u| u.username == username)
            .cloned()
            .ok_or_else(|| Error::not_found("user", username))
    }

    async fn list(&self) -> Result<Vec<User>> {
        let mut out: Vec<_> = self.read()?.users.values().cloned().collect();
        out.sort_by(|a, b| a.username.cmp(&b.username));
        Ok(out)
    }

    async fn update(&self, user: &User) -> Result<User> {
        let mut t = self.write()?;
        if !t.users.contains_key(&user.id) {
            return Err(Error::not_found("user", user.id));
        }
        check_user_unique(&t, user)?;
        t.users.insert(user.id, user.clone());
        Ok(user.clone())
    }

    async fn profile(&self, id: UserId) -> Result<UserProfile> {
        self.read()?
            .profiles
            .get(&id)
            .cloned()
            .ok_or_else(|| Error::not_found("user", id))
    }

    async fn update_profile(&self, id: UserId, profile: &UserProfile) -> Result<UserProfile> {
        let mut t = self.write()?;
        if !t.users.contains_key(&id) {
            return Err(Error::not_found("user", id));
        }
        t.profiles.insert(id, profile.clone());
        Ok(profile.clone())
    }

    async fn record_login_failure(&self, username: &str, at: DateTime<Utc>) -> Result<()> {
        let mut t = self.write()?;
        let times = t.login_failures.entry(username.to_owned()).or_default();
        let position = times.partition_point(|&x| x <= at);
        times.insert(position, at);
        Ok(())
    }

    async fn login_failures(
        &self,
        username: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        Ok(self
            .read()?
            .login_failures
            .get(username)
            .map(|times| times.iter().copied().filter(|&t| t >= since).collect())
            .unwrap_or_default())
    }

    async fn clear_login_failures(&self, username: &str) -> Result<u64> {
        let mut t = self.write()?;
        Ok(t.login_failures
            .remove(username)
            .map_or(0, |times| times.len() as u64))
    }

    async fn delete_login_failures_before(&self, before: DateTime<Utc>) -> Result<u64> {
        let mut t = self.write()?;
        let mut n = 0;
        t.login_failures.retain(|_, times| {
            let len = times.len();
            times.retain(|&at| at >= before);
            n += (len - times.len()) as u64;
            !times.is_empty()
        });
        Ok(n)
    }
}

#[async_trait]
impl SessionRepository for MemoryStore {
    async fn create(&self, session: &Session) -> Result<Session> {
        let mut t = self.write()?;
        if !t.users.contains_key(&session.user_id) {
            return Err(Error::invalid("user_id", "foreign_key", "no such user"));
        }
        if t.sessions.contains_key(&session.id) {
            return Err(Error::conflict("id", "a session with this id exists"));
        }
        t.sessions.insert(session.id, session.clone());
        Ok(session.clone())
    }

    async fn get(&self, id: SessionId) -> Result<Session> {
        self.read()?
            .sessions
            .get(&id)
            .cloned()
            .ok_or_else(|| Error::not_found("session", id))
    }

    async fn list_for_user(&self, user: UserId) -> Result<Vec<Session>> {
        let mut out: Vec<Session> = self
            .read()?
            .sessions
            .values()
            .filter(|s| s.user_id == user)
            .cloned()
            .collect();
        out.sort_by_key(|s| (s.created_at, s.id));
        Ok(out)
    }

    async fn revoke(&self, id: SessionId) -> Result<bool> {
        let mut t = self.write()?;
        let session = t
            .sessions
            .get_mut(&id)
            .ok_or_else(|| Error::not_found("session", id))?;
        let changed = !session.revoked;
        session.revoked = true;
        Ok(changed)
    }

    async fn revoke_all_for_user(&self, user: UserId) -> Result<u64> {
        let mut t = self.write()?;
        let mut n = 0;
        for s in t
            .sessions
            .values_mut()
            .filter(|s| s.user_id == user && !s.revoked)
        {
            s.revoked = true;
            n += 1;
        }
        Ok(n)
    }

    async fn delete_expired(&self, now: DateTime<Utc>) -> Result<u64> {
        let mut t = self.write()?;
        let before = t.sessions.len();
        t.sessions.retain(|_, s| s.expires_at >= now);
        Ok((before - t.sessions.len()) as u64)
    }
}

#[async_trait]
impl MembershipRepository for MemoryStore {
    async fn upsert(&self, membership: &Membership, audit: &AuditEvent) -> Result<Membership> {
        audit_in_domain(membership.domain_id, audit)?;
        let mut t = self.write()?;
        require_domain(&t, membership.domain_id)?;
        if !t.users.contains_key(&membership.user_id) {
            return Err(Error::invalid("user_id", "foreign_key", "no such user"));
        }
        let key = (membership.domain_id, membership.user_id);
        let stored = match t.memberships.get(&key) {
            Some(old) => Membership {
                created_at: old.created_at,
                ..membership.clone()
            },
            None => membership.clone(),
        };
        t.memberships.insert(key, stored.clone());
        t.audit.push(audit.clone());
        Ok(stored)
    }

    async fn get(&self, domain: DomainId, user: UserId) -> Result<Membership> {
        self.read()?
            .memberships
            .get(&(domain, user))
            .cloned()
            .ok_or_else(|| Error::not_found("membership", user))
    }

    async fn list_for_domain(&self, domain: DomainId) -> Result<Vec<Membership>> {
        Ok(self
            .read()?
            .memberships
            .values()
            .filter(|m| m.domain_id == domain)
            .cloned()
            .collect())
    }

    async fn list_for_user(&self, user: UserId) -> Result<Vec<Membership>> {
        Ok(self
            .read()?
            .memberships
            .values()
            .filter(|m| m.user_id == user)
            .cloned()
            .collect())
    }

    async fn remove(&self, domain: DomainId, user: UserId, audit: &AuditEvent) -> Result<()> {
        audit_in_domain(domain, audit)?;
        let mut t = self.write()?;
        if t.memberships.remove(&(domain, user)).is_none() {
            return Err(Error::not_found("membership", user));
        }
        t.audit.push(audit.clone());
        Ok(())
    }
}
