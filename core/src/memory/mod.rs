//! The in-memory backend: every repository trait over maps behind one lock,
//! with the same uniqueness and tenancy rules the database enforces. A write
//! checks everything before it changes anything, so a failed call leaves the
//! store as it was. Used by tests, previews, the WASM package and `memory://`.

mod accounts;
mod assignments;
mod catalog;
mod people;

use std::collections::{BTreeMap, HashMap};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::ids::{
    AssignmentId, DomainId, EntityDefinitionId, EntityId, ParticipantId, RuleConfigurationId,
    SessionId, TargetId, UserId,
};
use crate::model::{
    Assignment, AssignmentDetail, AssignmentHistory, AssignmentTarget, AuditEvent, Domain, Entity,
    EntityDefinition, Membership, Participant, RuleConfiguration, Session, User, UserProfile,
};
use crate::repository::{
    AssignmentRepository, AuditRepository, DomainRepository, EntityDefinitionRepository,
    EntityRepository, MembershipRepository, ParticipantRepository, RuleConfigurationRepository,
    SessionRepository, Store, TargetRepository, UserRepository,
};

/// Every table of the store.
#[derive(Default)]
struct Tables {
    domains: BTreeMap<DomainId, Domain>,
    definitions: BTreeMap<EntityDefinitionId, EntityDefinition>,
    entities: BTreeMap<EntityId, Entity>,
    /// (domain, definition, field, value) -> owner.
    unique_keys: HashMap<(DomainId, EntityDefinitionId, String, String), EntityId>,
    participants: BTreeMap<ParticipantId, Participant>,
    targets: BTreeMap<TargetId, AssignmentTarget>,
    assignments: BTreeMap<AssignmentId, Assignment>,
    details: BTreeMap<AssignmentId, Vec<AssignmentDetail>>,
    history: BTreeMap<AssignmentId, Vec<AssignmentHistory>>,
    audit: Vec<AuditEvent>,
    rules: BTreeMap<RuleConfigurationId, RuleConfiguration>,
    users: BTreeMap<UserId, User>,
    profiles: BTreeMap<UserId, UserProfile>,
    sessions: BTreeMap<SessionId, Session>,
    /// username -> times of failed logins, oldest first.
    login_failures: HashMap<String, Vec<DateTime<Utc>>>,
    memberships: BTreeMap<(DomainId, UserId), Membership>,
}

/// A complete backend in process memory, safe to share between tasks and threads.
#[derive(Default)]
pub struct MemoryStore {
    tables: RwLock<Tables>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn read(&self) -> Result<RwLockReadGuard<'_, Tables>> {
        self.tables
            .read()
            .map_err(|_| Error::internal("in-memory store lock poisoned"))
    }

    fn write(&self) -> Result<RwLockWriteGuard<'_, Tables>> {
        self.tables
            .write()
            .map_err(|_| Error::internal("in-memory store lock poisoned"))
    }
}

/// Fails unless `record_domain` is the domain the call is scoped to.
fn same_domain(call: DomainId, record_domain: DomainId) -> Result<()> {
    if call == record_domain {
        Ok(())
    } else {
        Err(Error::Tenancy(format!(
            "record belongs to domain {record_domain}, call is scoped to {call}"
        )))
    }
}

/// Fails unless the audit event is about the call's domain.
fn audit_in_domain(call: DomainId, audit: &AuditEvent) -> Result<()> {
    same_domain(call, audit.domain_id)
}

#[async_trait]
impl DomainRepository for MemoryStore {
    async fn create(&self, domain: &Domain, audit: &AuditEvent) -> Result<Domain> {
        audit_in_domain(domain.id, audit)?;
        let mut t = self.write()?;
        if t.domains.values().any(|d| d.name == domain.name) {
            return Err(Error::conflict(
                "name",
                format!("a domain named `{}` exists", domain.name),
            ));
        }
        if t.domains.contains_key(&domain.id) {
            return Err(Error::conflict("id", "a domain with this id exists"));
        }
        t.domains.insert(domain.id, domain.clone());
        t.audit.push(audit.clone());
        Ok(domain.clone())
    }

    async fn get(&self, id: DomainId) -> Result<Domain> {
        self.read()?
            .domains
            .get(&id)
            .cloned()
            .ok_or_else(|| Error::not_found("domain", id))
    }

    async fn get_by_name(&self, name: &str) -> Result<Domain> {
        self.read()?
            .domains
            .values()
            .find(|d| d.name == name)
            .cloned()
            .ok_or_else(|| Error::not_found("domain", name))
    }

    async fn list(&self, include_inactive: bool) -> Result<Vec<Domain>> {
        let t = self.read()?;
        let mut out: Vec<Domain> = t
            .domains
            .values()
            .filter(|d| include_inactive || d.is_active)
            .cloned()
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    async fn update(&self, domain: &Domain, audit: &AuditEvent) -> Result<Domain> {
        audit_in_domain(domain.id, audit)?;
        let mut t = self.write()?;
        let stored = t
            .domains
            .get(&domain.id)
            .ok_or_else(|| Error::not_found("domain", domain.id))?;
        if stored.name != domain.name && t.domains.values().any(|d| d.name == domain.name) {
            return Err(Error::conflict(
                "name",
                format!("a domain named `{}` exists", domain.name),
            ));
        }
        t.domains.insert(domain.id, domain.clone());
        t.audit.push(audit.clone());
        Ok(domain.clone())
    }
}

impl Store for MemoryStore {
    fn domains(&self) -> &dyn DomainRepository {
        self
    }
    fn definitions(&self) -> &dyn EntityDefinitionRepository {
        self
    }
    fn entities(&self) -> &dyn EntityRepository {
        self
    }
    fn participants(&self) -> &dyn ParticipantRepository {
        self
    }
    fn targets(&self) -> &dyn TargetRepository {
        self
    }
    fn assignments(&self) -> &dyn AssignmentRepository {
        self
    }
    fn audit(&self) -> &dyn AuditRepository {
        self
    }
    fn rules(&self) -> &dyn RuleConfigurationRepository {
        self
    }
    fn users(&self) -> &dyn UserRepository {
        self
    }
    fn sessions(&self) -> &dyn SessionRepository {
        self
    }
    fn memberships(&self) -> &dyn MembershipRepository {
        self
    }
}

/// Fails unless the domain exists (the database's foreign key to `domains`).
fn require_domain(t: &Tables, id: DomainId) -> Result<()> {
    if t.domains.contains_key(&id) {
        Ok(())
    } else {
        Err(Error::not_found("domain", id))
    }
}

/// A row owned by one domain.
trait TenantRow {
    fn domain(&self) -> DomainId;
}

macro_rules! tenant_rows {
    ($($t:ty),*) => {$(
        impl TenantRow for $t {
            fn domain(&self) -> DomainId {
                self.domain_id
            }
        }
    )*};
}

tenant_rows!(
    EntityDefinition,
    Entity,
    Participant,
    AssignmentTarget,
    Assignment,
    RuleConfiguration
);

/// Whether `map` holds `key` in `domain` (a row of another domain does not count).
fn in_domain<K: Ord, T: TenantRow>(map: &BTreeMap<K, T>, key: &K, domain: DomainId) -> bool {
    map.get(key).is_some_and(|row| row.domain() == domain)
}
