"""Weekly rotation with the Python package: the original product's work
groups in memory (or in PostgreSQL when a URL is given), four weeks of
`balanced_rotation`, and who did what.

    pip install ./bindings-python
    python examples/python/rotation.py                 # memory://
    python examples/python/rotation.py postgres://...  # PostgreSQL
"""

import datetime
import sys
import uuid
from collections import Counter

import vividshift

TARGETS = [("Parlor", 5), ("Frontyard", 3), ("Backyard", 1), ("Tank", 2), ("Toilet B", 4), ("Toilet A", 2), ("Bin", 1)]
PEOPLE = [f"Person {i:02d}" for i in range(1, 21)]


def main() -> int:
    url = sys.argv[1] if len(sys.argv) > 1 else "memory://"
    with vividshift.connect(url) as client:
        if url.startswith("postgres"):
            client.migrate()
        domain = client.create_domain(name=f"rotation_{uuid.uuid4().hex[:8]}", display_name="Work groups")
        people = domain.import_participants([{"name": name} for name in PEOPLE])
        targets = [domain.create_target(name=name, required_count=count) for name, count in TARGETS]
        names = {p.id: p.name for p in people} | {t.id: t.name for t in targets}

        monday = datetime.date(2026, 11, 30)
        done = Counter()
        for week in range(4):
            date = monday + datetime.timedelta(weeks=week)
            generated = domain.generate_assignment(date, strategy="balanced_rotation")
            plan = generated.plan
            print(f"week of {date}: filled {plan['metrics']['filled']}/{plan['metrics']['required']}, repeats {plan['metrics']['repeats']}")
            for a in plan["assignments"]:
                done[(names[a["participant_id"]], names[a["target_id"]])] += 1
        print()
        most = max(done.values())
        print(f"{len(done)} different (person, target) pairs over 4 weeks; nobody did one target more than {most} times")
        return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except vividshift.VividshiftError as error:
        print(f"error ({error.kind}): {error}", file=sys.stderr)
        sys.exit(1)
