//! The README's Rust example, verbatim (scripts/test.sh checks that they match).
use std::collections::HashMap;
use vividshift_core::model::{NewDomain, NewParticipant, NewTarget};
use vividshift_core::{Client, PlanConfig, Principal};

#[tokio::main]
async fn main() -> vividshift_core::Result<()> {
    let client = Client::in_memory();
    let chores = client
        .create_domain(&Principal::System, NewDomain::new("chores", "House chores"))
        .await?;
    let mut names = HashMap::new();
    for name in ["Ada", "Ben", "Chloe"] {
        let person = NewParticipant::new(name, &["cleaning"]);
        let person = chores.create_participant(person).await?;
        names.insert(person.id.to_string(), person.name);
    }
    chores.create_target(NewTarget::new("Parlor", 2)).await?;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("a valid date");
    let plan = chores
        .generate_assignment(date, PlanConfig::default())
        .await?
        .plan;
    for a in &plan.assignments {
        println!("{} -> Parlor: {}", names[&a.participant_id], a.reason);
    }
    println!("coverage {:.0}%", plan.metrics.coverage * 100.0);
    Ok(())
}
