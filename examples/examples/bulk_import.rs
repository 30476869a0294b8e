//! Bulk import into PostgreSQL: N participants (default 100,000) in batches
//! of 5,000, one bulk statement each, with a progress bar; then a skill query
//! (served by the GIN index on `skills`) with its timing. Needs
//! `VIVIDSHIFT_DATABASE_URL`; each run imports into a new domain.
//!
//! ```text
//! VIVIDSHIFT_DATABASE_URL=$(scripts/pg.sh url) cargo run --release --example bulk_import [N]
//! ```
//!
//! N comes from the first argument, else `VIVIDSHIFT_BULK_IMPORT_ROWS`.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use vividshift_core::Principal;
use vividshift_core::model::{NewDomain, NewParticipant};
use vividshift_examples::{DATABASE_URL_VAR, postgres_client, unique_slug};

/// Participants imported when no size is given.
const DEFAULT_ROWS: usize = 100_000;
/// Participants per `import_participants` call.
const BATCH: usize = 5_000;
/// Skills handed out in turn; every hundredth participant also gets `welding`.
const SKILLS: &[&str] = &["cleaning", "gardening", "plumbing", "lifting", "cooking"];
/// The rare skill the query looks for.
const RARE_SKILL: &str = "welding";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows = match std::env::args()
        .nth(1)
        .or_else(|| std::env::var("VIVIDSHIFT_BULK_IMPORT_ROWS").ok())
    {
        Some(text) => text
            .trim()
            .replace('_', "")
            .parse::<usize>()
            .map_err(|_| format!("the size must be a whole number, got `{text}`"))?,
        None => DEFAULT_ROWS,
    };
    if std::env::var(DATABASE_URL_VAR).map_or(true, |v| v.trim().is_empty()) {
        eprintln!(
            "error: bulk_import needs PostgreSQL: set {DATABASE_URL_VAR} \
             (for a local server: scripts/pg.sh start; export {DATABASE_URL_VAR}=$(scripts/pg.sh url))"
        );
        std::process::exit(2);
    }

    let client = postgres_client().await?;
    let scope = client
        .create_domain(
            &Principal::System,
            NewDomain::new(unique_slug("bulk_import"), "Bulk import"),
        )
        .await?;
    println!(
        "Importing {rows} participants into `{}` in batches of {BATCH}",
        scope.domain().name
    );

    let bar = ProgressBar::new(rows as u64);
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} participants, {per_sec}, eta {eta}",
    )?);
    let started = Instant::now();
    let mut next = 0;
    while next < rows {
        let end = (next + BATCH).min(rows);
        let batch = (next..end)
            .map(|i| {
                let mut skills = vec![SKILLS[i % SKILLS.len()]];
                if i % 100 == 0 {
                    skills.push(RARE_SKILL);
                }
                let name = format!("Participant {:06}", i + 1);
                let mut input = NewParticipant::new(name, &skills);
                input.email = Some(format!("participant.{:06}@example.com", i + 1));
                input
            })
            .collect();
        scope.import_participants(batch).await?;
        bar.inc((end - next) as u64);
        next = end;
    }
    bar.finish_and_clear();
    let took = started.elapsed();
    println!(
        "Imported {rows} participants in {:.2} s ({:.0} rows/s)",
        took.as_secs_f64(),
        rows as f64 / took.as_secs_f64().max(1e-9)
    );

    let started = Instant::now();
    let found = scope.participants_with_skill(RARE_SKILL).await?;
    println!(
        "Skill query `{RARE_SKILL}`: {} participants in {:.1} ms",
        found.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
