//! scripts/backup.sh and scripts/restore.sh end to end: a database of its
//! own is migrated and seeded with db_cli, backed up (custom and SQL
//! formats) as the BYPASSRLS backup role, restored into fresh databases,
//! and every table is found again with the same row count and checksum.
//! Also: --validate catches a damaged file, --latest picks the newest,
//! retention keeps N, and the owner role (bound by RLS) is refused loudly.
#![allow(clippy::unwrap_used)]

mod db_cli_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use db_cli_support::{database_url, plain_pool, run_in, serial};
use sqlx::{Executor, PgPool};

fn backup_url() -> String {
    std::env::var("VIVIDSHIFT_TEST_BACKUP_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "VIVIDSHIFT_TEST_BACKUP_DATABASE_URL is not set: run scripts/test.sh (scripts/pg.sh \
             makes the BYPASSRLS backup role)"
        )
    })
}

/// `url` with its database replaced.
fn on_database(url: &str, database: &str) -> String {
    let (base, rest) = url.rsplit_once('/').unwrap();
    let query = rest
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{base}/{database}{query}")
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("scripts")
        .join(name)
}

struct Script {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_script(name: &str, args: &[&str], env: &[(&str, &str)]) -> Script {
    let mut cmd = Command::new(script(name));
    cmd.args(args)
        .env_remove("VIVIDSHIFT_DATABASE_URL")
        .env_remove("VIVIDSHIFT_BACKUP_DATABASE_URL")
        .env_remove("VIVIDSHIFT_BACKUP_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Script {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Row count and an order-independent checksum of every table, read as the
/// backup role (which row-level security does not filter).
async fn fingerprint(pool: &PgPool) -> Vec<(String, i64, String)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT relname::text FROM pg_class
         WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let (n, sum): (i64, Option<String>) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT count(*), md5(string_agg(r::text, '|' ORDER BY r::text)) FROM \"{t}\" r"
        )))
        .fetch_one(pool)
        .await
        .unwrap();
        out.push((t, n, sum.unwrap_or_default()));
    }
    out
}

async fn drop_database(admin: &PgPool, name: &str) {
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
        )))
        .await
        .unwrap();
}

#[tokio::test]
async fn backup_then_restore_finds_every_row_again() {
    let _serial = serial().await;
    let id = uuid::Uuid::now_v7().simple().to_string();
    let source = format!("bk_src_{id}");
    let targets = [format!("bk_custom_{id}"), format!("bk_sql_{id}")];
    let owner = database_url();
    let admin = plain_pool(&owner).await;
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{source}\"")))
        .await
        .unwrap();
    let source_url = on_database(&owner, &source);
    let dir = std::env::temp_dir().join(format!("vividshift-backups-{id}"));
    let cwd = std::env::temp_dir();
    run_in(&cwd, &["--database-url", &source_url, "migrate"], &[]).ok();
    run_in(
        &cwd,
        &[
            "--database-url",
            &source_url,
            "seed",
            "--participants",
            "300",
        ],
        &[("VIVIDSHIFT_AUTH_BCRYPT_COST", "4")],
    )
    .ok();

    let dir_s = dir.to_string_lossy().into_owned();
    let backup_src = on_database(&backup_url(), &source);

    // The owner is bound by RLS: backup.sh refuses it and makes no file.
    let refused = run_script(
        "backup.sh",
        &["--dir", &dir_s],
        &[("VIVIDSHIFT_DATABASE_URL", &source_url)],
    );
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("row-level security"),
        "{}",
        refused.stderr
    );
    assert!(!dir.exists() || std::fs::read_dir(&dir).unwrap().next().is_none());

    let env = [
        ("VIVIDSHIFT_BACKUP_DATABASE_URL", backup_src.as_str()),
        ("VIVIDSHIFT_BACKUP_DIR", dir_s.as_str()),
    ];
    let custom = run_script("backup.sh", &[], &env);
    assert_eq!(custom.code, 0, "{}", custom.stderr);
    let custom_file = custom.stdout.trim().to_owned();
    assert!(custom_file.ends_with(".dump"), "{custom_file}");
    assert!(Path::new(&format!("{custom_file}.sha256")).exists());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let sql = run_script("backup.sh", &["--format", "sql"], &env);
    assert_eq!(sql.code, 0, "{}", sql.stderr);
    let sql_file = sql.stdout.trim().to_owned();
    assert!(sql_file.ends_with(".sql.gz"), "{sql_file}");

    let source_pool = plain_pool(&backup_src).await;
    let expected = fingerprint(&source_pool).await;
    source_pool.close().await;
    assert!(
        expected
            .iter()
            .any(|(t, n, _)| t == "participants" && *n == 320)
    );

    for (file, target) in [(&custom_file, &targets[0]), (&sql_file, &targets[1])] {
        let valid = run_script("restore.sh", &[file, "--validate"], &[]);
        assert_eq!(valid.code, 0, "{}", valid.stderr);
        assert!(valid.stdout.starts_with("valid:"));
        let target_url = on_database(&owner, target);
        let restored = run_script(
            "restore.sh",
            &[file, "--drop-database", "--database-url", &target_url],
            &[],
        );
        assert_eq!(restored.code, 0, "{}\n{}", restored.stdout, restored.stderr);
        assert!(restored.stdout.contains("restored:"), "{}", restored.stdout);

        let pool = plain_pool(&on_database(&backup_url(), target)).await;
        assert_eq!(fingerprint(&pool).await, expected, "{file} into {target}");
        pool.close().await;
        // The restored schema is the migrations' schema, RLS included.
        run_in(&cwd, &["--database-url", &target_url, "validate"], &[]).ok();

        // Without --drop-database a non-empty target is refused.
        let again = run_script("restore.sh", &[file, "--database-url", &target_url], &[]);
        assert_ne!(again.code, 0);
        assert!(again.stderr.contains("--drop-database"), "{}", again.stderr);
        assert!(!again.stdout.contains("restored:"));
    }

    // --latest picks the newest (the SQL dump).
    let latest = run_script("restore.sh", &["--latest", "--validate"], &env);
    assert_eq!(latest.code, 0, "{}", latest.stderr);
    assert!(latest.stdout.contains(&sql_file), "{}", latest.stdout);

    // A damaged file fails validation and restores nothing.
    let damaged = dir.join("damaged.dump");
    let bytes = std::fs::read(&custom_file).unwrap();
    std::fs::write(&damaged, &bytes[..bytes.len() / 3]).unwrap();
    let bad = run_script(
        "restore.sh",
        &[damaged.to_str().unwrap(), "--validate"],
        &[],
    );
    assert_ne!(bad.code, 0, "{}", bad.stdout);
    std::fs::remove_file(&damaged).unwrap();
    let tampered = format!("{custom_file}.copy.dump");
    let mut altered = bytes.clone();
    altered.push(0);
    std::fs::write(&tampered, altered).unwrap();
    std::fs::copy(
        format!("{custom_file}.sha256"),
        format!("{tampered}.sha256"),
    )
    .unwrap();
    let check = run_script("restore.sh", &[&tampered, "--validate"], &[]);
    assert_ne!(check.code, 0);
    assert!(check.stderr.contains("checksum"), "{}", check.stderr);
    std::fs::remove_file(&tampered).unwrap();
    std::fs::remove_file(format!("{tampered}.sha256")).unwrap();

    // Retention by count: with --keep 2 a third backup leaves two.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let third = run_script("backup.sh", &["--keep", "2"], &env);
    assert_eq!(third.code, 0, "{}", third.stderr);
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".sha256"))
        .collect();
    left.sort();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(
        !left.iter().any(|n| custom_file.ends_with(n.as_str())),
        "oldest removed"
    );

    for name in targets.iter().chain([&source]) {
        drop_database(&admin, name).await;
    }
    admin.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
