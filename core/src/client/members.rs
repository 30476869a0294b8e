//! Domain memberships (who holds which role) through the client.

use super::{DomainScope, now};
use crate::error::Result;
use crate::ids::UserId;
use crate::model::{AuditAction, EntityKind, Membership, Role};

impl DomainScope {
    /// Grants `user` a role in the domain, or changes it (admins).
    pub async fn set_member(&self, user: UserId, role: Role) -> Result<Membership> {
        self.require(Role::Admin, "managing members")?;
        self.store().users().get(user).await?;
        let at = now();
        let membership = Membership {
            domain_id: self.id(),
            user_id: user,
            role,
            created_at: at,
            updated_at: at,
        };
        let audit = self.event(
            EntityKind::Membership,
            user.0,
            AuditAction::Updated,
            vec!["role".into()],
        );
        self.store().memberships().upsert(&membership, &audit).await
    }

    /// Removes `user` from the domain (admins).
    pub async fn remove_member(&self, user: UserId) -> Result<()> {
        self.require(Role::Admin, "managing members")?;
        let audit = self.event(
            EntityKind::Membership,
            user.0,
            AuditAction::Deleted,
            vec!["role".into()],
        );
        self.store()
            .memberships()
            .remove(self.id(), user, &audit)
            .await
    }

    /// Members of the domain (admins).
    pub async fn members(&self) -> Result<Vec<Membership>> {
        self.require(Role::Admin, "listing members")?;
        self.store().memberships().list_for_domain(self.id()).await
    }
}
