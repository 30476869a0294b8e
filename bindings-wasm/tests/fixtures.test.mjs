// The shared validation fixtures (tests/fixtures/validation): the WASM build
// must give exactly the verdicts and violations the Rust core gives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const vs = require("../pkg-node/vividshift_wasm.js");
const dir = new URL("../../tests/fixtures/validation/", import.meta.url);
const load = (name) => JSON.parse(readFileSync(new URL(name, dir)));

for (const file of ["participant.json", "patterns.json", "numbers.json", "formats.json", "arrays_and_enums.json"]) {
  test(`document cases of ${file}`, () => {
    const fixture = load(file);
    const validators = Object.fromEntries(
      Object.entries(fixture.definitions).map(([key, definition]) => [key, new vs.Validator(definition)]),
    );
    for (const c of fixture.cases) {
      const got = validators[c.definition].validate(c.document).map(({ path, rule }) => ({ path, rule }));
      assert.deepEqual(got, c.violations, c.description);
      assert.equal(got.length === 0, c.valid, c.description);
    }
    for (const [key, schema] of Object.entries(fixture.json_schemas ?? {})) {
      assert.deepEqual(validators[key].jsonSchema(), schema, `${file}: JSON Schema of ${key}`);
    }
  });
}

test("invalid definitions fail with exactly the listed violations", () => {
  for (const c of load("invalid_definitions.json").cases) {
    assert.throws(() => new vs.Validator(c.definition), (e) => {
      assert.equal(e.kind, "validation", c.description);
      assert.deepEqual(e.details.map(({ path, rule }) => ({ path, rule })), c.violations, c.description);
      return true;
    });
  }
});

test("unparsable definitions are rejected", () => {
  for (const c of load("unparsable_definitions.json").cases) {
    assert.throws(() => new vs.Validator(c.definition), (e) => e.kind === "validation", c.description);
  }
});
