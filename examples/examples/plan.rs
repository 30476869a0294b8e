//! Plans a problem read on standard input and prints the plan as JSON.
//!
//! ```sh
//! cargo run -p vividshift-examples --example plan < problem.json
//! cargo run -p vividshift-examples --example plan -- --cost-matrix < problem.json
//! ```
//!
//! `--cost-matrix` prints the cost matrix instead of a plan; `--pretty`
//! indents the output. A malformed problem prints one error line on
//! standard error and exits with status 1 (2 for a bad command line).

use std::io::{Read, Write};
use std::process::ExitCode;

use vividshift_core::{Problem, cost_matrix, plan};

fn main() -> ExitCode {
    let mut matrix = false;
    let mut pretty = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--cost-matrix" => matrix = true,
            "--pretty" => pretty = true,
            "-h" | "--help" => {
                println!("usage: plan [--cost-matrix] [--pretty] < problem.json");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!(
                    "error: unknown argument `{other}` (usage: plan [--cost-matrix] [--pretty] < problem.json)"
                );
                return ExitCode::from(2);
            }
        }
    }
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("error: cannot read standard input: {e}");
        return ExitCode::from(1);
    }
    match run(&input, matrix, pretty) {
        Ok(json) => {
            // A closed pipe (`| head`) is not worth a panic.
            let mut out = std::io::stdout().lock();
            match writeln!(out, "{json}").and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(1),
            }
        }
        Err(e) => {
            // One line, whatever the message holds.
            eprintln!("error: {}", e.to_string().replace('\n', " "));
            ExitCode::from(1)
        }
    }
}

fn run(input: &str, matrix: bool, pretty: bool) -> vividshift_core::Result<String> {
    let problem = Problem::from_json(input)?;
    let text = match (matrix, pretty) {
        (true, false) => serde_json::to_string(&cost_matrix(&problem)?),
        (true, true) => serde_json::to_string_pretty(&cost_matrix(&problem)?),
        (false, false) => serde_json::to_string(&plan(&problem)?),
        (false, true) => serde_json::to_string_pretty(&plan(&problem)?),
    };
    text.map_err(|e| vividshift_core::Error::internal(format!("cannot serialize: {e}")))
}
