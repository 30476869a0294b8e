//! `db_cli` end to end against the real server: migrate and its status,
//! seed (twice, and in bulk), status, configuration errors, unreachable
//! databases and usage errors, with their exit codes.
#![allow(clippy::unwrap_used)]

mod db_cli_support;

use db_cli_support::{TestSchema, database_url, run_in, serial};
use vividshift_core::{Client, Principal, Store};
use vividshift_postgres::{PgConfig, PgStore};

/// How many migrations this build embeds.
fn migration_count() -> usize {
    vividshift_postgres::MIGRATOR.iter().count()
}

#[tokio::test]
async fn migrate_applies_pending_migrations_and_status_lists_them() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;

    let before = schema.run(&["migrate", "--status", "--json"]).ok().json();
    assert_eq!(before["pending"], migration_count(), "{before}");
    assert_eq!(before["applied"], 0);
    assert_eq!(
        before["migrations"][0]["checksum"].as_str().unwrap().len(),
        96,
        "SHA-384 in hex"
    );

    let text = schema.run(&["migrate"]).ok().stdout;
    assert!(
        text.contains(&format!("Applied {} migration(s)", migration_count())),
        "{text}"
    );
    assert!(text.contains("20260601000100 schema"), "{text}");

    let after = schema.run(&["migrate", "--status", "--json"]).ok().json();
    assert_eq!(
        (after["applied"].as_u64(), after["pending"].as_u64()),
        (Some(migration_count() as u64), Some(0))
    );
    assert!(after["migrations"][2]["installed_on"].is_string());
    let human = schema.run(&["migrate", "--status"]).ok().stdout;
    assert!(
        human.contains("applied")
            && human.contains(&format!("{} applied, 0 pending", migration_count())),
        "{human}"
    );

    let again = schema.run(&["migrate"]).ok().stdout;
    assert!(again.contains("up to date"), "{again}");
}

#[tokio::test]
async fn a_modified_migration_is_one_clear_line_and_exit_4() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;
    schema.migrate();
    let pool = schema.pool().await;
    sqlx::query("UPDATE _sqlx_migrations SET checksum = '\\x00' WHERE version = 20260601000200")
        .execute(&pool)
        .await
        .unwrap();

    let run = schema.run(&["migrate"]).expect(4);
    run.one_line_error("20260601000200");
    assert!(run.stderr.contains("modified"), "{}", run.stderr);

    let status = schema
        .run(&["migrate", "--status", "--json"])
        .expect(1)
        .json();
    assert_eq!(status["modified"], 1);
    assert_eq!(status["migrations"][1]["state"], "modified");
    assert_eq!(status["migrations"][1]["applied_checksum"], "00");

    let human = schema.run(&["status"]).expect(1).stdout;
    assert!(human.contains("needs attention"), "{human}");
}

#[tokio::test]
async fn seed_is_idempotent_and_creates_the_original_domain() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;
    schema.migrate();

    let first = schema.run(&["seed", "--json"]).ok().json();
    assert_eq!(first["created"]["users"], 2, "{first}");
    assert_eq!(first["created"]["domains"], 1);
    assert_eq!(first["created"]["targets"], 7);
    assert_eq!(first["created"]["participants"], 20);
    assert_eq!(first["created"]["memberships"], 2);
    assert_eq!(first["created"]["rule_configurations"], 1);

    let second = schema.run(&["seed", "--json"]).ok().json();
    for (what, n) in second["created"].as_object().unwrap() {
        assert_eq!(n, 0, "second seed created {what}: {second}");
    }
    assert_eq!(second["existing"]["participants"], 20);
    assert_eq!(second["domain_id"], first["domain_id"]);
    let text = schema.run(&["seed"]).ok().stdout;
    assert!(text.contains("already there"), "{text}");

    let store = PgStore::connect(&PgConfig::new(schema.url.clone()))
        .await
        .unwrap();
    let client = Client::new(std::sync::Arc::new(store.clone()));
    let scope = client
        .domain(&Principal::System, "work_groups")
        .await
        .unwrap();
    let mut targets: Vec<(String, i32)> = scope
        .list_targets(false)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.required_count))
        .collect();
    targets.sort();
    let expected = [
        ("Backyard", 1),
        ("Bin", 1),
        ("Frontyard", 3),
        ("Parlor", 5),
        ("Tank", 2),
        ("Toilet A", 2),
        ("Toilet B", 4),
    ];
    assert_eq!(
        targets,
        expected
            .iter()
            .map(|(n, c)| (n.to_string(), *c))
            .collect::<Vec<_>>()
    );
    let rules = scope.rule_configuration("default").await.unwrap();
    assert_eq!(rules.strategy, "optimal");
    let plan = vividshift_core::engine::PlanConfig::from_value(rules.parameters).unwrap();
    assert_eq!(plan.half_life_days, 14, "parameters are a PlanConfig");
    let admin = store.users().get_by_username("admin").await.unwrap();
    assert!(admin.password_hash.starts_with("$2"), "bcrypt hash");
    let members = scope.members().await.unwrap();
    assert_eq!(members.len(), 2);
    store.close().await;
}

#[tokio::test]
async fn seed_participants_bulk_imports_and_stays_idempotent() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;
    schema.migrate();
    let env = [
        ("VIVIDSHIFT_DATABASE_URL", schema.url.as_str()),
        ("VIVIDSHIFT_AUTH_BCRYPT_COST", "4"),
        ("VIVIDSHIFT_ENGINE_DEFAULT_STRATEGY", "balanced_rotation"),
    ];
    let first = schema
        .run_env(&["seed", "--participants", "2500", "--json"], &env)
        .ok()
        .json();
    assert_eq!(first["created"]["generated_participants"], 2500, "{first}");
    assert_eq!(first["created"]["participants"], 20);
    let again = schema
        .run_env(&["seed", "--participants", "2600", "--json"], &env)
        .ok()
        .json();
    assert_eq!(again["created"]["generated_participants"], 100, "{again}");
    assert_eq!(again["existing"]["generated_participants"], 2500);

    let status = schema.run(&["status", "--detailed", "--json"]).ok().json();
    let participants = status["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "participants")
        .unwrap();
    assert_eq!(participants["rows"], 2620);

    let store = PgStore::connect(&PgConfig::new(schema.url.clone()))
        .await
        .unwrap();
    let client = Client::new(std::sync::Arc::new(store.clone()));
    let scope = client
        .domain(&Principal::System, "work_groups")
        .await
        .unwrap();
    assert_eq!(
        scope.rule_configuration("default").await.unwrap().strategy,
        "balanced_rotation",
        "the environment's [engine] setting"
    );
    store.close().await;
}

#[tokio::test]
async fn status_reports_server_pool_and_migrations() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;

    let pending = schema.run(&["status"]).expect(1).stdout;
    assert!(
        pending.contains(&format!("{} pending", migration_count())),
        "{pending}"
    );
    schema.migrate();
    let text = schema.run(&["status"]).ok().stdout;
    let applied = format!("Migrations: {} applied, 0 pending", migration_count());
    for needle in [
        "Server: PostgreSQL",
        "Pool:",
        applied.as_str(),
        "Status: ok",
    ] {
        assert!(text.contains(needle), "missing `{needle}`:\n{text}");
    }
    let json = schema.run(&["status", "--json"]).ok().json();
    assert_eq!(json["connected"], true);
    let latest = vividshift_postgres::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max();
    assert_eq!(json["migrations"]["latest"].as_i64(), latest);
    assert!(json["pool"]["max"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn status_detailed_reports_tables_indexes_rls_roles_and_size() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;
    schema.migrate();
    schema.run(&["seed"]).ok();

    let json = schema.run(&["status", "--detailed", "--json"]).ok().json();
    assert!(json["database_size_bytes"].as_i64().unwrap() > 0);
    let tables = json["tables"].as_array().unwrap();
    let table = |name: &str| tables.iter().find(|t| t["name"] == name).unwrap().clone();
    assert_eq!(table("assignment_targets")["rows"], 7);
    assert_eq!(table("participants")["rows"], 20);
    assert_eq!(table("users")["rows"], 2);
    for t in tables.iter().filter(|t| t["tenant"] == true) {
        assert_eq!(t["rls_forced"], true, "{t}");
    }
    assert!(
        json["indexes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["index"] == "participants_skills_gin")
    );
    assert!(
        json["roles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["bypassrls"] == false)
    );
    let text = schema.run(&["status", "--detailed"]).ok().stdout;
    for needle in [
        "Database size:",
        "Tables:",
        "Indexes:",
        "forced, 4 policies",
        "bound by row-level security",
    ] {
        assert!(text.contains(needle), "missing `{needle}`:\n{text}");
    }
}

#[tokio::test]
async fn status_detailed_warns_about_a_role_that_bypasses_rls() {
    let _serial = serial().await;
    let Ok(backup_url) = std::env::var("VIVIDSHIFT_TEST_BACKUP_DATABASE_URL") else {
        panic!("VIVIDSHIFT_TEST_BACKUP_DATABASE_URL is not set: run scripts/test.sh");
    };
    let _ = backup_url; // the role exists; its name is what matters here
    let schema = TestSchema::new().await;
    schema.migrate();
    // The backup role scripts/pg.sh makes is BYPASSRLS: configured as the
    // application role, status must warn and exit 1.
    let run = schema
        .run_env(
            &["status", "--detailed"],
            &[
                ("VIVIDSHIFT_DATABASE_URL", schema.url.as_str()),
                ("VIVIDSHIFT_DATABASE_APP_ROLE", "vividshift_backup"),
            ],
        )
        .expect(1);
    assert!(
        run.stdout
            .contains("warning: role vividshift_backup is BYPASSRLS"),
        "{}",
        run.stdout
    );
}

#[tokio::test]
async fn bad_configuration_is_exit_2_naming_the_key() {
    let _serial = serial().await;
    let dir = std::env::temp_dir().join(format!("dbcli-config-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = database_url();
    let write = |name: &str, body: String| {
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        path.to_string_lossy().into_owned()
    };

    let typo = write(
        "typo.toml",
        format!("[database]\nurl = \"{url}\"\nmax_conections = 3\n"),
    );
    let run = run_in(&dir, &["--config", &typo, "status"], &[]).expect(2);
    run.one_line_error("max_conections");

    let wrong_type = write(
        "type.toml",
        format!("[database]\nurl = \"{url}\"\nmax_connections = \"ten\"\n"),
    );
    let run = run_in(&dir, &["--config", &wrong_type, "status"], &[]).expect(2);
    run.one_line_error("database.max_connections");

    let engine = write(
        "engine.toml",
        "[engine]\ndefault_strategy = \"fastest\"\n".into(),
    );
    let run = run_in(
        &dir,
        &["--config", &engine, "status"],
        &[("VIVIDSHIFT_DATABASE_URL", &url)],
    )
    .expect(2);
    run.one_line_error("engine.default_strategy");

    let section = write("section.toml", "[databse]\nurl = \"x\"\n".into());
    run_in(&dir, &["--config", &section, "status"], &[])
        .expect(2)
        .one_line_error("databse");

    run_in(
        &dir,
        &["--config", "/nonexistent/vividshift.toml", "status"],
        &[],
    )
    .expect(2)
    .one_line_error("not found");
    run_in(&dir, &["status"], &[])
        .expect(2)
        .one_line_error("VIVIDSHIFT_DATABASE_URL");
    let json = run_in(&dir, &["status", "--json"], &[]).expect(2).json();
    assert_eq!(json["error"]["kind"], "usage");
    run_in(
        &dir,
        &["status"],
        &[
            ("VIVIDSHIFT_DATABASE_MAX_CONNECTIONS", "many"),
            ("VIVIDSHIFT_DATABASE_URL", &url),
        ],
    )
    .expect(2)
    .one_line_error("MAX_CONNECTIONS\" in `VIVIDSHIFT_DATABASE_` environment");

    // The environment wins over the file; `vividshift.toml` is read when present.
    write(
        "vividshift.toml",
        "[database]\nurl = \"postgres://nobody:x@127.0.0.1:1/none\"\n".into(),
    );
    let run = run_in(&dir, &["status"], &[("VIVIDSHIFT_DATABASE_URL", &url)]);
    assert!(run.code == 0 || run.code == 1, "connected: {}", run.stderr);
    run_in(&dir, &["status"], &[]).expect(3);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn the_example_configuration_file_is_valid() {
    let _serial = serial().await;
    let schema = TestSchema::new().await;
    schema.migrate();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../vividshift.example.toml");
    schema
        .run_env(
            &["--config", example, "status"],
            &[("VIVIDSHIFT_DATABASE_URL", schema.url.as_str())],
        )
        .ok();
}

#[tokio::test]
async fn an_unreachable_database_is_exit_3_in_one_line() {
    let _serial = serial().await;
    let dir = std::env::temp_dir();
    let url = database_url();
    let (base, _) = url.rsplit_once('/').unwrap();

    let refused = run_in(
        &dir,
        &["--database-url", "postgres://u:p@127.0.0.1:1/db", "status"],
        &[],
    )
    .expect(3);
    refused.one_line_error("cannot connect to the database u@127.0.0.1:1/db");
    assert!(!refused.stderr.contains(":p@"), "password leaked");

    let wrong_password = url.replacen("vividshift:vividshift@", "vividshift:wrong@", 1);
    run_in(&dir, &["--database-url", &wrong_password, "migrate"], &[])
        .expect(3)
        .one_line_error("password authentication failed");

    let missing = format!("{base}/no_such_database");
    run_in(&dir, &["--database-url", &missing, "validate"], &[])
        .expect(3)
        .one_line_error("does not exist");

    let json = run_in(&dir, &["--database-url", &missing, "status", "--json"], &[])
        .expect(3)
        .json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["error"]["kind"], "unreachable");
    assert_eq!(json["error"]["exit_code"], 3);
}

#[tokio::test]
async fn usage_errors_exit_2_and_help_documents_exit_codes() {
    let dir = std::env::temp_dir();
    let run = run_in(&dir, &["frobnicate"], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = run_in(
        &dir,
        &["maintain", "--bloat-threshold", "2"],
        &[("VIVIDSHIFT_DATABASE_URL", "postgres://u@127.0.0.1:1/db")],
    )
    .expect(2);
    run.one_line_error("--bloat-threshold");
    let help = run_in(&dir, &["--help"], &[]).ok().stdout;
    assert!(
        help.contains("Exit codes: 0 ok, 1 problems found"),
        "{help}"
    );
    for command in [
        "migrate", "seed", "status", "validate", "cleanup", "maintain",
    ] {
        assert!(help.contains(command), "{command} missing from --help");
    }
}
