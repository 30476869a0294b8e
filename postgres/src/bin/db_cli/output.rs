//! What every command hands back: a report (human text and JSON) with its
//! exit code, or an error with one. Keeping both renderings in one value
//! means `--json` and the human output can never disagree.

use std::fmt::Write as _;
use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};
use vividshift_core::Error;

/// The documented exit codes (see postgres/README.md, "db_cli").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The command did what was asked and found nothing wrong.
    Ok = 0,
    /// The command ran and found problems (validate, status, migrate --status).
    Problems = 1,
    /// Bad arguments or configuration (clap's own usage errors exit 2 too).
    Usage = 2,
    /// The database could not be reached or logged into.
    Unreachable = 3,
    /// The database was reached but the operation failed (a SQL error, a
    /// migration whose checksum changed, a missing privilege).
    Failed = 4,
}

impl Exit {
    /// A short stable name for JSON output.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Problems => "problems_found",
            Self::Usage => "usage",
            Self::Unreachable => "unreachable",
            Self::Failed => "failed",
        }
    }
}

/// A command's result: the text people read, the JSON scripts read, the exit code.
#[derive(Debug)]
pub struct Report {
    /// Human-readable text (printed as is, with a trailing newline).
    pub text: String,
    /// The same facts as JSON.
    pub json: Value,
    /// How the process ends.
    pub exit: Exit,
}

impl Report {
    /// A report that exits 0.
    pub fn ok(text: String, json: Value) -> Self {
        Self {
            text,
            json,
            exit: Exit::Ok,
        }
    }
}

/// A command that could not finish: one clear line and an exit code.
#[derive(Debug)]
pub struct CliError {
    /// Which exit code.
    pub exit: Exit,
    /// One line saying what went wrong and, where we know it, what to do.
    pub message: String,
}

impl CliError {
    /// A usage or configuration error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Usage,
            message: message.into(),
        }
    }

    /// A failed operation (exit 4).
    pub fn failed(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Failed,
            message: message.into(),
        }
    }

    /// Adds context in front of the message.
    pub fn context(mut self, what: &str) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }

    /// The error as JSON (`--json` prints it on stdout).
    pub fn to_json(&self) -> Value {
        json!({
            "ok": false,
            "error": {
                "exit_code": self.exit as i32,
                "kind": self.exit.kind(),
                "message": self.message,
            }
        })
    }
}

impl From<Error> for CliError {
    fn from(err: Error) -> Self {
        let exit = match &err {
            Error::Configuration(_) => Exit::Usage,
            Error::BackendUnavailable { .. } => Exit::Unreachable,
            _ => Exit::Failed,
        };
        Self {
            exit,
            message: one_line(&err.to_string()),
        }
    }
}

impl From<sqlx::Error> for CliError {
    fn from(err: sqlx::Error) -> Self {
        vividshift_postgres::map_db_error(err).into()
    }
}

/// Joins a multi-line message into one line.
pub fn one_line(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A progress bar on stderr when it is a terminal and the output is for people;
/// hidden otherwise (`--json`, pipes, CI logs).
pub fn progress(len: u64, json: bool, what: &str) -> ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

/// Renders rows as aligned columns under a header.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<&str>, out: &mut String| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            let _ = write!(text, "{cell}{}", " ".repeat(pad));
            if i + 1 < cells.len() {
                text.push_str("  ");
            }
        }
        out.push_str("  ");
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header.to_vec(), &mut out);
    for row in rows {
        line(row.iter().map(String::as_str).collect(), &mut out);
    }
    out
}

/// Bytes as a short human size (`12.3 MB`).
pub fn human_bytes(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
