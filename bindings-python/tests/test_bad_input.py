"""Bad input raises typed errors naming the path and the rule; it never
crashes the interpreter and never half-writes."""

import datetime
import decimal
import math
import uuid

import pytest

import vividshift

DEFINITION = {"name": "sample", "fields": {"f": {"field_type": "string"}}}


def violation(raised):
    (v,) = raised.value.violations
    return v["path"], v["rule"]


@pytest.mark.parametrize(
    "value",
    [{1, 2}, b"bytes", object(), decimal.Decimal("1.5"), math.nan, math.inf, -math.inf, 1j],
    ids=["set", "bytes", "object", "decimal", "nan", "inf", "-inf", "complex"],
)
def test_values_without_json_form(value):
    with pytest.raises(vividshift.ValidationError) as raised:
        vividshift.validate(DEFINITION, {"f": ["ok", value]})
    assert violation(raised) == ("attributes/f/1", "type")


def test_non_string_keys():
    with pytest.raises(vividshift.ValidationError) as raised:
        vividshift.validate(DEFINITION, {"f": {1: "x"}})
    assert violation(raised) == ("attributes/f", "type")


def test_deep_nesting_is_refused_not_a_crash():
    deep = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(vividshift.ValidationError) as raised:
        vividshift.validate(DEFINITION, {"f": deep})
    assert raised.value.violations[0]["rule"] == "depth"
    deep_dict = {}
    for _ in range(10_000):
        deep_dict = {"a": deep_dict}
    with pytest.raises(vividshift.ValidationError):
        vividshift.Validator(DEFINITION).is_valid(deep_dict)


def test_big_integers_become_floats_like_json_text():
    definition = {"name": "n", "fields": {"n": {"field_type": "number"}}}
    assert vividshift.validate(definition, {"n": 2**64 + 1}) == []
    assert vividshift.validate(definition, {"n": 2**63 - 1}) == []
    assert vividshift.validate(definition, {"n": -(2**63)}) == []
    with pytest.raises(vividshift.ValidationError):
        vividshift.validate(definition, {"n": 10**400})


def test_non_object_documents_are_violations_not_errors():
    assert vividshift.validate(DEFINITION, ["not", "an", "object"]) != []
    assert not vividshift.Validator(DEFINITION).is_valid("text")
    assert not vividshift.Validator(DEFINITION).is_valid(None)


def test_definition_must_be_a_dict():
    for bad in ["x", 1, None, []]:
        with pytest.raises(vividshift.ValidationError) as raised:
            vividshift.Validator(bad)
        assert raised.value.violations[0]["path"] == "definition"


def test_wrong_argument_types_are_type_errors():
    with pytest.raises(TypeError):
        vividshift.Validator()
    with pytest.raises(TypeError):
        vividshift.connect(42)


def test_client_inputs():
    client = vividshift.connect("memory://")
    d = client.create_domain(name="bad", display_name="Bad")
    with pytest.raises(vividshift.ValidationError) as raised:
        d.create_participant("Ada")
    assert violation(raised) == ("participant", "type")
    with pytest.raises(vividshift.ValidationError) as raised:
        d.create_participant(name="Ada", colour="red")
    assert violation(raised) == ("participant", "type")
    assert "colour" in raised.value.violations[0]["message"]
    with pytest.raises(vividshift.ValidationError) as raised:
        d.create_participant(name="Ada", max_assignments="many")
    assert violation(raised)[0] == "participant"
    with pytest.raises(vividshift.ValidationError) as raised:
        d.create_participant(name="x" * 500)
    assert violation(raised) == ("name", "max_length")
    with pytest.raises(vividshift.ValidationError) as raised:
        d.participant("not-a-uuid")
    assert violation(raised) == ("id", "uuid")
    with pytest.raises(vividshift.ValidationError) as raised:
        d.participant(12)
    assert violation(raised) == ("id", "uuid")
    with pytest.raises(vividshift.ValidationError) as raised:
        d.list_assignments(from_date=datetime.datetime(2026, 1, 1, 12))
    assert violation(raised) == ("from_date", "date")
    with pytest.raises(vividshift.ValidationError):
        d.list_assignments(from_date="2026-02-30")
    with pytest.raises(vividshift.ValidationError):
        d.import_participants({"name": "not a list"})
    with pytest.raises(vividshift.ValidationError) as raised:
        d.import_participants([{"name": "Ok"}, {"nam": "typo"}])
    assert raised.value.violations[0]["path"] == "1"
    with pytest.raises(vividshift.ValidationError):
        d.set_member(uuid.uuid4(), "overlord")
    with pytest.raises(vividshift.ValidationError) as raised:
        d.record_assignment(assignment_date="2026-01-01", strategy="m", details=[{"participant_id": "x", "target_id": "y"}])
    with pytest.raises(vividshift.ValidationError) as raised:
        client.create_domain(name="Not A Slug", display_name="x")
    assert violation(raised) == ("name", "pattern")
    # nothing was written by any of the failures
    assert d.list_participants() == []
    assert [r.name for r in client.list_domains()] == ["bad"]


def test_records_passed_as_values_get_a_hint():
    client = vividshift.connect("memory://")
    d = client.create_domain(name="hint", display_name="Hint")
    t = d.create_target(name="T")
    with pytest.raises(vividshift.ValidationError) as raised:
        d.record_assignment(assignment_date="2026-01-01", strategy="m", details=[{"participant_id": t, "target_id": t}])
    assert ".id" in raised.value.violations[0]["message"]


def test_uuid_objects_and_records_are_ids():
    client = vividshift.connect("memory://")
    d = client.create_domain(name="ids", display_name="Ids")
    p = d.create_participant(name="Ada")
    assert d.participant(uuid.UUID(p.id)) == p
    assert d.participant(p) == p
    assert d.participant(p.id.upper()) == p
