//! Stored assignments with their details and history. Creating one is a
//! single statement (assignment, details and history rows in data-modifying
//! CTEs), so it is atomic without a transaction; the partial unique index on
//! `(domain_id, assignment_date) WHERE status <> 'cancelled'` lets exactly one
//! of two concurrent creates for a date win. Reads fetch the assignment with
//! its details and history as JSON aggregates, in one round trip.

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::Value as Json;
use uuid::Uuid;
use vividshift_core::model::{
    Assignment, AssignmentDetail, AssignmentHistory, AssignmentQuery, AssignmentRecord,
    AssignmentStatus, HistoryAction, PastAssignment,
};
use vividshift_core::{
    AssignmentDetailId, AssignmentId, AssignmentRepository, DomainId, Error, HistoryId,
    ParticipantId, Result, TargetId, UserId,
};

use crate::error::{corrupt, map_db_error};
use crate::scope::{begin_scoped, commit, observe};
use crate::store::{PgStore, same_domain};

/// An `assignments` row as selected.
struct AssignmentRow {
    domain_id: Uuid,
    id: Uuid,
    assignment_date: NaiveDate,
    strategy: String,
    config: Json,
    metrics: Json,
    status: String,
    notes: Option<String>,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<AssignmentRow> for Assignment {
    type Error = Error;

    fn try_from(r: AssignmentRow) -> Result<Self> {
        Ok(Assignment {
            id: AssignmentId(r.id),
            domain_id: DomainId(r.domain_id),
            assignment_date: r.assignment_date,
            strategy: r.strategy,
            config: r.config,
            metrics: r.metrics,
            status: AssignmentStatus::parse(&r.status)?,
            notes: r.notes,
            created_by: r.created_by.map(UserId),
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// An `assignment_details` row as `to_jsonb` renders it.
#[derive(Deserialize)]
struct DetailJson {
    id: Uuid,
    domain_id: Uuid,
    assignment_id: Uuid,
    participant_id: Uuid,
    target_id: Uuid,
    position: i32,
    score: f64,
    reason: String,
}

/// An `assignment_history` row as `to_jsonb` renders it.
#[derive(Deserialize)]
struct HistoryJson {
    id: Uuid,
    domain_id: Uuid,
    assignment_id: Uuid,
    action: String,
    actor: Option<Uuid>,
    changes: Json,
    created_at: DateTime<Utc>,
}

/// Builds the record from the assignment row and its JSON-aggregated children.
fn build_record(row: AssignmentRow, details: Json, history: Json) -> Result<AssignmentRecord> {
    let details: Vec<DetailJson> =
        serde_json::from_value(details).map_err(|e| corrupt("assignment details", e))?;
    let history: Vec<HistoryJson> =
        serde_json::from_value(history).map_err(|e| corrupt("assignment history", e))?;
    Ok(AssignmentRecord {
        assignment: row.try_into()?,
        details: details
            .into_iter()
            .map(|d| AssignmentDetail {
                id: AssignmentDetailId(d.id),
                domain_id: DomainId(d.domain_id),
                assignment_id: AssignmentId(d.assignment_id),
                participant_id: ParticipantId(d.participant_id),
                target_id: TargetId(d.target_id),
                position: d.position,
                score: d.score,
                reason: d.reason,
            })
            .collect(),
        history: history
            .into_iter()
            .map(|h| {
                Ok(AssignmentHistory {
                    id: HistoryId(h.id),
                    domain_id: DomainId(h.domain_id),
                    assignment_id: AssignmentId(h.assignment_id),
                    action: HistoryAction::parse(&h.action)?,
                    actor: h.actor.map(UserId),
                    changes: h.changes,
                    created_at: h.created_at,
                })
            })
            .collect::<Result<_>>()?,
    })
}

/// Every check a new record must pass before it is sent (the database checks the rest).
fn check_new_record(domain: DomainId, record: &AssignmentRecord) -> Result<()> {
    let a = &record.assignment;
    same_domain(domain, a.domain_id)?;
    let mut slots = HashSet::new();
    for (i, d) in record.details.iter().enumerate() {
        same_domain(domain, d.domain_id)?;
        if d.assignment_id != a.id {
            return Err(Error::internal("detail belongs to another assignment"));
        }
        if !slots.insert((d.target_id, d.position)) {
            return Err(Error::conflict(
                format!("details/{i}/position"),
                "two placements share a target and position",
            ));
        }
    }
    for h in &record.history {
        same_domain(domain, h.domain_id)?;
        if h.assignment_id != a.id {
            return Err(Error::internal("history row belongs to another assignment"));
        }
    }
    Ok(())
}

#[async_trait]
impl AssignmentRepository for PgStore {
    async fn create(
        &self,
        domain: DomainId,
        record: &AssignmentRecord,
    ) -> Result<AssignmentRecord> {
        observe(self.slow_ms, "assignments.create", async {
            check_new_record(domain, record)?;
            let a = &record.assignment;
            let d = &record.details;
            let h = &record.history;
            let history_changes: Vec<Json> = h.iter().map(|x| x.changes.clone()).collect();
            let r = sqlx::query!(
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope),
                   a AS (
                       INSERT INTO assignments (domain_id, id, assignment_date, strategy, config,
                           metrics, status, notes, created_by, created_at, updated_at)
                       SELECT s.scope, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM s
                       RETURNING *),
                   d AS (
                       INSERT INTO assignment_details (domain_id, id, assignment_id,
                           participant_id, target_id, position, score, reason)
                       SELECT a.domain_id, u.id, a.id, u.participant_id, u.target_id,
                              u.position, u.score, u.reason
                       FROM a, unnest($12::uuid[], $13::uuid[], $14::uuid[], $15::int4[],
                           $16::float8[], $17::text[])
                           AS u(id, participant_id, target_id, position, score, reason)
                       RETURNING *),
                   h AS (
                       INSERT INTO assignment_history (domain_id, id, assignment_id, action,
                           actor, changes, created_at)
                       SELECT a.domain_id, v.id, a.id, v.action, v.actor, v.changes, v.at
                       FROM a, unnest($18::uuid[], $19::text[], $20::uuid[], $21::jsonb[],
                           $22::timestamptz[])
                           WITH ORDINALITY AS v(id, action, actor, changes, at, ord)
                       ORDER BY v.ord
                       RETURNING *)
                   SELECT a.domain_id AS "domain_id!", a.id AS "id!",
                          a.assignment_date AS "assignment_date!", a.strategy AS "strategy!",
                          a.config AS "config!", a.metrics AS "metrics!", a.status AS "status!",
                          a.notes, a.created_by, a.created_at AS "created_at!",
                          a.updated_at AS "updated_at!",
                          (SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.target_id, d.position),
                                           '[]') FROM d) AS "details!",
                          (SELECT coalesce(jsonb_agg(to_jsonb(h) ORDER BY h.seq), '[]') FROM h)
                              AS "history!"
                   FROM a"#,
                domain.as_uuid(),
                a.id.as_uuid(),
                a.assignment_date,
                a.strategy,
                a.config,
                a.metrics,
                a.status.as_str(),
                a.notes,
                a.created_by.map(|u| u.as_uuid()),
                a.created_at,
                a.updated_at,
                &d.iter().map(|x| x.id.as_uuid()).collect::<Vec<_>>(),
                &d.iter().map(|x| x.participant_id.as_uuid()).collect::<Vec<_>>(),
                &d.iter().map(|x| x.target_id.as_uuid()).collect::<Vec<_>>(),
                &d.iter().map(|x| x.position).collect::<Vec<_>>(),
                &d.iter().map(|x| x.score).collect::<Vec<_>>(),
                &d.iter().map(|x| x.reason.clone()).collect::<Vec<_>>(),
                &h.iter().map(|x| x.id.as_uuid()).collect::<Vec<_>>(),
                &h.iter().map(|x| x.action.as_str()).collect::<Vec<_>>() as &[&str],
                &h.iter().map(|x| x.actor.map(|u| u.as_uuid())).collect::<Vec<_>>()
                    as &[Option<Uuid>],
                &history_changes,
                &h.iter().map(|x| x.created_at).collect::<Vec<_>>(),
            )
            .fetch_one(&self.pool)
            .await
            .map_err(map_db_error)?;
            build_record(
                AssignmentRow {
                    domain_id: r.domain_id,
                    id: r.id,
                    assignment_date: r.assignment_date,
                    strategy: r.strategy,
                    config: r.config,
                    metrics: r.metrics,
                    status: r.status,
                    notes: r.notes,
                    created_by: r.created_by,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                },
                r.details,
                r.history,
            )
        })
        .await
    }

    async fn get(&self, domain: DomainId, id: AssignmentId) -> Result<AssignmentRecord> {
        observe(self.slow_ms, "assignments.get", async {
            let r = sqlx::query!(
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT a.domain_id AS "domain_id!", a.id AS "id!",
                          a.assignment_date AS "assignment_date!", a.strategy AS "strategy!",
                          a.config AS "config!", a.metrics AS "metrics!", a.status AS "status!",
                          a.notes, a.created_by, a.created_at AS "created_at!",
                          a.updated_at AS "updated_at!",
                          d.details AS "details!", h.history AS "history!"
                   FROM s
                   CROSS JOIN LATERAL (
                       SELECT * FROM assignments WHERE domain_id = s.scope AND id = $2 OFFSET 0) a
                   CROSS JOIN LATERAL (
                       SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.target_id, x.position),
                                       '[]') AS details
                       FROM assignment_details x
                       WHERE x.domain_id = s.scope AND x.assignment_id = a.id) d
                   CROSS JOIN LATERAL (
                       SELECT coalesce(jsonb_agg(to_jsonb(y) ORDER BY y.seq), '[]') AS history
                       FROM assignment_history y
                       WHERE y.domain_id = s.scope AND y.assignment_id = a.id) h"#,
                domain.as_uuid(),
                id.as_uuid(),
            )
            .fetch_optional(&self.pool)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("assignment", id))?;
            build_record(
                AssignmentRow {
                    domain_id: r.domain_id,
                    id: r.id,
                    assignment_date: r.assignment_date,
                    strategy: r.strategy,
                    config: r.config,
                    metrics: r.metrics,
                    status: r.status,
                    notes: r.notes,
                    created_by: r.created_by,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                },
                r.details,
                r.history,
            )
        })
        .await
    }

    async fn list(&self, domain: DomainId, query: &AssignmentQuery) -> Result<Vec<Assignment>> {
        observe(self.slow_ms, "assignments.list", async {
            sqlx::query_as!(
                AssignmentRow,
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT a.domain_id AS "domain_id!", a.id AS "id!",
                          a.assignment_date AS "assignment_date!", a.strategy AS "strategy!",
                          a.config AS "config!", a.metrics AS "metrics!", a.status AS "status!",
                          a.notes, a.created_by, a.created_at AS "created_at!",
                          a.updated_at AS "updated_at!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT * FROM assignments
                       WHERE domain_id = s.scope
                         AND ($2::date IS NULL OR assignment_date >= $2)
                         AND ($3::date IS NULL OR assignment_date <= $3)
                         AND CASE WHEN $4::text IS NOT NULL THEN status = $4
                                  ELSE ($5 OR status <> 'cancelled') END
                       OFFSET 0) a
                   ORDER BY a.assignment_date, a.created_at, a.id"#,
                domain.as_uuid(),
                query.from,
                query.to,
                query.status.map(|s| s.as_str()),
                query.include_cancelled,
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(Assignment::try_from)
            .collect()
        })
        .await
    }

    async fn update(
        &self,
        domain: DomainId,
        assignment: &Assignment,
        history: &AssignmentHistory,
    ) -> Result<Assignment> {
        observe(self.slow_ms, "assignments.update", async {
            same_domain(domain, assignment.domain_id)?;
            same_domain(domain, history.domain_id)?;
            if history.assignment_id != assignment.id {
                return Err(Error::internal("history row belongs to another assignment"));
            }
            let mut tx = begin_scoped(&self.pool, domain).await?;
            let row = sqlx::query_as!(
                AssignmentRow,
                r#"WITH a AS (
                       UPDATE assignments SET assignment_date = $3, strategy = $4, config = $5,
                           metrics = $6, status = $7, notes = $8, updated_at = $9
                       WHERE domain_id = $1 AND id = $2
                       RETURNING *),
                   h AS (
                       INSERT INTO assignment_history (domain_id, id, assignment_id, action,
                           actor, changes, created_at)
                       SELECT a.domain_id, $10, a.id, $11, $12, $13, $14 FROM a)
                   SELECT domain_id AS "domain_id!", id AS "id!",
                          assignment_date AS "assignment_date!", strategy AS "strategy!",
                          config AS "config!", metrics AS "metrics!", status AS "status!",
                          notes, created_by, created_at AS "created_at!",
                          updated_at AS "updated_at!"
                   FROM a"#,
                domain.as_uuid(),
                assignment.id.as_uuid(),
                assignment.assignment_date,
                assignment.strategy,
                assignment.config,
                assignment.metrics,
                assignment.status.as_str(),
                assignment.notes,
                assignment.updated_at,
                history.id.as_uuid(),
                history.action.as_str(),
                history.actor.map(|u| u.as_uuid()),
                history.changes,
                history.created_at,
            )
            .fetch_optional(&mut *tx)
            .await
            .map_err(map_db_error)?
            .ok_or_else(|| Error::not_found("assignment", assignment.id))?;
            commit(tx).await?;
            row.try_into()
        })
        .await
    }

    async fn placements(
        &self,
        domain: DomainId,
        from: NaiveDate,
        before: NaiveDate,
    ) -> Result<Vec<PastAssignment>> {
        observe(self.slow_ms, "assignments.placements", async {
            Ok(sqlx::query!(
                r#"WITH s AS MATERIALIZED (
                       SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
                   SELECT x.participant_id AS "participant_id!", x.target_id AS "target_id!",
                          x.assignment_date AS "date!"
                   FROM s CROSS JOIN LATERAL (
                       SELECT d.participant_id, d.target_id, a.assignment_date
                       FROM assignments a JOIN assignment_details d
                           ON d.domain_id = a.domain_id AND d.assignment_id = a.id
                       WHERE a.domain_id = s.scope AND d.domain_id = s.scope
                         AND a.status <> 'cancelled'
                         AND a.assignment_date >= $2 AND a.assignment_date < $3
                       OFFSET 0) x
                   ORDER BY x.assignment_date, x.participant_id, x.target_id"#,
                domain.as_uuid(),
                from,
                before,
            )
            .fetch_all(&self.pool)
            .await
            .map_err(map_db_error)?
            .into_iter()
            .map(|r| PastAssignment {
                participant_id: ParticipantId(r.participant_id),
                target_id: TargetId(r.target_id),
                date: r.date,
            })
            .collect())
        })
        .await
    }
}
