//! Native validation throughput, the reference for the WASM benchmark:
//! `cargo run --release --example validate_bench -- FILE ROUNDS` where FILE
//! holds `{"definition": ..., "documents": [...]}`. Prints one JSON line with
//! documents per second and how many documents were valid.

use std::time::Instant;

use vividshift_core::Validator;
use vividshift_core::model::EntitySchema;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: validate_bench FILE [ROUNDS]")?;
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let input: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let schema: EntitySchema = serde_json::from_value(input["definition"].clone())?;
    let documents = input["documents"]
        .as_array()
        .ok_or("`documents` must be an array")?;
    let validator = Validator::new(&schema)?;
    let mut valid = 0;
    let start = Instant::now();
    for _ in 0..rounds {
        valid = documents.iter().filter(|d| validator.is_valid(d)).count();
    }
    let seconds = start.elapsed().as_secs_f64();
    let per_second = (documents.len() * rounds) as f64 / seconds;
    println!(
        "{}",
        serde_json::json!({"docs_per_second": per_second, "valid": valid})
    );
    Ok(())
}
