//! Participants of a domain, with bulk import: every column goes as one
//! array parameter and the rows come back out of `unnest(...)`, so that a
//! batch of any size is one statement (and one round trip), with the audit
//! events written by the same statement.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use uuid::Uuid;
use vividshift_core::model::{AuditEvent, Availability, Participant, ParticipantQuery};
use vividshift_core::{DomainId, Error, ParticipantId, ParticipantRepository, Result};

use crate::domains::AuditParams;
use crate::error::{corrupt, map_db_error};
use crate::scope::{begin_scoped, commit, observe};
use crate::store::{PgStore, same_domain};

/// Rows per bulk statement: big enough to amortise the round trip, small
/// enough to keep one statement's memory modest.
pub(crate) const BULK_BATCH: usize = 5_000;

/// A `participants` row as selected.
struct ParticipantRow {
    domain_id: Uuid,
    id: Uuid,
    name: String,
    email: Option<String>,
    skills: Json,
    availability: Json,
    preferences: Json,
    group_name: Option<String>,
    max_assignments: i32,
    attributes: Json,
    metadata: Json,
    is_active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<ParticipantRow> for Participant {
    type Error = Error;

    fn try_from(r: ParticipantRow) -> Result<Self> {
        Ok(Participant {
            id: ParticipantId(r.id),
            domain_id: DomainId(r.domain_id),
            name: r.name,
            email: r.email,
            skills: serde_json::from_value(r.skills).map_err(|e| corrupt("skills", e))?,
            availability: serde_json::from_value::<Availability>(r.availability)
                .map_err(|e| corrupt("availability", e))?,
            preferences: r.preferences,
            group: r.group_name,
            max_assignments: r.max_assignments,
            attributes: r.attributes,
            metadata: r.metadata,
            is_active: r.is_active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

pub(crate) fn to_json<T: serde::Serialize>(what: &str, value: &T) -> Result<Json> {
    serde_json::to_value(value)
        .map_err(|e| Error::internal(format!("{what} does not serialize: {e}")))
}

/// Audit events as parallel arrays for UNNEST.
#[derive(Default)]
pub(crate) struct AuditColumns {
    pub ids: Vec<Uuid>,
    pub actors: Vec<Option<Uuid>>,
    pub kinds: Vec<&'static str>,
    pub entity_ids: Vec<Uuid>,
    pub actions: Vec<&'static str>,
    /// Each event's changed fields as a PostgreSQL array literal (`{"a","b"}`), cast to
    /// `text[]` in SQL: UNNEST cannot take ragged two-dimensional arrays.
    pub fields: Vec<String>,
    pub at: Vec<DateTime<Utc>>,
}

impl AuditColumns {
    /// Checks the events pair one to one with `rows` rows of `domain`, and splits them.
    pub(crate) fn of(domain: DomainId, rows: usize, events: &[AuditEvent]) -> Result<Self> {
        if rows != events.len() {
            return Err(Error::internal(format!(
                "{rows} rows but {} audit events",
                events.len()
            )));
        }
        let mut c = Self::default();
        for e in events {
            let a = AuditParams::of(domain, e)?;
            c.ids.push(a.id);
            c.actors.push(a.actor);
            c.kinds.push(a.kind);
            c.entity_ids.push(a.entity_id);
            c.actions.push(a.action);
            c.fields.push(array_literal(&a.fields));
            c.at.push(a.at);
        }
        Ok(c)
    }
}

/// A PostgreSQL array literal of `items`, every element quoted and escaped: a
/// value parsed by `array_in`, never SQL text.
pub(crate) fn array_literal(items: &[String]) -> String {
    let mut out = String::from("{");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        for ch in item.chars() {
            if ch == '"' || ch == '\\' {
                out.push('\\');
            }
            out.push(ch);
        }
        out.push('"');
    }
    out.push('}');
    out
}

/// Participants as parallel arrays for UNNEST.
#[derive(Default)]
struct ParticipantColumns {
    ids: Vec<Uuid>,
    names: Vec<String>,
    emails: Vec<Option<String>>,
    skills: Vec<Json>,
    availability: Vec<Json>,
    preferences: Vec<Json>,
    groups: Vec<Option<String>>,
    max_assignments: Vec<i32>,
    attributes: Vec<Json>,
    metadata: Vec<Json>,
    active: Vec<bool>,
    created: Vec<DateTime<Utc>>,
    updated: Vec<DateTime<Utc>>,
}

impl ParticipantColumns {
    fn of(domain: DomainId, rows: &[Participant]) -> Result<Self> {
        let mut c = Self::default();
        for p in rows {
            same_domain(domain, p.domain_id)?;
            c.ids.push(p.id.as_uuid());
            c.names.push(p.name.clone());
            c.emails.push(p.email.clone());
            c.skills.push(to_json("skills", &p.skills)?);
            c.availability
                .push(to_json("availability", &p.availability)?);
            c.preferences.push(p.preferences.clone());
            c.groups.push(p.group.clone());
            c.max_assignments.push(p.max_assignments);
            c.attributes.push(p.attributes.clone());
            c.metadata.push(p.metadata.clone());
            c.active.push(p.is_active);
            c.created.push(p.created_at);
            c.updated.push(p.updated_at);
        }
        Ok(c)
    }
}

impl PgStore {
    /// Inserts one batch of participants and their audit events in one statement.
    async fn insert_participants<'e>(
        &self,
        exec: impl sqlx::PgExecutor<'e>,
        domain: DomainId,
        rows: &[Participant],
        audit: &[AuditEvent],
    ) -> Result<u64> {
        let p = ParticipantColumns::of(domain, rows)?;
        let a = AuditColumns::of(domain, rows.len(), audit)?;
        let r = sqlx::query!(
            r#"WITH s AS MATERIALIZED (
                   SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
               p AS (
                   INSERT INTO participants (domain_id, id, name, email, skills, availability,
                       preferences, group_name, max_assignments, attributes, metadata, is_active,
                       created_at, updated_at)
                   SELECT s.scope, u.* FROM s, unnest($2::uuid[], $3::text[], $4::text[],
                       $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::text[], $9::int4[],
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
               SELECT (SELECT count(*) FROM p) AS "inserted!", (SELECT count(*) FROM a) AS "audited!""#,
            domain.as_uuid(),
            &p.ids,
            &p.names,
            &p.emails as &[Option<String>],
            &p.skills,
            &p.availability,
            &p.preferences,
            &p.groups as &[Option<String>],
            &p.max_assignments,
            &p.attributes,
            &p.metadata,
            &p.active,
            &p.created,
            &p.updated,
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
impl ParticipantRepository for PgStore {
    async fn create(
        &self,
        domain: DomainId,
        participant: &Participant,
        audit: &AuditEvent,
    ) -> Result<Participant> {
        observe(self.slow_ms, "participants.create", async {
            same_domain(domain, participant.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            sqlx::query_as!(
                ParticipantRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
                   p AS (
                       INSERT INTO participants (domain_id, id, name, email, skills, availability,
                           preferences, group_name, max_assignments, attributes, metadata,
                           is_active, created_at, updated_at)
                       SELECT s.scope, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14
                       FROM s
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT p.domain_id, $15, $16, $17, $18, $19, $20, $21 FROM p)
                   SELECT domain_id AS "domain_id!", id AS "id!", name AS "name!", email,
                          skills AS "skills!", availability AS "availability!",
                          preferences AS "preferences!", group_name,
                          max_assignments AS "max_assignments!", attributes AS "attributes!",
                          metadata AS "metadata!", is_active AS "is_active!",
                          created_at AS "created_at!", updated_at AS "updated_at!"
                   FROM p"#,
                domain.as_uuid(),
                participant.id.as_uuid(),
                participant.name,
                participant.email,
                to_json("skills", &participant.skills)?,
                to_json("availability", &participant.availability)?,
                participant.preferences,
                participant.group,
                participant.max_assignments,
                participant.attributes,
                participant.metadata,
                participant.is_active,
                participant.created_at,
                participant.updated_at,
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
        participants: &[Participant],
        audit: &[AuditEvent],
    ) -> Result<u64> {
        observe(self.slow_ms, "participants.create_many", async {
            AuditColumns::of(domain, participants.len(), audit)?;
            if participants.is_empty() {
                return Ok(0);
            }
            if participants.len() <= BULK_BATCH {
                return self
                    .insert_participants(&self.pool, domain, participants, audit)
                    .await;
            }
            let mut tx = begin_scoped(&self.pool, domain).await?;
            let mut total = 0;
            for (rows, events) in participants
                .chunks(BULK_BATCH)
                .zip(audit.chunks(BULK_BATCH))
            {
                total += self
                    .insert_participants(&mut *tx, domain, rows, events)
                    .await?;
            }
            commit(tx).await?;
            Ok(total)
        })
        .await
    }

    async fn get(&self, domain: DomainId, id: ParticipantId) -> Result<Participant> {
        observe(self.slow_ms, "participants.get", async {
            sqlx::query_as!(
                ParticipantRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT p.domain_id AS "domain_id!", p.id AS "id!", p.name AS "name!", p.email,
                          p.skills AS "skills!", p.availability AS "availability!",
                          p.preferences AS "preferences!", p.group_name,
                          p.max_assignments AS "max_assignments!", p.attributes AS "attributes!",
                          p.metadata AS "metadata!", p.is_active AS "is_active!",
                          p.created_at AS "created_at!", p.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM participants WHERE domain_id = s.scope AND id = $2 OFFSET 0) p"#,
                domain.as_uuid(),
                id.as_uuid(),
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("participant", id))?
            .try_into()
        })
        .await
    }

    async fn list(&self, domain: DomainId, query: &ParticipantQuery) -> Result<Vec<Participant>> {
        observe(self.slow_ms, "participants.list", async {
            let rows = match &query.skill {
                // A query of its own, through `participant_skills` (kept by triggers): under
                // row-level security the GIN index on `skills` cannot be used, because
                // `jsonb_exists` is not leakproof, while the B-tree on (domain_id, skill) can
                // (see postgres/README.md). `domain_id = $1` (not `= s.scope`) lets the
                // planner see the domain's real size; `s.scope = $1` keeps the lateral
                // reference that orders the scans after `set_config`.
                Some(skill) => sqlx::query_as!(
                    ParticipantRow,
                    r#"WITH s AS MATERIALIZED (
                           SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                       SELECT p.domain_id AS "domain_id!", p.id AS "id!", p.name AS "name!",
                              p.email, p.skills AS "skills!", p.availability AS "availability!",
                              p.preferences AS "preferences!", p.group_name,
                              p.max_assignments AS "max_assignments!",
                              p.attributes AS "attributes!", p.metadata AS "metadata!",
                              p.is_active AS "is_active!", p.created_at AS "created_at!",
                              p.updated_at AS "updated_at!"
                       FROM s CROSS JOIN LATERAL (
                           SELECT x.* FROM participant_skills k
                           JOIN participants x
                             ON x.domain_id = k.domain_id AND x.id = k.participant_id
                           WHERE s.scope = $1 AND k.domain_id = $1 AND x.domain_id = $1
                             AND k.skill = $2
                             AND ($3 OR x.is_active)
                             AND ($4::text IS NULL OR x.group_name = $4)
                           OFFSET 0) p
                       ORDER BY p.name COLLATE "C", p.id"#,
                    domain.as_uuid(),
                    skill,
                    query.include_inactive,
                    query.group,
                )
                .fetch_all(&self.pool)
                .await,
                None => sqlx::query_as!(
                    ParticipantRow,
                    r#"WITH s AS MATERIALIZED (
                           SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                       SELECT p.domain_id AS "domain_id!", p.id AS "id!", p.name AS "name!",
                              p.email, p.skills AS "skills!", p.availability AS "availability!",
                              p.preferences AS "preferences!", p.group_name,
                              p.max_assignments AS "max_assignments!",
                              p.attributes AS "attributes!", p.metadata AS "metadata!",
                              p.is_active AS "is_active!", p.created_at AS "created_at!",
                              p.updated_at AS "updated_at!"
                       FROM s CROSS JOIN LATERAL (
                           SELECT * FROM participants
                           WHERE s.scope = $1 AND domain_id = $1 AND ($2 OR is_active)
                             AND ($3::text IS NULL OR group_name = $3)
                           OFFSET 0) p
                       ORDER BY p.name COLLATE "C", p.id"#,
                    domain.as_uuid(),
                    query.include_inactive,
                    query.group,
                )
                .fetch_all(&self.pool)
                .await,
            };
            rows.map_err(map_db_error)?
                .into_iter()
                .map(Participant::try_from)
                .collect()
        })
        .await
    }

    async fn update(
        &self,
        domain: DomainId,
        participant: &Participant,
        audit: &AuditEvent,
    ) -> Result<Participant> {
        observe(self.slow_ms, "participants.update", async {
            same_domain(domain, participant.domain_id)?;
            let a = AuditParams::of(domain, audit)?;
            let mut tx = begin_scoped(&self.pool, domain).await?;
            let row = sqlx::query_as!(
                ParticipantRow,
                r#"WITH p AS (
                       UPDATE participants SET name = $3, email = $4, skills = $5,
                           availability = $6, preferences = $7, group_name = $8,
                           max_assignments = $9, attributes = $10, metadata = $11,
                           is_active = $12, updated_at = $13
                       WHERE domain_id = $1 AND id = $2
                       RETURNING *),
                   a AS (
                       INSERT INTO audit_events (domain_id, id, actor, entity_kind, entity_id,
                           action, changed_fields, created_at)
                       SELECT p.domain_id, $14, $15, $16, $17, $18, $19, $20 FROM p)
                   SELECT domain_id AS "domain_id!", id AS "id!", name AS "name!", email,
                          skills AS "skills!", availability AS "availability!",
                          preferences AS "preferences!", group_name,
                          max_assignments AS "max_assignments!", attributes AS "attributes!",
                          metadata AS "metadata!", is_active AS "is_active!",
                          created_at AS "created_at!", updated_at AS "updated_at!"
                   FROM p"#,
                domain.as_uuid(),
                participant.id.as_uuid(),
                participant.name,
                participant.email,
                to_json("skills", &participant.skills)?,
                to_json("availability", &participant.availability)?,
                participant.preferences,
                participant.group,
                participant.max_assignments,
                participant.attributes,
                participant.metadata,
                participant.is_active,
                participant.updated_at,
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
            .ok_or_else(|| Error::not_found("participant", participant.id))?;
            commit(tx).await?;
            row.try_into()
        })
        .await
    }
}
