//! The entity model: plain data records, serde both ways as snake_case JSON.
//! Records (`Participant`) are what a store holds; inputs (`NewParticipant`,
//! `ParticipantPatch`) are what callers send, and reject unknown keys.

mod assignment;
mod audit;
mod definition;
mod domain;
mod entity;
mod participant;
mod rules;
mod target;
mod user;

pub use assignment::{
    Assignment, AssignmentDetail, AssignmentHistory, AssignmentQuery, AssignmentRecord,
    AssignmentStatus, HistoryAction, NewAssignment, NewAssignmentDetail, PastAssignment,
};
pub use audit::{AuditAction, AuditEvent, EntityKind};
pub use definition::{
    EntityDefinition, EntitySchema, FieldConstraints, FieldDefinition, FieldType,
};
pub use domain::{Domain, DomainPatch, NewDomain};
pub use entity::{Entity, EntityPatch, EntityQuery, EntityStatus, NewEntity, UniqueKey};
pub use participant::{
    Availability, DateRange, NewParticipant, Participant, ParticipantPatch, ParticipantQuery,
};
pub use rules::{NewRuleConfiguration, RuleConfiguration};
pub use target::{AssignmentTarget, NewTarget, TargetPatch};
pub use user::{Membership, NewUser, Role, Session, User, UserPatch, UserProfile};

/// The JSON value type used for free-form columns (configuration, metadata).
pub type Json = serde_json::Value;

/// An empty JSON object, the default of free-form columns.
pub fn empty_object() -> Json {
    Json::Object(serde_json::Map::new())
}
