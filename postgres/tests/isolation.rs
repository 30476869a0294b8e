//! Database-enforced tenancy, checked with raw SQL as the application role
//! (neither superuser nor BYPASSRLS), plus the catalog facts it rests on,
//! the setting's lifetime on pooled connections, and hostile input.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::json;
use sqlx::{Connection, PgConnection, Row};
use vividshift_core::Store;
use vividshift_core::model::{EntityKind, ParticipantQuery};
use vividshift_postgres::{PgConfig, PgStore};

const TENANT_TABLES: &[&str] = &[
    "entity_definitions",
    "entities",
    "entity_unique_keys",
    "participants",
    "participant_skills",
    "assignment_targets",
    "assignments",
    "assignment_details",
    "assignment_history",
    "audit_events",
    "rule_configurations",
    "memberships",
];

/// A raw connection acting as the application role.
async fn app_connection() -> PgConnection {
    let mut conn = PgConnection::connect(&database_url()).await.unwrap();
    sqlx::query("SET ROLE vividshift_app")
        .execute(&mut conn)
        .await
        .unwrap();
    let r = sqlx::query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(
        !r.get::<bool, _>(0) && !r.get::<bool, _>(1),
        "app role bypasses RLS"
    );
    conn
}

#[tokio::test]
async fn raw_sql_in_domain_a_cannot_touch_domain_b() {
    let store = store().await;
    let a = new_domain(&store).await;
    let b = new_domain(&store).await;
    let pa = add_participant(&store, &participant(a.id, "Ann", &["x"])).await;
    let pb = add_participant(&store, &participant(b.id, "Bea", &["x"])).await;
    add_target(&store, &target(b.id, "b-target", 1)).await;

    let mut conn = app_connection().await;
    // No domain set: nothing is visible in any tenant table.
    for table in TENANT_TABLES {
        let sql = format!("SELECT count(*) FROM {table}");
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} visible without a domain");
    }

    let mut tx = conn.begin().await.unwrap();
    sqlx::query("SELECT set_config('vividshift.domain_id', $1, true)")
        .bind(a.id.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    for table in TENANT_TABLES {
        let sql = format!("SELECT count(*) FROM {table} WHERE domain_id <> $1");
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(a.id.as_uuid())
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} shows another domain's rows");
    }
    let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM participants WHERE id = $1")
        .bind(pb.id.as_uuid())
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(seen, 0);
    let own: i64 = sqlx::query_scalar("SELECT count(*) FROM participants WHERE id = $1")
        .bind(pa.id.as_uuid())
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(own, 1);
    let updated = sqlx::query("UPDATE participants SET name = 'pwned' WHERE id = $1")
        .bind(pb.id.as_uuid())
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(updated.rows_affected(), 0);
    let deleted = sqlx::query("DELETE FROM participants WHERE domain_id = $1")
        .bind(b.id.as_uuid())
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 0);
    let deleted = sqlx::query("DELETE FROM assignment_targets")
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 0);
    tx.commit().await.unwrap();

    // Writing a row into B, or moving A's row into B, fails.
    for sql in [
        "INSERT INTO participants (domain_id, id, name) VALUES ($2, gen_random_uuid(), 'evil')",
        "UPDATE participants SET domain_id = $2 WHERE domain_id = $1",
        "INSERT INTO audit_events (domain_id, id, entity_kind, entity_id, action)
         VALUES ($2, gen_random_uuid(), 'participant', gen_random_uuid(), 'created')",
    ] {
        let mut tx = conn.begin().await.unwrap();
        sqlx::query("SELECT set_config('vividshift.domain_id', $1, true)")
            .bind(a.id.to_string())
            .execute(&mut *tx)
            .await
            .unwrap();
        let err = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(a.id.as_uuid())
            .bind(b.id.as_uuid())
            .execute(&mut *tx)
            .await
            .unwrap_err();
        let code = err.as_database_error().and_then(|e| e.code()).unwrap();
        assert_eq!(code, "42501", "{sql}: {err}");
        tx.rollback().await.unwrap();
    }
    // B is untouched.
    assert_eq!(store.participants().get(b.id, pb.id).await.unwrap(), pb);
}

#[tokio::test]
async fn catalog_forces_rls_and_leads_keys_with_domain_id() {
    let store = store().await;
    let rows = sqlx::query(
        "SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity,
                (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind = 'r'
           AND EXISTS (SELECT 1 FROM pg_attribute a
                       WHERE a.attrelid = c.oid AND a.attname = 'domain_id' AND NOT a.attisdropped)",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let mut found: Vec<String> = Vec::new();
    for r in rows {
        let table: String = r.get(0);
        assert!(r.get::<bool, _>(1), "{table}: RLS not enabled");
        assert!(r.get::<bool, _>(2), "{table}: RLS not forced");
        assert!(r.get::<i64, _>(3) >= 4, "{table}: missing policies");
        found.push(table);
    }
    found.sort();
    let mut expected: Vec<String> = TENANT_TABLES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(found, expected);

    // Every primary key and unique index of a tenant table starts with domain_id.
    let keys = sqlx::query(
        "SELECT c.relname::text, i.relname::text, a.attname::text
         FROM pg_index x
         JOIN pg_class c ON c.oid = x.indrelid
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = x.indkey[0]
         WHERE (x.indisprimary OR x.indisunique) AND c.relname = ANY($1)",
    )
    .bind(TENANT_TABLES)
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(keys.len() >= TENANT_TABLES.len());
    for k in keys {
        let (table, index, first): (String, String, String) = (k.get(0), k.get(1), k.get(2));
        assert_eq!(
            first, "domain_id",
            "{table}.{index} does not lead with domain_id"
        );
    }

    // Every unique constraint maps to a named field in the error mapping.
    let known: Vec<&str> = vividshift_postgres::known_unique_constraints().collect();
    let uniques: Vec<String> = sqlx::query_scalar(
        "SELECT i.relname::text FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND x.indisunique AND NOT x.indisprimary
           AND c.relname <> '_sqlx_migrations'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    for u in uniques {
        assert!(
            known.contains(&u.as_str()),
            "unique index {u} has no field mapping"
        );
    }
}

#[tokio::test]
async fn the_domain_setting_does_not_leak_to_the_next_pooled_call() {
    let mut config = PgConfig::new(database_url());
    config.max_connections = 1;
    let store = PgStore::connect(&config).await.unwrap();
    store.migrate().await.unwrap();
    let d = new_domain(&store).await;
    let p = add_participant(&store, &participant(d.id, "Ann", &[])).await;
    let check = |store: PgStore| async move {
        let v: Option<String> =
            sqlx::query_scalar("SELECT current_setting('vividshift.domain_id', true)")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(v.unwrap_or_default(), "");
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM participants")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(n, 0);
    };
    store.participants().get(d.id, p.id).await.unwrap();
    check(store.clone()).await;
    let mut changed = p.clone();
    changed.name = "Anne".into();
    let ev = audit(d.id, EntityKind::Participant, p.id.as_uuid());
    store
        .participants()
        .update(d.id, &changed, &ev)
        .await
        .unwrap();
    check(store.clone()).await;
    // A failed scoped transaction rolls back and leaves nothing behind either.
    let ghost = participant(d.id, "Ghost", &[]);
    let ev = audit(d.id, EntityKind::Participant, ghost.id.as_uuid());
    assert!(
        store
            .participants()
            .update(d.id, &ghost, &ev)
            .await
            .is_err()
    );
    check(store.clone()).await;
}

#[tokio::test]
async fn hostile_strings_are_stored_verbatim() {
    let store = store().await;
    let mut dom = domain_record();
    dom.display_name = "O'Brien's \"rota\" \\ -- ; DROP TABLE domains; --".into();
    dom.config = json!({ "it's": "a \"key\"", "back\\slash": ["'); DROP TABLE participants; --"] });
    let dom = store
        .domains()
        .create(&dom, &audit(dom.id, EntityKind::Domain, dom.id.as_uuid()))
        .await
        .unwrap();
    assert_eq!(store.domains().get(dom.id).await.unwrap(), dom);
    let mut p = participant(
        dom.id,
        "'); DROP TABLE participants; --",
        &["a'b", "c\\d", "\"e\""],
    );
    p.email = Some("x'@y\\z".into());
    p.metadata = json!({ "'; DELETE FROM audit_events; --": "\\\\'\"", "nested": { "q\"k": 1 } });
    p.group = Some("g' OR '1'='1".into());
    let stored = add_participant(&store, &p).await;
    assert_eq!(stored, p);
    assert_eq!(store.participants().get(dom.id, p.id).await.unwrap(), p);
    let by_skill = ParticipantQuery {
        skill: Some("a'b".into()),
        ..ParticipantQuery::default()
    };
    assert_eq!(
        store.participants().list(dom.id, &by_skill).await.unwrap(),
        vec![p.clone()]
    );
    let by_group = ParticipantQuery {
        group: Some("g' OR '1'='1".into()),
        ..ParticipantQuery::default()
    };
    assert_eq!(
        store
            .participants()
            .list(dom.id, &by_group)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store.domains().get_by_name("x' OR '1'='1").await.is_err());
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_tables WHERE tablename IN ('participants', 'domains', 'audit_events')",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(tables, 3);
}

#[tokio::test]
async fn the_store_works_as_the_application_role() {
    let mut config = PgConfig::new(database_url());
    config.max_connections = 2;
    let owner = PgStore::connect(&config).await.unwrap();
    owner.migrate().await.unwrap();
    config.app_role = Some("vividshift_app".into());
    let store = PgStore::connect(&config).await.unwrap();
    let health = store.health().await.unwrap();
    assert_eq!(health.current_role, "vividshift_app");
    assert!(health.tenancy_enforced());
    let d = new_domain(&store).await;
    let p = add_participant(&store, &participant(d.id, "Ann", &["x"])).await;
    let mut changed = p.clone();
    changed.skills = vec!["y".into()];
    let ev = audit(d.id, EntityKind::Participant, p.id.as_uuid());
    assert_eq!(
        store
            .participants()
            .update(d.id, &changed, &ev)
            .await
            .unwrap(),
        changed
    );
    assert_eq!(store.audit().recent(d.id, 10).await.unwrap().len(), 3);
}

#[tokio::test]
async fn updated_at_is_maintained_for_writers_outside_the_sdk() {
    let store = store().await;
    let d = new_domain(&store).await;
    let p = add_participant(&store, &participant(d.id, "Ann", &[])).await;
    let mut conn = app_connection().await;
    let mut tx = conn.begin().await.unwrap();
    sqlx::query("SELECT set_config('vividshift.domain_id', $1, true)")
        .bind(d.id.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("UPDATE participants SET name = 'Anna' WHERE id = $1")
        .bind(p.id.as_uuid())
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let after = store.participants().get(d.id, p.id).await.unwrap();
    assert_eq!(after.name, "Anna");
    assert!(after.updated_at > p.updated_at);
}

#[tokio::test]
async fn bulk_audit_field_names_survive_the_array_literal() {
    let store = store().await;
    let d = new_domain(&store).await;
    let rows = vec![participant(d.id, "A", &[]), participant(d.id, "B", &[])];
    let fields = vec![
        "a\"b".to_string(),
        "c\\d".into(),
        "{e,f}".into(),
        String::new(),
        "NULL".into(),
        "'); DROP TABLE audit_events; --".into(),
    ];
    let events: Vec<_> = rows
        .iter()
        .map(|p| {
            let mut e = audit(d.id, EntityKind::Participant, p.id.as_uuid());
            e.changed_fields = fields.clone();
            e
        })
        .collect();
    store
        .participants()
        .create_many(d.id, &rows, &events)
        .await
        .unwrap();
    let got = store
        .audit()
        .for_entity(d.id, EntityKind::Participant, rows[1].id.as_uuid())
        .await
        .unwrap();
    assert_eq!(got, vec![events[1].clone()]);
}
