"""VividShift: a domain-agnostic assignment engine.

Validate entity attributes with exactly the server's rules, export
definitions as JSON Schema, plan assignments with the engine, and manage domains, participants, targets and
assignments through a blocking client over an in-memory (``memory://``) or
PostgreSQL (``postgres://...``) store::

    import vividshift

    with vividshift.connect("memory://") as client:
        chores = client.create_domain(name="chores", display_name="House chores")
        chores.create_participant(name="Ada", skills=["cleaning"])

Inputs are dicts (or keywords) in the SDK's snake_case JSON shape; results
are records with attributes and ``to_dict()``. Every failure is a
``VividshiftError`` subclass.
"""

from ._vividshift import (
    AuthenticationError,
    Assignment,
    AssignmentDetail,
    AssignmentHistory,
    AssignmentRecord,
    AuditEvent,
    GeneratedAssignment,
    BackendUnavailableError,
    Client,
    ConfigurationError,
    ConflictError,
    Domain,
    DomainRecord,
    Entity,
    EntityDefinition,
    ForbiddenError,
    InternalError,
    Login,
    Membership,
    NotFoundError,
    Participant,
    RuleConfiguration,
    Session,
    Target,
    TenancyError,
    User,
    ValidationError,
    Validator,
    VerifiedToken,
    VividshiftError,
    __version__,
    connect,
    cost_matrix,
    json_schema,
    plan,
    validate,
    validate_participant,
    validate_target,
)

__all__ = [
    # validation
    "validate",
    "json_schema",
    "validate_participant",
    "validate_target",
    "Validator",
    # the engine
    "plan",
    "cost_matrix",
    # the client
    "connect",
    "Client",
    "Domain",
    # records
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
    # errors
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
