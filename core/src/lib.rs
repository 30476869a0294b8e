//! VividShift core: the entity model, validation, the assignment engine, the
//! repository traits every storage backend implements, the `Client` facade
//! that applications use, and an in-memory backend. It does no IO of its own,
//! so it builds for `wasm32-unknown-unknown` and backs the Python and WASM
//! packages with exactly the rules the server uses.
#![forbid(unsafe_code)]

#[cfg(feature = "auth")]
pub mod auth;
mod client;
pub mod engine;
mod error;
mod ids;
pub mod input_rules;
#[cfg(feature = "memory")]
mod memory;
pub mod model;
mod repository;
mod validation;

#[cfg(feature = "auth")]
pub use auth::{AuthConfig, AuthService, Claims, Login, VerifiedToken};
pub use client::{Client, DomainKey, DomainScope, GeneratedAssignment, Principal, changed_fields};
pub use engine::{
    CostMatrix, HistoryEntry, Plan, PlanConfig, PlanMetrics, PlanParticipant, PlanTarget,
    PlannedAssignment, Problem, Strategy, UnfilledSlot, ValidationMode, Weights, cost_matrix, plan,
    plan_json, validate_plan,
};
pub use error::{Error, Result, Violation, Violations};
pub use ids::{
    AssignmentDetailId, AssignmentId, AuditEventId, DomainId, EntityDefinitionId, EntityId,
    HistoryId, ParticipantId, RuleConfigurationId, SessionId, TargetId, UserId,
};
#[cfg(feature = "memory")]
pub use memory::MemoryStore;
pub use repository::{
    AssignmentRepository, AuditRepository, DomainRepository, EntityDefinitionRepository,
    EntityRepository, MembershipRepository, ParticipantRepository, RuleConfigurationRepository,
    SessionRepository, Store, TargetRepository, UserRepository,
};
pub use validation::{
    DATE_PATTERN, DATETIME_PATTERN, JSON_SCHEMA_DIALECT, UUID_PATTERN, Validator, is_slug,
    schemas_from_toml,
};
