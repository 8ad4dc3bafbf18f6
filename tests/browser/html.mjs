// Loads a `wirebook report --format html` page in the system Chromium (through
// playwright-core, no downloaded browser) and checks it against the same report
// as JSON: table rows, the SVG graph, sorting by clicking headers, filtering, no
// network request, no console error. Saves desktop and phone screenshots.
//
// usage: node html.mjs REPORT.html REPORT.json OUT_DIR
// env:   CHROMIUM (default /usr/bin/chromium)
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [htmlPath, jsonPath, outDir] = process.argv.slice(2);
if (!htmlPath || !jsonPath || !outDir) {
  console.error("usage: node html.mjs REPORT.html REPORT.json OUT_DIR");
  process.exit(2);
}
const report = JSON.parse(fs.readFileSync(jsonPath, "utf8"));
const pageUrl = pathToFileURL(path.resolve(htmlPath)).href;
fs.mkdirSync(outDir, { recursive: true });

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "wirebook-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  timeout: 60_000,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
  viewport: { width: 1400, height: 900 },
});

const requests = [];
const problems = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on("request", (r) => {
    if (r.url() !== pageUrl) requests.push(r.url());
  });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(pageUrl, { waitUntil: "load" });

  const name = (i) => (i.title ?? i.id ?? i.file).toLowerCase();
  const visibleNames = () =>
    page.$$eval("#status tbody tr:not(.filtered)", (rows) =>
      rows.map((r) => r.cells[1].getAttribute("data-sort")),
    );

  // Table: one row per integration, in the report's (urgency) order.
  const urgencyOrder = report.integrations.map(name);
  assert.equal(await page.locator("#status tbody tr").count(), report.integrations.length, "table rows");
  assert.deepEqual(await visibleNames(), urgencyOrder, "initial order is the report's");
  for (const i of report.integrations) {
    if (i.id) assert.ok((await page.textContent("#status tbody")).includes(i.id), `row for ${i.id}`);
  }

  // Graph: one box per app, one curve per edge, labelled.
  assert.equal(await page.locator("svg#flows g.node").count(), report.graph.apps.length, "SVG nodes");
  assert.equal(await page.locator("svg#flows g.edge path").count(), report.graph.edges.length, "SVG edges");
  const titles = await page.$$eval("svg#flows g.node > title", (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(titles, report.graph.apps.map((a) => a.name), "SVG node names");
  const box = await page.locator("svg#flows").boundingBox();
  assert.ok(box && box.width > 100 && box.height > 50, "SVG is drawn");

  // Sorting: click "Integration" (ascending, then descending), then "#" (back to urgency).
  const byName = [...urgencyOrder].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await page.click("th[data-col='1'] button");
  assert.deepEqual(await visibleNames(), byName, "sorted by name, ascending");
  assert.equal(await page.getAttribute("th[data-col='1']", "aria-sort"), "ascending");
  await page.click("th[data-col='1'] button");
  assert.deepEqual(await visibleNames(), [...byName].reverse(), "sorted by name, descending");
  await page.click("th[data-col='0'] button");
  assert.deepEqual(await visibleNames(), urgencyOrder, "sorted by urgency again");
  // "Next review": never reviewed first, then by date.
  await page.click("th[data-col='9'] button");
  const due = (i) => i.review.next_due ?? "0000-00-00";
  const byDue = report.integrations
    .map((i, k) => [due(i), k, name(i)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
    .map((x) => x[2]);
  assert.deepEqual(await visibleNames(), byDue, "sorted by next review");
  await page.click("th[data-col='0'] button");

  // Filtering.
  const probe = report.integrations.find((i) => i.id)?.id;
  if (probe) {
    await page.fill("#filter", probe.toUpperCase());
    const shown = await visibleNames();
    assert.ok(shown.length >= 1 && shown.length <= report.integrations.length, "filter keeps matches");
    assert.ok(shown.includes(name(report.integrations.find((i) => i.id === probe))), "filter keeps the probe");
  }
  await page.fill("#filter", "zz-no-such-integration-zz");
  assert.deepEqual(await visibleNames(), [], "filter hides non-matching rows");
  assert.equal(await page.textContent("#shown"), `0 of ${report.integrations.length} shown`);
  await page.fill("#filter", "");
  assert.equal((await visibleNames()).length, report.integrations.length, "clearing the filter shows all");

  await page.screenshot({ path: path.join(outDir, "report-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await page.screenshot({ path: path.join(outDir, "report-phone.png"), fullPage: true });
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("#filter").isVisible(), false, "print hides the filter");
  await page.pdf?.({ path: path.join(outDir, "report.pdf") }).catch(() => {});

  assert.deepEqual(requests, [], "the page made no network request");
  assert.deepEqual(problems, [], "no console errors or warnings");
  console.log(
    `ok: ${report.integrations.length} rows, ${report.graph.apps.length} apps, ${report.graph.edges.length} edges; ` +
      `sorting, filtering, no requests; screenshots in ${outDir}`,
  );
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
