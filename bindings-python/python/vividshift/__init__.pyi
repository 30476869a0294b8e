"""Type stubs of the vividshift package (the native module re-exported)."""

import datetime
import uuid
from types import TracebackType
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Type, TypedDict, Union

__version__: str

_JSON = Any
"""Plain _JSON data: dict, list, str, int, float, bool or None (dates, datetimes,
UUIDs and tuples are accepted on input too)."""

_IdLike = Union[str, uuid.UUID, Any]
"""A UUID as text, a ``uuid.UUID``, or a record with an ``id`` attribute."""

_DateLike = Union[str, datetime.date]
"""A ``datetime.date`` or ``YYYY-MM-DD`` text."""

class _Violation(TypedDict):
    """One broken rule on one field."""

    path: str
    rule: str
    message: str

# ---- validation ----

def validate(definition: Mapping[str, _JSON], attributes: _JSON) -> List[_Violation]:
    """Every violation of ``attributes`` against ``definition`` (empty when valid)."""

def json_schema(definition: Mapping[str, _JSON]) -> Dict[str, _JSON]:
    """The definition as a draft 2020-12 _JSON Schema accepting exactly what ``validate`` accepts."""

def validate_participant(input: Mapping[str, _JSON]) -> List[_Violation]:
    """Every violation of a participant input under the server's rules."""

def validate_target(input: Mapping[str, _JSON]) -> List[_Violation]:
    """Every violation of a target input under the server's rules."""

class Validator:
    """A definition checked and compiled once, for validating many documents."""

    def __init__(self, definition: Mapping[str, _JSON]) -> None: ...
    @property
    def definition(self) -> Dict[str, _JSON]:
        """The definition this validator checks against."""
    def is_valid(self, attributes: _JSON) -> bool:
        """Whether ``attributes`` satisfies the definition."""
    def validate(self, attributes: _JSON) -> List[_Violation]:
        """Every violation of ``attributes`` (empty when valid)."""
    def check(self, attributes: _JSON) -> None:
        """Raises ``ValidationError`` unless ``attributes`` is valid."""
    def apply_defaults(self, attributes: _JSON) -> _JSON:
        """``attributes`` with the default of every absent field filled in."""
    def json_schema(self) -> Dict[str, _JSON]:
        """The definition as a draft 2020-12 _JSON Schema."""

# ---- the engine ----

def plan(problem: Mapping[str, _JSON]) -> Dict[str, _JSON]:
    """Plans the problem (``date``, ``participants``, ``targets``, ``history``,
    ``config``) and returns the plan: ``assignments``, ``unfilled``, ``metrics``."""

def cost_matrix(problem: Mapping[str, _JSON]) -> Dict[str, _JSON]:
    """The cost of every (participant, target) pair: ``participants``,
    ``targets`` and ``costs`` (None where infeasible)."""

_Strategy = Literal["optimal", "balanced_rotation", "skill_based", "random"]

# ---- records ----

class _Record:
    def to_dict(self) -> Dict[str, _JSON]:
        """The record as plain Python data (the SDK's _JSON form)."""
    def __eq__(self, other: object) -> bool: ...

class _DomainFields:
    id: str
    name: str
    display_name: str
    description: Optional[str]
    config: Dict[str, _JSON]
    business_rules: Dict[str, _JSON]
    participant_definition: Optional[str]
    target_definition: Optional[str]
    is_active: bool
    created_at: str
    updated_at: str

class DomainRecord(_Record, _DomainFields):
    """A domain (tenant) as stored."""

class EntityDefinition(_Record):
    """A stored entity definition."""

    id: str
    domain_id: str
    schema: Dict[str, _JSON]
    version: int
    is_active: bool
    created_at: str
    updated_at: str

class Entity(_Record):
    """An instance of an entity definition."""

    id: str
    domain_id: str
    definition_id: str
    definition_name: str
    attributes: Dict[str, _JSON]
    status: Literal["active", "inactive", "archived", "deleted"]
    tags: List[str]
    version: int
    created_at: str
    updated_at: str

class Participant(_Record):
    """A person who can be assigned to targets."""

    id: str
    domain_id: str
    name: str
    email: Optional[str]
    skills: List[str]
    availability: Dict[str, _JSON]
    preferences: Dict[str, _JSON]
    group: Optional[str]
    max_assignments: int
    attributes: Dict[str, _JSON]
    metadata: Dict[str, _JSON]
    is_active: bool
    created_at: str
    updated_at: str

class Target(_Record):
    """A task or place that needs ``required_count`` people."""

    id: str
    domain_id: str
    name: str
    description: Optional[str]
    required_count: int
    required_skills: List[str]
    skills_hard: bool
    priority: int
    max_per_group: Optional[int]
    attributes: Dict[str, _JSON]
    metadata: Dict[str, _JSON]
    is_active: bool
    created_at: str
    updated_at: str

class RuleConfiguration(_Record):
    """Named, stored strategy parameters of a domain."""

    id: str
    domain_id: str
    name: str
    strategy: str
    parameters: Dict[str, _JSON]
    is_active: bool
    created_at: str
    updated_at: str

_AssignmentStatus = Literal["draft", "confirmed", "completed", "cancelled"]

class _AssignmentFields:
    id: str
    domain_id: str
    assignment_date: str
    strategy: str
    config: Dict[str, _JSON]
    metrics: Dict[str, _JSON]
    status: _AssignmentStatus
    notes: Optional[str]
    created_by: Optional[str]
    created_at: str
    updated_at: str

class Assignment(_Record, _AssignmentFields):
    """A stored plan for a date."""

class AssignmentDetail(_Record):
    """One participant placed on one target within an assignment."""

    id: str
    domain_id: str
    assignment_id: str
    participant_id: str
    target_id: str
    position: int
    score: float
    reason: str

class AssignmentHistory(_Record):
    """An append-only history row of an assignment."""

    id: str
    domain_id: str
    assignment_id: str
    action: Literal["created", "updated", "status_changed"]
    actor: Optional[str]
    changes: Dict[str, _JSON]
    created_at: str

class AssignmentRecord(_Record, _AssignmentFields):
    """An assignment with its details and history; the assignment's fields read through."""

    @property
    def assignment(self) -> Assignment:
        """The assignment itself."""
    @property
    def details(self) -> List[AssignmentDetail]:
        """Its placements, ordered by target then position."""
    @property
    def history(self) -> List[AssignmentHistory]:
        """Its history, oldest first."""

class GeneratedAssignment(_AssignmentFields):
    """A stored assignment and the engine's plan it came from."""

    @property
    def record(self) -> AssignmentRecord:
        """The stored assignment with its details and history."""
    @property
    def plan(self) -> Dict[str, _JSON]:
        """The engine's plan."""
    def to_dict(self) -> Dict[str, _JSON]:
        """``{"record": ..., "plan": ...}`` as plain Python data."""

class AuditEvent(_Record):
    """One change in the audit trail."""

    id: str
    domain_id: str
    actor: Optional[str]
    entity_kind: str
    entity_id: str
    action: Literal["created", "updated", "deleted", "status_changed"]
    changed_fields: List[str]
    created_at: str

_RoleName = Literal["admin", "user", "viewer"]

class Membership(_Record):
    """A user's role in a domain."""

    domain_id: str
    user_id: str
    role: _RoleName
    created_at: str
    updated_at: str

class User(_Record):
    """A person who signs in (never carries the password hash)."""

    id: str
    username: str
    email: str
    is_active: bool
    last_login_at: Optional[str]
    created_at: str
    updated_at: str

class Session(_Record):
    """A signed-in session (it holds only a hash of the token id)."""

    id: str
    user_id: str
    token_hash: str
    expires_at: str
    revoked: bool
    user_agent: Optional[str]
    ip_address: Optional[str]
    created_at: str

class Login:
    """A successful login."""

    @property
    def token(self) -> str:
        """The signed JWT to hand to the caller."""
    @property
    def session(self) -> Session:
        """The stored session."""
    @property
    def user(self) -> User:
        """The user who signed in."""

class VerifiedToken:
    """A token that verified."""

    @property
    def user_id(self) -> Optional[str]:
        """The user the token belongs to."""
    @property
    def claims(self) -> Dict[str, _JSON]:
        """The token's claims (sub, sid, jti, iat, nbf, exp, iss, aud)."""
    @property
    def session(self) -> Session:
        """The live session the token belongs to."""

# ---- the client ----

_EntityKindName = Literal[
    "domain",
    "entity_definition",
    "entity",
    "participant",
    "target",
    "assignment",
    "rule_configuration",
    "membership",
]

def connect(
    url: Optional[str] = None,
    *,
    auth: Optional[Mapping[str, Union[str, int]]] = None,
    max_connections: int = ...,
    min_connections: int = ...,
    connect_timeout: int = ...,
    acquire_timeout: int = ...,
    idle_timeout: int = ...,
    max_lifetime: int = ...,
    ssl_mode: Literal["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] = ...,
    ssl_root_cert: str = ...,
    app_role: str = ...,
    test_before_acquire: bool = ...,
    slow_call_ms: int = ...,
    statement_cache_capacity: int = ...,
) -> Client:
    """Opens a client over ``memory://`` or ``postgres://...`` (or the
    ``VIVIDSHIFT_DATABASE_*`` environment when ``url`` is None), acting as the system."""

class Client:
    """The SDK client; blocking, shareable between threads, a context manager."""

    @property
    def user_id(self) -> Optional[str]:
        """The id of the user this client acts as, or None for the system."""
    @property
    def closed(self) -> bool:
        """Whether ``close()`` was called."""
    def create_domain(self, input: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> Domain:
        """Creates a domain and returns it opened."""
    def domain(self, key: Union[str, _IdLike]) -> Domain:
        """Opens a domain by name or id (``uuid.UUID``, UUID text or a record)."""
    def list_domains(self) -> List[DomainRecord]:
        """The domains the caller can see."""
    def generate_assignment(
        self, domain: Union[str, _IdLike], date: _DateLike, strategy: Optional[_Strategy] = None, **config: _JSON
    ) -> GeneratedAssignment:
        """Opens ``domain`` and generates its assignment for ``date``."""
    def as_user(self, user: _IdLike) -> Client:
        """A client over the same store acting as this user."""
    def register_user(
        self, input: Optional[Mapping[str, _JSON]] = None, *, password: str, **fields: _JSON
    ) -> User:
        """Creates a user account (``username``, ``email``, ``profile``) with a password."""
    def login(
        self, username: str, password: str, *, user_agent: Optional[str] = None, ip_address: Optional[str] = None
    ) -> Login:
        """Signs in; raises ``AuthenticationError`` on bad credentials."""
    def verify_token(self, token: str) -> VerifiedToken:
        """Verifies a token; raises ``AuthenticationError`` otherwise."""
    def with_token(self, token: str) -> Client:
        """A client acting as the user the token belongs to."""
    def sessions(self, user: Optional[_IdLike] = None) -> List[Session]:
        """The sessions of a user (default: this client's user)."""
    def revoke_session(self, session: _IdLike) -> bool:
        """Revokes a session; False when it already was."""
    def revoke_all_sessions(self, user: Optional[_IdLike] = None) -> int:
        """Revokes every live session of a user; returns how many."""
    def cleanup_expired_sessions(self) -> int:
        """Deletes expired sessions and stale failed-login records (the system only)."""
    def change_password(self, current_password: str, new_password: str, *, user: Optional[_IdLike] = None) -> None:
        """Changes a password given the current one; revokes the user's sessions."""
    def reset_password(self, user: _IdLike, new_password: str) -> None:
        """Sets a password without the current one (the system only)."""
    def close(self) -> None:
        """Closes the store's pool; later calls raise ``ConfigurationError``."""
    def migrate(self) -> None:
        """Applies pending schema migrations (PostgreSQL; nothing to do in memory)."""
    def health(self) -> Dict[str, _JSON]:
        """The backend's state: pool use, server version, latency, role, migrations."""
    def __enter__(self) -> Client: ...
    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> bool: ...

class Domain(_DomainFields):
    """A domain opened by one caller: the domain's fields and its operations."""

    @property
    def role(self) -> _RoleName:
        """The caller's role in the domain."""
    @property
    def record(self) -> DomainRecord:
        """The domain as a ``DomainRecord``."""
    def to_dict(self) -> Dict[str, _JSON]:
        """The domain's record as plain Python data."""
    def refresh(self) -> None:
        """Reads the domain's record and the caller's role again."""
    def update(self, patch: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> DomainRecord:
        """Changes the domain's settings (admins)."""
    def deactivate(self) -> DomainRecord:
        """Deactivates the domain (admins)."""
    # entity definitions
    def create_definition(self, definition: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> EntityDefinition:
        """Stores a new entity definition (admins)."""
    def definition(self, name: str) -> EntityDefinition:
        """The definition with this name."""
    def list_definitions(self) -> List[EntityDefinition]:
        """Active definitions of the domain."""
    def update_definition(self, name: str, definition: Mapping[str, _JSON]) -> EntityDefinition:
        """Replaces a definition's schema (admins)."""
    def retire_definition(self, name: str) -> EntityDefinition:
        """Retires a definition (admins)."""
    # entities
    def create_entity(self, input: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> Entity:
        """Creates an entity validated against its definition."""
    def entity(self, id: _IdLike) -> Entity:
        """The entity with this id."""
    def list_entities(
        self, *, definition_id: Optional[_IdLike] = None, include_deleted: bool = False, tag: Optional[str] = None
    ) -> List[Entity]:
        """Entities matching the filters."""
    def update_entity(self, id: _IdLike, patch: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> Entity:
        """Changes an entity; new attributes are validated again."""
    def delete_entity(self, id: _IdLike) -> Entity:
        """Soft-deletes an entity."""
    # rule configurations
    def create_rule_configuration(self, input: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> RuleConfiguration:
        """Stores a named rule configuration (admins)."""
    def rule_configuration(self, name: str) -> RuleConfiguration:
        """The rule configuration with this name."""
    def list_rule_configurations(self) -> List[RuleConfiguration]:
        """All rule configurations of the domain."""
    def update_rule_configuration(self, input: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> RuleConfiguration:
        """Replaces a rule configuration's strategy and parameters (admins)."""
    # participants
    def create_participant(self, input: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> Participant:
        """Registers a participant (admins)."""
    def import_participants(self, inputs: Sequence[Mapping[str, _JSON]]) -> List[Participant]:
        """Registers many participants in one atomic write (admins)."""
    def participant(self, id: _IdLike) -> Participant:
        """The participant with this id."""
    def list_participants(
        self, *, include_inactive: bool = False, skill: Optional[str] = None, group: Optional[str] = None
    ) -> List[Participant]:
        """Participants matching the filters."""
    def participants_with_skill(self, skill: str) -> List[Participant]:
        """Active participants who have ``skill``."""
    def update_participant(self, id: _IdLike, patch: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> Participant:
        """Changes a participant (admins)."""
    def deactivate_participant(self, id: _IdLike) -> Participant:
        """Deactivates a participant (admins)."""
    # targets
    def create_target(self, input: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> Target:
        """Creates an assignment target (admins)."""
    def import_targets(self, inputs: Sequence[Mapping[str, _JSON]]) -> List[Target]:
        """Creates many targets in one atomic write (admins)."""
    def target(self, id: _IdLike) -> Target:
        """The target with this id."""
    def list_targets(self, *, include_inactive: bool = False) -> List[Target]:
        """Targets of the domain, highest priority first."""
    def update_target(self, id: _IdLike, patch: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> Target:
        """Changes a target (admins)."""
    def deactivate_target(self, id: _IdLike) -> Target:
        """Deactivates a target (admins)."""
    # assignments
    def record_assignment(self, input: Optional[Mapping[str, _JSON]] = None, **fields: _JSON) -> AssignmentRecord:
        """Stores an assignment with its details and history, all or nothing."""
    def assignment(self, id: _IdLike) -> AssignmentRecord:
        """An assignment with its details and history."""
    def list_assignments(
        self,
        *,
        from_date: Optional[_DateLike] = None,
        to_date: Optional[_DateLike] = None,
        status: Optional[_AssignmentStatus] = None,
        include_cancelled: bool = False,
    ) -> List[Assignment]:
        """Assignments by date matching the filters."""
    def set_assignment_status(self, id: _IdLike, status: _AssignmentStatus) -> Assignment:
        """Moves an assignment to a new status."""
    def set_assignment_notes(self, id: _IdLike, notes: Optional[str]) -> Assignment:
        """Replaces an assignment's notes."""
    def generate_assignment(
        self, date: _DateLike, strategy: Optional[_Strategy] = None, **config: _JSON
    ) -> GeneratedAssignment:
        """Plans ``date`` with the engine and stores the plan, all or nothing."""
    def preview_assignment(
        self, date: _DateLike, strategy: Optional[_Strategy] = None, **config: _JSON
    ) -> Dict[str, _JSON]:
        """Plans ``date`` without storing anything."""
    # audit trail
    def audit_trail(self, kind: _EntityKindName, id: _IdLike) -> List[AuditEvent]:
        """The audit trail of one record, oldest first."""
    def recent_audit_events(self, limit: int = 50) -> List[AuditEvent]:
        """The newest audit events of the domain (admins)."""
    # members
    def set_member(self, user: _IdLike, role: _RoleName) -> Membership:
        """Grants a user a role in the domain (admins)."""
    def remove_member(self, user: _IdLike) -> None:
        """Removes a user from the domain (admins)."""
    def members(self) -> List[Membership]:
        """Members of the domain (admins)."""

# ---- errors ----

class VividshiftError(Exception):
    """Base class of every error the SDK raises."""

    kind: str
    retryable: bool

class ValidationError(VividshiftError):
    """The input broke one or more rules."""

    violations: List[_Violation]

class NotFoundError(VividshiftError):
    """The record does not exist (or is in another domain)."""

    resource: str
    key: str

class ConflictError(VividshiftError):
    """A uniqueness rule would be broken."""

    field: str

class ForbiddenError(VividshiftError):
    """The caller's role does not allow the operation."""

class AuthenticationError(VividshiftError):
    """The caller could not be identified."""

class TenancyError(VividshiftError):
    """An operation tried to reach across domains."""

class BackendUnavailableError(VividshiftError):
    """The backend cannot be reached right now; retrying later may succeed."""

class ConfigurationError(VividshiftError):
    """The SDK is misconfigured or the client is closed."""

class InternalError(VividshiftError):
    """A bug or an unexpected backend answer."""

__all__ = [
    "validate",
    "json_schema",
    "validate_participant",
    "validate_target",
    "Validator",
    "plan",
    "cost_matrix",
    "connect",
    "Client",
    "Domain",
    "DomainRecord",
    "EntityDefinition",
    "Entity",
    "Participant",
    "Target",
    "RuleConfiguration",
    "Assignment",
    "AssignmentDetail",
    "AssignmentHistory",
    "AssignmentRecord",
    "GeneratedAssignment",
    "AuditEvent",
    "Membership",
    "User",
    "Session",
    "Login",
    "VerifiedToken",
    "VividshiftError",
    "ValidationError",
    "NotFoundError",
    "ConflictError",
    "ForbiddenError",
    "AuthenticationError",
    "TenancyError",
    "BackendUnavailableError",
    "ConfigurationError",
    "InternalError",
    "__version__",
]
