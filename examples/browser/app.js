// The browser reference integration: a participant form validated live with
// the server's rules, an in-memory client, and a plan preview.
import init, { Client, validateParticipant, plan } from "/bindings-wasm/pkg-web/vividshift_wasm.js";

await init();

const client = new Client();
const DOMAIN = "preview";
client.createDomain({ name: DOMAIN, display_name: "Preview" });
const targets = [
  client.createTarget(DOMAIN, { name: "Parlor", required_count: 2, required_skills: ["cleaning"] }),
  client.createTarget(DOMAIN, { name: "Garden", required_count: 1, required_skills: ["gardening"] }),
];

const $ = (id) => document.getElementById(id);
const form = $("participant");

function readForm() {
  const input = { name: $("name").value };
  if ($("email").value !== "") input.email = $("email").value;
  const skills = $("skills").value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (skills.length > 0) input.skills = skills;
  input.max_assignments = Number($("max_assignments").value);
  return input;
}

function showViolations() {
  const violations = validateParticipant(readForm());
  $("violations").replaceChildren(
    ...violations.map((v) => {
      const li = document.createElement("li");
      li.className = "violation";
      li.dataset.path = v.path;
      li.dataset.rule = v.rule;
      li.textContent = `${v.path}: ${v.message}`;
      return li;
    }),
  );
  $("add").disabled = violations.length > 0;
}

form.addEventListener("input", showViolations);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  try {
    const p = client.createParticipant(DOMAIN, readForm());
    const li = document.createElement("li");
    li.textContent = `${p.name} (${p.skills.join(", ") || "no skills"})`;
    $("participants").append(li);
    form.reset();
    showViolations();
  } catch (e) {
    $("status").textContent = `${e.kind}: ${e.message}`;
  }
});

$("preview").addEventListener("click", () => {
  const people = client.listParticipants(DOMAIN);
  const names = Object.fromEntries([...people, ...targets].map((x) => [x.id, x.name]));
  try {
    const result = plan({
      date: new Date().toISOString().slice(0, 10),
      participants: people.map((p) => ({ id: p.id, name: p.name, skills: p.skills, max_assignments: p.max_assignments })),
      targets: targets.map((t) => ({ id: t.id, name: t.name, required_count: t.required_count, required_skills: t.required_skills })),
      config: { strategy: "optimal", allow_partial: true },
    });
    $("plan").tBodies[0].replaceChildren(
      ...result.assignments.map((a) => {
        const tr = document.createElement("tr");
        for (const text of [names[a.participant_id], names[a.target_id], a.cost.toFixed(2), a.reason]) {
          const td = document.createElement("td");
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }),
    );
    $("unfilled").replaceChildren(
      ...result.unfilled.map((u) => {
        const li = document.createElement("li");
        li.textContent = `${names[u.target_id]}: ${u.missing} missing (${u.reason})`;
        return li;
      }),
    );
    $("status").textContent = `coverage ${(result.metrics.coverage * 100).toFixed(0)}%`;
  } catch (e) {
    $("status").textContent = `${e.kind}: ${e.message}`;
  }
});

showViolations();
$("status").textContent = "ready";
