// Validation exports of the nodejs build: same rules as the Rust core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const vs = require("../pkg-node/vividshift_wasm.js");
const fixtures = new URL("../../tests/fixtures/", import.meta.url);
const workGroups = JSON.parse(readFileSync(new URL("definitions/work_groups.json", fixtures)));

const person = {
  name: "person",
  display_name: "Person",
  fields: {
    name: { field_type: "string", required: true, constraints: { min_length: 1, max_length: 20, pattern: "^[A-Z]" } },
    age: { field_type: "integer", constraints: { min: 0, max: 150 } },
    shift: { field_type: "enum", default_value: "day", constraints: { enum: ["day", "night"] } },
  },
};

test("a valid document has no violations", () => {
  assert.deepEqual(vs.validate(person, { name: "Ada", age: 36 }), []);
});

test("every violation is listed with path, rule and message", () => {
  const violations = vs.validate(person, { name: "lowercase and much too long", age: -1, shift: "noon", extra: 1 });
  const found = violations.map((v) => `${v.path}:${v.rule}`).sort();
  for (const expected of ["name:pattern", "name:max_length", "age:min", "shift:enum", "extra:unknown_field"]) {
    assert.ok(found.includes(expected), `${expected} missing from ${found}`);
  }
  for (const v of violations) assert.equal(typeof v.message, "string");
});

test("a malformed definition throws a typed error", () => {
  const bad = structuredClone(person);
  bad.fields.name.constraints.pattern = "([unclosed";
  assert.throws(() => vs.validate(bad, {}), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, "VividshiftError");
    assert.equal(e.kind, "validation");
    assert.ok(Array.isArray(e.details) && e.details.length > 0);
    return true;
  });
  assert.throws(() => vs.validate({ name: "x", fields: {}, colour: "red" }, {}), (e) => e.kind === "validation");
  assert.throws(() => vs.validate(undefined, {}), (e) => e.kind === "validation");
});

test("the compiled Validator agrees with validate and fills defaults", () => {
  const validator = new vs.Validator(person);
  assert.equal(validator.isValid({ name: "Ada" }), true);
  assert.equal(validator.isValid({ name: "ada" }), false);
  assert.deepEqual(validator.validate({ age: 1.5 }), vs.validate(person, { age: 1.5 }));
  assert.deepEqual(validator.applyDefaults({ name: "Ada" }), { name: "Ada", shift: "day" });
  validator.free();
});

test("JSON Schema export is a plain draft 2020-12 object", () => {
  const schema = vs.jsonSchema(person);
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.equal(schema.type, "object");
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(schema.required, ["name"]);
  assert.ok(!(schema instanceof Map) && !(schema.properties instanceof Map));
});

test("the work_groups fixture definitions compile", () => {
  for (const definition of workGroups) {
    const v = new vs.Validator(definition);
    assert.equal(typeof v.jsonSchema().properties, "object");
  }
});

test("participant input follows the server's rules", () => {
  assert.deepEqual(vs.validateParticipant({ name: "Ada", skills: ["cleaning"] }), []);
  const rules = vs.validateParticipant({ name: "", email: "nope", max_assignments: 0 }).map((v) => `${v.path}:${v.rule}`);
  assert.deepEqual(rules.sort(), ["email:format", "max_assignments:min", "name:min_length"]);
  const shape = vs.validateParticipant({ name: "Ada", colour: "red" });
  assert.equal(shape.length, 1);
  assert.match(shape[0].message, /colour/);
  assert.deepEqual(vs.validateTarget({ name: "Parlor", required_count: 5 }), []);
  assert.equal(vs.validateTarget({ name: "Parlor", required_count: 0 })[0].path, "required_count");
});
