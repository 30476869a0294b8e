//! Running the built `db_cli` against the throwaway server of
//! `scripts/test.sh`. Each test gets a schema of its own in the test
//! database (the URL's `options=-c search_path=...`), so that migrating,
//! breaking and dropping things never touches another test's tables. The
//! binary runs with a cleared environment in an empty working directory, so
//! that neither the caller's `VIVIDSHIFT_*` variables nor a `vividshift.toml`
//! can leak in. Tests take `serial()` first: the migrations grant a
//! cluster-wide role, and two of them at once may collide.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tokio::sync::{Mutex, MutexGuard};

use serde_json::Value;
use sqlx::postgres::PgPoolOptions;
use sqlx::{Executor, PgPool};

static SERIAL: Mutex<()> = Mutex::const_new(());

/// Holds the other db_cli tests of this binary off while it lives.
pub async fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().await
}

/// The test database URL (the owner role); panics with instructions when unset.
pub fn database_url() -> String {
    std::env::var("VIVIDSHIFT_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "VIVIDSHIFT_TEST_DATABASE_URL is not set: run scripts/test.sh (which starts a \
             throwaway PostgreSQL), or point it at a database you own"
        )
    })
}

/// `url` with `options=-c search_path=<schema>` added.
pub fn with_search_path(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// A schema of its own in the test database, dropped when the value is dropped.
pub struct TestSchema {
    /// The schema's name.
    pub name: String,
    /// The database URL with the schema as search_path.
    pub url: String,
    /// A working directory without configuration files.
    pub dir: PathBuf,
}

impl TestSchema {
    /// Creates the schema (empty, not migrated).
    pub async fn new() -> Self {
        let name = format!("dbcli_{}", uuid::Uuid::now_v7().simple());
        let admin = plain_pool(&database_url()).await;
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
            .await
            .unwrap();
        admin.close().await;
        let dir = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            url: with_search_path(&database_url(), &name),
            name,
            dir,
        }
    }

    /// A pool on the schema (owner role).
    pub async fn pool(&self) -> PgPool {
        plain_pool(&self.url).await
    }

    /// Runs db_cli with `--database-url` set to this schema.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--database-url", self.url.as_str()];
        all.extend_from_slice(args);
        run_in(&self.dir, &all, &[])
    }

    /// Runs db_cli with extra environment variables and no `--database-url`.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        run_in(&self.dir, args, env)
    }

    /// Migrates the schema through db_cli.
    pub fn migrate(&self) {
        self.run(&["migrate"]).ok();
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        let name = self.name.clone();
        // A runtime of its own: Drop may run outside any.
        let done = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let admin = plain_pool(&database_url()).await;
                let _ = admin
                    .execute(sqlx::AssertSqlSafe(format!(
                        "DROP SCHEMA IF EXISTS {name} CASCADE"
                    )))
                    .await;
                admin.close().await;
            });
        });
        let _ = done.join();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A small pool without the SDK's connection settings.
pub async fn plain_pool(url: &str) -> PgPool {
    PgPoolOptions::new()
        .max_connections(2)
        .connect(url)
        .await
        .unwrap()
}

/// One run of the binary.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The command line, for messages.
    pub args: String,
}

impl Run {
    /// Asserts exit code 0 and returns self.
    pub fn ok(self) -> Self {
        self.expect(0)
    }

    /// Asserts this exit code, and that nothing panicked.
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "db_cli {}: exit {} (wanted {code})\nstdout:\n{}\nstderr:\n{}",
            self.args, self.code, self.stdout, self.stderr
        );
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "db_cli {} panicked:\n{}",
            self.args,
            self.stderr
        );
        self
    }

    /// Stdout parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "db_cli {}: stdout is not JSON ({e}):\n{}",
                self.args, self.stdout
            )
        })
    }

    /// Asserts the error is one line on stderr containing `needle`.
    pub fn one_line_error(&self, needle: &str) {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "not one line:\n{}", self.stderr);
        assert!(
            lines[0].starts_with("db_cli: error: ") && lines[0].contains(needle),
            "error does not mention `{needle}`: {}",
            lines[0]
        );
    }
}

/// Runs the binary in `dir` with a cleared environment plus `env`.
pub fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_db_cli"));
    cmd.args(args).current_dir(dir).env_clear();
    if let Ok(path) = std::env::var("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        args: args
            .iter()
            .map(|a| if a.contains("://") { "<url>" } else { a })
            .collect::<Vec<_>>()
            .join(" "),
    }
}
