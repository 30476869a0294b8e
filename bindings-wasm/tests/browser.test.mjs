// The browser reference integration (examples/browser) in Debian's headless
// Chromium: a script fills the participant form and reads the live
// validation and the plan preview. The page is served on 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
let server;
let browser;
let base;

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const allowed = path.startsWith("/examples/browser/") || path.startsWith("/bindings-wasm/pkg-web/");
    if (!allowed || path.includes("..")) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(root, path.endsWith("/") ? `${path}index.html` : path));
      res.writeHead(200, { "content-type": types[extname(path) || ".html"] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("the form validates live and the plan preview fills the table", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/examples/browser/`);
  await page.waitForFunction(() => document.getElementById("status").textContent === "ready");

  // An empty form breaks the name rule, and the button stays disabled.
  assert.deepEqual(await page.$$eval("#violations li", (lis) => lis.map((li) => `${li.dataset.path}:${li.dataset.rule}`)), ["name:min_length"]);
  assert.equal(await page.isDisabled("#add"), true);

  await page.fill("#name", "Ada");
  await page.fill("#email", "not-an-email");
  assert.deepEqual(await page.$$eval("#violations li", (lis) => lis.map((li) => li.dataset.path)), ["email"]);
  await page.fill("#email", "ada@example.org");
  await page.fill("#skills", "cleaning, gardening");
  assert.equal(await page.$$eval("#violations li", (lis) => lis.length), 0);
  await page.click("#add");

  for (const [name, skills] of [["Bo", "cleaning"], ["Cy", "gardening"]]) {
    await page.fill("#name", name);
    await page.fill("#skills", skills);
    await page.click("#add");
  }
  assert.equal(await page.$$eval("#participants li", (lis) => lis.length), 3);

  await page.click("#preview");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("coverage"));
  const rows = await page.$$eval("#plan tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.equal(rows.length, 3, "three slots, three people");
  const byTarget = (t) => rows.filter((r) => r[1] === t).map((r) => r[0]).sort();
  assert.deepEqual(byTarget("Garden"), ["Cy"], "only Cy is left for the garden once Ada and Bo clean");
  assert.deepEqual(byTarget("Parlor"), ["Ada", "Bo"]);
  assert.equal(await page.textContent("#status"), "coverage 100%");
  assert.deepEqual(errors, []);
});
