// The in-memory Client of the nodejs build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const vs = require("../pkg-node/vividshift_wasm.js");

test("domains, participants and targets round-trip as plain objects", () => {
  const client = new vs.Client();
  const domain = client.createDomain({ name: "chores", display_name: "Chores" });
  assert.equal(domain.name, "chores");
  assert.match(domain.id, /^[0-9a-f-]{36}$/);
  const ada = client.createParticipant("chores", { name: "Ada", skills: ["cleaning"], availability: { sunday: false } });
  assert.deepEqual(ada.skills, ["cleaning"]);
  assert.deepEqual(ada.availability, { sunday: false });
  client.importParticipants("chores", [{ name: "Bo" }, { name: "Cy", skills: ["cleaning"] }]);
  assert.equal(client.listParticipants("chores").length, 3);
  assert.equal(client.listParticipants("chores", { skill: "cleaning" }).length, 2);
  client.createTarget("chores", { name: "Parlor", required_count: 2 });
  assert.deepEqual(client.listTargets("chores").map((t) => t.name), ["Parlor"]);
  assert.equal(client.listDomains().length, 1);
});

test("errors are typed JS errors and write nothing", () => {
  const client = new vs.Client();
  client.createDomain({ name: "chores", display_name: "Chores" });
  assert.throws(() => client.createDomain({ name: "chores", display_name: "Again" }), (e) => {
    assert.equal(e.name, "VividshiftError");
    assert.equal(e.kind, "conflict");
    assert.deepEqual(e.details, { field: "name" });
    return true;
  });
  assert.throws(() => client.createParticipant("chores", { name: "" }), (e) => e.kind === "validation" && e.details[0].path === "name");
  assert.throws(() => client.createParticipant("chores", { name: 5 }), (e) => e.kind === "validation");
  assert.throws(() => client.importParticipants("chores", [{ name: "ok" }, { name: "" }]), (e) => e.details[0].path === "1/name");
  assert.throws(() => client.listParticipants("nowhere"), (e) => e.kind === "not_found");
  assert.equal(client.listParticipants("chores").length, 0);
});

test("entities are validated against stored definitions", () => {
  const client = new vs.Client();
  client.createDomain({ name: "club", display_name: "Club" });
  client.createDefinition("club", { name: "member", fields: { name: { field_type: "string", required: true } } });
  const m = client.createEntity("club", { definition: "member", attributes: { name: "Ada" } });
  assert.equal(m.status, "active");
  assert.throws(() => client.createEntity("club", { definition: "member", attributes: {} }), (e) => e.details[0].rule === "required");
});
