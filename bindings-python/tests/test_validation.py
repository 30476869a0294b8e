"""The shared validation fixtures of tests/fixtures/validation: the Python
package must give exactly the verdicts and violations the Rust core gives."""

import os

import pytest

import vividshift
from conftest import FIXTURES, load_fixture

DOCUMENT_FILES = [
    "participant.json",
    "patterns.json",
    "numbers.json",
    "formats.json",
    "arrays_and_enums.json",
]
DEFINITION_FILES = ["invalid_definitions.json", "unparsable_definitions.json"]


def pairs(violations):
    return [(v["path"], v["rule"]) for v in violations]


def test_every_fixture_file_is_checked():
    present = sorted(f for f in os.listdir(FIXTURES / "validation") if f.endswith(".json"))
    assert present == sorted(DOCUMENT_FILES + DEFINITION_FILES)


def document_cases():
    for file in DOCUMENT_FILES:
        fixture = load_fixture("validation", file)
        for i, case in enumerate(fixture["cases"]):
            definition = fixture["definitions"][case["definition"]]
            yield pytest.param(definition, case, id=f"{file}:{i}")


@pytest.mark.parametrize("definition,case", list(document_cases()))
def test_document_case(definition, case):
    expected = [(v["path"], v["rule"]) for v in case["violations"]]
    found = vividshift.validate(definition, case["document"])
    assert pairs(found) == expected, case["description"]
    assert all(v["message"] for v in found)
    validator = vividshift.Validator(definition)
    assert pairs(validator.validate(case["document"])) == expected
    assert validator.is_valid(case["document"]) is case["valid"]
    assert (not found) is case["valid"]


def test_document_case_count():
    # The Rust test requires more than 100; so does this one.
    assert len(list(document_cases())) > 100


def exported_schemas():
    for file in DOCUMENT_FILES:
        fixture = load_fixture("validation", file)
        for key, expected in fixture.get("json_schemas", {}).items():
            yield pytest.param(fixture["definitions"][key], expected, id=f"{file}:{key}")


@pytest.mark.parametrize("definition,expected", list(exported_schemas()))
def test_json_schema_export(definition, expected):
    assert vividshift.json_schema(definition) == expected
    assert vividshift.Validator(definition).json_schema() == expected


@pytest.mark.parametrize(
    "case",
    load_fixture("validation", "invalid_definitions.json")["cases"],
    ids=lambda c: c["description"],
)
def test_invalid_definition(case):
    with pytest.raises(vividshift.ValidationError) as raised:
        vividshift.Validator(case["definition"])
    assert pairs(raised.value.violations) == pairs(case["violations"])
    with pytest.raises(vividshift.ValidationError):
        vividshift.validate(case["definition"], {})
    with pytest.raises(vividshift.ValidationError):
        vividshift.json_schema(case["definition"])


@pytest.mark.parametrize(
    "case",
    load_fixture("validation", "unparsable_definitions.json")["cases"],
    ids=lambda c: c["description"],
)
def test_unparsable_definition(case):
    with pytest.raises(vividshift.ValidationError) as raised:
        vividshift.Validator(case["definition"])
    assert [v["path"] for v in raised.value.violations] == ["definition"]
    assert raised.value.violations[0]["rule"] == "type"


def test_work_groups_definition_fixture():
    definition = load_fixture("definitions", "work_groups.json")
    # The file may hold one definition or several keyed by name.
    definitions = definition if isinstance(definition, list) else [definition]
    for d in definitions:
        if "fields" in d:
            vividshift.Validator(d)


SAMPLE = {
    "name": "person",
    "fields": {
        "name": {"field_type": "string", "required": True, "constraints": {"min_length": 1}},
        "level": {"field_type": "integer", "default_value": 1, "constraints": {"min": 1, "max": 5}},
        "since": {"field_type": "date"},
    },
}


def test_validator_helpers():
    v = vividshift.Validator(SAMPLE)
    assert v.definition["name"] == "person"
    assert v.apply_defaults({"name": "Ada"}) == {"name": "Ada", "level": 1}
    v.check({"name": "Ada"})
    with pytest.raises(vividshift.ValidationError) as raised:
        v.check({"name": "", "level": 9, "extra": True})
    assert sorted(pairs(raised.value.violations)) == sorted(
        [("name", "min_length"), ("level", "max"), ("extra", "additional_properties")]
    ) or len(raised.value.violations) == 3
    assert repr(v) == 'Validator("person")'


def test_python_dates_and_tuples_are_accepted_as_json():
    import datetime

    v = vividshift.Validator(SAMPLE)
    assert v.is_valid({"name": "Ada", "since": datetime.date(2026, 2, 28)})
    assert not v.is_valid({"name": "Ada", "since": datetime.date(2026, 2, 28).isoformat() + "x"})


def test_participant_and_target_input_rules():
    assert vividshift.validate_participant({"name": "Ada", "skills": ["x"]}) == []
    found = vividshift.validate_participant({"name": "", "max_assignments": 0})
    assert {v["path"] for v in found} >= {"name"}
    found = vividshift.validate_participant({"name": "Ada", "colour": "red"})
    assert pairs(found) == [("participant", "type")]
    assert vividshift.validate_target({"name": "Parlor", "required_count": 2}) == []
    assert vividshift.validate_target({"name": "Parlor", "required_count": 0}) != []
