//! `db_cli validate`, `cleanup` and `maintain` end to end against the real
//! server, each on a schema of its own that the test is free to break.
#![allow(clippy::unwrap_used)]

mod db_cli_support;

use std::sync::Arc;

use chrono::{Duration, Utc};
use db_cli_support::{TestSchema, serial};
use serde_json::{Value, json};
use sqlx::PgPool;
use vividshift_core::model::{EntitySchema, NewEntity, Session};
use vividshift_core::{Client, Principal, SessionId, Store};
use vividshift_postgres::{PgConfig, PgStore};

fn problems<'a>(report: &'a Value, check: &str) -> Vec<&'a Value> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["check"] == check)
        .collect()
}

/// Runs `sql` inside a transaction scoped to `domain` (RLS admits its rows).
async fn in_domain(pool: &PgPool, domain: uuid::Uuid, sql: &'static str) {
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("SELECT set_config('vividshift.domain_id', $1, true)")
        .bind(domain.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(sql).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn validate_passes_on_a_migrated_schema_and_reports_every_problem() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;
    let unmigrated = schema.run(&["validate", "--json"]).expect(1).json();
    assert_eq!(
        problems(&unmigrated, "migrations").len(),
        vividshift_postgres::MIGRATOR.iter().count(),
        "{unmigrated}"
    );

    schema.migrate();
    schema.run(&["seed"]).ok();
    let store = PgStore::connect(&PgConfig::new(schema.url.clone()))
        .await
        .unwrap();
    let client = Client::new(Arc::new(store.clone()));
    let scope = client
        .domain(&Principal::System, "work_groups")
        .await
        .unwrap();
    let room: EntitySchema = serde_json::from_value(json!({
        "name": "room",
        "fields": { "size": { "field_type": "integer", "required": true, "constraints": { "min": 1 } } }
    }))
    .unwrap();
    scope.create_definition(room).await.unwrap();
    let entity = scope
        .create_entity(NewEntity {
            definition: "room".into(),
            attributes: json!({ "size": 3 }),
            tags: vec![],
        })
        .await
        .unwrap();

    let clean = schema.run(&["validate", "--json"]).ok().json();
    assert_eq!(clean["ok"], true, "{clean}");
    assert!(clean["records_checked"].as_u64().unwrap() >= 1);
    let text = schema.run(&["validate"]).ok().stdout;
    assert!(text.contains("Valid: no problems found."), "{text}");

    // Break things the way a hand-edit would.
    let pool = schema.pool().await;
    in_domain(
        &pool,
        scope.id().as_uuid(),
        "UPDATE entities SET attributes = '{\"size\": 0, \"colour\": \"red\"}'",
    )
    .await;
    for sql in [
        "ALTER TABLE participants NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY tenant_delete ON assignments",
        "DROP INDEX participants_group_idx",
        "ALTER TABLE assignment_targets ALTER COLUMN description SET DEFAULT 'none'",
        "CREATE INDEX stray_idx ON users (last_login_at)",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }

    let run = schema.run(&["validate", "--json"]).expect(1);
    let report = run.json();
    let objects = |check: &str| -> Vec<String> {
        problems(&report, check)
            .iter()
            .map(|p| p["object"].as_str().unwrap().to_owned())
            .collect()
    };
    let rls = problems(&report, "rls");
    assert!(
        rls.iter().any(|p| p["object"] == "participants"
            && p["message"].as_str().unwrap().contains("not FORCEd")),
        "{report}"
    );
    assert!(
        rls.iter().any(|p| p["object"] == "assignments"
            && p["message"].as_str().unwrap().contains("no DELETE policy")),
        "{report}"
    );
    let schema_objects = objects("schema");
    for expected in [
        "index participants.participants_group_idx",
        "index users.stray_idx",
        "column assignment_targets.description",
        "table participants",
        "policy assignments.tenant_delete",
    ] {
        assert!(
            schema_objects.iter().any(|o| o == expected),
            "schema problem `{expected}` not reported: {schema_objects:?}"
        );
    }
    let entity_problems = problems(&report, "entities");
    let messages: Vec<&str> = entity_problems
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert!(
        entity_problems.iter().all(|p| p["object"]
            .as_str()
            .unwrap()
            .contains(&entity.id.to_string())),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("(min)")), "{messages:?}");
    assert!(
        messages.iter().any(|m| m.starts_with("colour")),
        "{messages:?}"
    );

    let human = schema.run(&["validate"]).expect(1).stdout;
    assert!(human.contains("problem [rls] participants"), "{human}");
    assert!(human.contains("problem(s) found."), "{human}");
    store.close().await;
}

#[tokio::test]
async fn cleanup_deletes_expired_sessions_and_audit_past_retention() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;
    schema.migrate();
    let seeded = schema.run(&["seed", "--json"]).ok().json();
    let domain: uuid::Uuid = seeded["domain_id"].as_str().unwrap().parse().unwrap();

    let store = PgStore::connect(&PgConfig::new(schema.url.clone()))
        .await
        .unwrap();
    let admin = store.users().get_by_username("admin").await.unwrap();
    let session = |expires_at| Session {
        id: SessionId::new(),
        user_id: admin.id,
        token_hash: format!("hash-{}", uuid::Uuid::now_v7()),
        expires_at,
        revoked: false,
        user_agent: None,
        ip_address: None,
        created_at: Utc::now() - Duration::days(3),
    };
    let now = Utc::now();
    for expires in [now - Duration::days(2), now - Duration::hours(1)] {
        store.sessions().create(&session(expires)).await.unwrap();
    }
    let live = store
        .sessions()
        .create(&session(now + Duration::hours(1)))
        .await
        .unwrap();
    for at in [now - Duration::days(2), now - Duration::minutes(5)] {
        store
            .users()
            .record_login_failure("mallory", at)
            .await
            .unwrap();
    }

    // Age half of the audit trail past a 30-day retention.
    let pool = schema.pool().await;
    in_domain(
        &pool,
        domain,
        "UPDATE audit_events SET created_at = now() - interval '90 days' WHERE seq % 2 = 0",
    )
    .await;
    let status = schema.run(&["status", "--detailed", "--json"]).ok().json();
    let audit_rows = |status: &Value| {
        status["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "audit_events")
            .unwrap()["rows"]
            .as_u64()
            .unwrap()
    };
    let total = audit_rows(&status);
    let old = total / 2;

    let dry = schema
        .run(&["cleanup", "--audit-older-than", "30", "--dry-run", "--json"])
        .ok()
        .json();
    assert_eq!(dry["expired_sessions"], 2, "{dry}");
    assert_eq!(dry["stale_login_failures"], 1, "{dry}");
    assert_eq!(dry["audit_events"], old, "{dry}");

    let text = schema
        .run(&["cleanup", "--audit-older-than", "30"])
        .ok()
        .stdout;
    assert!(text.contains("Expired sessions: deleted 2"), "{text}");
    assert!(text.contains(&format!("deleted {old}")), "{text}");
    assert!(
        store.sessions().get(live.id).await.is_ok(),
        "live session kept"
    );
    let recent = store
        .users()
        .login_failures("mallory", now - Duration::days(30))
        .await
        .unwrap();
    assert_eq!(recent.len(), 1, "only the stale failed login is gone");
    let after = schema.run(&["status", "--detailed", "--json"]).ok().json();
    assert_eq!(audit_rows(&after), total - old);

    let again = schema
        .run(&["cleanup", "--audit-older-than", "30", "--json"])
        .ok()
        .json();
    assert_eq!(
        (
            again["expired_sessions"].as_u64(),
            again["audit_events"].as_u64()
        ),
        (Some(0), Some(0))
    );
    let plain = schema.run(&["cleanup", "--json"]).ok().json();
    assert!(
        plain.get("audit_events").is_none(),
        "audit untouched without the flag"
    );
    store.close().await;
}

#[tokio::test]
async fn maintain_analyzes_reports_indexes_and_reindexes_concurrently() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;
    schema.migrate();
    schema.run(&["seed"]).ok();

    let report = schema.run(&["maintain", "--json"]).ok().json();
    let analyzed = report["analyzed_tables"].as_array().unwrap();
    assert!(analyzed.iter().any(|t| t == "participants"), "{report}");
    let indexes = report["indexes"].as_array().unwrap();
    let pkey = indexes
        .iter()
        .find(|i| i["index"] == "participants_pkey")
        .unwrap();
    assert_eq!(pkey["unique"], true);
    assert_eq!(pkey["unused"], false, "a primary key is never unused");
    assert!(pkey["bloat_ratio"].is_number(), "B-trees get an estimate");
    let gin = indexes
        .iter()
        .find(|i| i["index"] == "participants_skills_gin")
        .unwrap();
    assert!(gin["bloat_ratio"].is_null(), "no estimate for GIN");

    let pool = schema.pool().await;
    let analyzed_at: Option<chrono::DateTime<Utc>> = sqlx::query_scalar(
        "SELECT last_analyze FROM pg_stat_user_tables
         WHERE schemaname = current_schema() AND relname = 'participants'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(analyzed_at.is_some(), "ANALYZE ran");

    let oid_before: i64 = sqlx::query_scalar("SELECT 'participants_name_idx'::regclass::oid::int8")
        .fetch_one(&pool)
        .await
        .unwrap();
    let rebuilt = schema
        .run(&[
            "maintain",
            "--table",
            "participants",
            "--reindex",
            "--bloat-threshold",
            "0",
            "--min-index-size-kb",
            "0",
            "--json",
        ])
        .ok()
        .json();
    let names: Vec<&str> = rebuilt["reindexed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["index"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"participants_name_idx"), "{rebuilt}");
    assert!(!names.contains(&"participants_skills_gin"), "B-tree only");
    assert_eq!(rebuilt["analyzed_tables"], json!(["participants"]));
    let oid_after: i64 = sqlx::query_scalar("SELECT 'participants_name_idx'::regclass::oid::int8")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_ne!(
        oid_before, oid_after,
        "REINDEX CONCURRENTLY builds a new index"
    );
    let valid: bool = sqlx::query_scalar(
        "SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = 'participants'::regclass",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(valid);

    let text = schema.run(&["maintain"]).ok().stdout;
    assert!(
        text.contains("Analyzed") && text.contains("est. bloat"),
        "{text}"
    );
    schema
        .run(&["maintain", "--table", "no_such_table"])
        .expect(2)
        .one_line_error("no_such_table");
}
