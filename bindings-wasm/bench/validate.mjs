// Validation throughput of the nodejs build next to native Rust and ajv (the
// reference JavaScript validator, on our exported JSON Schema), same
// documents, same run, identical verdicts required; then `plan` time for
// 500 participants x 50 targets. Run by `scripts/bench.sh wasm`.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const vs = require("../pkg-node/vividshift_wasm.js");
const Ajv2020 = require("ajv/dist/2020").default;

const [nativeBin, dataFile] = process.argv.slice(2);
const N = 20000;
const ROUNDS = 5;

const definition = {
  name: "member",
  fields: {
    name: { field_type: "string", required: true, constraints: { min_length: 1, max_length: 40, pattern: "^[A-Z][a-z]+$" } },
    email: { field_type: "string", required: true, constraints: { pattern: "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$" } },
    age: { field_type: "integer", constraints: { min: 0, max: 120 } },
    shift: { field_type: "enum", constraints: { enum: ["day", "night", "weekend"] } },
    skills: { field_type: "string_array", constraints: { max_length: 5, enum: ["cleaning", "cooking", "gardening", "driving"] } },
    joined: { field_type: "date" },
    score: { field_type: "number", constraints: { min: 0, max: 1 } },
  },
};

// A deterministic mix of valid documents and near misses.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const documents = [];
for (let i = 0; i < N; i++) {
  const d = {
    name: pick(["Ada", "Bob", "Chen", "Dara", "eve", ""]),
    email: pick(["ada@example.org", "bob@example.com", "not-an-email"]),
    age: pick([7, 36, 88, -1, 121, 2.5]),
    shift: pick(["day", "night", "weekend", "noon"]),
    skills: pick([["cleaning"], ["cooking", "driving"], [], ["flying"]]),
    joined: pick(["2024-02-29", "2026-11-30", "2026-02-30"]),
    score: pick([0, 0.5, 1, 1.5]),
  };
  if (rand() < 0.1) d.extra = true;
  if (rand() < 0.1) delete d.email;
  documents.push(d);
}
writeFileSync(dataFile, JSON.stringify({ definition, documents }));

function time(label, fn) {
  fn(); // warm up
  const start = performance.now();
  let result;
  for (let r = 0; r < ROUNDS; r++) result = fn();
  const seconds = (performance.now() - start) / 1000;
  return { label, perSecond: (N * ROUNDS) / seconds, result };
}

const validator = new vs.Validator(definition);
const ajv = new Ajv2020({ strict: false, allErrors: false });
ajv.addVocabulary(["x-unique", "x-reference"]);
const ajvValidate = ajv.compile(vs.jsonSchema(definition));

const ours = time("wasm Validator.isValid", () => documents.map((d) => validator.isValid(d)));
const ref = time("ajv (exported schema)", () => documents.map((d) => ajvValidate(d)));
const disagree = ours.result.filter((v, i) => v !== ref.result[i]).length;
const native = JSON.parse(execFileSync(nativeBin, [dataFile, String(ROUNDS)], { encoding: "utf8" }));
const validCount = ours.result.filter(Boolean).length;

const fmt = (x) => Math.round(x).toLocaleString("en-US");
console.log(`documents: ${N} (${validCount} valid), ${ROUNDS} rounds each`);
console.log(`  wasm (node)   ${fmt(ours.perSecond)} docs/s`);
console.log(`  ajv (node)    ${fmt(ref.perSecond)} docs/s   wasm/ajv = ${(ours.perSecond / ref.perSecond).toFixed(2)} (target >= 0.5)`);
console.log(`  native Rust   ${fmt(native.docs_per_second)} docs/s   wasm/native = ${(ours.perSecond / native.docs_per_second).toFixed(2)} (target >= 0.5)`);
console.log(`  verdicts: ${disagree} disagreements with ajv; native valid count ${native.valid} vs wasm ${validCount}`);
if (disagree !== 0 || native.valid !== validCount) {
  console.error("verdicts differ: the benchmark is void");
  process.exit(1);
}

// plan: 500 participants x 50 targets (10 slots each), optimal.
const skills = ["cleaning", "cooking", "gardening", "driving"];
const problem = {
  date: "2026-11-30",
  participants: Array.from({ length: 500 }, (_, i) => ({ id: `p${i}`, skills: [pick(skills), pick(skills)] })),
  targets: Array.from({ length: 50 }, (_, j) => ({ id: `t${j}`, required_count: 10, required_skills: [pick(skills)] })),
  history: Array.from({ length: 2000 }, () => ({ participant_id: `p${Math.floor(rand() * 500)}`, target_id: `t${Math.floor(rand() * 50)}`, date: pick(["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]) })),
  config: { strategy: "optimal" },
};
vs.plan(problem);
const start = performance.now();
const planned = vs.plan(problem);
console.log(`plan 500x50 optimal in wasm: ${(performance.now() - start).toFixed(1)} ms, filled ${planned.metrics.filled}/${planned.metrics.required}, total cost ${planned.metrics.total_cost}`);
