//! The README's main job: create a domain with participants and targets in
//! the embedded in-memory store and print what was created.

use vividshift_core::model::{NewDomain, NewParticipant, NewTarget, ParticipantQuery};
use vividshift_core::{Client, Principal};
use vividshift_examples::{participant_table, target_table};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::in_memory();
    let house = client
        .create_domain(
            &Principal::System,
            NewDomain::new("house_chores", "House chores"),
        )
        .await?;

    for (name, skills, group) in [
        ("Ada", &["cleaning", "cooking"][..], "A"),
        ("Brian", &["cleaning"][..], "A"),
        ("Chen", &["gardening", "cleaning"][..], "B"),
        ("Dara", &["gardening"][..], "B"),
        ("Emil", &["cooking"][..], "B"),
    ] {
        let mut person = NewParticipant::new(name, skills);
        person.group = Some(group.into());
        person.email = Some(format!("{}@example.org", name.to_lowercase()));
        house.create_participant(person).await?;
    }
    for (name, needs, skills) in [
        ("Parlor", 2, &["cleaning"][..]),
        ("Garden", 1, &["gardening"][..]),
        ("Kitchen", 1, &["cooking"][..]),
    ] {
        let mut target = NewTarget::new(name, needs);
        target.required_skills = skills.iter().map(|s| s.to_string()).collect();
        house.create_target(target).await?;
    }

    let participants = house
        .list_participants(&ParticipantQuery::default())
        .await?;
    let targets = house.list_targets(false).await?;
    println!(
        "Domain `{}` ({}) in the in-memory store\n",
        house.domain().name,
        house.domain().display_name
    );
    println!(
        "{} participants:\n{}",
        participants.len(),
        participant_table(&participants)
    );
    println!("{} targets:\n{}", targets.len(), target_table(&targets));
    Ok(())
}
