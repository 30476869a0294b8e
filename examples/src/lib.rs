//! Reference integrations of the VividShift SDK: run them with
//! `cargo run --example NAME`. This library holds what several examples share.

use vividshift_core::model::{AssignmentTarget, Participant};

/// Formats participants as an aligned text table.
pub fn participant_table(participants: &[Participant]) -> String {
    let mut out = format!(
        "{:<12} {:<28} {:<6} {}\n",
        "name", "skills", "group", "email"
    );
    for p in participants {
        out.push_str(&format!(
            "{:<12} {:<28} {:<6} {}\n",
            p.name,
            p.skills.join(", "),
            p.group.as_deref().unwrap_or("-"),
            p.email.as_deref().unwrap_or("-"),
        ));
    }
    out
}

/// Formats targets as an aligned text table.
pub fn target_table(targets: &[AssignmentTarget]) -> String {
    let mut out = format!(
        "{:<12} {:>6} {:>8} {}\n",
        "target", "needs", "priority", "skills"
    );
    for t in targets {
        out.push_str(&format!(
            "{:<12} {:>6} {:>8} {}{}\n",
            t.name,
            t.required_count,
            t.priority,
            t.required_skills.join(", "),
            if t.skills_hard { " (required)" } else { "" },
        ));
    }
    out
}
