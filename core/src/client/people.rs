//! Participants and assignment targets through the client.

use super::{DomainScope, audit_trail, audit_trail::set_fields, changed_fields, check_input, now};
use crate::Validator;
use crate::error::{Error, Result, Violation};
use crate::ids::{ParticipantId, TargetId};
use crate::input_rules::InputRules;
use crate::model::{
    AssignmentTarget, AuditAction, AuditEvent, EntityKind, Json, NewParticipant, NewTarget,
    Participant, ParticipantPatch, ParticipantQuery, Role, TargetPatch,
};

impl DomainScope {
    /// The definition the domain attaches to this kind of record, compiled.
    async fn attached_definition(&self, name: Option<&str>) -> Result<Option<CompiledDefinition>> {
        let Some(name) = name else {
            return Ok(None);
        };
        let definition = self
            .store()
            .definitions()
            .get_by_name(self.id(), name)
            .await?;
        let validator = Validator::new(&definition.schema)?;
        Ok(Some(CompiledDefinition {
            definition,
            validator,
        }))
    }

    /// Extra attributes checked against the attached definition, if any, with defaults applied.
    async fn attached_attributes(
        &self,
        attached: Option<&CompiledDefinition>,
        attributes: &Json,
    ) -> Result<Json> {
        match attached {
            None => Ok(attributes.clone()),
            Some(c) => {
                self.validated_attributes(&c.definition, &c.validator, "attributes/", attributes)
                    .await
            }
        }
    }

    fn new_participant(&self, input: NewParticipant, attributes: Json) -> Participant {
        let at = now();
        Participant {
            id: ParticipantId::new(),
            domain_id: self.id(),
            name: input.name,
            email: input.email,
            skills: input.skills,
            availability: input.availability,
            preferences: input.preferences,
            group: input.group,
            max_assignments: input.max_assignments,
            attributes,
            metadata: input.metadata,
            is_active: true,
            created_at: at,
            updated_at: at,
        }
    }

    fn created_event(
        &self,
        kind: EntityKind,
        id: uuid::Uuid,
        record: &impl serde::Serialize,
    ) -> AuditEvent {
        self.event(kind, id, AuditAction::Created, set_fields(record))
    }

    /// Registers a participant (admins).
    pub async fn create_participant(&self, input: NewParticipant) -> Result<Participant> {
        self.require(Role::Admin, "creating a participant")?;
        check_input(&input)?;
        let attached = self
            .attached_definition(self.domain.participant_definition.as_deref())
            .await?;
        let attributes = self
            .attached_attributes(attached.as_ref(), &input.attributes)
            .await?;
        let participant = self.new_participant(input, attributes);
        let audit = self.created_event(EntityKind::Participant, participant.id.0, &participant);
        self.store()
            .participants()
            .create(self.id(), &participant, &audit)
            .await
    }

    /// Registers many participants in one atomic write (admins). Every input is
    /// checked first; one bad input rejects the batch, naming its index.
    pub async fn import_participants(
        &self,
        inputs: Vec<NewParticipant>,
    ) -> Result<Vec<Participant>> {
        self.require(Role::Admin, "importing participants")?;
        check_batch(&inputs)?;
        let attached = self
            .attached_definition(self.domain.participant_definition.as_deref())
            .await?;
        let mut participants = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.into_iter().enumerate() {
            let attributes = self
                .attached_attributes(attached.as_ref(), &input.attributes)
                .await
                .map_err(|e| prefix_violations(e, i))?;
            participants.push(self.new_participant(input, attributes));
        }
        let audit: Vec<AuditEvent> = participants
            .iter()
            .map(|p| self.created_event(EntityKind::Participant, p.id.0, p))
            .collect();
        self.store()
            .participants()
            .create_many(self.id(), &participants, &audit)
            .await?;
        Ok(participants)
    }

    /// The participant with this id (viewers and up).
    pub async fn participant(&self, id: ParticipantId) -> Result<Participant> {
        self.require(Role::Viewer, "reading participants")?;
        self.store().participants().get(self.id(), id).await
    }

    /// Participants matching the query (viewers and up).
    pub async fn list_participants(&self, query: &ParticipantQuery) -> Result<Vec<Participant>> {
        self.require(Role::Viewer, "reading participants")?;
        self.store().participants().list(self.id(), query).await
    }

    /// Active participants who have `skill` (viewers and up).
    pub async fn participants_with_skill(&self, skill: &str) -> Result<Vec<Participant>> {
        self.list_participants(&ParticipantQuery {
            skill: Some(skill.to_owned()),
            ..ParticipantQuery::default()
        })
        .await
    }

    /// Changes a participant (admins).
    pub async fn update_participant(
        &self,
        id: ParticipantId,
        patch: ParticipantPatch,
    ) -> Result<Participant> {
        self.require(Role::Admin, "updating a participant")?;
        check_input(&patch)?;
        let current = self.store().participants().get(self.id(), id).await?;
        let mut next = current.clone();
        if let Some(v) = patch.name {
            next.name = v;
        }
        if let Some(v) = patch.email {
            next.email = v;
        }
        if let Some(v) = patch.skills {
            next.skills = v;
        }
        if let Some(v) = patch.availability {
            next.availability = v;
        }
        if let Some(v) = patch.preferences {
            next.preferences = v;
        }
        if let Some(v) = patch.group {
            next.group = v;
        }
        if let Some(v) = patch.max_assignments {
            next.max_assignments = v;
        }
        if let Some(v) = patch.attributes {
            let attached = self
                .attached_definition(self.domain.participant_definition.as_deref())
                .await?;
            next.attributes = self.attached_attributes(attached.as_ref(), &v).await?;
        }
        if let Some(v) = patch.metadata {
            next.metadata = v;
        }
        if let Some(v) = patch.is_active {
            next.is_active = v;
        }
        let fields = changed_fields(&current, &next);
        if fields.is_empty() {
            return Ok(current);
        }
        next.updated_at = now();
        let action = audit_trail::activity_action(current.is_active, next.is_active);
        let audit = self.event(EntityKind::Participant, next.id.0, action, fields);
        self.store()
            .participants()
            .update(self.id(), &next, &audit)
            .await
    }

    /// Deactivates a participant (soft delete; admins).
    pub async fn deactivate_participant(&self, id: ParticipantId) -> Result<Participant> {
        self.update_participant(
            id,
            ParticipantPatch {
                is_active: Some(false),
                ..ParticipantPatch::default()
            },
        )
        .await
    }

    fn new_target(&self, input: NewTarget, attributes: Json) -> AssignmentTarget {
        let at = now();
        AssignmentTarget {
            id: TargetId::new(),
            domain_id: self.id(),
            name: input.name,
            description: input.description,
            required_count: input.required_count,
            required_skills: input.required_skills,
            skills_hard: input.skills_hard,
            priority: input.priority,
            max_per_group: input.max_per_group,
            attributes,
            metadata: input.metadata,
            is_active: true,
            created_at: at,
            updated_at: at,
        }
    }

    /// Creates an assignment target (admins).
    pub async fn create_target(&self, input: NewTarget) -> Result<AssignmentTarget> {
        self.require(Role::Admin, "creating a target")?;
        check_input(&input)?;
        let attached = self
            .attached_definition(self.domain.target_definition.as_deref())
            .await?;
        let attributes = self
            .attached_attributes(attached.as_ref(), &input.attributes)
            .await?;
        let target = self.new_target(input, attributes);
        let audit = self.created_event(EntityKind::Target, target.id.0, &target);
        self.store()
            .targets()
            .create(self.id(), &target, &audit)
            .await
    }

    /// Creates many targets in one atomic write (admins).
    pub async fn import_targets(&self, inputs: Vec<NewTarget>) -> Result<Vec<AssignmentTarget>> {
        self.require(Role::Admin, "importing targets")?;
        check_batch(&inputs)?;
        let attached = self
            .attached_definition(self.domain.target_definition.as_deref())
            .await?;
        let mut targets = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.into_iter().enumerate() {
            let attributes = self
                .attached_attributes(attached.as_ref(), &input.attributes)
                .await
                .map_err(|e| prefix_violations(e, i))?;
            targets.push(self.new_target(input, attributes));
        }
        let audit: Vec<AuditEvent> = targets
            .iter()
            .map(|t| self.created_event(EntityKind::Target, t.id.0, t))
            .collect();
        self.store()
            .targets()
            .create_many(self.id(), &targets, &audit)
            .await?;
        Ok(targets)
    }

    /// The target with this id (viewers and up).
    pub async fn target(&self, id: TargetId) -> Result<AssignmentTarget> {
        self.require(Role::Viewer, "reading targets")?;
        self.store().targets().get(self.id(), id).await
    }

    /// Targets of the domain, highest priority first (viewers and up).
    pub async fn list_targets(&self, include_inactive: bool) -> Result<Vec<AssignmentTarget>> {
        self.require(Role::Viewer, "reading targets")?;
        self.store()
            .targets()
            .list(self.id(), include_inactive)
            .await
    }

    /// Changes a target (admins).
    pub async fn update_target(
        &self,
        id: TargetId,
        patch: TargetPatch,
    ) -> Result<AssignmentTarget> {
        self.require(Role::Admin, "updating a target")?;
        check_input(&patch)?;
        let current = self.store().targets().get(self.id(), id).await?;
        let mut next = current.clone();
        if let Some(v) = patch.name {
            next.name = v;
        }
        if let Some(v) = patch.description {
            next.description = v;
        }
        if let Some(v) = patch.required_count {
            next.required_count = v;
        }
        if let Some(v) = patch.required_skills {
            next.required_skills = v;
        }
        if let Some(v) = patch.skills_hard {
            next.skills_hard = v;
        }
        if let Some(v) = patch.priority {
            next.priority = v;
        }
        if let Some(v) = patch.max_per_group {
            next.max_per_group = v;
        }
        if let Some(v) = patch.attributes {
            let attached = self
                .attached_definition(self.domain.target_definition.as_deref())
                .await?;
            next.attributes = self.attached_attributes(attached.as_ref(), &v).await?;
        }
        if let Some(v) = patch.metadata {
            next.metadata = v;
        }
        if let Some(v) = patch.is_active {
            next.is_active = v;
        }
        let fields = changed_fields(&current, &next);
        if fields.is_empty() {
            return Ok(current);
        }
        next.updated_at = now();
        let action = audit_trail::activity_action(current.is_active, next.is_active);
        let audit = self.event(EntityKind::Target, next.id.0, action, fields);
        self.store()
            .targets()
            .update(self.id(), &next, &audit)
            .await
    }

    /// Deactivates a target (soft delete; admins).
    pub async fn deactivate_target(&self, id: TargetId) -> Result<AssignmentTarget> {
        self.update_target(
            id,
            TargetPatch {
                is_active: Some(false),
                ..TargetPatch::default()
            },
        )
        .await
    }
}

/// A definition with its compiled validator.
struct CompiledDefinition {
    definition: crate::model::EntityDefinition,
    validator: Validator,
}

/// Checks every input of a batch, naming each violation's index in the batch.
fn check_batch<T: InputRules>(inputs: &[T]) -> Result<()> {
    let violations: Vec<Violation> = inputs
        .iter()
        .enumerate()
        .flat_map(|(i, input)| {
            input.violations().into_iter().map(move |mut v| {
                v.path = format!("{i}/{}", v.path);
                v
            })
        })
        .collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(violations))
    }
}

/// Puts a batch index in front of every violation path of a validation error.
fn prefix_violations(error: Error, index: usize) -> Error {
    match error {
        Error::Validation(violations) => Error::Validation(
            violations
                .into_iter()
                .map(|mut v| {
                    v.path = format!("{index}/{}", v.path);
                    v
                })
                .collect(),
        ),
        other => other,
    }
}
