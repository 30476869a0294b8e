//! Repository traits: what a storage backend must provide, one trait per
//! aggregate, object-safe so that a backend is a `dyn Store`.
//!
//! Rules every backend keeps (the conformance suite checks them):
//! - tenant-owned calls take the `DomainId` and never see, change or point at
//!   another domain's rows; a row of another domain is reported as not found;
//! - a write that carries an `AuditEvent` (or assignment history) stores both
//!   or neither;
//! - a failed call leaves the store unchanged;
//! - uniqueness: domain names; per domain, definition names, target names,
//!   rule configuration names, entity `UniqueKey`s, and one non-cancelled
//!   assignment per date; usernames and emails globally. A duplicate is
//!   `Error::Conflict` naming the field.
//!
//! Records arrive complete (ids and timestamps are set by the `Client`); the
//! backend returns the row as stored.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::error::Result;
use crate::ids::{
    AssignmentId, DomainId, EntityDefinitionId, EntityId, ParticipantId, SessionId, TargetId,
    UserId,
};
use crate::model::{
    Assignment, AssignmentHistory, AssignmentQuery, AssignmentRecord, AssignmentTarget, AuditEvent,
    Domain, Entity, EntityDefinition, EntityKind, EntityQuery, Membership, Participant,
    ParticipantQuery, PastAssignment, RuleConfiguration, Session, UniqueKey, User, UserProfile,
};

/// Domains (tenants). Domains themselves are global rows.
#[async_trait]
pub trait DomainRepository: Send + Sync {
    /// Stores a new domain and its `created` audit event.
    async fn create(&self, domain: &Domain, audit: &AuditEvent) -> Result<Domain>;
    /// The domain with this id.
    async fn get(&self, id: DomainId) -> Result<Domain>;
    /// The domain with this slug.
    async fn get_by_name(&self, name: &str) -> Result<Domain>;
    /// All domains, by name; inactive ones only when asked.
    async fn list(&self, include_inactive: bool) -> Result<Vec<Domain>>;
    /// Replaces the stored domain with `domain` and appends `audit`.
    async fn update(&self, domain: &Domain, audit: &AuditEvent) -> Result<Domain>;
}

/// Entity definitions of a domain.
#[async_trait]
pub trait EntityDefinitionRepository: Send + Sync {
    /// Stores a new definition and its audit event.
    async fn create(
        &self,
        domain: DomainId,
        definition: &EntityDefinition,
        audit: &AuditEvent,
    ) -> Result<EntityDefinition>;
    /// The definition with this id.
    async fn get(&self, domain: DomainId, id: EntityDefinitionId) -> Result<EntityDefinition>;
    /// The definition with this name.
    async fn get_by_name(&self, domain: DomainId, name: &str) -> Result<EntityDefinition>;
    /// All definitions of the domain, by name; retired ones only when asked.
    async fn list(&self, domain: DomainId, include_inactive: bool)
    -> Result<Vec<EntityDefinition>>;
    /// Replaces the stored definition and appends `audit`.
    async fn update(
        &self,
        domain: DomainId,
        definition: &EntityDefinition,
        audit: &AuditEvent,
    ) -> Result<EntityDefinition>;
}

/// Entities (instances of definitions) of a domain.
#[async_trait]
pub trait EntityRepository: Send + Sync {
    /// Stores a new entity, claims its unique keys, and appends `audit`.
    async fn create(
        &self,
        domain: DomainId,
        entity: &Entity,
        unique_keys: &[UniqueKey],
        audit: &AuditEvent,
    ) -> Result<Entity>;
    /// The entity with this id.
    async fn get(&self, domain: DomainId, id: EntityId) -> Result<Entity>;
    /// Entities matching the query, oldest first.
    async fn list(&self, domain: DomainId, query: &EntityQuery) -> Result<Vec<Entity>>;
    /// Replaces the entity, its unique keys (releasing the old ones), and appends `audit`.
    async fn update(
        &self,
        domain: DomainId,
        entity: &Entity,
        unique_keys: &[UniqueKey],
        audit: &AuditEvent,
    ) -> Result<Entity>;
}

/// Participants of a domain.
#[async_trait]
pub trait ParticipantRepository: Send + Sync {
    /// Stores a new participant and its audit event.
    async fn create(
        &self,
        domain: DomainId,
        participant: &Participant,
        audit: &AuditEvent,
    ) -> Result<Participant>;
    /// Stores many participants and their audit events (one per participant) at once, all or nothing.
    async fn create_many(
        &self,
        domain: DomainId,
        participants: &[Participant],
        audit: &[AuditEvent],
    ) -> Result<u64>;
    /// The participant with this id.
    async fn get(&self, domain: DomainId, id: ParticipantId) -> Result<Participant>;
    /// Participants matching the query, by name then id.
    async fn list(&self, domain: DomainId, query: &ParticipantQuery) -> Result<Vec<Participant>>;
    /// Replaces the participant and appends `audit`.
    async fn update(
        &self,
        domain: DomainId,
        participant: &Participant,
        audit: &AuditEvent,
    ) -> Result<Participant>;
}

/// Assignment targets of a domain.
#[async_trait]
pub trait TargetRepository: Send + Sync {
    /// Stores a new target and its audit event.
    async fn create(
        &self,
        domain: DomainId,
        target: &AssignmentTarget,
        audit: &AuditEvent,
    ) -> Result<AssignmentTarget>;
    /// Stores many targets and their audit events at once, all or nothing.
    async fn create_many(
        &self,
        domain: DomainId,
        targets: &[AssignmentTarget],
        audit: &[AuditEvent],
    ) -> Result<u64>;
    /// The target with this id.
    async fn get(&self, domain: DomainId, id: TargetId) -> Result<AssignmentTarget>;
    /// Targets of the domain, by priority (highest first) then name.
    async fn list(&self, domain: DomainId, include_inactive: bool)
    -> Result<Vec<AssignmentTarget>>;
    /// Replaces the target and appends `audit`.
    async fn update(
        &self,
        domain: DomainId,
        target: &AssignmentTarget,
        audit: &AuditEvent,
    ) -> Result<AssignmentTarget>;
}

/// Stored assignments with their details and history.
#[async_trait]
pub trait AssignmentRepository: Send + Sync {
    /// Stores the assignment, its details and its history rows in one atomic write.
    /// Every detail's participant and target must exist in the domain.
    async fn create(&self, domain: DomainId, record: &AssignmentRecord)
    -> Result<AssignmentRecord>;
    /// The assignment with its details and history.
    async fn get(&self, domain: DomainId, id: AssignmentId) -> Result<AssignmentRecord>;
    /// Assignments matching the query, by date then creation.
    async fn list(&self, domain: DomainId, query: &AssignmentQuery) -> Result<Vec<Assignment>>;
    /// Replaces the assignment row (status, notes) and appends `history`.
    async fn update(
        &self,
        domain: DomainId,
        assignment: &Assignment,
        history: &AssignmentHistory,
    ) -> Result<Assignment>;
    /// Placements of non-cancelled assignments dated from `from` up to but excluding `before`.
    async fn placements(
        &self,
        domain: DomainId,
        from: NaiveDate,
        before: NaiveDate,
    ) -> Result<Vec<PastAssignment>>;
}

/// The audit trail: append-only change events, written by the other repositories.
#[async_trait]
pub trait AuditRepository: Send + Sync {
    /// Events about one record, oldest first.
    async fn for_entity(
        &self,
        domain: DomainId,
        kind: EntityKind,
        entity_id: Uuid,
    ) -> Result<Vec<AuditEvent>>;
    /// The newest `limit` events of the domain, newest first.
    async fn recent(&self, domain: DomainId, limit: u32) -> Result<Vec<AuditEvent>>;
}

/// Named rule configurations of a domain.
#[async_trait]
pub trait RuleConfigurationRepository: Send + Sync {
    /// Stores a new configuration and its audit event.
    async fn create(
        &self,
        domain: DomainId,
        rules: &RuleConfiguration,
        audit: &AuditEvent,
    ) -> Result<RuleConfiguration>;
    /// The configuration with this name.
    async fn get_by_name(&self, domain: DomainId, name: &str) -> Result<RuleConfiguration>;
    /// All configurations of the domain, by name.
    async fn list(&self, domain: DomainId) -> Result<Vec<RuleConfiguration>>;
    /// Replaces the configuration and appends `audit`.
    async fn update(
        &self,
        domain: DomainId,
        rules: &RuleConfiguration,
        audit: &AuditEvent,
    ) -> Result<RuleConfiguration>;
}

/// User accounts and their profiles (global, not tenant-owned).
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Stores a new user with its profile.
    async fn create(&self, user: &User, profile: &UserProfile) -> Result<User>;
    /// The user with this id.
    async fn get(&self, id: UserId) -> Result<User>;
    /// The user with this username.
    async fn get_by_username(&self, username: &str) -> Result<User>;
    /// All users, by username.
    async fn list(&self) -> Result<Vec<User>>;
    /// Replaces the user row.
    async fn update(&self, user: &User) -> Result<User>;
    /// The user's profile.
    async fn profile(&self, id: UserId) -> Result<UserProfile>;
    /// Replaces the user's profile.
    async fn update_profile(&self, id: UserId, profile: &UserProfile) -> Result<UserProfile>;
    /// Records a failed login for `username` at `at`, whether or not such a user
    /// exists (so that lockout never tells which usernames exist).
    async fn record_login_failure(&self, username: &str, at: DateTime<Utc>) -> Result<()>;
    /// The times of failed logins for `username` at or after `since`, oldest first.
    async fn login_failures(
        &self,
        username: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>>;
    /// Forgets every failed login of `username`; returns how many.
    async fn clear_login_failures(&self, username: &str) -> Result<u64>;
    /// Forgets the failed logins of every username recorded before `before`; returns how many.
    async fn delete_login_failures_before(&self, before: DateTime<Utc>) -> Result<u64>;
}

/// Login sessions.
#[async_trait]
pub trait SessionRepository: Send + Sync {
    /// Stores a new session.
    async fn create(&self, session: &Session) -> Result<Session>;
    /// The session with this id.
    async fn get(&self, id: SessionId) -> Result<Session>;
    /// Every stored session of the user (revoked and expired ones included), oldest first.
    async fn list_for_user(&self, user: UserId) -> Result<Vec<Session>>;
    /// Marks the session revoked; false when it already was.
    async fn revoke(&self, id: SessionId) -> Result<bool>;
    /// Revokes every live session of the user; returns how many.
    async fn revoke_all_for_user(&self, user: UserId) -> Result<u64>;
    /// Deletes sessions that expired before `now`; returns how many.
    async fn delete_expired(&self, now: DateTime<Utc>) -> Result<u64>;
}

/// Users' roles in domains.
#[async_trait]
pub trait MembershipRepository: Send + Sync {
    /// Grants or changes a role, appending `audit`.
    async fn upsert(&self, membership: &Membership, audit: &AuditEvent) -> Result<Membership>;
    /// The user's membership in the domain.
    async fn get(&self, domain: DomainId, user: UserId) -> Result<Membership>;
    /// Members of the domain.
    async fn list_for_domain(&self, domain: DomainId) -> Result<Vec<Membership>>;
    /// Domains the user belongs to.
    async fn list_for_user(&self, user: UserId) -> Result<Vec<Membership>>;
    /// Removes the membership, appending `audit`.
    async fn remove(&self, domain: DomainId, user: UserId, audit: &AuditEvent) -> Result<()>;
}

/// A storage backend: hands out every repository.
pub trait Store: Send + Sync {
    /// Domains.
    fn domains(&self) -> &dyn DomainRepository;
    /// Entity definitions.
    fn definitions(&self) -> &dyn EntityDefinitionRepository;
    /// Entities.
    fn entities(&self) -> &dyn EntityRepository;
    /// Participants.
    fn participants(&self) -> &dyn ParticipantRepository;
    /// Assignment targets.
    fn targets(&self) -> &dyn TargetRepository;
    /// Assignments with details and history.
    fn assignments(&self) -> &dyn AssignmentRepository;
    /// The audit trail.
    fn audit(&self) -> &dyn AuditRepository;
    /// Rule configurations.
    fn rules(&self) -> &dyn RuleConfigurationRepository;
    /// Users and profiles.
    fn users(&self) -> &dyn UserRepository;
    /// Sessions.
    fn sessions(&self) -> &dyn SessionRepository;
    /// Memberships.
    fn memberships(&self) -> &dyn MembershipRepository;
}
