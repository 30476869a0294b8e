//! The `Client` facade: what applications call. It resolves a domain, checks
//! the caller's role, validates input with the domain's rules, and writes each
//! change together with its audit event through any `Store`.
//!
//! ```
//! # async fn demo() -> vividshift_core::Result<()> {
//! use vividshift_core::{Client, Principal, model::{NewDomain, NewParticipant}};
//! let client = Client::in_memory();
//! let chores = client
//!     .create_domain(&Principal::System, NewDomain::new("chores", "House chores"))
//!     .await?;
//! chores.create_participant(NewParticipant::new("Ada", &["cleaning"])).await?;
//! # Ok(()) }
//! ```

#[cfg(feature = "auth")]
mod accounts;
mod assignments;
mod audit_trail;
mod catalog;
mod generate;
mod members;
mod people;

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};

use crate::error::{Error, Result};
use crate::ids::{DomainId, UserId};
use crate::input_rules::InputRules;
use crate::model::{AuditAction, Domain, DomainPatch, EntityKind, Membership, NewDomain, Role};
use crate::repository::Store;

pub use audit_trail::changed_fields;
pub use generate::GeneratedAssignment;

/// Who is calling: a user, whose rights come from memberships, or the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Principal {
    /// A trusted script or service: admin rights in every domain.
    System,
    /// A signed-in user.
    User(UserId),
}

impl Principal {
    /// The user behind the principal, if any (recorded as the actor of changes).
    pub fn user_id(&self) -> Option<UserId> {
        match self {
            Self::System => None,
            Self::User(id) => Some(*id),
        }
    }
}

/// How a caller names a domain: by id or by slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainKey {
    /// By id.
    Id(DomainId),
    /// By slug.
    Name(String),
}

impl From<DomainId> for DomainKey {
    fn from(id: DomainId) -> Self {
        Self::Id(id)
    }
}

impl From<&str> for DomainKey {
    fn from(name: &str) -> Self {
        Self::Name(name.to_owned())
    }
}

impl From<String> for DomainKey {
    fn from(name: String) -> Self {
        Self::Name(name)
    }
}

impl From<&Domain> for DomainKey {
    fn from(domain: &Domain) -> Self {
        Self::Id(domain.id)
    }
}

/// The current time at the precision every backend stores (microseconds).
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Turns the violations of an input into a validation error.
pub(crate) fn check_input(input: &impl InputRules) -> Result<()> {
    let violations = input.violations();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(violations))
    }
}

/// The SDK's entry point, cheap to clone, over any `Store`.
#[derive(Clone)]
pub struct Client {
    store: Arc<dyn Store>,
    #[cfg(feature = "auth")]
    auth: Option<Arc<crate::auth::AuthService>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").finish_non_exhaustive()
    }
}

impl Client {
    /// A client over `store`.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            #[cfg(feature = "auth")]
            auth: None,
        }
    }

    /// A client over a new, empty in-memory store.
    #[cfg(feature = "memory")]
    pub fn in_memory() -> Self {
        Self::new(Arc::new(crate::MemoryStore::new()))
    }

    /// The store behind this client.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Creates a domain. A user who creates one becomes its admin.
    pub async fn create_domain(&self, actor: &Principal, input: NewDomain) -> Result<DomainScope> {
        check_input(&input)?;
        if let Principal::User(user) = actor {
            // Checked first so that a domain is never left without its admin.
            self.store.users().get(*user).await?;
        }
        let at = now();
        let domain = Domain {
            id: DomainId::new(),
            name: input.name,
            display_name: input.display_name,
            description: input.description,
            config: input.config,
            business_rules: input.business_rules,
            participant_definition: input.participant_definition,
            target_definition: input.target_definition,
            is_active: true,
            created_at: at,
            updated_at: at,
        };
        let audit = audit_trail::event(
            domain.id,
            actor,
            EntityKind::Domain,
            domain.id.0,
            AuditAction::Created,
            audit_trail::set_fields(&domain),
        );
        let domain = self.store.domains().create(&domain, &audit).await?;
        if let Principal::User(user) = actor {
            let membership = Membership {
                domain_id: domain.id,
                user_id: *user,
                role: Role::Admin,
                created_at: at,
                updated_at: at,
            };
            let audit = audit_trail::event(
                domain.id,
                actor,
                EntityKind::Membership,
                user.0,
                AuditAction::Created,
                vec!["role".into()],
            );
            self.store.memberships().upsert(&membership, &audit).await?;
        }
        Ok(DomainScope {
            client: self.clone(),
            actor: *actor,
            role: Role::Admin,
            domain,
        })
    }

    /// The domains the caller can see: all for the system, its memberships' for a user.
    pub async fn list_domains(&self, actor: &Principal) -> Result<Vec<Domain>> {
        let all = self.store.domains().list(false).await?;
        match actor {
            Principal::System => Ok(all),
            Principal::User(user) => {
                let mine: std::collections::HashSet<DomainId> = self
                    .store
                    .memberships()
                    .list_for_user(*user)
                    .await?
                    .into_iter()
                    .map(|m| m.domain_id)
                    .collect();
                Ok(all.into_iter().filter(|d| mine.contains(&d.id)).collect())
            }
        }
    }

    /// Opens a domain for the caller, who must be a member (any role).
    /// A deactivated domain opens only for its admins, so that they can reactivate it.
    pub async fn domain(
        &self,
        actor: &Principal,
        key: impl Into<DomainKey>,
    ) -> Result<DomainScope> {
        let key = key.into();
        let domain = match &key {
            DomainKey::Id(id) => self.store.domains().get(*id).await?,
            DomainKey::Name(name) => self.store.domains().get_by_name(name).await?,
        };
        let role = match actor {
            Principal::System => Role::Admin,
            Principal::User(user) => match self.store.memberships().get(domain.id, *user).await {
                Ok(m) => m.role,
                Err(Error::NotFound { .. }) => {
                    return Err(Error::Forbidden(format!(
                        "not a member of domain `{}`",
                        domain.name
                    )));
                }
                Err(e) => return Err(e),
            },
        };
        if !domain.is_active && role != Role::Admin {
            return Err(Error::not_found("domain", &domain.name));
        }
        Ok(DomainScope {
            client: self.clone(),
            actor: *actor,
            role,
            domain,
        })
    }
}

/// A domain opened by one caller: every tenant-owned operation goes through it.
/// The caller's role is read when the scope is opened.
#[derive(Debug, Clone)]
pub struct DomainScope {
    client: Client,
    actor: Principal,
    role: Role,
    domain: Domain,
}

impl DomainScope {
    /// The domain as it was when opened (or last changed through this scope).
    pub fn domain(&self) -> &Domain {
        &self.domain
    }

    /// The domain's id.
    pub fn id(&self) -> DomainId {
        self.domain.id
    }

    /// The caller's role in the domain.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The caller.
    pub fn actor(&self) -> &Principal {
        &self.actor
    }

    /// The client this scope was opened from.
    pub fn client(&self) -> &Client {
        &self.client
    }

    fn store(&self) -> &dyn Store {
        self.client.store()
    }

    /// Fails unless the caller's role is at least `needed`.
    fn require(&self, needed: Role, action: &str) -> Result<()> {
        if self.role >= needed {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "{action} needs the {} role in domain `{}`; the caller is {}",
                needed.as_str(),
                self.domain.name,
                self.role.as_str()
            )))
        }
    }

    fn event(
        &self,
        kind: EntityKind,
        id: uuid::Uuid,
        action: AuditAction,
        fields: Vec<String>,
    ) -> crate::model::AuditEvent {
        audit_trail::event(self.domain.id, &self.actor, kind, id, action, fields)
    }

    /// Changes the domain's settings (admins).
    pub async fn update(&mut self, patch: DomainPatch) -> Result<Domain> {
        self.require(Role::Admin, "updating the domain")?;
        check_input(&patch)?;
        let current = self.store().domains().get(self.domain.id).await?;
        let mut next = current.clone();
        if let Some(v) = patch.display_name {
            next.display_name = v;
        }
        if let Some(v) = patch.description {
            next.description = v;
        }
        if let Some(v) = patch.config {
            next.config = v;
        }
        if let Some(v) = patch.business_rules {
            next.business_rules = v;
        }
        if let Some(v) = patch.participant_definition {
            next.participant_definition = v;
        }
        if let Some(v) = patch.target_definition {
            next.target_definition = v;
        }
        if let Some(v) = patch.is_active {
            next.is_active = v;
        }
        let fields = changed_fields(&current, &next);
        if fields.is_empty() {
            self.domain = current;
            return Ok(self.domain.clone());
        }
        next.updated_at = now();
        let action = audit_trail::activity_action(current.is_active, next.is_active);
        let audit = self.event(EntityKind::Domain, next.id.0, action, fields);
        self.domain = self.store().domains().update(&next, &audit).await?;
        Ok(self.domain.clone())
    }

    /// Deactivates the domain (soft delete; admins).
    pub async fn deactivate(&mut self) -> Result<Domain> {
        self.update(DomainPatch {
            is_active: Some(false),
            ..DomainPatch::default()
        })
        .await
    }
}
