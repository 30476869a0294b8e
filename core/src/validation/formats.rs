//! The text formats of `date`, `datetime`, `uuid` and `reference` fields,
//! written as regular expressions.
//!
//! They are regular expressions, not JSON Schema `format`s, on purpose: a
//! JSON Schema validator need not assert `format` (the `jsonschema` crate
//! and `ajv` do not by default), while every validator asserts `pattern`. The
//! same expressions are exported in the JSON Schema and run here, so both
//! sides accept exactly the same strings. The date expression encodes the
//! Gregorian calendar, leap years included, so `2026-02-30` and `2100-02-29`
//! are rejected and `2000-02-29` is accepted; the tests check it against
//! `chrono` for every day of four centuries.

use std::sync::OnceLock;

use regex::Regex;

/// A calendar date `YYYY-MM-DD` (years 0000 to 9999), without anchors.
macro_rules! date_body {
    () => {
        concat!(
            "(?:[0-9]{4}-(?:",
            "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
            "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
            "|02-(?:0[1-9]|1[0-9]|2[0-8]))",
            // 29 February: years divisible by 4 but not by 100, or by 400.
            "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)",
        )
    };
}

/// The pattern of `date` fields: a real calendar date `YYYY-MM-DD`.
pub const DATE_PATTERN: &str = concat!("^", date_body!(), "$");

/// The pattern of `datetime` fields: RFC 3339 `date-time` with an upper-case
/// `T`, seconds 00 to 59 (no leap second), optional fraction, and `Z` or a
/// `+HH:MM` / `-HH:MM` offset.
pub const DATETIME_PATTERN: &str = concat!(
    "^",
    date_body!(),
    "T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?",
    "(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])",
    "$"
);

/// The pattern of `uuid` and `reference` fields: a hyphenated UUID, any
/// version, either case.
pub const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// A text format with its pattern, compiled once per process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// `DATE_PATTERN`.
    Date,
    /// `DATETIME_PATTERN`.
    Datetime,
    /// `UUID_PATTERN`.
    Uuid,
}

impl TextFormat {
    /// The exported pattern.
    pub fn pattern(self) -> &'static str {
        match self {
            Self::Date => DATE_PATTERN,
            Self::Datetime => DATETIME_PATTERN,
            Self::Uuid => UUID_PATTERN,
        }
    }

    /// What a matching string is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Date => "a calendar date (YYYY-MM-DD)",
            Self::Datetime => "an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SSZ or with an offset)",
            Self::Uuid => "a hyphenated UUID",
        }
    }

    /// Whether `text` is in this format.
    pub fn matches(self, text: &str) -> bool {
        static DATE: OnceLock<Option<Regex>> = OnceLock::new();
        static DATETIME: OnceLock<Option<Regex>> = OnceLock::new();
        static UUID: OnceLock<Option<Regex>> = OnceLock::new();
        let cell = match self {
            Self::Date => &DATE,
            Self::Datetime => &DATETIME,
            Self::Uuid => &UUID,
        };
        // The patterns are constants covered by tests; a failure to compile
        // would reject every value rather than panic.
        cell.get_or_init(|| Regex::new(self.pattern()).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile() {
        for f in [TextFormat::Date, TextFormat::Datetime, TextFormat::Uuid] {
            assert!(Regex::new(f.pattern()).is_ok());
        }
    }
}
