//! Entity definitions, rule configurations and the audit trail of a domain.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use uuid::Uuid;
use vividshift_core::model::{
    AuditAction, AuditEvent, EntityDefinition, EntityKind, EntitySchema, RuleConfiguration,
};
use vividshift_core::{
    AuditEventId, AuditRepository, DomainId, EntityDefinitionId, EntityDefinitionRepository, Error,
    Result, RuleConfigurationId, RuleConfigurationRepository, UserId,
};

use crate::domains::AuditParams;
use crate::error::{corrupt, map_db_error};
use crate::scope::{begin_scoped, commit, observe};
use crate::store::{PgStore, same_domain};

/// An `entity_definitions` row as selected.
struct DefinitionRow {
    domain_id: Uuid,
    id: Uuid,
    name: String,
    display_name: Option<String>,
    description: Option<String>,
    fields: Json,
    version: i64,
    is_active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<DefinitionRow> for EntityDefinition {
    type Error = Error;

    fn try_from(r: DefinitionRow) -> Result<Self> {
        let fields: BTreeMap<_, _> =
            serde_json::from_value(r.fields).map_err(|e| corrupt("definition fields", e))?;
        Ok(EntityDefinition {
            id: EntityDefinitionId(r.id),
            domain_id: DomainId(r.domain_id),
            schema: EntitySchema {
                name: r.name,
                display_name: r.display_name,
                description: r.description,
                fields,
            },
            version: r.version,
            is_active: r.is_active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

fn fields_json(def: &EntityDefinition) -> Result<Json> {
    serde_json::to_value(&def.schema.fields)
        .map_err(|e| Error::internal(format!("definition fields do not serialize: {e}")))
}

#[async_trait]
impl EntityDefinitionRepository for PgStore {
    async fn create(
        &self,
        domain: DomainId,
        definition: &EntityDefinition,
        audit: &AuditEvent,
    ) -> Result<EntityDefinition> {
        observe(self.slow_ms, "definitions.create", async {
            same_domain(domain, definition.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            sqlx::query_as!(
                DefinitionRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
                   d AS (
                       INSERT INTO entity_definitions (domain_id, id, name, display_name,
                           description, fields, version, is_active, created_at, updated_at)
                       SELECT s.scope, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM s
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT d.domain_id, $11, $12, $13, $14, $15, $16, $17 FROM d)
                   SELECT domain_id AS "domain_id!", id AS "id!", name AS "name!", display_name,
                          description, fields AS "fields!", version AS "version!",
                          is_active AS "is_active!", created_at AS "created_at!",
                          updated_at AS "updated_at!"
                   FROM d"#,
                domain.as_uuid(),
                definition.id.as_uuid(),
                definition.schema.name,
                definition.schema.display_name,
                definition.schema.description,
                fields_json(definition)?,
                definition.version,
                definition.is_active,
                definition.created_at,
                definition.updated_at,
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

    async fn get(&self, domain: DomainId, id: EntityDefinitionId) -> Result<EntityDefinition> {
        observe(self.slow_ms, "definitions.get", async {
            sqlx::query_as!(
                DefinitionRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT d.domain_id AS "domain_id!", d.id AS "id!", d.name AS "name!",
                          d.display_name, d.description, d.fields AS "fields!",
                          d.version AS "version!", d.is_active AS "is_active!",
                          d.created_at AS "created_at!", d.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM entity_definitions
                       WHERE domain_id = s.scope AND id = $2 OFFSET 0) d"#,
                domain.as_uuid(),
                id.as_uuid(),
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("entity definition", id))?
            .try_into()
        })
        .await
    }

    async fn get_by_name(&self, domain: DomainId, name: &str) -> Result<EntityDefinition> {
        observe(self.slow_ms, "definitions.get_by_name", async {
            sqlx::query_as!(
                DefinitionRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT d.domain_id AS "domain_id!", d.id AS "id!", d.name AS "name!",
                          d.display_name, d.description, d.fields AS "fields!",
                          d.version AS "version!", d.is_active AS "is_active!",
                          d.created_at AS "created_at!", d.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM entity_definitions
                       WHERE domain_id = s.scope AND name = $2 OFFSET 0) d"#,
                domain.as_uuid(),
                name,
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("entity definition", name))?
            .try_into()
        })
        .await
    }

    async fn list(
        &self,
        domain: DomainId,
        include_inactive: bool,
    ) -> Result<Vec<EntityDefinition>> {
        observe(self.slow_ms, "definitions.list", async {
            sqlx::query_as!(
                DefinitionRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT d.domain_id AS "domain_id!", d.id AS "id!", d.name AS "name!",
                          d.display_name, d.description, d.fields AS "fields!",
                          d.version AS "version!", d.is_active AS "is_active!",
                          d.created_at AS "created_at!", d.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM entity_definitions
                       WHERE domain_id = s.scope AND (is_active OR $2) OFFSET 0) d
                   ORDER BY d.name COLLATE "C""#,
                domain.as_uuid(),
                include_inactive,
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(EntityDefinition::try_from)
            .collect()
        })
        .await
    }

    async fn update(
        &self,
        domain: DomainId,
        definition: &EntityDefinition,
        audit: &AuditEvent,
    ) -> Result<EntityDefinition> {
        observe(self.slow_ms, "definitions.update", async {
            same_domain(domain, definition.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            let mut tx = begin_scoped(&self.pool, domain).await?;
            let row = sqlx::query_as!(
                DefinitionRow,
                r#"WITH d AS (
                       UPDATE entity_definitions SET name = $3, display_name = $4,
                           description = $5, fields = $6, version = $7, is_active = $8,
                           updated_at = $9
                       WHERE domain_id = $1 AND id = $2
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT d.domain_id, $10, $11, $12, $13, $14, $15, $16 FROM d)
                   SELECT domain_id AS "domain_id!", id AS "id!", name AS "name!", display_name,
                          description, fields AS "fields!", version AS "version!",
                          is_active AS "is_active!", created_at AS "created_at!",
                          updated_at AS "updated_at!"
                   FROM d"#,
                domain.as_uuid(),
                definition.id.as_uuid(),
                definition.schema.name,
                definition.schema.display_name,
                definition.schema.description,
                fields_json(definition)?,
                definition.version,
                definition.is_active,
                definition.updated_at,
                a.id,
                a.actor,
                a.kind,
                a.entity_id,
                a.action,
                &a.fields,
                a.at,
            )
            .fetch_optional(&mut *tx)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("entity definition", definition.id))?;
            commit(tx).await?;
            row.try_into()
        })
        .await
    }
}

/// A `rule_configurations` row as selected.
struct RulesRow {
    domain_id: Uuid,
    id: Uuid,
    name: String,
    strategy: String,
    parameters: Json,
    is_active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<RulesRow> for RuleConfiguration {
    fn from(r: RulesRow) -> Self {
        RuleConfiguration {
            id: RuleConfigurationId(r.id),
            domain_id: DomainId(r.domain_id),
            name: r.name,
            strategy: r.strategy,
            parameters: r.parameters,
            is_active: r.is_active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[async_trait]
impl RuleConfigurationRepository for PgStore {
    async fn create(
        &self,
        domain: DomainId,
        rules: &RuleConfiguration,
        audit: &AuditEvent,
    ) -> Result<RuleConfiguration> {
        observe(self.slow_ms, "rules.create", async {
            same_domain(domain, rules.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            let row = sqlx::query_as!(
                RulesRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
                   r AS (
                       INSERT INTO rule_configurations (domain_id, id, name, strategy, parameters,
                           is_active, created_at, updated_at)
                       SELECT s.scope, $2, $3, $4, $5, $6, $7, $8 FROM s
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT r.domain_id, $9, $10, $11, $12, $13, $14, $15 FROM r)
                   SELECT domain_id AS "domain_id!", id AS "id!", name AS "name!",
                          strategy AS "strategy!", parameters AS "parameters!",
                          is_active AS "is_active!", created_at AS "created_at!",
                          updated_at AS "updated_at!"
                   FROM r"#,
                domain.as_uuid(),
                rules.id.as_uuid(),
                rules.name,
                rules.strategy,
                rules.parameters,
                rules.is_active,
                rules.created_at,
                rules.updated_at,
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
            .map_err(map_db_error)?;
            Ok(row.into())
        })
        .await
    }

    async fn get_by_name(&self, domain: DomainId, name: &str) -> Result<RuleConfiguration> {
        observe(self.slow_ms, "rules.get_by_name", async {
            sqlx::query_as!(
                RulesRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT r.domain_id AS "domain_id!", r.id AS "id!", r.name AS "name!",
                          r.strategy AS "strategy!", r.parameters AS "parameters!",
                          r.is_active AS "is_active!", r.created_at AS "created_at!",
                          r.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM rule_configurations
                       WHERE domain_id = s.scope AND name = $2 OFFSET 0) r"#,
                domain.as_uuid(),
                name,
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .map(RuleConfiguration::from)
            .ok_or_else(|| Error::not_found("rule configuration", name))
        })
        .await
    }

    async fn list(&self, domain: DomainId) -> Result<Vec<RuleConfiguration>> {
        observe(self.slow_ms, "rules.list", async {
            Ok(sqlx::query_as!(
                RulesRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT r.domain_id AS "domain_id!", r.id AS "id!", r.name AS "name!",
                          r.strategy AS "strategy!", r.parameters AS "parameters!",
                          r.is_active AS "is_active!", r.created_at AS "created_at!",
                          r.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM rule_configurations WHERE domain_id = s.scope OFFSET 0) r
                   ORDER BY r.name COLLATE "C""#,
                domain.as_uuid(),
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(RuleConfiguration::from)
            .collect())
        })
        .await
    }

    async fn update(
        &self,
        domain: DomainId,
        rules: &RuleConfiguration,
        audit: &AuditEvent,
    ) -> Result<RuleConfiguration> {
        observe(self.slow_ms, "rules.update", async {
            same_domain(domain, rules.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            let mut tx = begin_scoped(&self.pool, domain).await?;
            let row = sqlx::query_as!(
                RulesRow,
                r#"WITH r AS (
                       UPDATE rule_configurations SET name = $3, strategy = $4, parameters = $5,
                           is_active = $6, updated_at = $7
                       WHERE domain_id = $1 AND id = $2
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT r.domain_id, $8, $9, $10, $11, $12, $13, $14 FROM r)
                   SELECT domain_id AS "domain_id!", id AS "id!", name AS "name!",
                          strategy AS "strategy!", parameters AS "parameters!",
                          is_active AS "is_active!", created_at AS "created_at!",
                          updated_at AS "updated_at!"
                   FROM r"#,
                domain.as_uuid(),
                rules.id.as_uuid(),
                rules.name,
                rules.strategy,
                rules.parameters,
                rules.is_active,
                rules.updated_at,
                a.id,
                a.actor,
                a.kind,
                a.entity_id,
                a.action,
                &a.fields,
                a.at,
            )
            .fetch_optional(&mut *tx)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("rule configuration", rules.id))?;
            commit(tx).await?;
            Ok(row.into())
        })
        .await
    }
}

/// An `audit_events` row as selected.
struct AuditRow {
    domain_id: Uuid,
    id: Uuid,
    actor: Option<Uuid>,
    entity_kind: String,
    entity_id: Uuid,
    action: String,
    changed_fields: Vec<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<AuditRow> for AuditEvent {
    type Error = Error;

    fn try_from(r: AuditRow) -> Result<Self> {
        Ok(AuditEvent {
            id: AuditEventId(r.id),
            domain_id: DomainId(r.domain_id),
            actor: r.actor.map(UserId),
            entity_kind: EntityKind::parse(&r.entity_kind)?,
            entity_id: r.entity_id,
            action: AuditAction::parse(&r.action)?,
            changed_fields: r.changed_fields,
            created_at: r.created_at,
        })
    }
}

#[async_trait]
impl AuditRepository for PgStore {
    async fn for_entity(
        &self,
        domain: DomainId,
        kind: EntityKind,
        entity_id: Uuid,
    ) -> Result<Vec<AuditEvent>> {
        observe(self.slow_ms, "audit.for_entity", async {
            sqlx::query_as!(
                AuditRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT e.domain_id AS "domain_id!", e.id AS "id!", e.actor,
                          e.entity_kind AS "entity_kind!", e.entity_id AS "entity_id!",
                          e.action AS "action!", e.changed_fields AS "changed_fields!",
                          e.created_at AS "created_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM audit_events
                       WHERE domain_id = s.scope AND entity_kind = $2 AND entity_id = $3
                       OFFSET 0) e
                   ORDER BY e.seq"#,
                domain.as_uuid(),
                kind.as_str(),
                entity_id,
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(AuditEvent::try_from)
            .collect()
        })
        .await
    }

    async fn recent(&self, domain: DomainId, limit: u32) -> Result<Vec<AuditEvent>> {
        observe(self.slow_ms, "audit.recent", async {
            sqlx::query_as!(
                AuditRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT e.domain_id AS "domain_id!", e.id AS "id!", e.actor,
                          e.entity_kind AS "entity_kind!", e.entity_id AS "entity_id!",
                          e.action AS "action!", e.changed_fields AS "changed_fields!",
                          e.created_at AS "created_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM audit_events WHERE domain_id = s.scope
                       ORDER BY seq DESC LIMIT $2) e
                   ORDER BY e.seq DESC"#,
                domain.as_uuid(),
                i64::from(limit),
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(AuditEvent::try_from)
            .collect()
        })
        .await
    }
}
