//! Assignment targets of a domain, with the same bulk import as participants.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use uuid::Uuid;
use vividshift_core::model::{AssignmentTarget, AuditEvent};
use vividshift_core::{DomainId, Error, Result, TargetId, TargetRepository};

use crate::domains::AuditParams;
use crate::error::{corrupt, map_db_error};
use crate::participants::{AuditColumns, BULK_BATCH, to_json};
use crate::scope::{begin_scoped, commit, observe};
use crate::store::{PgStore, same_domain};

/// An `assignment_targets` row as selected.
struct TargetRow {
    domain_id: Uuid,
    id: Uuid,
    name: String,
    description: Option<String>,
    required_count: i32,
    required_skills: Json,
    skills_hard: bool,
    priority: i32,
    max_per_group: Option<i32>,
    attributes: Json,
    metadata: Json,
    is_active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<TargetRow> for AssignmentTarget {
    type Error = Error;

    fn try_from(r: TargetRow) -> Result<Self> {
        Ok(AssignmentTarget {
            id: TargetId(r.id),
            domain_id: DomainId(r.domain_id),
            name: r.name,
            description: r.description,
            required_count: r.required_count,
            required_skills: serde_json::from_value(r.required_skills)
                .map_err(|e| corrupt("required_skills", e))?,
            skills_hard: r.skills_hard,
            priority: r.priority,
            max_per_group: r.max_per_group,
            attributes: r.attributes,
            metadata: r.metadata,
            is_active: r.is_active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// Targets as parallel arrays for UNNEST.
#[derive(Default)]
struct TargetColumns {
    ids: Vec<Uuid>,
    names: Vec<String>,
    descriptions: Vec<Option<String>>,
    required_count: Vec<i32>,
    required_skills: Vec<Json>,
    skills_hard: Vec<bool>,
    priority: Vec<i32>,
    max_per_group: Vec<Option<i32>>,
    attributes: Vec<Json>,
    metadata: Vec<Json>,
    active: Vec<bool>,
    created: Vec<DateTime<Utc>>,
    updated: Vec<DateTime<Utc>>,
}

impl TargetColumns {
    fn of(domain: DomainId, rows: &[AssignmentTarget]) -> Result<Self> {
        let mut c = Self::default();
        for t in rows {
            same_domain(domain, t.domain_id)?;
            c.ids.push(t.id.as_uuid());
            c.names.push(t.name.clone());
            c.descriptions.push(t.description.clone());
            c.required_count.push(t.required_count);
            c.required_skills
                .push(to_json("required_skills", &t.required_skills)?);
            c.skills_hard.push(t.skills_hard);
            c.priority.push(t.priority);
            c.max_per_group.push(t.max_per_group);
            c.attributes.push(t.attributes.clone());
            c.metadata.push(t.metadata.clone());
            c.active.push(t.is_active);
            c.created.push(t.created_at);
            c.updated.push(t.updated_at);
        }
        Ok(c)
    }
}

impl PgStore {
    /// Inserts one batch of targets and their audit events in one statement.
    async fn insert_targets<'e>(
        &self,
        exec: impl sqlx::PgExecutor<'e>,
        domain: DomainId,
        rows: &[AssignmentTarget],
        audit: &[AuditEvent],
    ) -> Result<u64> {
        let t = TargetColumns::of(domain, rows)?;
        let a = AuditColumns::of(domain, rows.len(), audit)?;
        let r = sqlx::query!(
            r#"WITH s AS MATERIALIZED (
                   SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
               t AS (
                   INSERT INTO assignment_targets (domain_id, id, name, description,
                       required_count, required_skills, skills_hard, priority, max_per_group,
                       attributes, metadata, is_active, created_at, updated_at)
                   SELECT s.scope, u.* FROM s, unnest($2::uuid[], $3::text[], $4::text[],
                       $5::int4[], $6::jsonb[], $7::bool[], $8::int4[], $9::int4[],
                       $10::jsonb[], $11::jsonb[], $12::bool[], $13::timestamptz[],
                       $14::timestamptz[]) AS u
                   RETURNING 1),
               a AS (
                   INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id, action,
                       changed_fields, created_at)
                   SELECT s.scope, v.id, v.actor, v.kind, v.entity_id, v.action,
                          v.fields::text[], v.at
                   FROM s, unnest($15::uuid[], $16::uuid[], $17::text[], $18::uuid[], $19::text[],
                       $20::text[], $21::timestamptz[])
                       WITH ORDINALITY AS v(id, actor, kind, entity_id, action, fields, at, ord)
                   ORDER BY v.ord
                   RETURNING 1)
               SELECT (SELECT count(*) FROM t) AS "inserted!", (SELECT count(*) FROM a) AS "audited!""#,
            domain.as_uuid(),
            &t.ids,
            &t.names,
            &t.descriptions as &[Option<String>],
            &t.required_count,
            &t.required_skills,
            &t.skills_hard,
            &t.priority,
            &t.max_per_group as &[Option<i32>],
            &t.attributes,
            &t.metadata,
            &t.active,
            &t.created,
            &t.updated,
            &a.ids,
            &a.actors as &[Option<Uuid>],
            &a.kinds as &[&str],
            &a.entity_ids,
            &a.actions as &[&str],
            &a.fields,
            &a.at,
        )
        .fetch_one(exec)
        .await
        .map_err(map_db_error)?;
        Ok(r.inserted as u64)
    }
}

#[async_trait]
impl TargetRepository for PgStore {
    async fn create(
        &self,
        domain: DomainId,
        target: &AssignmentTarget,
        audit: &AuditEvent,
    ) -> Result<AssignmentTarget> {
        observe(self.slow_ms, "targets.create", async {
            same_domain(domain, target.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            sqlx::query_as!(
                TargetRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
                   t AS (
                       INSERT INTO assignment_targets (domain_id, id, name, description,
                           required_count, required_skills, skills_hard, priority, max_per_group,
                           attributes, metadata, is_active, created_at, updated_at)
                       SELECT s.scope, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14
                       FROM s
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT t.domain_id, $15, $16, $17, $18, $19, $20, $21 FROM t)
                   SELECT domain_id AS "domain_id!", id AS "id!", name AS "name!", description,
                          required_count AS "required_count!",
                          required_skills AS "required_skills!", skills_hard AS "skills_hard!",
                          priority AS "priority!", max_per_group, attributes AS "attributes!",
                          metadata AS "metadata!", is_active AS "is_active!",
                          created_at AS "created_at!", updated_at AS "updated_at!"
                   FROM t"#,
                domain.as_uuid(),
                target.id.as_uuid(),
                target.name,
                target.description,
                target.required_count,
                to_json("required_skills", &target.required_skills)?,
                target.skills_hard,
                target.priority,
                target.max_per_group,
                target.attributes,
                target.metadata,
                target.is_active,
                target.created_at,
                target.updated_at,
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

    async fn create_many(
        &self,
        domain: DomainId,
        targets: &[AssignmentTarget],
        audit: &[AuditEvent],
    ) -> Result<u64> {
        observe(self.slow_ms, "targets.create_many", async {
            AuditColumns::of(domain, targets.len(), audit)?;
            if targets.is_empty() {
                return Ok(0);
            }
            if targets.len() <= BULK_BATCH {
                return self
                    .insert_targets(&self.pool, domain, targets, audit)
                    .await;
            }
            let mut tx = begin_scoped(&self.pool, domain).await?;
            let mut total = 0;
            for (rows, events) in targets.chunks(BULK_BATCH).zip(audit.chunks(BULK_BATCH)) {
                total += self.insert_targets(&mut *tx, domain, rows, events).await?;
            }
            commit(tx).await?;
            Ok(total)
        })
        .await
    }

    async fn get(&self, domain: DomainId, id: TargetId) -> Result<AssignmentTarget> {
        observe(self.slow_ms, "targets.get", async {
            sqlx::query_as!(
                TargetRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT t.domain_id AS "domain_id!", t.id AS "id!", t.name AS "name!",
                          t.description, t.required_count AS "required_count!",
                          t.required_skills AS "required_skills!",
                          t.skills_hard AS "skills_hard!", t.priority AS "priority!",
                          t.max_per_group, t.attributes AS "attributes!",
                          t.metadata AS "metadata!", t.is_active AS "is_active!",
                          t.created_at AS "created_at!", t.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM assignment_targets
                       WHERE domain_id = s.scope AND id = $2 OFFSET 0) t"#,
                domain.as_uuid(),
                id.as_uuid(),
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("target", id))?
            .try_into()
        })
        .await
    }

    async fn list(
        &self,
        domain: DomainId,
        include_inactive: bool,
    ) -> Result<Vec<AssignmentTarget>> {
        observe(self.slow_ms, "targets.list", async {
            sqlx::query_as!(
                TargetRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT t.domain_id AS "domain_id!", t.id AS "id!", t.name AS "name!",
                          t.description, t.required_count AS "required_count!",
                          t.required_skills AS "required_skills!",
                          t.skills_hard AS "skills_hard!", t.priority AS "priority!",
                          t.max_per_group, t.attributes AS "attributes!",
                          t.metadata AS "metadata!", t.is_active AS "is_active!",
                          t.created_at AS "created_at!", t.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM assignment_targets
                       WHERE domain_id = s.scope AND ($2 OR is_active) OFFSET 0) t
                   ORDER BY t.priority DESC, t.name COLLATE "C""#,
                domain.as_uuid(),
                include_inactive,
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(AssignmentTarget::try_from)
            .collect()
        })
        .await
    }

    async fn update(
        &self,
        domain: DomainId,
        target: &AssignmentTarget,
        audit: &AuditEvent,
    ) -> Result<AssignmentTarget> {
        observe(self.slow_ms, "targets.update", async {
            same_domain(domain, target.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            let mut tx = begin_scoped(&self.pool, domain).await?;
            let row = sqlx::query_as!(
                TargetRow,
                r#"WITH t AS (
                       UPDATE assignment_targets SET name = $3, description = $4,
                           required_count = $5, required_skills = $6, skills_hard = $7,
                           priority = $8, max_per_group = $9, attributes = $10, metadata = $11,
                           is_active = $12, updated_at = $13
                       WHERE domain_id = $1 AND id = $2
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT t.domain_id, $14, $15, $16, $17, $18, $19, $20 FROM t)
                   SELECT domain_id AS "domain_id!", id AS "id!", name AS "name!", description,
                          required_count AS "required_count!",
                          required_skills AS "required_skills!", skills_hard AS "skills_hard!",
                          priority AS "priority!", max_per_group, attributes AS "attributes!",
                          metadata AS "metadata!", is_active AS "is_active!",
                          created_at AS "created_at!", updated_at AS "updated_at!"
                   FROM t"#,
                domain.as_uuid(),
                target.id.as_uuid(),
                target.name,
                target.description,
                target.required_count,
                to_json("required_skills", &target.required_skills)?,
                target.skills_hard,
                target.priority,
                target.max_per_group,
                target.attributes,
                target.metadata,
                target.is_active,
                target.updated_at,
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
            .ok_or_else(|| Error::not_found("target", target.id))?;
            commit(tx).await?;
            row.try_into()
        })
        .await
    }
}
