//! The original product's use: a household's work groups. The seeded targets
//! (`vividshift_postgres::seed_data`) and twenty participants in memory,
//! twelve weekly rotations planned once with `balanced_rotation` and once
//! with `optimal` (each in its own domain, so each builds its own history),
//! then who did what each week and the fairness figures side by side.
//!
//! ```text
//! cargo run --example work_groups
//! ```

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};
use vividshift_core::model::{NewDomain, NewParticipant, NewTarget};
use vividshift_core::{Client, PlanConfig, Principal, Strategy};
use vividshift_postgres::seed_data::{WORK_GROUPS_PARTICIPANTS, WORK_GROUPS_TARGETS};

/// Weeks planned per strategy.
const WEEKS: u64 = 12;

/// Who did what: `weeks[w][person]` is the target name of week `w`, if any.
struct Rotation {
    strategy: Strategy,
    weeks: Vec<HashMap<String, String>>,
}

/// Per-person fairness figures of one rotation.
#[derive(Default, Clone, Copy)]
struct Fairness {
    /// Weeks with a placement.
    worked: usize,
    /// Different targets done.
    distinct: usize,
    /// Weeks on the same target as the week before.
    repeats: usize,
    /// Most weeks on one target.
    most_on_one: usize,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::in_memory();
    let first_week = NaiveDate::from_ymd_opt(2026, 1, 5).ok_or("bad date")?;
    let mut rotations = Vec::new();
    for strategy in [Strategy::BalancedRotation, Strategy::Optimal] {
        rotations.push(rotate(&client, strategy, first_week).await?);
    }

    let slots: i32 = WORK_GROUPS_TARGETS.iter().map(|(_, n)| n).sum();
    println!(
        "{} participants, {} targets, {slots} slots a week, {WEEKS} weeks from {first_week}\n",
        WORK_GROUPS_PARTICIPANTS.len(),
        WORK_GROUPS_TARGETS.len(),
    );
    for rotation in &rotations {
        println!("{}", week_table(rotation));
    }

    let figures: Vec<BTreeMap<&str, Fairness>> = rotations.iter().map(fairness).collect();
    println!(
        "Fairness per person (worked weeks / different targets / repeats / most weeks on one target)"
    );
    println!(
        "{:<8} {:>22}   {:>22}",
        "person",
        rotations[0].strategy.as_str(),
        rotations[1].strategy.as_str()
    );
    for name in WORK_GROUPS_PARTICIPANTS {
        let [a, b] = [&figures[0], &figures[1]].map(|f| f.get(name).copied().unwrap_or_default());
        println!("{name:<8} {:>22}   {:>22}", cells(a), cells(b));
    }
    println!();
    for (rotation, f) in rotations.iter().zip(&figures) {
        let worked: Vec<usize> = f.values().map(|x| x.worked).collect();
        let spread = worked.iter().max().unwrap_or(&0) - worked.iter().min().unwrap_or(&0);
        let repeats: usize = f.values().map(|x| x.repeats).sum();
        let distinct = f.values().map(|x| x.distinct).sum::<usize>() as f64 / f.len().max(1) as f64;
        let most = f.values().map(|x| x.most_on_one).max().unwrap_or(0);
        println!(
            "{:<18} repeats {repeats:>3}, spread of worked weeks {spread}, different targets per person {distinct:.1}, most weeks on one target {most}",
            rotation.strategy.as_str()
        );
    }
    Ok(())
}

/// Plans `WEEKS` weekly assignments with `strategy` in a domain of its own.
async fn rotate(
    client: &Client,
    strategy: Strategy,
    first_week: NaiveDate,
) -> Result<Rotation, Box<dyn std::error::Error>> {
    let slug = format!("work_groups_{}", strategy.as_str());
    let scope = client
        .create_domain(&Principal::System, NewDomain::new(slug, "Work groups"))
        .await?;
    let people = scope
        .import_participants(
            WORK_GROUPS_PARTICIPANTS
                .iter()
                .map(|name| NewParticipant::new(*name, &[]))
                .collect(),
        )
        .await?;
    let targets = scope
        .import_targets(
            WORK_GROUPS_TARGETS
                .iter()
                .map(|(name, count)| NewTarget::new(*name, *count))
                .collect(),
        )
        .await?;
    let person: HashMap<String, String> = people
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect();
    let place: HashMap<String, String> = targets
        .iter()
        .map(|t| (t.id.to_string(), t.name.clone()))
        .collect();

    let mut weeks = Vec::new();
    for week in 0..WEEKS {
        let date = first_week + Days::new(7 * week);
        let config = PlanConfig {
            strategy,
            ..PlanConfig::default()
        };
        let generated = scope.generate_assignment(date, config).await?;
        weeks.push(
            generated
                .plan
                .assignments
                .iter()
                .map(|a| {
                    (
                        person[&a.participant_id].clone(),
                        place[&a.target_id].clone(),
                    )
                })
                .collect(),
        );
    }
    Ok(Rotation { strategy, weeks })
}

/// A four-letter label of a target (`Toilet B` is `ToiB`).
fn short(target: &str) -> String {
    match target.split_once(' ') {
        Some((first, last)) => format!("{}{}", first.chars().take(3).collect::<String>(), last),
        None => target.chars().take(4).collect(),
    }
}

/// One row per person, one column per week: who did what.
fn week_table(rotation: &Rotation) -> String {
    let mut out = format!(
        "{} (Bin..ToiB: target; - off)\n",
        rotation.strategy.as_str()
    );
    out.push_str(&format!("{:<8}", "week"));
    for week in 1..=rotation.weeks.len() {
        out.push_str(&format!(" {week:>4}"));
    }
    out.push('\n');
    for name in WORK_GROUPS_PARTICIPANTS {
        out.push_str(&format!("{name:<8}"));
        for week in &rotation.weeks {
            let cell = week.get(*name).map_or("-".to_owned(), |t| short(t));
            out.push_str(&format!(" {cell:>4}"));
        }
        out.push('\n');
    }
    out
}

/// The fairness figures of every person in a rotation.
fn fairness(rotation: &Rotation) -> BTreeMap<&'static str, Fairness> {
    let mut out = BTreeMap::new();
    for name in WORK_GROUPS_PARTICIPANTS {
        let done: Vec<Option<&String>> = rotation.weeks.iter().map(|w| w.get(*name)).collect();
        let mut per_target: HashMap<&String, usize> = HashMap::new();
        for target in done.iter().flatten() {
            *per_target.entry(target).or_default() += 1;
        }
        let repeats = done
            .windows(2)
            .filter(|pair| pair[0].is_some() && pair[0] == pair[1])
            .count();
        out.insert(
            *name,
            Fairness {
                worked: done.iter().flatten().count(),
                distinct: per_target.len(),
                repeats,
                most_on_one: per_target.values().copied().max().unwrap_or(0),
            },
        );
    }
    out
}

/// `worked / distinct / repeats / most` as one right-aligned cell.
fn cells(f: Fairness) -> String {
    format!(
        "{:>2} / {:>2} / {:>2} / {:>2}",
        f.worked, f.distinct, f.repeats, f.most_on_one
    )
}
