//! The role matrix: every `DomainScope` operation, tried as a viewer, a user,
//! an admin, the system and a non-member. Each is allowed exactly from its
//! minimum role up; a refused call is `Error::Forbidden` and writes nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Days, NaiveDate};
use serde_json::json;
use vividshift_core::model::{
    AssignmentQuery, AssignmentStatus, DomainPatch, EntityKind, EntityPatch, EntityQuery,
    EntitySchema, NewAssignment, NewAssignmentDetail, NewEntity, NewParticipant,
    NewRuleConfiguration, NewTarget, ParticipantPatch, ParticipantQuery, Role, TargetPatch,
};
use vividshift_core::{
    AssignmentId, Client, DomainScope, EntityId, Error, ParticipantId, Principal, Store, TargetId,
    UserId,
};

use super::accounts::make_user;
use super::{new_domain, unique};

/// Every operation of a domain scope, by the role it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    ListParticipants,
    GetParticipant,
    ParticipantsWithSkill,
    ListTargets,
    GetTarget,
    ListDefinitions,
    GetDefinition,
    ListEntities,
    GetEntity,
    ListRules,
    GetRule,
    ListAssignments,
    GetAssignment,
    AuditTrail,
    RecordAssignment,
    SetAssignmentStatus,
    SetAssignmentNotes,
    CreateEntity,
    UpdateEntity,
    DeleteEntity,
    RecentAuditEvents,
    CreateDefinition,
    UpdateDefinition,
    RetireDefinition,
    CreateRule,
    UpdateRule,
    CreateParticipant,
    ImportParticipants,
    UpdateParticipant,
    DeactivateParticipant,
    CreateTarget,
    ImportTargets,
    UpdateTarget,
    DeactivateTarget,
    SetMember,
    RemoveMember,
    ListMembers,
    UpdateDomain,
}

const OPS: [(Op, Role); 38] = [
    (Op::ListParticipants, Role::Viewer),
    (Op::GetParticipant, Role::Viewer),
    (Op::ParticipantsWithSkill, Role::Viewer),
    (Op::ListTargets, Role::Viewer),
    (Op::GetTarget, Role::Viewer),
    (Op::ListDefinitions, Role::Viewer),
    (Op::GetDefinition, Role::Viewer),
    (Op::ListEntities, Role::Viewer),
    (Op::GetEntity, Role::Viewer),
    (Op::ListRules, Role::Viewer),
    (Op::GetRule, Role::Viewer),
    (Op::ListAssignments, Role::Viewer),
    (Op::GetAssignment, Role::Viewer),
    (Op::AuditTrail, Role::Viewer),
    (Op::RecordAssignment, Role::User),
    (Op::SetAssignmentStatus, Role::User),
    (Op::SetAssignmentNotes, Role::User),
    (Op::CreateEntity, Role::User),
    (Op::UpdateEntity, Role::User),
    (Op::DeleteEntity, Role::User),
    (Op::RecentAuditEvents, Role::Admin),
    (Op::CreateDefinition, Role::Admin),
    (Op::UpdateDefinition, Role::Admin),
    (Op::RetireDefinition, Role::Admin),
    (Op::CreateRule, Role::Admin),
    (Op::UpdateRule, Role::Admin),
    (Op::CreateParticipant, Role::Admin),
    (Op::ImportParticipants, Role::Admin),
    (Op::UpdateParticipant, Role::Admin),
    (Op::DeactivateParticipant, Role::Admin),
    (Op::CreateTarget, Role::Admin),
    (Op::ImportTargets, Role::Admin),
    (Op::UpdateTarget, Role::Admin),
    (Op::DeactivateTarget, Role::Admin),
    (Op::SetMember, Role::Admin),
    (Op::RemoveMember, Role::Admin),
    (Op::ListMembers, Role::Admin),
    (Op::UpdateDomain, Role::Admin),
];

fn item_schema(name: &str) -> EntitySchema {
    serde_json::from_value(json!({
        "name": name,
        "display_name": "Item",
        "fields": {"label": {"field_type": "string", "required": true}},
    }))
    .unwrap()
}

/// The records the operations act on, made by the system.
struct Fixture {
    system: DomainScope,
    participant: ParticipantId,
    target: TargetId,
    entity: EntityId,
    assignment: AssignmentId,
    spare: UserId,
    leaver: UserId,
    days: AtomicU32,
}

/// A record made for one attempt, so that every allowed attempt has its own.
enum Made {
    Nothing,
    Participant(ParticipantId),
    Target(TargetId),
    Definition(String),
    Entity(EntityId),
    Assignment(AssignmentId),
}

impl Fixture {
    async fn new(store: &Arc<dyn Store>) -> Self {
        let system = new_domain(store).await;
        let participant = system
            .create_participant(NewParticipant::new("Ada", &["cleaning"]))
            .await
            .unwrap()
            .id;
        let target = system
            .create_target(NewTarget::new("Parlor", 1))
            .await
            .unwrap()
            .id;
        system.create_definition(item_schema("item")).await.unwrap();
        let entity = system.create_entity(Self::item()).await.unwrap().id;
        system
            .create_rule_configuration(NewRuleConfiguration {
                name: "default_rules".into(),
                strategy: "random".into(),
                parameters: json!({}),
            })
            .await
            .unwrap();
        let mut fixture = Self {
            system,
            participant,
            target,
            entity,
            assignment: AssignmentId::new(),
            spare: make_user(store).await.id,
            leaver: make_user(store).await.id,
            days: AtomicU32::new(0),
        };
        fixture.assignment = fixture
            .system
            .record_assignment(fixture.plan())
            .await
            .unwrap()
            .assignment
            .id;
        fixture
    }

    fn item() -> NewEntity {
        NewEntity {
            definition: "item".into(),
            attributes: json!({"label": "spoon"}),
            tags: vec![],
        }
    }

    /// A one-placement plan for a date no other plan of the domain has.
    fn plan(&self) -> NewAssignment {
        let day = self.days.fetch_add(1, Ordering::Relaxed);
        let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        NewAssignment {
            assignment_date: first.checked_add_days(Days::new(day.into())).unwrap(),
            strategy: "random".into(),
            config: json!({}),
            metrics: json!({}),
            notes: None,
            details: vec![NewAssignmentDetail {
                participant_id: self.participant,
                target_id: self.target,
                position: 0,
                score: 1.0,
                reason: "matrix".into(),
            }],
        }
    }

    /// Makes what `op` will act on (as the system, before the attempt).
    async fn prepare(&self, op: Op) -> Made {
        let s = &self.system;
        match op {
            Op::SetAssignmentStatus => Made::Assignment(
                s.record_assignment(self.plan())
                    .await
                    .unwrap()
                    .assignment
                    .id,
            ),
            Op::DeleteEntity => Made::Entity(s.create_entity(Self::item()).await.unwrap().id),
            Op::UpdateDefinition | Op::RetireDefinition => {
                let name = unique("def");
                s.create_definition(item_schema(&name)).await.unwrap();
                Made::Definition(name)
            }
            Op::DeactivateParticipant => Made::Participant(
                s.create_participant(NewParticipant::new("Temp", &[]))
                    .await
                    .unwrap()
                    .id,
            ),
            Op::DeactivateTarget => Made::Target(
                s.create_target(NewTarget::new(unique("t"), 1))
                    .await
                    .unwrap()
                    .id,
            ),
            Op::RemoveMember => {
                s.set_member(self.leaver, Role::Viewer).await.unwrap();
                Made::Nothing
            }
            _ => Made::Nothing,
        }
    }

    /// Runs `op` through `scope`, on `made` where it needs a record of its own.
    async fn attempt(
        &self,
        op: Op,
        scope: &mut DomainScope,
        made: Made,
    ) -> vividshift_core::Result<()> {
        match (op, made) {
            (Op::ListParticipants, _) => scope
                .list_participants(&ParticipantQuery::default())
                .await
                .map(drop),
            (Op::GetParticipant, _) => scope.participant(self.participant).await.map(drop),
            (Op::ParticipantsWithSkill, _) => {
                scope.participants_with_skill("cleaning").await.map(drop)
            }
            (Op::ListTargets, _) => scope.list_targets(false).await.map(drop),
            (Op::GetTarget, _) => scope.target(self.target).await.map(drop),
            (Op::ListDefinitions, _) => scope.list_definitions().await.map(drop),
            (Op::GetDefinition, _) => scope.definition("item").await.map(drop),
            (Op::ListEntities, _) => scope.list_entities(&EntityQuery::default()).await.map(drop),
            (Op::GetEntity, _) => scope.entity(self.entity).await.map(drop),
            (Op::ListRules, _) => scope.list_rule_configurations().await.map(drop),
            (Op::GetRule, _) => scope.rule_configuration("default_rules").await.map(drop),
            (Op::ListAssignments, _) => scope
                .list_assignments(&AssignmentQuery::default())
                .await
                .map(drop),
            (Op::GetAssignment, _) => scope.assignment(self.assignment).await.map(drop),
            (Op::AuditTrail, _) => scope
                .audit_trail(EntityKind::Participant, self.participant.0)
                .await
                .map(drop),
            (Op::RecordAssignment, _) => scope.record_assignment(self.plan()).await.map(drop),
            (Op::SetAssignmentStatus, Made::Assignment(id)) => scope
                .set_assignment_status(id, AssignmentStatus::Confirmed)
                .await
                .map(drop),
            (Op::SetAssignmentNotes, _) => scope
                .set_assignment_notes(self.assignment, Some(unique("note")))
                .await
                .map(drop),
            (Op::CreateEntity, _) => scope.create_entity(Self::item()).await.map(drop),
            (Op::UpdateEntity, _) => scope
                .update_entity(
                    self.entity,
                    EntityPatch {
                        tags: Some(vec![unique("tag")]),
                        ..EntityPatch::default()
                    },
                )
                .await
                .map(drop),
            (Op::DeleteEntity, Made::Entity(id)) => scope.delete_entity(id).await.map(drop),
            (Op::RecentAuditEvents, _) => scope.recent_audit_events(10).await.map(drop),
            (Op::CreateDefinition, _) => scope
                .create_definition(item_schema(&unique("def")))
                .await
                .map(drop),
            (Op::UpdateDefinition, Made::Definition(name)) => {
                let mut schema = item_schema(&name);
                schema.display_name = Some("Thing".into());
                scope.update_definition(&name, schema).await.map(drop)
            }
            (Op::RetireDefinition, Made::Definition(name)) => {
                scope.retire_definition(&name).await.map(drop)
            }
            (Op::CreateRule, _) => scope
                .create_rule_configuration(NewRuleConfiguration {
                    name: unique("rules"),
                    strategy: "random".into(),
                    parameters: json!({}),
                })
                .await
                .map(drop),
            (Op::UpdateRule, _) => scope
                .update_rule_configuration(NewRuleConfiguration {
                    name: "default_rules".into(),
                    strategy: "balanced_rotation".into(),
                    parameters: json!({"run": unique("r")}),
                })
                .await
                .map(drop),
            (Op::CreateParticipant, _) => scope
                .create_participant(NewParticipant::new("New", &[]))
                .await
                .map(drop),
            (Op::ImportParticipants, _) => scope
                .import_participants(vec![NewParticipant::new("Imported", &[])])
                .await
                .map(drop),
            (Op::UpdateParticipant, _) => scope
                .update_participant(
                    self.participant,
                    ParticipantPatch {
                        group: Some(Some(unique("g"))),
                        ..ParticipantPatch::default()
                    },
                )
                .await
                .map(drop),
            (Op::DeactivateParticipant, Made::Participant(id)) => {
                scope.deactivate_participant(id).await.map(drop)
            }
            (Op::CreateTarget, _) => scope
                .create_target(NewTarget::new(unique("t"), 1))
                .await
                .map(drop),
            (Op::ImportTargets, _) => scope
                .import_targets(vec![NewTarget::new(unique("t"), 1)])
                .await
                .map(drop),
            (Op::UpdateTarget, _) => scope
                .update_target(
                    self.target,
                    TargetPatch {
                        description: Some(Some(unique("d"))),
                        ..TargetPatch::default()
                    },
                )
                .await
                .map(drop),
            (Op::DeactivateTarget, Made::Target(id)) => scope.deactivate_target(id).await.map(drop),
            (Op::SetMember, _) => scope.set_member(self.spare, Role::Viewer).await.map(drop),
            (Op::RemoveMember, _) => scope.remove_member(self.leaver).await,
            (Op::ListMembers, _) => scope.members().await.map(drop),
            (Op::UpdateDomain, _) => scope
                .update(DomainPatch {
                    description: Some(Some(unique("about"))),
                    ..DomainPatch::default()
                })
                .await
                .map(drop),
            (op, _) => panic!("{op:?} was not prepared"),
        }
    }

    /// How many audit events the domain has (a refused call must add none).
    async fn audit_len(&self) -> usize {
        self.system
            .recent_audit_events(100_000)
            .await
            .unwrap()
            .len()
    }
}

/// Every operation as viewer, user, admin and system: allowed exactly from its
/// role up; refusals are `Forbidden` and write nothing. Non-members cannot
/// open the domain at all, nor see it listed.
pub async fn role_matrix(store: Arc<dyn Store>) {
    let client = Client::new(store.clone());
    let fixture = Fixture::new(&store).await;
    let domain = fixture.system.id();
    let mut callers = vec![(Principal::System, Role::Admin)];
    for role in [Role::Viewer, Role::User, Role::Admin] {
        let user = make_user(&store).await;
        fixture.system.set_member(user.id, role).await.unwrap();
        callers.push((Principal::User(user.id), role));
    }
    for (principal, role) in callers {
        let mut scope = client.domain(&principal, domain).await.unwrap();
        assert_eq!(scope.role(), role);
        for (op, needed) in OPS {
            let made = fixture.prepare(op).await;
            let before = fixture.audit_len().await;
            let result = fixture.attempt(op, &mut scope, made).await;
            if role >= needed {
                assert!(
                    result.is_ok(),
                    "{principal:?} as {role:?}: {op:?} failed: {result:?}"
                );
            } else {
                assert!(
                    matches!(result, Err(Error::Forbidden(_))),
                    "{role:?}: {op:?} must be forbidden, got {result:?}"
                );
                assert_eq!(
                    fixture.audit_len().await,
                    before,
                    "{role:?}: refused {op:?} wrote"
                );
            }
        }
    }

    let outsider = make_user(&store).await;
    let result = client.domain(&Principal::User(outsider.id), domain).await;
    assert!(matches!(result, Err(Error::Forbidden(_))), "{result:?}");
    let listed = client
        .list_domains(&Principal::User(outsider.id))
        .await
        .unwrap();
    assert!(listed.iter().all(|d| d.id != domain));
    let result = client.domain(&Principal::User(UserId::new()), domain).await;
    assert!(matches!(result, Err(Error::Forbidden(_))), "{result:?}");
}
