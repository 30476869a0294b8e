//! Entity definitions, entities and rule configurations through the client.

use uuid::Uuid;

use super::{DomainScope, audit_trail::set_fields, changed_fields, check_input, now};
use crate::Validator;
use crate::error::{Error, Result, Violation};
use crate::ids::{EntityDefinitionId, EntityId, RuleConfigurationId};
use crate::model::{
    AuditAction, Entity, EntityDefinition, EntityKind, EntityPatch, EntityQuery, EntitySchema,
    EntityStatus, FieldType, Json, NewEntity, NewRuleConfiguration, Role, RuleConfiguration,
    UniqueKey,
};

/// The unique keys an entity's attributes claim under `schema`.
fn unique_keys(schema: &EntitySchema, attributes: &Json) -> Vec<UniqueKey> {
    schema
        .fields
        .iter()
        .filter(|(_, f)| f.constraints.unique)
        .filter_map(|(name, _)| {
            attributes
                .get(name)
                .filter(|v| !v.is_null())
                .map(|v| UniqueKey {
                    field: name.clone(),
                    value: v.to_string(),
                })
        })
        .collect()
}

impl DomainScope {
    /// Stores a new entity definition (admins).
    pub async fn create_definition(&self, schema: EntitySchema) -> Result<EntityDefinition> {
        self.require(Role::Admin, "creating an entity definition")?;
        check_input(&schema)?;
        let at = now();
        let definition = EntityDefinition {
            id: EntityDefinitionId::new(),
            domain_id: self.id(),
            schema,
            version: 1,
            is_active: true,
            created_at: at,
            updated_at: at,
        };
        let audit = self.event(
            EntityKind::EntityDefinition,
            definition.id.0,
            AuditAction::Created,
            set_fields(&definition),
        );
        self.store()
            .definitions()
            .create(self.id(), &definition, &audit)
            .await
    }

    /// The definition with this name (viewers and up).
    pub async fn definition(&self, name: &str) -> Result<EntityDefinition> {
        self.require(Role::Viewer, "reading definitions")?;
        self.store()
            .definitions()
            .get_by_name(self.id(), name)
            .await
    }

    /// Active definitions of the domain (viewers and up).
    pub async fn list_definitions(&self) -> Result<Vec<EntityDefinition>> {
        self.require(Role::Viewer, "reading definitions")?;
        self.store().definitions().list(self.id(), false).await
    }

    /// Replaces a definition's schema (admins). The name cannot change; stored
    /// entities are not revalidated.
    pub async fn update_definition(
        &self,
        name: &str,
        schema: EntitySchema,
    ) -> Result<EntityDefinition> {
        self.require(Role::Admin, "updating an entity definition")?;
        if schema.name != name {
            return Err(Error::invalid(
                "name",
                "immutable",
                format!(
                    "a definition cannot be renamed (`{name}` to `{}`)",
                    schema.name
                ),
            ));
        }
        check_input(&schema)?;
        let current = self
            .store()
            .definitions()
            .get_by_name(self.id(), name)
            .await?;
        let next = EntityDefinition {
            schema,
            version: current.version + 1,
            updated_at: now(),
            ..current.clone()
        };
        let fields = changed_fields(&current, &next);
        if fields.is_empty() {
            return Ok(current);
        }
        let audit = self.event(
            EntityKind::EntityDefinition,
            next.id.0,
            AuditAction::Updated,
            fields,
        );
        self.store()
            .definitions()
            .update(self.id(), &next, &audit)
            .await
    }

    /// Retires a definition (soft delete; admins).
    pub async fn retire_definition(&self, name: &str) -> Result<EntityDefinition> {
        self.require(Role::Admin, "retiring an entity definition")?;
        let current = self
            .store()
            .definitions()
            .get_by_name(self.id(), name)
            .await?;
        let next = EntityDefinition {
            is_active: false,
            updated_at: now(),
            ..current.clone()
        };
        let audit = self.event(
            EntityKind::EntityDefinition,
            next.id.0,
            AuditAction::Deleted,
            vec!["is_active".into()],
        );
        self.store()
            .definitions()
            .update(self.id(), &next, &audit)
            .await
    }

    /// Validates `attributes` against `definition` (compiled as `validator`),
    /// checks that its references exist in this domain, and returns them with
    /// defaults applied. Violation paths start with `path`.
    pub(crate) async fn validated_attributes(
        &self,
        definition: &EntityDefinition,
        validator: &Validator,
        path: &str,
        attributes: &Json,
    ) -> Result<Json> {
        let mut violations = validator.validate(attributes);
        let attributes = validator.apply_defaults(attributes);
        for (field, spec) in &definition.schema.fields {
            if spec.field_type != FieldType::Reference {
                continue;
            }
            let Some(Json::String(text)) = attributes.get(field) else {
                continue;
            };
            let Ok(id) = Uuid::parse_str(text) else {
                continue; // already reported by the validator
            };
            let found = match self.store().entities().get(self.id(), EntityId(id)).await {
                Ok(e) => Some(e),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            };
            let wanted = spec.reference.as_deref().unwrap_or_default();
            let ok = found
                .is_some_and(|e| e.definition_name == wanted && e.status != EntityStatus::Deleted);
            if !ok {
                violations.push(Violation::new(
                    format!("{path}{field}"),
                    "reference",
                    format!("no `{wanted}` entity {id} in this domain"),
                ));
            }
        }
        if violations.is_empty() {
            Ok(attributes)
        } else {
            for v in &mut violations {
                if !v.path.starts_with(path) {
                    v.path = format!("{path}{}", v.path);
                }
            }
            Err(Error::Validation(violations))
        }
    }

    async fn active_definition(&self, name: &str) -> Result<EntityDefinition> {
        let definition = match self
            .store()
            .definitions()
            .get_by_name(self.id(), name)
            .await
        {
            Err(Error::NotFound { .. }) => {
                return Err(Error::invalid(
                    "definition",
                    "exists",
                    format!("no entity definition `{name}` in this domain"),
                ));
            }
            other => other?,
        };
        if !definition.is_active {
            return Err(Error::invalid(
                "definition",
                "active",
                format!("entity definition `{name}` is retired"),
            ));
        }
        Ok(definition)
    }

    /// Creates an entity, validated against its definition (users and up).
    pub async fn create_entity(&self, input: NewEntity) -> Result<Entity> {
        self.require(Role::User, "creating an entity")?;
        let definition = self.active_definition(&input.definition).await?;
        let validator = Validator::new(&definition.schema)?;
        let attributes = self
            .validated_attributes(&definition, &validator, "attributes/", &input.attributes)
            .await?;
        let at = now();
        let entity = Entity {
            id: EntityId::new(),
            domain_id: self.id(),
            definition_id: definition.id,
            definition_name: definition.schema.name.clone(),
            attributes,
            status: EntityStatus::Active,
            tags: input.tags,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        let keys = unique_keys(&definition.schema, &entity.attributes);
        let audit = self.event(
            EntityKind::Entity,
            entity.id.0,
            AuditAction::Created,
            set_fields(&entity),
        );
        self.store()
            .entities()
            .create(self.id(), &entity, &keys, &audit)
            .await
    }

    /// The entity with this id (viewers and up).
    pub async fn entity(&self, id: EntityId) -> Result<Entity> {
        self.require(Role::Viewer, "reading entities")?;
        self.store().entities().get(self.id(), id).await
    }

    /// Entities matching the query (viewers and up).
    pub async fn list_entities(&self, query: &EntityQuery) -> Result<Vec<Entity>> {
        self.require(Role::Viewer, "reading entities")?;
        self.store().entities().list(self.id(), query).await
    }

    /// Changes an entity; new attributes are validated again (users and up).
    pub async fn update_entity(&self, id: EntityId, patch: EntityPatch) -> Result<Entity> {
        self.require(Role::User, "updating an entity")?;
        let current = self.store().entities().get(self.id(), id).await?;
        let definition = self
            .store()
            .definitions()
            .get(self.id(), current.definition_id)
            .await?;
        let mut next = current.clone();
        if let Some(attributes) = &patch.attributes {
            let validator = Validator::new(&definition.schema)?;
            next.attributes = self
                .validated_attributes(&definition, &validator, "attributes/", attributes)
                .await?;
        }
        if let Some(tags) = patch.tags {
            next.tags = tags;
        }
        if let Some(status) = patch.status {
            next.status = status;
        }
        let fields = changed_fields(&current, &next);
        if fields.is_empty() {
            return Ok(current);
        }
        next.version += 1;
        next.updated_at = now();
        let action = match (current.status, next.status) {
            (a, EntityStatus::Deleted) if a != EntityStatus::Deleted => AuditAction::Deleted,
            (a, b) if a != b => AuditAction::StatusChanged,
            _ => AuditAction::Updated,
        };
        // A deleted entity gives its unique values back.
        let keys = if next.status == EntityStatus::Deleted {
            Vec::new()
        } else {
            unique_keys(&definition.schema, &next.attributes)
        };
        let audit = self.event(EntityKind::Entity, next.id.0, action, fields);
        self.store()
            .entities()
            .update(self.id(), &next, &keys, &audit)
            .await
    }

    /// Soft-deletes an entity (status `deleted`; users and up).
    pub async fn delete_entity(&self, id: EntityId) -> Result<Entity> {
        self.update_entity(
            id,
            EntityPatch {
                status: Some(EntityStatus::Deleted),
                ..EntityPatch::default()
            },
        )
        .await
    }

    /// Stores a named rule configuration (admins).
    pub async fn create_rule_configuration(
        &self,
        input: NewRuleConfiguration,
    ) -> Result<RuleConfiguration> {
        self.require(Role::Admin, "creating a rule configuration")?;
        check_input(&input)?;
        let at = now();
        let rules = RuleConfiguration {
            id: RuleConfigurationId::new(),
            domain_id: self.id(),
            name: input.name,
            strategy: input.strategy,
            parameters: input.parameters,
            is_active: true,
            created_at: at,
            updated_at: at,
        };
        let audit = self.event(
            EntityKind::RuleConfiguration,
            rules.id.0,
            AuditAction::Created,
            set_fields(&rules),
        );
        self.store().rules().create(self.id(), &rules, &audit).await
    }

    /// The rule configuration with this name (viewers and up).
    pub async fn rule_configuration(&self, name: &str) -> Result<RuleConfiguration> {
        self.require(Role::Viewer, "reading rule configurations")?;
        self.store().rules().get_by_name(self.id(), name).await
    }

    /// All rule configurations of the domain (viewers and up).
    pub async fn list_rule_configurations(&self) -> Result<Vec<RuleConfiguration>> {
        self.require(Role::Viewer, "reading rule configurations")?;
        self.store().rules().list(self.id()).await
    }

    /// Replaces a rule configuration's strategy and parameters (admins).
    pub async fn update_rule_configuration(
        &self,
        input: NewRuleConfiguration,
    ) -> Result<RuleConfiguration> {
        self.require(Role::Admin, "updating a rule configuration")?;
        check_input(&input)?;
        let current = self
            .store()
            .rules()
            .get_by_name(self.id(), &input.name)
            .await?;
        let next = RuleConfiguration {
            strategy: input.strategy,
            parameters: input.parameters,
            updated_at: now(),
            ..current.clone()
        };
        let fields = changed_fields(&current, &next);
        if fields.is_empty() {
            return Ok(current);
        }
        let audit = self.event(
            EntityKind::RuleConfiguration,
            next.id.0,
            AuditAction::Updated,
            fields,
        );
        self.store().rules().update(self.id(), &next, &audit).await
    }
}
