// Engine exports of the nodejs build, on the shared golden fixtures
// (tests/fixtures/engine): same problems, byte-identical plans.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";

const require = createRequire(import.meta.url);
const vs = require("../pkg-node/vividshift_wasm.js");
const dir = new URL("../../tests/fixtures/engine/", import.meta.url);
const read = (name) => JSON.parse(readFileSync(new URL(name, dir)));

test("golden problems give the golden plans or errors", () => {
  const problems = readdirSync(dir).filter((f) => f.endsWith(".problem.json"));
  assert.ok(problems.length > 0);
  for (const file of problems) {
    const base = file.replace(".problem.json", "");
    const problem = read(file);
    const planFile = `${base}.plan.json`;
    if (readdirSync(dir).includes(planFile)) {
      assert.deepEqual(vs.plan(problem), read(planFile), file);
    } else {
      const expected = read(`${base}.error.json`);
      assert.throws(() => vs.plan(problem), (e) => {
        assert.equal(e.kind, "validation", file);
        const got = e.details.map(({ path, rule }) => ({ path, rule }));
        const want = (expected.violations ?? expected).map(({ path, rule }) => ({ path, rule }));
        assert.deepEqual(got, want, file);
        return true;
      });
    }
  }
});

test("cost matrix has a row per participant and a column per target", () => {
  const problem = {
    date: "2026-11-30",
    participants: [{ id: "p1", skills: ["cleaning"] }, { id: "p2", available: false }],
    targets: [{ id: "t1", required_skills: ["cleaning"], skills_hard: true }],
    config: { allow_partial: true },
  };
  const m = vs.costMatrix(problem);
  assert.deepEqual(m.participants, ["p1", "p2"]);
  assert.deepEqual(m.targets, ["t1"]);
  assert.equal(typeof m.costs[0][0], "number");
  assert.equal(m.costs[1][0], null, "unavailable: infeasible");
});

test("malformed problems throw typed errors, never trap", () => {
  for (const bad of [undefined, null, 5, "x", [], {}, { date: "2026-13-01", participants: [], targets: [] },
    { date: "2026-11-30", participants: [{ id: "p", max_assignments: -1 }], targets: [] },
    { date: "2026-11-30", participants: [], targets: [], config: { weights: { rotation: "high" } } }]) {
    assert.throws(() => vs.plan(bad), (e) => e.name === "VividshiftError" && typeof e.kind === "string", JSON.stringify(bad));
  }
});

test("the in-memory client generates and previews assignments", () => {
  const client = new vs.Client();
  client.createDomain({ name: "chores", display_name: "Chores" });
  for (const name of ["Ada", "Bo", "Cy"]) client.createParticipant("chores", { name, skills: ["cleaning"] });
  client.createTarget("chores", { name: "Parlor", required_count: 2 });
  const preview = client.previewAssignment("chores", "2026-11-30", { strategy: "optimal" });
  const stored = client.generateAssignment("chores", "2026-11-30", { strategy: "optimal" });
  assert.deepEqual(stored.plan, preview);
  assert.equal(stored.record.details.length, 2);
  assert.equal(stored.record.history[0].action, "created");
  assert.throws(() => client.generateAssignment("chores", "2026-11-30"), (e) => e.kind === "conflict");
  assert.throws(() => client.generateAssignment("chores", "30/11/2026"), (e) => e.kind === "validation" && e.details[0].path === "date");
});
