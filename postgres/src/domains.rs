//! Domains (tenants): global rows, readable by everyone; their audit events
//! are tenant rows of the domain itself, written in the same statement.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use uuid::Uuid;
use vividshift_core::model::{AuditEvent, Domain};
use vividshift_core::{DomainId, DomainRepository, Error, Result};

use crate::error::map_db_error;
use crate::scope::observe;
use crate::store::{PgStore, same_domain};

/// A `domains` row as selected.
pub(crate) struct DomainRow {
    id: Uuid,
    name: String,
    display_name: String,
    description: Option<String>,
    config: Json,
    business_rules: Json,
    participant_definition: Option<String>,
    target_definition: Option<String>,
    is_active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<DomainRow> for Domain {
    fn from(r: DomainRow) -> Self {
        Domain {
            id: DomainId(r.id),
            name: r.name,
            display_name: r.display_name,
            description: r.description,
            config: r.config,
            business_rules: r.business_rules,
            participant_definition: r.participant_definition,
            target_definition: r.target_definition,
            is_active: r.is_active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// The columns of an audit event, ready to bind.
pub(crate) struct AuditParams {
    pub id: Uuid,
    pub actor: Option<Uuid>,
    pub kind: &'static str,
    pub entity_id: Uuid,
    pub action: &'static str,
    pub fields: Vec<String>,
    pub at: DateTime<Utc>,
}

impl AuditParams {
    /// Checks the event belongs to `domain` and splits it into bindable columns.
    pub(crate) fn of(domain: DomainId, e: &AuditEvent) -> Result<Self> {
        same_domain(domain, e.domain_id)?;
        Ok(Self {
            id: e.id.as_uuid(),
            actor: e.actor.map(|a| a.as_uuid()),
            kind: e.entity_kind.as_str(),
            entity_id: e.entity_id,
            action: e.action.as_str(),
            fields: e.changed_fields.clone(),
            at: e.created_at,
        })
    }
}

#[async_trait]
impl DomainRepository for PgStore {
    async fn create(&self, domain: &Domain, audit: &AuditEvent) -> Result<Domain> {
        observe(self.slow_ms, "domains.create", async {
            let a = AuditParams::of(domain.id, audit)?;
            let row = sqlx::query_as!(
                DomainRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
                   d AS (
                       INSERT INTO domains (id, name, display_name, description, config,
                           business_rules, participant_definition, target_definition,
                           is_active, created_at, updated_at)
                       SELECT s.scope, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM s
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT d.id, $12, $13, $14, $15, $16, $17, $18 FROM d)
                   SELECT id AS "id!", name AS "name!", display_name AS "display_name!",
                          description, config AS "config!", business_rules AS "business_rules!",
                          participant_definition, target_definition, is_active AS "is_active!",
                          created_at AS "created_at!", updated_at AS "updated_at!"
                   FROM d"#,
                domain.id.as_uuid(),
                domain.name,
                domain.display_name,
                domain.description,
                domain.config,
                domain.business_rules,
                domain.participant_definition,
                domain.target_definition,
                domain.is_active,
                domain.created_at,
                domain.updated_at,
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

    async fn get(&self, id: DomainId) -> Result<Domain> {
        observe(self.slow_ms, "domains.get", async {
            sqlx::query_as!(
                DomainRow,
                "SELECT * FROM domains WHERE id = $1",
                id.as_uuid()
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .map(Domain::from)
            .ok_or_else(|| Error::not_found("domain", id))
        })
        .await
    }

    async fn get_by_name(&self, name: &str) -> Result<Domain> {
        observe(self.slow_ms, "domains.get_by_name", async {
            sqlx::query_as!(DomainRow, "SELECT * FROM domains WHERE name = $1", name)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_db_error)?
                .map(Domain::from)
                .ok_or_else(|| Error::not_found("domain", name))
        })
        .await
    }

    async fn list(&self, include_inactive: bool) -> Result<Vec<Domain>> {
        observe(self.slow_ms, "domains.list", async {
            Ok(sqlx::query_as!(
                DomainRow,
                r#"SELECT * FROM domains WHERE is_active OR $1
                   ORDER BY name COLLATE "C""#,
                include_inactive
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(Domain::from)
            .collect())
        })
        .await
    }

    async fn update(&self, domain: &Domain, audit: &AuditEvent) -> Result<Domain> {
        observe(self.slow_ms, "domains.update", async {
            let a = AuditParams::of(domain.id, audit)?;
            // `domains` has no row-level security, so the update may run before
            // `set_config`; the audit insert selects FROM both and so runs after.
            sqlx::query_as!(
                DomainRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
                   d AS (
                       UPDATE domains SET name = $2, display_name = $3, description = $4,
                           config = $5, business_rules = $6, participant_definition = $7,
                           target_definition = $8, is_active = $9, updated_at = $10
                       WHERE id = $1
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT s.scope, $11, $12, $13, $14, $15, $16, $17 FROM s, d)
                   SELECT id AS "id!", name AS "name!", display_name AS "display_name!",
                          description, config AS "config!", business_rules AS "business_rules!",
                          participant_definition, target_definition, is_active AS "is_active!",
                          created_at AS "created_at!", updated_at AS "updated_at!"
                   FROM d"#,
                domain.id.as_uuid(),
                domain.name,
                domain.display_name,
                domain.description,
                domain.config,
                domain.business_rules,
                domain.participant_definition,
                domain.target_definition,
                domain.is_active,
                domain.updated_at,
                a.id,
                a.actor,
                a.kind,
                a.entity_id,
                a.action,
                &a.fields,
                a.at,
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .map(Domain::from)
            .ok_or_else(|| Error::not_found("domain", domain.id))
        })
        .await
    }
}
