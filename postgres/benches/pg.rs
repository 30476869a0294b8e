//! PostgreSQL backend benchmark: each figure printed next to a reference
//! measured on the same server in the same run (see scripts/bench_postgres.sh).
//!
//! 1. participant get-by-id through `PgStore` on one connection vs
//!    `pgbench -S -M prepared -c 1` (throughput ratio, p50 / p99);
//! 2. bulk import of 100,000 participants (`create_many`) vs one INSERT per
//!    row and vs `psql \copy` of the same rows;
//! 3. participants by skill among 1,000,000: EXPLAIN ANALYZE of the
//!    repository's query (through `participant_skills`, whose B-tree is usable
//!    under row-level security where the GIN index on `skills` is not) and its
//!    p50 latency, next to the same for the `skills ? $2` query.
//!
//! Needs `VIVIDSHIFT_BENCH_DATABASE_URL` (the SDK's role) and
//! `VIVIDSHIFT_BENCH_SUPERUSER_URL` (for `\copy` and the 1M-row fixture, which
//! row-level security would refuse to a normal role), plus `pgbench` and `psql`.
#![allow(clippy::unwrap_used, missing_docs)]

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::json;
use sqlx::{Connection, PgConnection};
use vividshift_core::model::{
    AuditAction, AuditEvent, Availability, Domain, EntityKind, Participant, ParticipantQuery,
};
use vividshift_core::{AuditEventId, DomainId, ParticipantId, Store};
use vividshift_postgres::{PgConfig, PgStore};

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set (run scripts/bench_postgres.sh)"))
}

fn pg_bin(name: &str) -> String {
    let local = format!("/usr/lib/postgresql/15/bin/{name}");
    if std::path::Path::new(&local).exists() {
        local
    } else {
        name.to_string()
    }
}

fn now() -> chrono::DateTime<Utc> {
    use chrono::DurationRound;
    Utc::now()
        .duration_trunc(chrono::TimeDelta::microseconds(1))
        .unwrap()
}

fn audit(domain: DomainId, kind: EntityKind, id: uuid::Uuid) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::new(),
        domain_id: domain,
        actor: None,
        entity_kind: kind,
        entity_id: id,
        action: AuditAction::Created,
        changed_fields: vec!["name".into(), "skills".into()],
        created_at: now(),
    }
}

async fn new_domain(store: &PgStore, name: &str) -> Domain {
    let id = DomainId::new();
    let d = Domain {
        id,
        name: format!("{name}-{}", uuid::Uuid::now_v7().simple()),
        display_name: name.into(),
        description: None,
        config: json!({}),
        business_rules: json!({}),
        participant_definition: None,
        target_definition: None,
        is_active: true,
        created_at: now(),
        updated_at: now(),
    };
    store
        .domains()
        .create(&d, &audit(id, EntityKind::Domain, id.as_uuid()))
        .await
        .unwrap()
}

fn participant(domain: DomainId, i: usize) -> Participant {
    Participant {
        id: ParticipantId::new(),
        domain_id: domain,
        name: format!("participant {i:07}"),
        email: Some(format!("p{i}@example.test")),
        skills: vec![format!("s{}", i % 1000), format!("common{}", i % 5)],
        availability: Availability {
            sunday: Some(false),
            ..Availability::default()
        },
        preferences: json!({}),
        group: Some(format!("g{}", i % 10)),
        max_assignments: 1,
        attributes: json!({}),
        metadata: json!({"source": "bench"}),
        is_active: true,
        created_at: now(),
        updated_at: now(),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Runs a command, failing loudly, and returns its stdout.
fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn get_by_id(url: &str) {
    println!("\n## 1. participant get-by-id, one connection");
    let mut config = PgConfig::new(url);
    config.max_connections = 1;
    let store = PgStore::connect(&config).await.unwrap();
    let d = new_domain(&store, "bench-get").await;
    let rows: Vec<_> = (0..10_000).map(|i| participant(d.id, i)).collect();
    let events: Vec<_> = rows
        .iter()
        .map(|p| audit(d.id, EntityKind::Participant, p.id.as_uuid()))
        .collect();
    store
        .participants()
        .create_many(d.id, &rows, &events)
        .await
        .unwrap();
    store
        .execute_unscoped("ANALYZE participants")
        .await
        .unwrap();
    for p in rows.iter().take(2_000) {
        store.participants().get(d.id, p.id).await.unwrap();
    }
    let n = 20_000;
    let mut lat = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let id = rows[(i * 7919) % rows.len()].id;
        let t = Instant::now();
        store.participants().get(d.id, id).await.unwrap();
        lat.push(t.elapsed());
    }
    let total = start.elapsed();
    lat.sort();
    let ours = n as f64 / total.as_secs_f64();

    run(Command::new(pg_bin("pgbench")).args(["-i", "-s", "1", "-q", url]));
    let out =
        run(Command::new(pg_bin("pgbench"))
            .args(["-S", "-M", "prepared", "-c", "1", "-T", "10", url]));
    let tps: f64 = out
        .lines()
        .find(|l| l.starts_with("tps ="))
        .and_then(|l| l.split_whitespace().nth(2))
        .and_then(|v| v.parse().ok())
        .unwrap();
    let avg = out
        .lines()
        .find(|l| l.starts_with("latency average"))
        .unwrap_or("")
        .trim()
        .to_string();
    println!(
        "PgStore get-by-id: {ours:.0} calls/s, p50 {:.3} ms, p99 {:.3} ms ({n} calls)",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99))
    );
    println!("pgbench -S -M prepared -c 1: {tps:.0} tps, {avg}");
    println!("ratio PgStore / pgbench: {:.2} (target >= 0.5)", ours / tps);
    store.close().await;
}

async fn bulk_import(url: &str, superuser: &str) {
    println!("\n## 2. bulk import of 100,000 participants");
    let store = PgStore::connect(&PgConfig::new(url)).await.unwrap();
    let n = 100_000;
    let d = new_domain(&store, "bench-bulk").await;
    let rows: Vec<_> = (0..n).map(|i| participant(d.id, i)).collect();
    let events: Vec<_> = rows
        .iter()
        .map(|p| audit(d.id, EntityKind::Participant, p.id.as_uuid()))
        .collect();
    let t = Instant::now();
    store
        .participants()
        .create_many(d.id, &rows, &events)
        .await
        .unwrap();
    let bulk = n as f64 / t.elapsed().as_secs_f64();
    println!(
        "create_many (UNNEST, 5,000 rows per statement, one transaction, with audit rows): {bulk:.0} rows/s"
    );

    // The naive baseline: one INSERT per row, each its own autocommit
    // transaction (so one WAL flush per row under default durability), first
    // through the repository (each with its audit row, the same work as
    // create_many), then as a raw prepared INSERT of the participant alone.
    let d1 = new_domain(&store, "bench-single").await;
    let sample = 2_000;
    let t = Instant::now();
    for i in 0..sample {
        let p = participant(d1.id, i);
        store
            .participants()
            .create(
                d1.id,
                &p,
                &audit(d1.id, EntityKind::Participant, p.id.as_uuid()),
            )
            .await
            .unwrap();
    }
    let single = sample as f64 / t.elapsed().as_secs_f64();
    println!(
        "one INSERT per row, autocommit (ParticipantRepository::create with its audit row, {sample} rows): {single:.0} rows/s"
    );
    let d2 = new_domain(&store, "bench-raw").await;
    let mut conn = PgConnection::connect(url).await.unwrap();
    let t = Instant::now();
    for i in 0..sample {
        let p = participant(d2.id, i);
        sqlx::query(
            "WITH s AS MATERIALIZED (SELECT set_config('vividshift.domain_id', $1::text, true) AS x) \
             INSERT INTO participants (domain_id, id, name, email, skills, availability, \
                 group_name, max_assignments, metadata, created_at, updated_at) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM s",
        )
        .bind(d2.id.as_uuid())
        .bind(p.id.as_uuid())
        .bind(&p.name)
        .bind(&p.email)
        .bind(json!(p.skills))
        .bind(json!(p.availability))
        .bind(&p.group)
        .bind(p.max_assignments)
        .bind(&p.metadata)
        .bind(p.created_at)
        .bind(p.updated_at)
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let raw = sample as f64 / t.elapsed().as_secs_f64();
    println!("one raw INSERT per row, autocommit, no audit row ({sample} rows): {raw:.0} rows/s");

    // psql \copy of the same 100,000 rows (participants only: COPY has no audit rows,
    // and row-level security refuses COPY FROM to normal roles, so it runs as superuser).
    let d3 = new_domain(&store, "bench-copy").await;
    let path = std::env::temp_dir().join(format!("vividshift-bench-{}.csv", std::process::id()));
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for p in &rows {
            let skills = serde_json::to_string(&p.skills)
                .unwrap()
                .replace('"', "\"\"");
            let avail = serde_json::to_string(&p.availability)
                .unwrap()
                .replace('"', "\"\"");
            writeln!(
                f,
                "{},{},{},{},\"{}\",\"{}\",{},{},\"{{\"\"source\"\": \"\"bench\"\"}}\",{},{}",
                d3.id,
                uuid::Uuid::now_v7(),
                p.name,
                p.email.as_deref().unwrap_or(""),
                skills,
                avail,
                p.group.as_deref().unwrap_or(""),
                p.max_assignments,
                p.created_at.to_rfc3339(),
                p.updated_at.to_rfc3339()
            )
            .unwrap();
        }
    }
    let copy = format!(
        "\\copy participants (domain_id, id, name, email, skills, availability, group_name, \
         max_assignments, metadata, created_at, updated_at) FROM '{}' WITH (FORMAT csv)",
        path.display()
    );
    let t = Instant::now();
    run(Command::new(pg_bin("psql")).args([superuser, "-v", "ON_ERROR_STOP=1", "-q", "-c", &copy]));
    let copied = n as f64 / t.elapsed().as_secs_f64();
    std::fs::remove_file(&path).ok();
    println!("psql \\copy (superuser, no audit rows): {copied:.0} rows/s");
    println!(
        "ratio create_many / one INSERT per row (repository): {:.1}x (target >= 20x)",
        bulk / single
    );
    println!(
        "ratio create_many / one raw INSERT per row: {:.1}x (target >= 20x)",
        bulk / raw
    );
    println!(
        "ratio create_many / psql \\copy: {:.2} (target >= 0.5)",
        bulk / copied
    );
    store.close().await;
}

/// The repository's skill query, for EXPLAIN (kept in step with participants.rs):
/// through `participant_skills` and its B-tree on (domain_id, skill).
const SKILL_QUERY: &str = r#"WITH s AS MATERIALIZED (
        SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
    SELECT p.* FROM s CROSS JOIN LATERAL (
        SELECT x.* FROM participant_skills k
        JOIN participants x ON x.domain_id = k.domain_id AND x.id = k.participant_id
        WHERE s.scope = $1 AND k.domain_id = $1 AND x.domain_id = $1 AND k.skill = $2
          AND ($3 OR x.is_active) AND ($4::text IS NULL OR x.group_name = $4)
        OFFSET 0) p
    ORDER BY p.name COLLATE "C", p.id"#;

/// The same query on the jsonb column (`skills ? $2`), the one the GIN index
/// would serve without row-level security: the reference.
const GIN_QUERY: &str = r#"WITH s AS MATERIALIZED (
        SELECT set_config('vividshift.domain_id', $1::uuid::text, true)::uuid AS scope)
    SELECT p.* FROM s CROSS JOIN LATERAL (
        SELECT * FROM participants
        WHERE s.scope = $1 AND domain_id = $1 AND skills ? $2 AND ($3 OR is_active)
          AND ($4::text IS NULL OR group_name = $4)
        OFFSET 0) p
    ORDER BY p.name COLLATE "C", p.id"#;

async fn explain(conn: &mut PgConnection, sql: &str, domain: DomainId, skill: &str) -> Vec<String> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "EXPLAIN (ANALYZE, BUFFERS) {sql}"
    )))
    .bind(domain.as_uuid())
    .bind(skill)
    .bind(false)
    .bind(None::<String>)
    .fetch_all(conn)
    .await
    .unwrap()
}

async fn skill_query(url: &str, superuser: &str) {
    println!("\n## 3. participants by skill among 1,000,000");
    let mut config = PgConfig::new(url);
    config.max_connections = 1;
    let store = PgStore::connect(&config).await.unwrap();
    let d = new_domain(&store, "bench-skill").await;
    let fill = format!(
        "INSERT INTO participants (domain_id, id, name, skills, availability) \
         SELECT '{}', gen_random_uuid(), 'p' || g, \
                jsonb_build_array('s' || (g % 1000), 'common' || (g % 5)), '{{}}' \
         FROM generate_series(1, 1000000) g",
        d.id
    );
    let t = Instant::now();
    run(Command::new(pg_bin("psql")).args([superuser, "-v", "ON_ERROR_STOP=1", "-q", "-c", &fill]));
    println!(
        "fixture: 1,000,000 participants in one domain in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    run(Command::new(pg_bin("psql")).args([
        superuser,
        "-v",
        "ON_ERROR_STOP=1",
        "-q",
        "-c",
        "VACUUM ANALYZE participants, participant_skills",
    ]));

    let mut conn = PgConnection::connect(url).await.unwrap();
    explain(&mut conn, SKILL_QUERY, d.id, "s3").await;
    let plan = explain(&mut conn, SKILL_QUERY, d.id, "s7").await;
    println!("EXPLAIN ANALYZE of the repository's query for skill 's7' (participant_skills):");
    for line in &plan {
        println!("    {line}");
    }
    let btree = plan.iter().any(|l| {
        l.contains("Index Only Scan using participant_skills_pkey")
            || l.contains("Index Scan using participant_skills_pkey")
    });
    println!(
        "uses the B-tree participant_skills_pkey (domain_id, skill) as index condition: {btree}"
    );

    let gin_plan = explain(&mut conn, GIN_QUERY, d.id, "s7").await;
    println!(
        "reference, EXPLAIN ANALYZE of `skills ? 's7'` on participants under RLS (what the GIN index would serve):"
    );
    for line in &gin_plan {
        println!("    {line}");
    }
    let gin = gin_plan
        .iter()
        .any(|l| l.contains("participants_skills_gin"));
    println!(
        "uses the GIN index participants_skills_gin: {gin} (under RLS only LEAKPROOF quals become index \
         conditions and jsonb_exists is not; only a superuser can mark it so)"
    );
    let mut gin_lat = Vec::new();
    for i in 0..20 {
        let t = Instant::now();
        let rows: Vec<sqlx::postgres::PgRow> = sqlx::query(sqlx::AssertSqlSafe(GIN_QUERY))
            .bind(d.id.as_uuid())
            .bind(format!("s{}", i % 1000))
            .bind(false)
            .bind(None::<String>)
            .fetch_all(&mut conn)
            .await
            .unwrap();
        assert!(!rows.is_empty());
        gin_lat.push(t.elapsed());
    }
    gin_lat.sort();
    conn.close().await.unwrap();

    let q = ParticipantQuery {
        skill: Some("s7".into()),
        ..ParticipantQuery::default()
    };
    let found = store.participants().list(d.id, &q).await.unwrap().len();
    let mut lat = Vec::new();
    for i in 0..200 {
        let q = ParticipantQuery {
            skill: Some(format!("s{}", i % 1000)),
            ..ParticipantQuery::default()
        };
        let t = Instant::now();
        store.participants().list(d.id, &q).await.unwrap();
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "ParticipantRepository::list by skill: {found} of 1,000,000 match; p50 {:.2} ms, p99 {:.2} ms (200 queries, rows decoded)",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99))
    );
    println!(
        "reference, raw `skills ? $2` query under RLS (sequential scan): p50 {:.2} ms (20 queries, rows fetched)",
        ms(percentile(&gin_lat, 0.5))
    );
    store.close().await;
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // `cargo bench` passes `--bench`; any other argument picks sections by name.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wants = |name: &str| args.is_empty() || args.iter().any(|a| a == name);
    let url = env("VIVIDSHIFT_BENCH_DATABASE_URL");
    let superuser = env("VIVIDSHIFT_BENCH_SUPERUSER_URL");
    let store = PgStore::connect(&PgConfig::new(url.clone())).await.unwrap();
    store.migrate().await.unwrap();
    store.close().await;
    println!("# vividshift-postgres benchmark");
    let mut conn = PgConnection::connect(&url).await.unwrap();
    let settings: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, setting FROM pg_settings \
         WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers') \
         ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let version: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let shown: Vec<String> = settings.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("server: PostgreSQL {version}, {}", shown.join(", "));
    if wants("get") {
        get_by_id(&url).await;
    }
    if wants("bulk") {
        bulk_import(&url, &superuser).await;
    }
    if wants("skill") {
        skill_query(&url, &superuser).await;
    }
}
