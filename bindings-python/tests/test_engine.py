"""The engine over its canonical JSON: the golden files of tests/fixtures/engine
give exactly the same plans (or errors) as in Rust; cost matrices; and
generate_assignment / preview_assignment over every store."""

import datetime
import json
import threading

import pytest

import vividshift
from conftest import FIXTURES, load_fixture

ENGINE = FIXTURES / "engine"
CASES = sorted(p.name[: -len(".problem.json")] for p in ENGINE.glob("*.problem.json"))


def test_there_are_golden_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case):
    problem = load_fixture("engine", f"{case}.problem.json")
    plan_file = ENGINE / f"{case}.plan.json"
    if plan_file.exists():
        assert vividshift.plan(problem) == json.loads(plan_file.read_text(encoding="utf-8"))
    else:
        expected = load_fixture("engine", f"{case}.error.json")
        with pytest.raises(vividshift.VividshiftError) as raised:
            vividshift.plan(problem)
        assert raised.value.kind == expected["kind"]
        assert raised.value.violations == expected["violations"]


def test_plans_are_deterministic():
    problem = load_fixture("engine", "household_random_seed7.problem.json")
    assert vividshift.plan(problem) == vividshift.plan(problem)


def test_cost_matrix():
    problem = load_fixture("engine", "household_optimal.problem.json")
    matrix = vividshift.cost_matrix(problem)
    assert matrix["participants"] == [p["id"] for p in problem["participants"]]
    assert matrix["targets"] == [t["id"] for t in problem["targets"]]
    assert len(matrix["costs"]) == len(problem["participants"])
    assert all(len(row) == len(problem["targets"]) for row in matrix["costs"])
    # Eve is unavailable: every pair of hers is infeasible.
    eve = matrix["participants"].index("eve")
    assert matrix["costs"][eve] == [None] * len(problem["targets"])
    plan = vividshift.plan(problem)
    for a in plan["assignments"]:
        row = matrix["participants"].index(a["participant_id"])
        col = matrix["targets"].index(a["target_id"])
        assert matrix["costs"][row][col] is not None


def test_bad_problems_name_the_path():
    problem = load_fixture("engine", "household_optimal.problem.json")
    with pytest.raises(vividshift.ValidationError) as raised:
        vividshift.plan(dict(problem, config={"strategy": "magic"}))
    assert raised.value.violations[0]["path"].startswith("config")
    with pytest.raises(vividshift.ValidationError):
        vividshift.cost_matrix({"date": "2026-01-01"})
    with pytest.raises(vividshift.ValidationError):
        vividshift.plan("not a problem")


def test_planning_in_threads():
    problem = load_fixture("engine", "festival_groups.problem.json")
    expected = vividshift.plan(problem)
    results = []

    def work():
        results.append(all(vividshift.plan(problem) == expected for _ in range(20)))

    workers = [threading.Thread(target=work) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert results == [True] * 4


def household(domain):
    people = domain.import_participants(
        [
            {"name": "Ada", "skills": ["cleaning", "cooking"]},
            {"name": "Ben", "skills": ["cleaning"]},
            {"name": "Cleo", "skills": ["gardening"], "max_assignments": 2},
            {"name": "Dan", "skills": ["cooking"], "availability": {"monday": False}},
        ]
    )
    targets = domain.import_targets(
        [
            {"name": "Kitchen", "required_count": 1, "required_skills": ["cooking"]},
            {"name": "Parlor", "required_count": 1, "required_skills": ["cleaning"]},
            {"name": "Garden", "required_count": 1, "required_skills": ["gardening"], "skills_hard": True},
        ]
    )
    return people, targets


def test_generate_assignment(client, domain):
    people, targets = household(domain)
    monday = datetime.date(2026, 3, 2)
    preview = domain.preview_assignment(monday, strategy="optimal")
    assert len(preview["assignments"]) == 3 and preview["unfilled"] == []
    assert domain.list_assignments() == []  # a preview stores nothing

    generated = domain.generate_assignment(monday)
    assert isinstance(generated, vividshift.GeneratedAssignment)
    assert generated.strategy == "optimal" and generated.status == "draft"
    assert generated.assignment_date == "2026-03-02"
    assert len(generated.record.details) == 3
    by_name = {p.id: p.name for p in people}
    assert "Dan" not in {by_name[d.participant_id] for d in generated.record.details}  # away on Mondays
    assert generated.plan["metrics"] == {
        k: v for k, v in generated.record.metrics.items() if k not in ("unfilled", "warnings")
    }
    assert domain.assignment(generated.id) == generated.record
    assert generated.to_dict()["record"]["assignment"]["id"] == generated.id

    # One live assignment per date.
    with pytest.raises(vividshift.ConflictError):
        domain.generate_assignment(monday)

    # Through the client, with keywords for the configuration.
    again = client.generate_assignment(domain.name, "2026-03-03", strategy="random", seed=7)
    assert again.strategy == "random" and again.record.assignment.config["seed"] == 7
    rotated = client.generate_assignment(domain, datetime.date(2026, 3, 4), "balanced_rotation", half_life_days=7)
    assert rotated.strategy == "balanced_rotation"
    assert len(domain.list_assignments()) == 3


def test_generate_assignment_errors(domain):
    household(domain)
    with pytest.raises(vividshift.ValidationError) as raised:
        domain.generate_assignment("2026-03-02", strategy="magic")
    assert raised.value.violations[0]["path"] == "config"
    with pytest.raises(vividshift.ValidationError):
        domain.generate_assignment("2026-03-02", colour="red")
    with pytest.raises(vividshift.ValidationError):
        domain.generate_assignment(datetime.datetime(2026, 3, 2, 9))
    domain.create_target(name="Roof", required_count=3, required_skills=["climbing"], skills_hard=True)
    with pytest.raises(vividshift.ValidationError) as raised:
        domain.generate_assignment("2026-03-02")
    assert {v["rule"] for v in raised.value.violations} == {"insufficient_participants"}
    assert domain.list_assignments() == []  # nothing half-written
    partial = domain.generate_assignment("2026-03-02", allow_partial=True)
    assert partial.plan["unfilled"]
