"""Validation throughput: vividshift's Validator next to jsonschema,
fastjsonschema and jsonschema-rs validating the exported JSON Schema, on the
same documents in the same run, with identical verdicts required.

    python bindings-python/benches/bench_validation.py [--documents N]

Prints documents per second and each library's ratio to vividshift's
`is_valid`. Issue target: at least jsonschema-rs's throughput; floor: 10x
jsonschema. No assertion on timings; verdict mismatches exit non-zero.
"""

import argparse
import copy
import json
import pathlib
import random
import sys
import time

import vividshift

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "validation" / "participant.json"


def documents(base, n, seed=7):
    """`n` documents around `base`: about three in four valid, the rest
    breaking one or two rules (types, ranges, patterns, enums, unknown keys)."""
    rng = random.Random(seed)
    breakers = [
        lambda d: d.__setitem__("max_shifts", rng.choice([15, -1, 2.5, "3"])),
        lambda d: d.__setitem__("email", rng.choice(["nobody", "a@b", 3])),
        lambda d: d.__setitem__("skills", ["cooking", "flying"]),
        lambda d: d.__setitem__("joined_on", rng.choice(["2023-02-29", "2024-13-01", "today"])),
        lambda d: d.__setitem__("level", "chief"),
        lambda d: d.__setitem__("colour", "red"),
        lambda d: d.pop("name"),
        lambda d: d.__setitem__("name", "lowercase"),
        lambda d: d.__setitem__("badge_id", "not-a-uuid"),
    ]
    out = []
    for i in range(n):
        d = copy.deepcopy(base)
        d["name"] = f"P{i}"
        d["email"] = f"p{i}@example.org"
        d["max_shifts"] = i % 15
        d["hourly_rate"] = (i % 990) / 10
        d["skills"] = rng.sample(["cooking", "cleaning", "driving"], k=i % 4)
        if rng.random() < 0.25:
            for breaker in rng.sample(breakers, k=rng.choice([1, 2])):
                breaker(d)
        out.append(d)
    return out


def timed(label, fn, docs):
    start = time.perf_counter()
    verdicts = [fn(d) for d in docs]
    seconds = time.perf_counter() - start
    return label, seconds, verdicts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    args = parser.parse_args()

    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    definition = fixture["definitions"]["participant"]
    base = fixture["cases"][0]["document"]
    docs = documents(base, args.documents)
    validator = vividshift.Validator(definition)
    schema = validator.json_schema()

    runs = [
        timed("vividshift Validator.is_valid", validator.is_valid, docs),
        timed("vividshift Validator.validate", lambda d: not validator.validate(d), docs),
    ]
    try:
        import jsonschema_rs

        rs = jsonschema_rs.validator_for(schema)
        runs.append(timed("jsonschema-rs is_valid", rs.is_valid, docs))
    except ImportError:
        print("jsonschema-rs not installed: skipped")
    try:
        import fastjsonschema

        # fastjsonschema knows drafts 4 to 7; the exported schema uses no
        # 2020-12-only keyword, so it compiles as draft 7.
        draft7 = dict(schema)
        draft7["$schema"] = "http://json-schema.org/draft-07/schema#"
        fast = fastjsonschema.compile(draft7)

        def fast_is_valid(d):
            try:
                fast(d)
                return True
            except fastjsonschema.JsonSchemaException:
                return False

        runs.append(timed("fastjsonschema", fast_is_valid, docs))
    except ImportError:
        print("fastjsonschema not installed: skipped")
    try:
        import jsonschema

        js = jsonschema.Draft202012Validator(schema)
        runs.append(timed("jsonschema is_valid", js.is_valid, docs))
    except ImportError:
        print("jsonschema not installed: skipped")

    reference_label, reference_seconds, reference = runs[0]
    valid = sum(reference)
    print(f"{len(docs)} documents, {valid} valid, {len(docs) - valid} invalid")
    print(f"{'validator':34} {'seconds':>8} {'docs/s':>11} {'vs is_valid':>12}")
    mismatched = False
    for label, seconds, verdicts in runs:
        ratio = reference_seconds / seconds
        print(f"{label:34} {seconds:8.3f} {len(docs) / seconds:11,.0f} {ratio:11.2f}x")
        differing = [i for i, (a, b) in enumerate(zip(reference, verdicts)) if a != b]
        if differing:
            mismatched = True
            i = differing[0]
            print(f"  {len(differing)} verdicts differ from {reference_label}; first: {json.dumps(docs[i])}")
    return 1 if mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
