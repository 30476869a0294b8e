"""Every Client operation over every store (memory://, and postgres:// when
VIVIDSHIFT_TEST_DATABASE_URL is set): domains, definitions, entities, rule
configurations, participants, targets, assignments, the audit trail."""

import datetime
import uuid

import pytest

import vividshift
from conftest import load_fixture

PERSON = {
    "name": "person",
    "fields": {
        "email": {"field_type": "string", "required": True, "constraints": {"unique": True}},
        "level": {"field_type": "integer", "default_value": 1, "constraints": {"min": 1, "max": 5}},
    },
}


def test_connect_and_context_manager():
    with vividshift.connect("memory://") as client:
        assert isinstance(client, vividshift.Client)
        assert not client.closed
        assert client.user_id is None
        assert repr(client) == 'Client("memory://")'
    assert client.closed
    with pytest.raises(vividshift.ConfigurationError):
        client.list_domains()
    client.close()  # twice is harmless


def test_domains(client):
    name = "dom_" + uuid.uuid4().hex[:8]
    d = client.create_domain({"name": name, "display_name": "Chores"}, description="Weekly")
    assert isinstance(d, vividshift.Domain)
    assert d.name == name and d.display_name == "Chores" and d.description == "Weekly"
    assert d.role == "admin" and d.is_active is True and d.config == {}
    assert uuid.UUID(d.id)
    assert d.to_dict()["name"] == name
    assert isinstance(d.record, vividshift.DomainRecord)
    assert name in repr(d)

    listed = {r.name: r for r in client.list_domains()}
    assert listed[name] == d.record
    assert client.domain(name).id == d.id
    assert client.domain(uuid.UUID(d.id)).name == name
    assert client.domain(d.record).name == name

    changed = d.update(display_name="Chores!", config={"week_starts": "monday"})
    assert changed.display_name == "Chores!" and d.display_name == "Chores!"
    assert d.config == {"week_starts": "monday"}
    other = client.domain(name)
    other.update({"description": "Daily"})
    d.refresh()
    assert d.description == "Daily"
    gone = d.deactivate()
    assert gone.is_active is False
    assert name not in {r.name for r in client.list_domains()}


def test_definitions_and_entities(domain):
    created = domain.create_definition(PERSON)
    assert isinstance(created, vividshift.EntityDefinition)
    assert created.schema["name"] == "person" and created.version == 1
    assert domain.definition("person") == created
    assert [x.schema["name"] for x in domain.list_definitions()] == ["person"]

    e = domain.create_entity(definition="person", attributes={"email": "a@x.org"}, tags=["t"])
    assert isinstance(e, vividshift.Entity)
    assert e.attributes == {"email": "a@x.org", "level": 1}
    assert e.status == "active" and e.definition_name == "person"
    assert domain.entity(e.id) == e
    assert domain.entity(e) == e

    with pytest.raises(vividshift.ConflictError) as raised:
        domain.create_entity(definition="person", attributes={"email": "a@x.org"})
    assert raised.value.field == "email"

    with pytest.raises(vividshift.ValidationError) as raised:
        domain.create_entity(definition="person", attributes={"email": "b@x.org", "level": 9})
    assert [(v["path"], v["rule"]) for v in raised.value.violations] == [("attributes/level", "max")]

    updated = domain.update_entity(e.id, attributes={"email": "a@x.org", "level": 3}, tags=["u"])
    assert updated.attributes["level"] == 3 and updated.tags == ["u"] and updated.version == 2
    assert [x.id for x in domain.list_entities(tag="u")] == [e.id]
    assert [x.id for x in domain.list_entities(definition_id=created.id)] == [e.id]
    assert domain.delete_entity(e.id).status == "deleted"
    assert domain.list_entities() == []
    assert [x.id for x in domain.list_entities(include_deleted=True)] == [e.id]

    schema = dict(PERSON, display_name="Person")
    assert domain.update_definition("person", schema).version == 2
    assert domain.retire_definition("person").is_active is False
    with pytest.raises(vividshift.ValidationError):
        domain.create_entity(definition="person", attributes={"email": "c@x.org"})


def test_work_groups_definitions(domain):
    for definition in load_fixture("definitions", "work_groups.json"):
        domain.create_definition(definition)
    assert len(domain.list_definitions()) == 3


def test_rule_configurations(domain):
    r = domain.create_rule_configuration(name="fair", strategy="balanced_rotation", parameters={"seed": 1})
    assert isinstance(r, vividshift.RuleConfiguration)
    assert domain.rule_configuration("fair") == r
    assert domain.list_rule_configurations() == [r]
    r2 = domain.update_rule_configuration({"name": "fair", "strategy": "optimal"})
    assert r2.strategy == "optimal" and r2.id == r.id
    with pytest.raises(vividshift.ConflictError):
        domain.create_rule_configuration(name="fair", strategy="random")


def test_participants(domain):
    ada = domain.create_participant(
        name="Ada",
        email="ada@example.org",
        skills=["cleaning", "cooking"],
        availability={"sunday": False, "unavailable": [{"from": "2026-12-24", "to": "2026-12-26"}]},
        group="a",
        max_assignments=2,
    )
    assert isinstance(ada, vividshift.Participant)
    assert ada.skills == ["cleaning", "cooking"] and ada.availability["sunday"] is False
    assert ada.group == "a" and ada.max_assignments == 2 and ada.is_active
    assert domain.participant(ada.id) == ada

    batch = domain.import_participants([{"name": "Bob", "skills": ["cooking"]}, {"name": "Cy", "group": "b"}])
    assert [p.name for p in batch] == ["Bob", "Cy"]
    assert {p.name for p in domain.list_participants()} == {"Ada", "Bob", "Cy"}
    assert {p.name for p in domain.participants_with_skill("cooking")} == {"Ada", "Bob"}
    assert {p.name for p in domain.list_participants(skill="cleaning")} == {"Ada"}
    assert {p.name for p in domain.list_participants(group="b")} == {"Cy"}

    with pytest.raises(vividshift.ValidationError) as raised:
        domain.import_participants([{"name": "Ok"}, {"name": ""}])
    assert all(v["path"].startswith("1/") for v in raised.value.violations)
    assert len(domain.list_participants()) == 3  # nothing half-written

    changed = domain.update_participant(ada, {"skills": ["gardening"]}, max_assignments=1)
    assert changed.skills == ["gardening"] and changed.max_assignments == 1
    gone = domain.deactivate_participant(ada.id)
    assert gone.is_active is False
    assert {p.name for p in domain.list_participants()} == {"Bob", "Cy"}
    assert len(domain.list_participants(include_inactive=True)) == 3


def test_targets(domain):
    t = domain.create_target(name="Parlor", required_count=2, required_skills=["cleaning"], skills_hard=True, priority=5)
    assert isinstance(t, vividshift.Target)
    assert t.required_count == 2 and t.skills_hard is True and t.priority == 5
    assert domain.target(t.id) == t
    more = domain.import_targets([{"name": "Kitchen"}, {"name": "Garden", "max_per_group": 1}])
    assert [x.name for x in more] == ["Kitchen", "Garden"]
    assert domain.list_targets()[0].name == "Parlor"  # highest priority first
    assert domain.update_target(t.id, required_count=3).required_count == 3
    assert domain.deactivate_target(t).is_active is False
    assert len(domain.list_targets()) == 2
    assert len(domain.list_targets(include_inactive=True)) == 3


def test_assignments(domain):
    ada = domain.create_participant(name="Ada")
    bob = domain.create_participant(name="Bob")
    parlor = domain.create_target(name="Parlor", required_count=2)
    rec = domain.record_assignment(
        assignment_date=datetime.date(2026, 3, 2),
        strategy="manual",
        config={"seed": 7},
        details=[
            {"participant_id": ada.id, "target_id": parlor.id, "position": 0, "score": 1.5, "reason": "why"},
            {"participant_id": uuid.UUID(bob.id), "target_id": parlor.id, "position": 1},
        ],
    )
    assert isinstance(rec, vividshift.AssignmentRecord)
    assert rec.status == "draft" and rec.assignment_date == "2026-03-02"
    assert isinstance(rec.assignment, vividshift.Assignment)
    assert [d.participant_id for d in rec.details] == [ada.id, bob.id]
    assert rec.details[0].score == 1.5 and rec.details[0].reason == "why"
    assert [h.action for h in rec.history] == ["created"]
    assert rec.to_dict()["assignment"]["id"] == rec.id
    assert domain.assignment(rec.id) == rec

    with pytest.raises(vividshift.ConflictError):
        domain.record_assignment(assignment_date="2026-03-02", strategy="manual", details=[])

    confirmed = domain.set_assignment_status(rec.id, "confirmed")
    assert confirmed.status == "confirmed"
    with pytest.raises(vividshift.ValidationError) as raised:
        domain.set_assignment_status(rec.id, "draft_x")
    assert raised.value.violations[0]["path"] == "status"
    noted = domain.set_assignment_notes(rec.id, "bring gloves")
    assert noted.notes == "bring gloves"
    assert domain.set_assignment_notes(rec.id, None).notes is None
    history = domain.assignment(rec.id).history
    assert [h.action for h in history] == ["created", "status_changed", "updated", "updated"]

    domain.record_assignment(assignment_date="2026-03-09", strategy="manual", details=[])
    assert len(domain.list_assignments()) == 2
    assert [a.assignment_date for a in domain.list_assignments(from_date="2026-03-03")] == ["2026-03-09"]
    assert len(domain.list_assignments(to_date=datetime.date(2026, 3, 2))) == 1
    assert len(domain.list_assignments(status="confirmed")) == 1
    with pytest.raises(vividshift.ValidationError):
        domain.list_assignments(from_date="2026-03-09", to_date="2026-03-01")


def test_audit_trail(domain):
    p = domain.create_participant(name="Ada")
    domain.update_participant(p.id, name="Ada L.")
    trail = domain.audit_trail("participant", p.id)
    assert [e.action for e in trail] == ["created", "updated"]
    assert isinstance(trail[0], vividshift.AuditEvent)
    assert trail[1].changed_fields == ["name"]
    assert trail[0].entity_id == p.id and trail[0].actor is None
    recent = domain.recent_audit_events(2)
    assert [e.action for e in recent] == ["updated", "created"]
    with pytest.raises(vividshift.ValidationError):
        domain.audit_trail("spaceship", p.id)


def test_members_of_unknown_user(domain):
    with pytest.raises(vividshift.NotFoundError):
        domain.set_member(uuid.uuid4(), "viewer")
    assert domain.members() == []


def test_acting_as_a_stranger_is_forbidden(client, domain):
    stranger = client.as_user(uuid.uuid4())
    assert stranger.user_id is not None
    with pytest.raises(vividshift.ForbiddenError):
        stranger.domain(domain.name)
    assert stranger.list_domains() == []


def test_records(domain):
    p = domain.create_participant(name="Ada", skills=["x"])
    assert p == domain.participant(p.id)
    assert p != domain.create_participant(name="Bob")
    with pytest.raises(AttributeError):
        p.colour
    assert "skills" in dir(p) and "to_dict" in dir(p)
    d = p.to_dict()
    d["skills"].append("mutated")
    assert p.skills == ["x"]  # to_dict returns a copy
    assert repr(p).startswith("Participant(id=")


def test_domains_are_isolated(client):
    a = client.create_domain(name="iso_a_" + uuid.uuid4().hex[:6], display_name="A")
    b = client.create_domain(name="iso_b_" + uuid.uuid4().hex[:6], display_name="B")
    p = a.create_participant(name="Ada")
    with pytest.raises(vividshift.NotFoundError):
        b.participant(p.id)
    with pytest.raises(vividshift.NotFoundError):
        b.update_participant(p.id, name="Eve")
    assert b.list_participants() == []
