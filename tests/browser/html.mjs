// Loads a `wirebook report --format html` page in the system Chromium (through
// playwright-core, no downloaded browser) and checks it against the same report
// as JSON: table rows, the SVG graph, sorting by clicking headers, filtering, no
// network request, no console error. The graph: it fits the page, zooms and pans
// (buttons, wheel, keys, drag: the viewBox changes), a click on an app highlights
// exactly its flows and neighbours, the search box finds an app. Prints the time
// the filter takes over every row. Saves desktop and phone screenshots.
//
// usage: node html.mjs REPORT.html REPORT.json OUT_DIR [NAME]
// env:   CHROMIUM (default /usr/bin/chromium)
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [htmlPath, jsonPath, outDir, shotName = "report"] = process.argv.slice(2);
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
  const tableText = await page.textContent("#status tbody");
  for (const i of report.integrations) {
    if (i.id) assert.ok(tableText.includes(i.id), `row for ${i.id}`);
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

  // Filter speed over every row: typing a word, until the page has laid out again.
  const filterMs = await page.evaluate(() => {
    const box = document.getElementById("filter");
    const once = (value) => {
      const t0 = performance.now();
      box.value = value;
      box.dispatchEvent(new Event("input"));
      void document.body.offsetHeight; // until the table is laid out again
      return performance.now() - t0;
    };
    // Median of 5 runs of typing `value`, or (`back`) of clearing the box after it.
    const median = (value, back = false) => {
      const runs = [];
      for (let k = 0; k < 5; k += 1) {
        const there = once(value);
        const again = once("");
        runs.push(back ? again : there);
      }
      return runs.sort((a, b) => a - b)[2];
    };
    return {
      none: median("zz-no-such-integration-zz"),
      some: median("overdue"),
      all: median("zz-no-such-integration-zz", true),
    };
  });
  assert.equal((await visibleNames()).length, report.integrations.length, "filter cleared");
  console.log(
    `filter: ${report.integrations.length} rows in ${filterMs.none.toFixed(1)} ms (no match), ` +
      `${filterMs.some.toFixed(1)} ms ("overdue"), ${filterMs.all.toFixed(1)} ms (cleared: every row again); ` +
      `medians of 5, layout included`,
  );

  const graphNote = await checkGraph(page, report);
  console.log(graphNote);

  const big = report.integrations.length > 100;
  await page.screenshot({ path: path.join(outDir, `${shotName}-desktop.png`), fullPage: !big });
  if (big) {
    await page.locator("svg#flows").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(outDir, `${shotName}-graph.png`) });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await page.screenshot({ path: path.join(outDir, `${shotName}-phone.png`), fullPage: !big });
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("#filter").isVisible(), false, "print hides the filter");
  if (!big) await page.pdf?.({ path: path.join(outDir, `${shotName}.pdf`) }).catch(() => {});

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

// ---- the graph ------------------------------------------------------------------

function appKey(name) {
  return name.trim().toLowerCase();
}

async function viewBox(page) {
  const v = await page.getAttribute("svg#flows", "viewBox");
  const [x, y, w, h] = v.split(/\s+/).map(Number);
  return { x, y, w, h };
}

/// Checks fitting, zooming, panning, highlighting and search; returns a summary line.
async function checkGraph(page, report) {
  const apps = report.graph.apps;
  const keys = new Set(apps.map((a) => appKey(a.name)));
  assert.equal(keys.size, apps.length, "one node per app whatever its case or spaces");

  // Fits: the whole drawing is in the viewBox and the SVG is no wider than the page.
  const svg = page.locator("svg#flows");
  await svg.scrollIntoViewIfNeeded();
  const full = await viewBox(page);
  const size = await page.$eval("svg#flows", (s) => [Number(s.dataset.width), Number(s.dataset.height)]);
  assert.deepEqual([full.x, full.y, full.w, full.h], [0, 0, ...size], "initially the whole graph is shown");
  const box = await svg.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.x >= 0 && box.x + box.width <= viewport.width + 1, `the graph fits the page width (${box.width}px)`);
  assert.ok(box.height <= viewport.height, `the graph fits the page height (${box.height}px)`);

  // Zoom and pan: buttons, wheel, keys, drag.
  await page.click("#zoom-in");
  const zin = await viewBox(page);
  assert.ok(zin.w < full.w && zin.h < full.h, "zoom in shrinks the viewBox");
  await page.click("#zoom-out");
  assert.ok((await viewBox(page)).w > zin.w, "zoom out grows it");
  await page.click("#zoom-fit");
  assert.deepEqual(await viewBox(page), full, "Fit shows everything again");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForFunction((w) => Number(document.getElementById("flows").getAttribute("viewBox").split(" ")[2]) < w, full.w);
  const wheeled = await viewBox(page);
  await svg.focus();
  await page.keyboard.press("0");
  assert.deepEqual(await viewBox(page), full, "key 0 fits");
  await page.keyboard.press("+");
  const keyed = await viewBox(page);
  assert.ok(keyed.w < full.w, "key + zooms in");
  await page.keyboard.press("ArrowRight");
  const panned = await viewBox(page);
  assert.ok(panned.x > keyed.x && panned.w === keyed.w, "ArrowRight pans");
  await page.mouse.move(box.x + 10, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + 110, box.y + 60, { steps: 5 });
  await page.mouse.up();
  const dragged = await viewBox(page);
  assert.ok(dragged.x < panned.x && dragged.y < panned.y && dragged.w === panned.w, "dragging pans");
  await page.keyboard.press("Escape");
  await page.click("#zoom-fit");

  // Highlight: the app with the most edges; a click marks exactly its flows.
  const incident = (id) => report.graph.edges.filter((e) => e.from === id || e.to === id);
  const busiest = [...apps].sort((a, b) => incident(b.id).length - incident(a.id).length || (a.id < b.id ? -1 : 1))[0];
  const flowsOf = (app) =>
    report.integrations
      .flatMap((i) => i.data_flows)
      .filter((f) => f.from && f.to && (appKey(f.from) === appKey(app.name) || appKey(f.to) === appKey(app.name))).length;
  const neighbours = (id) => new Set(incident(id).flatMap((e) => [e.from, e.to]).filter((x) => x !== id));
  await page.click(`svg#flows g.node[data-app="${busiest.id}"]`);
  const lit = await page.$$eval("svg#flows g.edge.hl", (es) => es.map((e) => [e.dataset.from, e.dataset.to, Number(e.dataset.flows)]));
  assert.equal(lit.length, incident(busiest.id).length, `${busiest.name}: highlighted edges = its edges`);
  assert.ok(lit.every(([f, t]) => f === busiest.id || t === busiest.id), "only its edges are highlighted");
  const litFlows = lit.reduce((n, e) => n + e[2], 0);
  assert.equal(litFlows, flowsOf(busiest), `${busiest.name}: highlighted flows = its documented flows`);
  const nb = await page.$$eval("svg#flows g.node.nb", (ns) => ns.map((n) => n.dataset.app).sort());
  assert.deepEqual(nb, [...neighbours(busiest.id)].sort(), "its neighbours are marked");
  const dim = await page.$$eval("svg#flows g.edge:not(.hl), svg#flows g.node:not(.hl):not(.nb)", (es) =>
    es.slice(0, 20).map((e) => Number(getComputedStyle(e).opacity)),
  );
  assert.ok(dim.every((o) => o < 0.3), `the rest is dimmed (${dim.slice(0, 3)})`);
  assert.ok(await page.locator("#app-info").isVisible(), "the app's panel shows");
  assert.ok((await page.textContent("#app-info")).includes(`${busiest.name}: ${litFlows} flow`), "panel names the app and its flows");
  await svg.focus();
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("svg#flows g.edge.hl").count(), 0, "Escape clears the highlight");

  // Search: typed in another case with spaces, the app is found, highlighted and shown.
  const other = [...apps].sort((a, b) => incident(a.id).length - incident(b.id).length)[Math.floor(apps.length / 2)];
  await page.fill("#app-search", `  ${other.name.toUpperCase()} `);
  await page.press("#app-search", "Enter");
  assert.deepEqual(await page.$$eval("svg#flows g.node.hl", (ns) => ns.map((n) => n.dataset.app)), [other.id], "search selects the app");
  assert.equal(await page.textContent("#app-found"), other.name);
  assert.equal(await page.locator("svg#flows g.edge.hl").count(), incident(other.id).length, "and highlights its flows");
  if (apps.length > 1) assert.notDeepEqual(await viewBox(page), full, "and zooms to it");
  await page.fill("#app-search", "zz-no-such-app");
  await page.press("#app-search", "Enter");
  assert.match(await page.textContent("#app-found"), /no app matches/);
  await page.fill("#app-search", "");
  await page.keyboard.press("Escape");
  await page.click("#zoom-fit");
  return (
    `graph: ${apps.length} apps, ${report.graph.edges.length} edges, drawn ${Math.round(box.width)}x${Math.round(box.height)} px ` +
    `(viewBox ${full.w}x${full.h}); zoom, pan, keys ok; ${busiest.name} highlights ${lit.length} edges / ${litFlows} flows; ` +
    `search finds ${other.name}`
  );
}
