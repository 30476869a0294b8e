//! `Domain`: a domain opened by one caller (core's `DomainScope`), through
//! which every tenant-owned operation goes: definitions, entities, rule
//! configurations, participants, targets, assignments, the audit trail and
//! members. Inputs are dicts and/or keywords; results are records.

use std::sync::{Arc, Mutex, PoisonError};

use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::de::DeserializeOwned;
use serde_json::Value;
use vividshift_core::model::{
    AssignmentQuery, AssignmentStatus, DomainPatch, EntityKind, EntityPatch, EntityQuery,
    EntitySchema, NewAssignment, NewEntity, NewParticipant, NewRuleConfiguration, NewTarget,
    ParticipantPatch, ParticipantQuery, Role, TargetPatch,
};
use vividshift_core::{
    AssignmentId, DomainScope, EntityDefinitionId, EntityId, Error, ParticipantId, TargetId, UserId,
};

use crate::client::Connection;
use crate::convert::{
    date_from_py, from_py, id_from_py, input_from_py, json_to_py, parse, py_to_json, to_py,
};
use crate::engine::plan_config;
use crate::errors::to_py_err;
use crate::records::{
    PyAssignment, PyAssignmentRecord, PyAuditEvent, PyDomainRecord, PyEntity, PyEntityDefinition,
    PyGeneratedAssignment, PyMembership, PyParticipant, PyRuleConfiguration, PyTarget, record,
    records,
};
use crate::runtime::block_on;

/// Reads a list of inputs; a malformed item is reported under its index.
fn batch_from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<T>> {
    let py = obj.py();
    match py_to_json(obj, what)? {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| parse(item, &i.to_string()).map_err(|e| to_py_err(py, e)))
            .collect(),
        _ => Err(to_py_err(
            py,
            Error::invalid(what, "type", "must be a list of dicts"),
        )),
    }
}

/// A domain opened by one caller. Its own fields read as attributes
/// (`domain.name`, `domain.config`); its methods are the domain's operations.
/// The caller's role is read when the domain is opened.
#[pyclass(name = "Domain", module = "vividshift", frozen)]
pub struct PyDomain {
    connection: Arc<Connection>,
    scope: Mutex<DomainScope>,
}

impl PyDomain {
    /// Wraps a scope opened over `connection`.
    pub fn new(connection: Arc<Connection>, scope: DomainScope) -> Self {
        Self {
            connection,
            scope: Mutex::new(scope),
        }
    }

    fn current(&self) -> DomainScope {
        self.scope
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// A copy of the scope for one call, unless the client was closed.
    fn scope(&self, py: Python<'_>) -> PyResult<DomainScope> {
        self.connection.check_open().map_err(|e| to_py_err(py, e))?;
        Ok(self.current())
    }

    fn replace(&self, scope: DomainScope) {
        *self.scope.lock().unwrap_or_else(PoisonError::into_inner) = scope;
    }

    /// `generate_assignment`, for `Domain` and `Client` alike.
    pub fn generate<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
        strategy: Option<&Bound<'py, PyAny>>,
        config: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyGeneratedAssignment>> {
        let date = date_from_py(date, "date")?;
        let config = plan_config(py, strategy, config)?;
        let scope = self.scope(py)?;
        let out = block_on(
            py,
            async move { scope.generate_assignment(date, config).await },
        )?;
        Bound::new(py, PyGeneratedAssignment::new(out))
    }

    fn domain_json(&self, py: Python<'_>) -> PyResult<serde_json::Map<String, Value>> {
        match serde_json::to_value(self.current().domain()) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(to_py_err(
                py,
                Error::internal("a domain is not a JSON object"),
            )),
        }
    }
}

#[pymethods]
impl PyDomain {
    // ---- the domain itself ----

    /// The domain's id.
    #[getter]
    fn id(&self) -> String {
        self.current().id().to_string()
    }

    /// The domain's unique name (slug).
    #[getter]
    fn name(&self) -> String {
        self.current().domain().name.clone()
    }

    /// The caller's role in the domain: `admin`, `user` or `viewer`.
    #[getter]
    fn role(&self) -> &'static str {
        self.current().role().as_str()
    }

    /// The domain as a `DomainRecord`, as opened or last changed through this handle.
    #[getter]
    fn record<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDomainRecord>> {
        record(py, self.current().domain())
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.domain_json(py)?.get(name) {
            Some(v) => json_to_py(py, v),
            None => Err(PyAttributeError::new_err(format!(
                "'Domain' object has no attribute '{name}'"
            ))),
        }
    }

    /// The domain's record as plain Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.current().domain())
    }

    /// Reopens the domain: reads its record and the caller's role again.
    fn refresh(&self, py: Python<'_>) -> PyResult<()> {
        let scope = self.scope(py)?;
        let scope = block_on(py, async move {
            scope.client().domain(scope.actor(), scope.id()).await
        })?;
        self.replace(scope);
        Ok(())
    }

    /// Changes the domain's settings (admins) from a dict and/or keywords
    /// (`display_name`, `description`, `config`, `business_rules`,
    /// `participant_definition`, `target_definition`, `is_active`).
    #[pyo3(signature = (patch=None, **fields))]
    fn update<'py>(
        &self,
        py: Python<'py>,
        patch: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyDomainRecord>> {
        let patch: DomainPatch = input_from_py(py, patch, fields, "patch")?;
        let mut scope = self.scope(py)?;
        let (domain, scope) = block_on(py, async move {
            let domain = scope.update(patch).await?;
            Ok((domain, scope))
        })?;
        self.replace(scope);
        record(py, &domain)
    }

    /// Deactivates the domain (soft delete; admins).
    fn deactivate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDomainRecord>> {
        let mut scope = self.scope(py)?;
        let (domain, scope) = block_on(py, async move {
            let domain = scope.deactivate().await?;
            Ok((domain, scope))
        })?;
        self.replace(scope);
        record(py, &domain)
    }

    // ---- entity definitions ----

    /// Stores a new entity definition (admins): a dict with `name`,
    /// `display_name`, `description` and `fields`.
    #[pyo3(signature = (definition=None, **fields))]
    fn create_definition<'py>(
        &self,
        py: Python<'py>,
        definition: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyEntityDefinition>> {
        let schema: EntitySchema = input_from_py(py, definition, fields, "definition")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.create_definition(schema).await })?;
        record(py, &out)
    }

    /// The definition with this name (viewers and up).
    fn definition<'py>(
        &self,
        py: Python<'py>,
        name: String,
    ) -> PyResult<Bound<'py, PyEntityDefinition>> {
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.definition(&name).await })?;
        record(py, &out)
    }

    /// Active definitions of the domain (viewers and up).
    fn list_definitions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.list_definitions().await })?;
        records::<PyEntityDefinition, _>(py, &out)
    }

    /// Replaces a definition's schema (admins); the name cannot change.
    fn update_definition<'py>(
        &self,
        py: Python<'py>,
        name: String,
        definition: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyEntityDefinition>> {
        let schema: EntitySchema = from_py(definition, "definition")?;
        let scope = self.scope(py)?;
        let out = block_on(
            py,
            async move { scope.update_definition(&name, schema).await },
        )?;
        record(py, &out)
    }

    /// Retires a definition (soft delete; admins).
    fn retire_definition<'py>(
        &self,
        py: Python<'py>,
        name: String,
    ) -> PyResult<Bound<'py, PyEntityDefinition>> {
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.retire_definition(&name).await })?;
        record(py, &out)
    }

    // ---- entities ----

    /// Creates an entity (users and up) from a dict and/or keywords:
    /// `definition` (name), `attributes`, `tags`. The attributes are
    /// validated against the definition, defaults applied.
    #[pyo3(signature = (input=None, **fields))]
    fn create_entity<'py>(
        &self,
        py: Python<'py>,
        input: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyEntity>> {
        let input: NewEntity = input_from_py(py, input, fields, "entity")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.create_entity(input).await })?;
        record(py, &out)
    }

    /// The entity with this id (viewers and up).
    fn entity<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyEntity>> {
        let id: EntityId = id_from_py(id, "id")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.entity(id).await })?;
        record(py, &out)
    }

    /// Entities, optionally of one definition (id or record) or with one tag
    /// (viewers and up).
    #[pyo3(signature = (*, definition_id=None, include_deleted=false, tag=None))]
    fn list_entities<'py>(
        &self,
        py: Python<'py>,
        definition_id: Option<&Bound<'py, PyAny>>,
        include_deleted: bool,
        tag: Option<String>,
    ) -> PyResult<Bound<'py, PyList>> {
        let definition_id = definition_id
            .map(|d| id_from_py::<EntityDefinitionId>(d, "definition_id"))
            .transpose()?;
        let query = EntityQuery {
            definition_id,
            include_deleted,
            tag,
        };
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.list_entities(&query).await })?;
        records::<PyEntity, _>(py, &out)
    }

    /// Changes an entity (users and up): `attributes` (validated again),
    /// `status`, `tags`.
    #[pyo3(signature = (id, patch=None, **fields))]
    fn update_entity<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
        patch: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyEntity>> {
        let id: EntityId = id_from_py(id, "id")?;
        let patch: EntityPatch = input_from_py(py, patch, fields, "patch")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.update_entity(id, patch).await })?;
        record(py, &out)
    }

    /// Soft-deletes an entity (status `deleted`; users and up).
    fn delete_entity<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyEntity>> {
        let id: EntityId = id_from_py(id, "id")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.delete_entity(id).await })?;
        record(py, &out)
    }

    // ---- rule configurations ----

    /// Stores a named rule configuration (admins): `name`, `strategy`, `parameters`.
    #[pyo3(signature = (input=None, **fields))]
    fn create_rule_configuration<'py>(
        &self,
        py: Python<'py>,
        input: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyRuleConfiguration>> {
        let input: NewRuleConfiguration = input_from_py(py, input, fields, "rule_configuration")?;
        let scope = self.scope(py)?;
        let out = block_on(
            py,
            async move { scope.create_rule_configuration(input).await },
        )?;
        record(py, &out)
    }

    /// The rule configuration with this name (viewers and up).
    fn rule_configuration<'py>(
        &self,
        py: Python<'py>,
        name: String,
    ) -> PyResult<Bound<'py, PyRuleConfiguration>> {
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.rule_configuration(&name).await })?;
        record(py, &out)
    }

    /// All rule configurations of the domain (viewers and up).
    fn list_rule_configurations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.list_rule_configurations().await })?;
        records::<PyRuleConfiguration, _>(py, &out)
    }

    /// Replaces the strategy and parameters of the rule configuration named
    /// `name` (admins).
    #[pyo3(signature = (input=None, **fields))]
    fn update_rule_configuration<'py>(
        &self,
        py: Python<'py>,
        input: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyRuleConfiguration>> {
        let input: NewRuleConfiguration = input_from_py(py, input, fields, "rule_configuration")?;
        let scope = self.scope(py)?;
        let out = block_on(
            py,
            async move { scope.update_rule_configuration(input).await },
        )?;
        record(py, &out)
    }

    // ---- participants ----

    /// Registers a participant (admins) from a dict and/or keywords: `name`,
    /// `email`, `skills`, `availability`, `preferences`, `group`,
    /// `max_assignments`, `attributes`, `metadata`.
    #[pyo3(signature = (input=None, **fields))]
    fn create_participant<'py>(
        &self,
        py: Python<'py>,
        input: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyParticipant>> {
        let input: NewParticipant = input_from_py(py, input, fields, "participant")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.create_participant(input).await })?;
        record(py, &out)
    }

    /// Registers many participants in one atomic write (admins); one bad
    /// input rejects the batch, its violations' paths starting with its index.
    fn import_participants<'py>(
        &self,
        py: Python<'py>,
        inputs: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let inputs: Vec<NewParticipant> = batch_from_py(inputs, "participants")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.import_participants(inputs).await })?;
        records::<PyParticipant, _>(py, &out)
    }

    /// The participant with this id (viewers and up).
    fn participant<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyParticipant>> {
        let id: ParticipantId = id_from_py(id, "id")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.participant(id).await })?;
        record(py, &out)
    }

    /// Participants, active ones unless `include_inactive`, optionally with
    /// one skill or of one group (viewers and up).
    #[pyo3(signature = (*, include_inactive=false, skill=None, group=None))]
    fn list_participants<'py>(
        &self,
        py: Python<'py>,
        include_inactive: bool,
        skill: Option<String>,
        group: Option<String>,
    ) -> PyResult<Bound<'py, PyList>> {
        let query = ParticipantQuery {
            include_inactive,
            skill,
            group,
        };
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.list_participants(&query).await })?;
        records::<PyParticipant, _>(py, &out)
    }

    /// Active participants who have `skill` (viewers and up).
    fn participants_with_skill<'py>(
        &self,
        py: Python<'py>,
        skill: String,
    ) -> PyResult<Bound<'py, PyList>> {
        let scope = self.scope(py)?;
        let out = block_on(
            py,
            async move { scope.participants_with_skill(&skill).await },
        )?;
        records::<PyParticipant, _>(py, &out)
    }

    /// Changes a participant (admins) from a dict and/or keywords.
    #[pyo3(signature = (id, patch=None, **fields))]
    fn update_participant<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
        patch: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyParticipant>> {
        let id: ParticipantId = id_from_py(id, "id")?;
        let patch: ParticipantPatch = input_from_py(py, patch, fields, "patch")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.update_participant(id, patch).await })?;
        record(py, &out)
    }

    /// Deactivates a participant (soft delete; admins).
    fn deactivate_participant<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyParticipant>> {
        let id: ParticipantId = id_from_py(id, "id")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.deactivate_participant(id).await })?;
        record(py, &out)
    }

    // ---- targets ----

    /// Creates an assignment target (admins) from a dict and/or keywords:
    /// `name`, `description`, `required_count`, `required_skills`,
    /// `skills_hard`, `priority`, `max_per_group`, `attributes`, `metadata`.
    #[pyo3(signature = (input=None, **fields))]
    fn create_target<'py>(
        &self,
        py: Python<'py>,
        input: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyTarget>> {
        let input: NewTarget = input_from_py(py, input, fields, "target")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.create_target(input).await })?;
        record(py, &out)
    }

    /// Creates many targets in one atomic write (admins).
    fn import_targets<'py>(
        &self,
        py: Python<'py>,
        inputs: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let inputs: Vec<NewTarget> = batch_from_py(inputs, "targets")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.import_targets(inputs).await })?;
        records::<PyTarget, _>(py, &out)
    }

    /// The target with this id (viewers and up).
    fn target<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyTarget>> {
        let id: TargetId = id_from_py(id, "id")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.target(id).await })?;
        record(py, &out)
    }

    /// Targets of the domain, highest priority first (viewers and up).
    #[pyo3(signature = (*, include_inactive=false))]
    fn list_targets<'py>(
        &self,
        py: Python<'py>,
        include_inactive: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let scope = self.scope(py)?;
        let out = block_on(
            py,
            async move { scope.list_targets(include_inactive).await },
        )?;
        records::<PyTarget, _>(py, &out)
    }

    /// Changes a target (admins) from a dict and/or keywords.
    #[pyo3(signature = (id, patch=None, **fields))]
    fn update_target<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
        patch: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyTarget>> {
        let id: TargetId = id_from_py(id, "id")?;
        let patch: TargetPatch = input_from_py(py, patch, fields, "patch")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.update_target(id, patch).await })?;
        record(py, &out)
    }

    /// Deactivates a target (soft delete; admins).
    fn deactivate_target<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyTarget>> {
        let id: TargetId = id_from_py(id, "id")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.deactivate_target(id).await })?;
        record(py, &out)
    }

    // ---- assignments ----

    /// Stores an assignment with its details and its `created` history row,
    /// all or nothing (users and up): `assignment_date`, `strategy`, `config`,
    /// `metrics`, `notes`, `details` (each `participant_id`, `target_id`,
    /// `position`, `score`, `reason`). One live assignment per date.
    #[pyo3(signature = (input=None, **fields))]
    fn record_assignment<'py>(
        &self,
        py: Python<'py>,
        input: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAssignmentRecord>> {
        let input: NewAssignment = input_from_py(py, input, fields, "assignment")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.record_assignment(input).await })?;
        Bound::new(py, PyAssignmentRecord::new(out))
    }

    /// An assignment with its details and history (viewers and up).
    fn assignment<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAssignmentRecord>> {
        let id: AssignmentId = id_from_py(id, "id")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.assignment(id).await })?;
        Bound::new(py, PyAssignmentRecord::new(out))
    }

    /// Assignments by date, optionally between two dates (inclusive), of one
    /// status, or with cancelled ones (viewers and up).
    #[pyo3(signature = (*, from_date=None, to_date=None, status=None, include_cancelled=false))]
    fn list_assignments<'py>(
        &self,
        py: Python<'py>,
        from_date: Option<&Bound<'py, PyAny>>,
        to_date: Option<&Bound<'py, PyAny>>,
        status: Option<&Bound<'py, PyAny>>,
        include_cancelled: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let query = AssignmentQuery {
            from: from_date
                .map(|d| date_from_py(d, "from_date"))
                .transpose()?,
            to: to_date.map(|d| date_from_py(d, "to_date")).transpose()?,
            status: status
                .map(|s| from_py::<AssignmentStatus>(s, "status"))
                .transpose()?,
            include_cancelled,
        };
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.list_assignments(&query).await })?;
        records::<PyAssignment, _>(py, &out)
    }

    /// Moves an assignment to `status` (`draft`, `confirmed`, `completed`,
    /// `cancelled`), appending a history row (users and up).
    fn set_assignment_status<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
        status: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAssignment>> {
        let id: AssignmentId = id_from_py(id, "id")?;
        let status: AssignmentStatus = from_py(status, "status")?;
        let scope = self.scope(py)?;
        let out = block_on(
            py,
            async move { scope.set_assignment_status(id, status).await },
        )?;
        record(py, &out)
    }

    /// Replaces an assignment's notes (None clears them), appending a history
    /// row (users and up).
    fn set_assignment_notes<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
        notes: Option<String>,
    ) -> PyResult<Bound<'py, PyAssignment>> {
        let id: AssignmentId = id_from_py(id, "id")?;
        let scope = self.scope(py)?;
        let out = block_on(
            py,
            async move { scope.set_assignment_notes(id, notes).await },
        )?;
        record(py, &out)
    }

    /// Plans `date` with the engine from the domain's participants, targets
    /// and history, and stores the plan as an assignment with its details and
    /// history, all or nothing (users and up). `strategy` is `optimal`
    /// (default), `balanced_rotation`, `skill_based` or `random`; keywords
    /// set the rest of the configuration (`seed`, `allow_partial`,
    /// `avoid_consecutive`, `weights`, `half_life_days`, `validation`).
    #[pyo3(signature = (date, strategy=None, **config))]
    fn generate_assignment<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
        strategy: Option<&Bound<'py, PyAny>>,
        config: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyGeneratedAssignment>> {
        self.generate(py, date, strategy, config)
    }

    /// Plans `date` like `generate_assignment` without storing anything
    /// (viewers and up); returns the plan as a dict.
    #[pyo3(signature = (date, strategy=None, **config))]
    fn preview_assignment<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
        strategy: Option<&Bound<'py, PyAny>>,
        config: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let date = date_from_py(date, "date")?;
        let config = plan_config(py, strategy, config)?;
        let scope = self.scope(py)?;
        let out = block_on(
            py,
            async move { scope.preview_assignment(date, config).await },
        )?;
        to_py(py, &out)
    }

    // ---- audit trail ----

    /// The audit trail of one record, oldest first (viewers and up). `kind` is
    /// `domain`, `entity_definition`, `entity`, `participant`, `target`,
    /// `assignment`, `rule_configuration` or `membership`.
    fn audit_trail<'py>(
        &self,
        py: Python<'py>,
        kind: &Bound<'py, PyAny>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let kind: EntityKind = from_py(kind, "kind")?;
        let id: uuid::Uuid = id_from_py(id, "id")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.audit_trail(kind, id).await })?;
        records::<PyAuditEvent, _>(py, &out)
    }

    /// The newest `limit` audit events of the domain, newest first (admins).
    #[pyo3(signature = (limit=50))]
    fn recent_audit_events<'py>(
        &self,
        py: Python<'py>,
        limit: u32,
    ) -> PyResult<Bound<'py, PyList>> {
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.recent_audit_events(limit).await })?;
        records::<PyAuditEvent, _>(py, &out)
    }

    // ---- members ----

    /// Grants a user (id or record) a role (`admin`, `user`, `viewer`) in the
    /// domain, or changes it (admins).
    fn set_member<'py>(
        &self,
        py: Python<'py>,
        user: &Bound<'py, PyAny>,
        role: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyMembership>> {
        let user: UserId = id_from_py(user, "user")?;
        let role: Role = from_py(role, "role")?;
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.set_member(user, role).await })?;
        record(py, &out)
    }

    /// Removes a user from the domain (admins).
    fn remove_member(&self, py: Python<'_>, user: &Bound<'_, PyAny>) -> PyResult<()> {
        let user: UserId = id_from_py(user, "user")?;
        let scope = self.scope(py)?;
        block_on(py, async move { scope.remove_member(user).await })
    }

    /// Members of the domain (admins).
    fn members<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let scope = self.scope(py)?;
        let out = block_on(py, async move { scope.members().await })?;
        records::<PyMembership, _>(py, &out)
    }

    fn __repr__(&self) -> String {
        let scope = self.current();
        format!(
            "Domain(name={:?}, id=\"{}\", role=\"{}\")",
            scope.domain().name,
            scope.id(),
            scope.role().as_str()
        )
    }
}
