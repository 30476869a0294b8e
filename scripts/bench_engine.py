#!/usr/bin/env python3
"""Engine benchmark: our `optimal` strategy against scipy and OR-Tools.

For each size it generates a dense problem (every pair feasible, soft
skills, random history), then:

- times our whole `plan` process (release build, JSON in and out) under
  `/usr/bin/time -v` for its peak memory;
- exports the cost matrix with `plan --cost-matrix` (not timed) so that
  every solver minimises the very same integer costs (micro-units);
- solves `scipy.optimize.linear_sum_assignment` on the expanded
  participants x slots matrix (each target's column repeated
  `required_count` times);
- solves OR-Tools `SimpleMinCostFlow` on the flow network (source ->
  participant -> target -> sink).

It prints the three objectives (which must be equal) and times, and the
ratio of our time to the faster reference. Each time is the best of
BENCH_REPEAT runs (default 3), to damp the noise of a shared machine.
Usage:

    bench_engine.py PLAN_BINARY [SIZE ...]

SIZE is NxM (N participants, M targets of N/M slots; default 2000x200 and
5000x500) or NxMxK (K slots per target, e.g. 6000x500x10 for more people
than slots).
"""

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

SKILLS = [f"skill{i}" for i in range(12)]


def generate(n, m, per_target=None, seed=7):
    """A dense problem: n participants, m targets of per_target (default n/m) slots each."""
    rng = random.Random(seed)
    day = date(2026, 11, 30)
    participants = [
        {"id": f"p{i:05d}", "name": f"Person {i}", "skills": rng.sample(SKILLS, rng.randint(2, 4))}
        for i in range(n)
    ]
    per_target = per_target or n // m
    targets = [
        {
            "id": f"t{j:04d}",
            "name": f"Target {j}",
            "required_count": per_target,
            "required_skills": rng.sample(SKILLS, rng.randint(1, 2)),
        }
        for j in range(m)
    ]
    history = []
    for p in participants:
        for _ in range(rng.randint(0, 10)):
            history.append(
                {
                    "participant_id": p["id"],
                    "target_id": targets[rng.randrange(m)]["id"],
                    "date": (day - timedelta(days=rng.randint(1, 90))).isoformat(),
                }
            )
    return {
        "date": day.isoformat(),
        "participants": participants,
        "targets": targets,
        "history": history,
        "config": {"strategy": "optimal"},
    }


def run_ours(binary, path):
    """Runs `plan` under /usr/bin/time -v; returns (seconds, peak KiB, plan)."""
    timer = ["/usr/bin/time", "-v"] if os.path.exists("/usr/bin/time") else []
    with open(path, "rb") as stdin:
        start = time.perf_counter()
        proc = subprocess.run(timer + [binary], stdin=stdin, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"plan failed: {proc.stderr.decode()[-2000:]}")
    match = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    peak = int(match.group(1)) if match else None
    return elapsed, peak, json.loads(proc.stdout)


def best_of(repeat, fn):
    """Runs fn() `repeat` times; returns (least seconds, last result)."""
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def micros(x):
    return int(round(x * 1_000_000))


def main():
    binary = sys.argv[1]
    sizes = sys.argv[2:] or ["2000x200", "5000x500"]
    import numpy as np
    from ortools.graph.python import min_cost_flow
    from scipy.optimize import linear_sum_assignment

    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    rows = []
    for size in sizes:
        dims = [int(x) for x in size.split("x")]
        n, m = dims[0], dims[1]
        problem = generate(n, m, dims[2] if len(dims) > 2 else None)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(problem, f)
            path = f.name
        runs = [run_ours(binary, path) for _ in range(repeat)]
        ours_s = min(r[0] for r in runs)
        peak_kib = max((r[1] for r in runs if r[1] is not None), default=None)
        plan = runs[-1][2]
        ours_obj = sum(micros(a["cost"]) for a in plan["assignments"])
        with open(path, "rb") as stdin:
            matrix = json.loads(
                subprocess.run([binary, "--cost-matrix"], stdin=stdin, capture_output=True, check=True).stdout
            )
        os.unlink(path)
        costs = np.array(
            [[micros(c) for c in row] for row in matrix["costs"]], dtype=np.int64
        )  # dense: no null
        demand = [t["required_count"] for t in problem["targets"]]

        # scipy: participants x slots, each target column repeated required_count times.
        def solve_scipy():
            expanded = np.repeat(costs, demand, axis=1)
            r, c = linear_sum_assignment(expanded)
            return int(expanded[r, c].sum())

        scipy_s, scipy_obj = best_of(repeat, solve_scipy)

        # OR-Tools: source -> participants -> targets -> sink, built and solved.
        def solve_ortools():
            smcf = min_cost_flow.SimpleMinCostFlow()
            source, sink = n + m, n + m + 1
            tails = np.concatenate([np.full(n, source), np.repeat(np.arange(n), m), n + np.arange(m)])
            heads = np.concatenate([np.arange(n), np.tile(n + np.arange(m), n), np.full(m, sink)])
            caps = np.concatenate([np.ones(n), np.ones(n * m), np.array(demand)]).astype(np.int64)
            unit = np.concatenate([np.zeros(n), costs.reshape(-1), np.zeros(m)]).astype(np.int64)
            smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, unit)
            supplies = np.zeros(n + m + 2, dtype=np.int64)
            supplies[source], supplies[sink] = sum(demand), -sum(demand)
            smcf.set_nodes_supplies(np.arange(n + m + 2), supplies)
            status = smcf.solve()
            return int(smcf.optimal_cost()) if status == smcf.OPTIMAL else None

        ortools_s, ortools_obj = best_of(repeat, solve_ortools)

        best = min(scipy_s, ortools_s)
        same = ours_obj == scipy_obj == ortools_obj
        rows.append((size, ours_obj, scipy_obj, ortools_obj, ours_s, scipy_s, ortools_s, best, peak_kib, same))

    print(f"{'size':>10} {'objective (micro-units): ours / scipy / ortools':>52} "
          f"{'ours s':>8} {'scipy s':>8} {'ortools s':>9} {'ours/best':>9} {'peak MiB':>9}")
    ok = True
    for size, o, s, t, os_, ss, ts, best, peak, same in rows:
        ok &= same
        peak_mib = f"{peak / 1024:.0f}" if peak else "?"
        print(f"{size:>10} {o:>16} / {s:>16} / {t:>16} {os_:>8.3f} {ss:>8.3f} {ts:>9.3f} "
              f"{os_ / best:>9.2f} {peak_mib:>9}" + ("" if same else "  OBJECTIVES DIFFER"))
    if not ok:
        sys.exit("objectives differ")


if __name__ == "__main__":
    main()
