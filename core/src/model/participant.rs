use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::{Json, empty_object};
use crate::ids::{DomainId, ParticipantId};

/// An inclusive range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First date of the range.
    pub from: NaiveDate,
    /// Last date of the range (inclusive).
    pub to: NaiveDate,
}

/// When a participant can be assigned.
///
/// JSON shape: weekday flags and unavailable date ranges, every key optional;
/// a weekday that is not mentioned counts as available.
/// `{"monday": true, "sunday": false, "unavailable": [{"from": "2026-12-24", "to": "2026-12-26"}]}`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Availability {
    /// Available on Mondays (absent: yes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monday: Option<bool>,
    /// Available on Tuesdays (absent: yes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tuesday: Option<bool>,
    /// Available on Wednesdays (absent: yes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wednesday: Option<bool>,
    /// Available on Thursdays (absent: yes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thursday: Option<bool>,
    /// Available on Fridays (absent: yes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friday: Option<bool>,
    /// Available on Saturdays (absent: yes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saturday: Option<bool>,
    /// Available on Sundays (absent: yes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sunday: Option<bool>,
    /// Date ranges when the participant is away, whatever the weekday.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<DateRange>,
}

impl Availability {
    /// Whether the participant can be assigned on `date`.
    pub fn is_available_on(&self, date: NaiveDate) -> bool {
        let weekday = match date.weekday() {
            Weekday::Mon => self.monday,
            Weekday::Tue => self.tuesday,
            Weekday::Wed => self.wednesday,
            Weekday::Thu => self.thursday,
            Weekday::Fri => self.friday,
            Weekday::Sat => self.saturday,
            Weekday::Sun => self.sunday,
        };
        weekday.unwrap_or(true)
            && !self
                .unavailable
                .iter()
                .any(|r| r.from <= date && date <= r.to)
    }
}

/// A person who can be assigned to targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Its id.
    pub id: ParticipantId,
    /// The owning domain.
    pub domain_id: DomainId,
    /// Name shown to people (1 to 200 characters).
    pub name: String,
    /// Contact address.
    pub email: Option<String>,
    /// Skill names.
    pub skills: Vec<String>,
    /// When the participant can be assigned.
    pub availability: Availability,
    /// Free-form preferences (JSON object).
    pub preferences: Json,
    /// Group for diversity rules (`max_per_group` of targets).
    pub group: Option<String>,
    /// Most slots this participant takes in one plan.
    pub max_assignments: i32,
    /// Extra attributes, validated against the domain's participant definition.
    pub attributes: Json,
    /// Free-form metadata (JSON object).
    pub metadata: Json,
    /// False once deactivated (soft delete).
    pub is_active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

fn one() -> i32 {
    1
}

/// Input to create a participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewParticipant {
    /// Name shown to people.
    pub name: String,
    /// Contact address.
    #[serde(default)]
    pub email: Option<String>,
    /// Skill names.
    #[serde(default)]
    pub skills: Vec<String>,
    /// When the participant can be assigned.
    #[serde(default)]
    pub availability: Availability,
    /// Free-form preferences.
    #[serde(default = "empty_object")]
    pub preferences: Json,
    /// Group for diversity rules.
    #[serde(default)]
    pub group: Option<String>,
    /// Most slots in one plan (default 1).
    #[serde(default = "one")]
    pub max_assignments: i32,
    /// Extra attributes.
    #[serde(default = "empty_object")]
    pub attributes: Json,
    /// Free-form metadata.
    #[serde(default = "empty_object")]
    pub metadata: Json,
}

impl NewParticipant {
    /// A participant input with a name and skills, everything else default.
    pub fn new(name: impl Into<String>, skills: &[&str]) -> Self {
        Self {
            name: name.into(),
            email: None,
            skills: skills.iter().map(|s| s.to_string()).collect(),
            availability: Availability::default(),
            preferences: empty_object(),
            group: None,
            max_assignments: 1,
            attributes: empty_object(),
            metadata: empty_object(),
        }
    }
}

/// A partial update of a participant: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParticipantPatch {
    /// New name.
    pub name: Option<String>,
    /// New email (`Some(None)` clears it).
    pub email: Option<Option<String>>,
    /// New skills.
    pub skills: Option<Vec<String>>,
    /// New availability.
    pub availability: Option<Availability>,
    /// New preferences.
    pub preferences: Option<Json>,
    /// New group (`Some(None)` clears it).
    pub group: Option<Option<String>>,
    /// New maximum of slots per plan.
    pub max_assignments: Option<i32>,
    /// New attributes (validated again).
    pub attributes: Option<Json>,
    /// New metadata.
    pub metadata: Option<Json>,
    /// Activate or deactivate.
    pub is_active: Option<bool>,
}

/// Filter for listing participants.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParticipantQuery {
    /// Include deactivated participants too.
    pub include_inactive: bool,
    /// Only participants with this skill.
    pub skill: Option<String>,
    /// Only participants of this group.
    pub group: Option<String>,
}
