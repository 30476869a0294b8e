//! Entities of a domain, with their unique keys: one `entity_unique_keys` row
//! per claimed `(definition, field, value)`, whose primary key makes a second
//! claim impossible. Keys are claimed with `ON CONFLICT DO NOTHING` so that the
//! statement can say which field collided; the transaction is then rolled back.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use uuid::Uuid;
use vividshift_core::model::{AuditEvent, Entity, EntityQuery, EntityStatus, UniqueKey};
use vividshift_core::{DomainId, EntityDefinitionId, EntityId, EntityRepository, Error, Result};

use crate::domains::AuditParams;
use crate::error::map_db_error;
use crate::scope::{begin_scoped, commit, observe};
use crate::store::{PgStore, same_domain};

/// An `entities` row with its definition's name, as selected.
struct EntityRow {
    domain_id: Uuid,
    id: Uuid,
    definition_id: Uuid,
    definition_name: String,
    attributes: Json,
    status: String,
    tags: Vec<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<EntityRow> for Entity {
    type Error = Error;

    fn try_from(r: EntityRow) -> Result<Self> {
        Ok(Entity {
            id: EntityId(r.id),
            domain_id: DomainId(r.domain_id),
            definition_id: EntityDefinitionId(r.definition_id),
            definition_name: r.definition_name,
            attributes: r.attributes,
            status: EntityStatus::parse(&r.status)?,
            tags: r.tags,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// Splits keys into parallel arrays for UNNEST.
fn key_arrays(keys: &[UniqueKey]) -> (Vec<String>, Vec<String>) {
    keys.iter()
        .map(|k| (k.field.clone(), k.value.clone()))
        .unzip()
}

/// The conflict for the first key that was not claimed, if any.
fn unclaimed(entity: &Entity, keys: &[UniqueKey], claimed: &[String]) -> Option<Error> {
    keys.iter().find(|k| !claimed.contains(&k.field)).map(|k| {
        Error::conflict(
            k.field.clone(),
            format!(
                "another `{}` has {} = {}",
                entity.definition_name, k.field, k.value
            ),
        )
    })
}

#[async_trait]
impl EntityRepository for PgStore {
    async fn create(
        &self,
        domain: DomainId,
        entity: &Entity,
        unique_keys: &[UniqueKey],
        audit: &AuditEvent,
    ) -> Result<Entity> {
        observe(self.slow_ms, "entities.create", async {
            same_domain(domain, entity.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            let (fields, values) = key_arrays(unique_keys);
            let mut tx = begin_scoped(&self.pool, domain).await?;
            let row = sqlx::query!(
                r#"WITH e AS (
                       INSERT INTO entities (domain_id, id, definition_id, attributes, status,
                           tags, version, created_at, updated_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                       RETURNING *),
                   k AS (
                       INSERT INTO entity_unique_keys (domain_id, definition_id, field, value,
                           entity_id)
                       SELECT e.domain_id, e.definition_id, u.field, u.value, e.id
                       FROM e, unnest($10::text[], $11::text[]) AS u(field, value)
                       ON CONFLICT DO NOTHING
                       RETURNING field),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT e.domain_id, $12, $13, $14, $15, $16, $17, $18 FROM e)
                   SELECT e.domain_id AS "domain_id!", e.id AS "id!",
                          e.definition_id AS "definition_id!", d.name AS "definition_name!",
                          e.attributes AS "attributes!", e.status AS "status!",
                          e.tags AS "tags!", e.version AS "version!",
                          e.created_at AS "created_at!", e.updated_at AS "updated_at!",
                          ARRAY(SELECT field FROM k) AS "claimed!"
                   FROM e JOIN entity_definitions d
                       ON d.domain_id = e.domain_id AND d.id = e.definition_id"#,
                domain.as_uuid(),
                entity.id.as_uuid(),
                entity.definition_id.as_uuid(),
                entity.attributes,
                entity.status.as_str(),
                &entity.tags,
                entity.version,
                entity.created_at,
                entity.updated_at,
                &fields,
                &values,
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
            .ok_or_else(|| {
                Error::invalid(
                    "definition_id",
                    "foreign_key",
                    "the entity definition does not exist in this domain",
                )
            })?;
            if let Some(conflict) = unclaimed(entity, unique_keys, &row.claimed) {
                return Err(conflict);
            }
            commit(tx).await?;
            EntityRow {
                domain_id: row.domain_id,
                id: row.id,
                definition_id: row.definition_id,
                definition_name: row.definition_name,
                attributes: row.attributes,
                status: row.status,
                tags: row.tags,
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
            }
            .try_into()
        })
        .await
    }

    async fn get(&self, domain: DomainId, id: EntityId) -> Result<Entity> {
        observe(self.slow_ms, "entities.get", async {
            sqlx::query_as!(
                EntityRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT x.domain_id AS "domain_id!", x.id AS "id!",
                          x.definition_id AS "definition_id!",
                          x.definition_name AS "definition_name!",
                          x.attributes AS "attributes!", x.status AS "status!", x.tags AS "tags!",
                          x.version AS "version!", x.created_at AS "created_at!",
                          x.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT e.*, d.name AS definition_name
                       FROM entities e JOIN entity_definitions d
                           ON d.domain_id = e.domain_id AND d.id = e.definition_id
                       WHERE e.domain_id = s.scope AND e.id = $2 OFFSET 0) x"#,
                domain.as_uuid(),
                id.as_uuid(),
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("entity", id))?
            .try_into()
        })
        .await
    }

    async fn list(&self, domain: DomainId, query: &EntityQuery) -> Result<Vec<Entity>> {
        observe(self.slow_ms, "entities.list", async {
            sqlx::query_as!(
                EntityRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT x.domain_id AS "domain_id!", x.id AS "id!",
                          x.definition_id AS "definition_id!",
                          x.definition_name AS "definition_name!",
                          x.attributes AS "attributes!", x.status AS "status!", x.tags AS "tags!",
                          x.version AS "version!", x.created_at AS "created_at!",
                          x.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT e.*, d.name AS definition_name
                       FROM entities e JOIN entity_definitions d
                           ON d.domain_id = e.domain_id AND d.id = e.definition_id
                       WHERE e.domain_id = s.scope
                         AND ($2::uuid IS NULL OR e.definition_id = $2)
                         AND ($3 OR e.status <> 'deleted')
                         AND ($4::text IS NULL OR $4 = ANY (e.tags))
                       OFFSET 0) x
                   ORDER BY x.created_at, x.id"#,
                domain.as_uuid(),
                query.definition_id.map(|d| d.as_uuid()),
                query.include_deleted,
                query.tag,
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(Entity::try_from)
            .collect()
        })
        .await
    }

    async fn update(
        &self,
        domain: DomainId,
        entity: &Entity,
        unique_keys: &[UniqueKey],
        audit: &AuditEvent,
    ) -> Result<Entity> {
        observe(self.slow_ms, "entities.update", async {
            same_domain(domain, entity.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            let (fields, values) = key_arrays(unique_keys);
            let mut tx = begin_scoped(&self.pool, domain).await?;
            // Keys this entity already holds are "updated" to itself (and so returned);
            // keys held by another entity are not; keys no longer wanted are deleted.
            let row = sqlx::query!(
                r#"WITH e AS (
                       UPDATE entities SET definition_id = $3, attributes = $4, status = $5,
                           tags = $6, version = $7, updated_at = $8
                       WHERE domain_id = $1 AND id = $2
                       RETURNING *),
                   wanted AS (
                       SELECT u.field, u.value FROM unnest($9::text[], $10::text[]) AS u(field, value)),
                   k AS (
                       INSERT INTO entity_unique_keys (domain_id, definition_id, field, value,
                           entity_id)
                       SELECT e.domain_id, e.definition_id, w.field, w.value, e.id FROM e, wanted w
                       ON CONFLICT (domain_id, definition_id, field, value)
                       DO UPDATE SET entity_id = excluded.entity_id
                       WHERE entity_unique_keys.entity_id = excluded.entity_id
                       RETURNING field),
                   released AS (
                       DELETE FROM entity_unique_keys x USING e
                       WHERE x.domain_id = e.domain_id AND x.entity_id = e.id
                         AND NOT (x.definition_id = e.definition_id AND EXISTS (
                             SELECT 1 FROM wanted w WHERE w.field = x.field AND w.value = x.value))),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT e.domain_id, $11, $12, $13, $14, $15, $16, $17 FROM e)
                   SELECT e.domain_id AS "domain_id!", e.id AS "id!",
                          e.definition_id AS "definition_id!", d.name AS "definition_name!",
                          e.attributes AS "attributes!", e.status AS "status!",
                          e.tags AS "tags!", e.version AS "version!",
                          e.created_at AS "created_at!", e.updated_at AS "updated_at!",
                          ARRAY(SELECT field FROM k) AS "claimed!"
                   FROM e JOIN entity_definitions d
                       ON d.domain_id = e.domain_id AND d.id = e.definition_id"#,
                domain.as_uuid(),
                entity.id.as_uuid(),
                entity.definition_id.as_uuid(),
                entity.attributes,
                entity.status.as_str(),
                &entity.tags,
                entity.version,
                entity.updated_at,
                &fields,
                &values,
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
            .ok_or_else(|| Error::not_found("entity", entity.id))?;
            if let Some(conflict) = unclaimed(entity, unique_keys, &row.claimed) {
                return Err(conflict);
            }
            commit(tx).await?;
            EntityRow {
                domain_id: row.domain_id,
                id: row.id,
                definition_id: row.definition_id,
                definition_name: row.definition_name,
                attributes: row.attributes,
                status: row.status,
                tags: row.tags,
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
            }
            .try_into()
        })
        .await
    }
}
