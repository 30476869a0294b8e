//! Entity definitions, entities (with their unique keys) and rule configurations.

use async_trait::async_trait;

use super::{MemoryStore, Tables, audit_in_domain, in_domain, require_domain, same_domain};
use crate::error::{Error, Result};
use crate::ids::{DomainId, EntityDefinitionId, EntityId};
use crate::model::{
    AuditEvent, Entity, EntityDefinition, EntityQuery, EntityStatus, RuleConfiguration, UniqueKey,
};
use crate::repository::{
    EntityDefinitionRepository, EntityRepository, RuleConfigurationRepository,
};

fn definition_name_taken(t: &Tables, def: &EntityDefinition) -> bool {
    t.definitions
        .values()
        .any(|d| d.domain_id == def.domain_id && d.schema.name == def.schema.name && d.id != def.id)
}

#[async_trait]
impl EntityDefinitionRepository for MemoryStore {
    async fn create(
        &self,
        domain: DomainId,
        definition: &EntityDefinition,
        audit: &AuditEvent,
    ) -> Result<EntityDefinition> {
        same_domain(domain, definition.domain_id)?;
        audit_in_domain(domain, audit)?;
        let mut t = self.write()?;
        require_domain(&t, domain)?;
        if definition_name_taken(&t, definition) {
            return Err(Error::conflict(
                "name",
                format!("a definition named `{}` exists", definition.schema.name),
            ));
        }
        if t.definitions.contains_key(&definition.id) {
            return Err(Error::conflict("id", "a definition with this id exists"));
        }
        t.definitions.insert(definition.id, definition.clone());
        t.audit.push(audit.clone());
        Ok(definition.clone())
    }

    async fn get(&self, domain: DomainId, id: EntityDefinitionId) -> Result<EntityDefinition> {
        self.read()?
            .definitions
            .get(&id)
            .filter(|d| d.domain_id == domain)
            .cloned()
            .ok_or_else(|| Error::not_found("entity definition", id))
    }

    async fn get_by_name(&self, domain: DomainId, name: &str) -> Result<EntityDefinition> {
        self.read()?
            .definitions
            .values()
            .find(|d| d.domain_id == domain && d.schema.name == name)
            .cloned()
            .ok_or_else(|| Error::not_found("entity definition", name))
    }

    async fn list(
        &self,
        domain: DomainId,
        include_inactive: bool,
    ) -> Result<Vec<EntityDefinition>> {
        let t = self.read()?;
        let mut out: Vec<_> = t
            .definitions
            .values()
            .filter(|d| d.domain_id == domain && (include_inactive || d.is_active))
            .cloned()
            .collect();
        out.sort_by(|a, b| a.schema.name.cmp(&b.schema.name));
        Ok(out)
    }

    async fn update(
        &self,
        domain: DomainId,
        definition: &EntityDefinition,
        audit: &AuditEvent,
    ) -> Result<EntityDefinition> {
        same_domain(domain, definition.domain_id)?;
        audit_in_domain(domain, audit)?;
        let mut t = self.write()?;
        if !in_domain(&t.definitions, &definition.id, domain) {
            return Err(Error::not_found("entity definition", definition.id));
        }
        if definition_name_taken(&t, definition) {
            return Err(Error::conflict(
                "name",
                format!("a definition named `{}` exists", definition.schema.name),
            ));
        }
        t.definitions.insert(definition.id, definition.clone());
        t.audit.push(audit.clone());
        Ok(definition.clone())
    }
}

/// Fails when another entity holds one of `keys`.
fn check_unique_keys(t: &Tables, entity: &Entity, keys: &[UniqueKey]) -> Result<()> {
    for key in keys {
        let slot = (
            entity.domain_id,
            entity.definition_id,
            key.field.clone(),
            key.value.clone(),
        );
        if t.unique_keys
            .get(&slot)
            .is_some_and(|owner| *owner != entity.id)
        {
            return Err(Error::conflict(
                key.field.clone(),
                format!(
                    "another `{}` has {} = {}",
                    entity.definition_name, key.field, key.value
                ),
            ));
        }
    }
    Ok(())
}

/// Replaces the unique keys held by `entity` with `keys`.
fn claim_unique_keys(t: &mut Tables, entity: &Entity, keys: &[UniqueKey]) {
    t.unique_keys.retain(|_, owner| *owner != entity.id);
    for key in keys {
        t.unique_keys.insert(
            (
                entity.domain_id,
                entity.definition_id,
                key.field.clone(),
                key.value.clone(),
            ),
            entity.id,
        );
    }
}

/// Fails unless the entity's definition exists in its domain.
fn require_definition(t: &Tables, entity: &Entity) -> Result<()> {
    if t.definitions
        .get(&entity.definition_id)
        .is_some_and(|d| d.domain_id == entity.domain_id)
    {
        Ok(())
    } else {
        Err(Error::invalid(
            "definition_id",
            "foreign_key",
            "the entity definition does not exist in this domain",
        ))
    }
}

#[async_trait]
impl EntityRepository for MemoryStore {
    async fn create(
        &self,
        domain: DomainId,
        entity: &Entity,
        unique_keys: &[UniqueKey],
        audit: &AuditEvent,
    ) -> Result<Entity> {
        same_domain(domain, entity.domain_id)?;
        audit_in_domain(domain, audit)?;
        let mut t = self.write()?;
        require_domain(&t, domain)?;
        require_definition(&t, entity)?;
        if t.entities.contains_key(&entity.id) {
            return Err(Error::conflict("id", "an entity with this id exists"));
        }
        check_unique_keys(&t, entity, unique_keys)?;
        claim_unique_keys(&mut t, entity, unique_keys);
        t.entities.insert(entity.id, entity.clone());
        t.audit.push(audit.clone());
        Ok(entity.clone())
    }

    async fn get(&self, domain: DomainId, id: EntityId) -> Result<Entity> {
        self.read()?
            .entities
            .get(&id)
            .filter(|e| e.domain_id == domain)
            .cloned()
            .ok_or_else(|| Error::not_found("entity", id))
    }

    async fn list(&self, domain: DomainId, query: &EntityQuery) -> Result<Vec<Entity>> {
        let t = self.read()?;
        let mut out: Vec<_> = t
            .entities
            .values()
            .filter(|e| e.domain_id == domain)
            .filter(|e| query.definition_id.is_none_or(|d| d == e.definition_id))
            .filter(|e| query.include_deleted || e.status != EntityStatus::Deleted)
            .filter(|e| query.tag.as_ref().is_none_or(|tag| e.tags.contains(tag)))
            .cloned()
            .collect();
        out.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    async fn update(
        &self,
        domain: DomainId,
        entity: &Entity,
        unique_keys: &[UniqueKey],
        audit: &AuditEvent,
    ) -> Result<Entity> {
        same_domain(domain, entity.domain_id)?;
        audit_in_domain(domain, audit)?;
        let mut t = self.write()?;
        if !in_domain(&t.entities, &entity.id, domain) {
            return Err(Error::not_found("entity", entity.id));
        }
        require_definition(&t, entity)?;
        check_unique_keys(&t, entity, unique_keys)?;
        claim_unique_keys(&mut t, entity, unique_keys);
        t.entities.insert(entity.id, entity.clone());
        t.audit.push(audit.clone());
        Ok(entity.clone())
    }
}

fn rules_name_taken(t: &Tables, rules: &RuleConfiguration) -> bool {
    t.rules
        .values()
        .any(|r| r.domain_id == rules.domain_id && r.name == rules.name && r.id != rules.id)
}

#[async_trait]
impl RuleConfigurationRepository for MemoryStore {
    async fn create(
        &self,
        domain: DomainId,
        rules: &RuleConfiguration,
        audit: &AuditEvent,
    ) -> Result<RuleConfiguration> {
        same_domain(domain, rules.domain_id)?;
        audit_in_domain(domain, audit)?;
        let mut t = self.write()?;
        require_domain(&t, domain)?;
        if rules_name_taken(&t, rules) {
            return Err(Error::conflict(
                "name",
                format!("a rule configuration named `{}` exists", rules.name),
            ));
        }
        t.rules.insert(rules.id, rules.clone());
        t.audit.push(audit.clone());
        Ok(rules.clone())
    }

    async fn get_by_name(&self, domain: DomainId, name: &str) -> Result<RuleConfiguration> {
        self.read()?
            .rules
            .values()
            .find(|r| r.domain_id == domain && r.name == name)
            .cloned()
            .ok_or_else(|| Error::not_found("rule configuration", name))
    }

    async fn list(&self, domain: DomainId) -> Result<Vec<RuleConfiguration>> {
        let t = self.read()?;
        let mut out: Vec<_> = t
            .rules
            .values()
            .filter(|r| r.domain_id == domain)
            .cloned()
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    async fn update(
        &self,
        domain: DomainId,
        rules: &RuleConfiguration,
        audit: &AuditEvent,
    ) -> Result<RuleConfiguration> {
        same_domain(domain, rules.domain_id)?;
        audit_in_domain(domain, audit)?;
        let mut t = self.write()?;
        if !in_domain(&t.rules, &rules.id, domain) {
            return Err(Error::not_found("rule configuration", rules.id));
        }
        if rules_name_taken(&t, rules) {
            return Err(Error::conflict(
                "name",
                format!("a rule configuration named `{}` exists", rules.name),
            ));
        }
        t.rules.insert(rules.id, rules.clone());
        t.audit.push(audit.clone());
        Ok(rules.clone())
    }
}
