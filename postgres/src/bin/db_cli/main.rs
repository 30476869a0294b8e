//! `db_cli`: the operator's tool for a VividShift PostgreSQL database:
//! migrations, development seed data, status and health, validation,
//! cleanup and index maintenance. Human output by default, `--json` for
//! scripts. Exit codes: 0 ok, 1 problems found, 2 usage or configuration
//! error, 3 database unreachable, 4 operation failed (see postgres/README.md).
#![forbid(unsafe_code)]

mod cleanup;
mod config;
mod db;
mod maintain;
mod migrate;
mod output;
mod schema_diff;
mod seed;
mod status;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::CliConfig;
use crate::output::{CliError, Report};

/// Development passwords of the seeded accounts, used when none is given.
const DEV_ADMIN_PASSWORD: &str = "vividshift-admin-dev";
const DEV_USER_PASSWORD: &str = "vividshift-user-dev";

/// Operate a VividShift PostgreSQL database.
#[derive(Debug, Parser)]
#[command(
    name = "db_cli",
    version,
    after_help = "Exit codes: 0 ok, 1 problems found, 2 usage or configuration error, \
                  3 database unreachable, 4 operation failed.\n\
                  Configuration: --config FILE (default ./vividshift.toml when present), \
                  then VIVIDSHIFT_DATABASE_* / VIVIDSHIFT_AUTH_* / VIVIDSHIFT_ENGINE_* \
                  environment variables, then --database-url."
)]
struct Cli {
    /// TOML configuration file with [database], [auth] and [engine] sections.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database URL; overrides the file and VIVIDSHIFT_DATABASE_URL.
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// Print JSON on stdout instead of text (errors too), and no progress bars.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply pending migrations (or list them with --status).
    Migrate {
        /// List applied and pending migrations with checksums; apply nothing.
        #[arg(long)]
        status: bool,
    },
    /// Create development data (idempotent): accounts, the work_groups domain, targets, participants.
    Seed {
        /// Also make sure N generated participants exist (bulk import).
        #[arg(long, value_name = "N")]
        participants: Option<usize>,
        /// Password of the `admin` account when it is created (default: a development password).
        #[arg(long, env = "VIVIDSHIFT_SEED_ADMIN_PASSWORD", hide_env_values = true)]
        admin_password: Option<String>,
        /// Password of the `user` account when it is created (default: a development password).
        #[arg(long, env = "VIVIDSHIFT_SEED_USER_PASSWORD", hide_env_values = true)]
        user_password: Option<String>,
    },
    /// Connectivity, server version, pool and migration state.
    Status {
        /// Also row counts, index usage, RLS state, role warnings and database size.
        #[arg(long)]
        detailed: bool,
    },
    /// Check migrations, schema, row-level security and every stored entity; exit 1 on problems.
    Validate,
    /// Delete expired sessions and, optionally, audit events past retention.
    Cleanup {
        /// Also delete audit events older than DAYS (runs as the schema owner).
        #[arg(long, value_name = "DAYS")]
        audit_older_than: Option<u32>,
        /// Count what would be deleted, delete nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// ANALYZE, report index bloat and unused indexes, optionally rebuild bloated ones.
    Maintain {
        /// Rebuild bloated B-tree indexes with REINDEX INDEX CONCURRENTLY.
        #[arg(long)]
        reindex: bool,
        /// Estimated bloat share (0 to 1) from which an index counts as bloated.
        #[arg(long, default_value_t = 0.3, value_name = "RATIO")]
        bloat_threshold: f64,
        /// Smaller indexes never count as bloated.
        #[arg(long, default_value_t = 1024, value_name = "KB")]
        min_index_size_kb: i64,
        /// Only this table (ANALYZE and indexes).
        #[arg(long, value_name = "NAME")]
        table: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return finish(
                Err(CliError::failed(format!("cannot start the runtime: {e}"))),
                json,
            );
        }
    };
    let result = runtime.block_on(run(cli));
    finish(result, json)
}

fn finish(result: Result<Report, CliError>, json: bool) -> ExitCode {
    match result {
        Ok(report) => {
            if json {
                println!("{}", report.json);
            } else {
                println!("{}", report.text);
            }
            ExitCode::from(report.exit as u8)
        }
        Err(err) => {
            if json {
                println!("{}", err.to_json());
            } else {
                eprintln!("db_cli: error: {}", err.message);
            }
            ExitCode::from(err.exit as u8)
        }
    }
}

async fn run(cli: Cli) -> Result<Report, CliError> {
    let config = CliConfig::load(cli.config.as_deref(), cli.database_url.as_deref())?;
    if let Command::Maintain {
        bloat_threshold, ..
    } = &cli.command
        && !(0.0..=1.0).contains(bloat_threshold)
    {
        return Err(CliError::usage("--bloat-threshold must be between 0 and 1"));
    }
    let store = db::connect(&config.database).await?;
    let report = match cli.command {
        Command::Migrate { status: true } => migrate::status(&store).await,
        Command::Migrate { status: false } => migrate::apply(&store).await,
        Command::Seed {
            participants,
            admin_password,
            user_password,
        } => {
            let options = seed::SeedOptions {
                participants,
                default_passwords: admin_password.is_none() || user_password.is_none(),
                admin_password: admin_password.unwrap_or_else(|| DEV_ADMIN_PASSWORD.into()),
                user_password: user_password.unwrap_or_else(|| DEV_USER_PASSWORD.into()),
            };
            seed::run(store.clone(), &config, &options, cli.json).await
        }
        Command::Status { detailed } => status::run(&store, &config.database, detailed).await,
        Command::Validate => validate::run(&store).await,
        Command::Cleanup {
            audit_older_than,
            dry_run,
        } => {
            cleanup::run(
                &store,
                cleanup::CleanupOptions {
                    audit_older_than,
                    dry_run,
                },
            )
            .await
        }
        Command::Maintain {
            reindex,
            bloat_threshold,
            min_index_size_kb,
            table,
        } => {
            maintain::run(
                &store,
                &maintain::MaintainOptions {
                    reindex,
                    bloat_threshold,
                    min_index_size_kb,
                    table,
                },
            )
            .await
        }
    };
    store.close().await;
    report
}
