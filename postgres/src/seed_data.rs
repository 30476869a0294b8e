//! The original product's `work_groups` data: its seven targets with their
//! head counts and twenty participant names. `db_cli seed` stores them and the
//! `work_groups` example plans with them, so both share this one list.

/// The slug of the seeded domain.
pub const WORK_GROUPS_DOMAIN: &str = "work_groups";

/// The original product's targets and head counts.
pub const WORK_GROUPS_TARGETS: &[(&str, i32)] = &[
    ("Parlor", 5),
    ("Frontyard", 3),
    ("Backyard", 1),
    ("Tank", 2),
    ("Toilet B", 4),
    ("Toilet A", 2),
    ("Bin", 1),
];

/// The twenty named participants.
pub const WORK_GROUPS_PARTICIPANTS: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi",
    "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara",
];
