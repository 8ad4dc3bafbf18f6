"""Offline check benchmark (run through scripts/bench-check.sh, which installs the peers).

Each size gets N copies of examples/integrations/shopify-orders.yaml, each with its own id,
title and review date (the screenshot copied beside them), so with `--today 2026-11-20`
every document is complete and clean and every rule runs without a finding. On the same
files, in the same run:

  wirebook          check --offline --format json --today 2026-11-20 DIR   (every rule)
  ajv-cli 5         validate --spec=draft2020 -c ajv-formats (schema only), on JSON copies
  check-jsonschema  --schemafile schema/integration.schema.json FILES...  (schema only)

Wall time per run; CPU is user + system seconds of the run (the figure that holds up when
other work shares the machine); peak memory is the child's maximum resident set size from
wait4(2), the figure GNU time prints as %M.

All sizes are generated first; then RUNS rounds each time wirebook and ajv-cli once at every
size, so every median (and so every ratio, the 100,000 / 10,000 one too) comes from runs made
in the same minutes. check-jsonschema runs after the rounds (CJS_RUNS times per size).
"""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

TODAY = "2026-11-20"
SCHEMA = "schema/integration.schema.json"
EXAMPLE = "examples/integrations/shopify-orders.yaml"

env = os.environ
sizes = [int(n) for n in env.get("SIZES", "1000 10000 100000").split()]
runs, cjs_runs, cjs_max = int(env.get("RUNS", 3)), int(env.get("CJS_RUNS", 1)), int(env.get("CJS_MAX", 1000))
binary, ajv, cjs, node_modules = env["BIN"], env["AJV"], env["CHECK_JSONSCHEMA"], env["NODE_MODULES"]
work = tempfile.mkdtemp(prefix="wirebook-bench.")


def generate(n):
    d = os.path.join(work, f"docs-{n}")
    os.makedirs(os.path.join(d, "img"))
    shutil.copy("examples/integrations/img/shopify-webhooks.png", os.path.join(d, "img"))
    template = open(EXAMPLE, encoding="utf-8").read()
    for i in range(n):
        text = template.replace("id: shopify-orders ", f"id: shopify-orders-{i:06d} ")
        text = text.replace("title: Shopify order sync", f"title: Shopify order sync #{i}")
        text = text.replace("last_reviewed: 2026-10-02", f"last_reviewed: 2026-10-{1 + i % 28:02d}")
        with open(os.path.join(d, f"shopify-{i:06d}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    return d


# ajv-cli reads YAML with js-yaml's YAML 1.1 schema, which turns `2026-10-02` into a Date
# (and the schema's "type": "string" then fails). So the documents are converted once, before
# any timing, with the `yaml` package's YAML 1.2 core schema (dates stay strings, as wirebook
# reads them), and ajv gets the JSON files.
TO_JSON = r"""
const fs = require("fs"), path = require("path"), YAML = require("yaml");
const [src, dst] = process.argv.slice(1);
fs.mkdirSync(dst, { recursive: true });
for (const f of fs.readdirSync(src)) {
  if (!f.endsWith(".yaml")) continue;
  const doc = YAML.parse(fs.readFileSync(path.join(src, f), "utf8"), { schema: "core" });
  fs.writeFileSync(path.join(dst, f.replace(/\.yaml$/, ".json")), JSON.stringify(doc));
}
"""


def to_json(d):
    out = d + "-json"
    subprocess.run(["node", "-e", TO_JSON, d, out], check=True, env={**env, "NODE_PATH": node_modules})
    return out


def js_compatible_schema(schema):
    """FALLBACK, used only when ajv cannot compile the repository's schema (the schema on main
    compiles, so after the merge this does not run; delete it together with its call in
    ajv_schema). JavaScript regexes have no inline `(?i:...)` group, so each one becomes
    `(?:...)` with every letter as `[xX]`."""

    def fix(pattern):
        out, i = [], 0
        while (start := pattern.find("(?i:", i)) >= 0:
            depth, j = 1, start + 4
            while depth:
                if pattern[j] in "[\\":
                    raise ValueError(f"js_compatible_schema: cannot convert {pattern!r}")
                depth += {"(": 1, ")": -1}.get(pattern[j], 0)
                j += 1
            body = re.sub(r"[A-Za-z]", lambda m: f"[{m[0].lower()}{m[0].upper()}]", pattern[start + 4:j - 1])
            out += [pattern[i:start], "(?:", body, ")"]
            i = j
        return "".join(out) + pattern[i:]

    def walk(v):
        if isinstance(v, dict):
            return {k: fix(x) if k == "pattern" and isinstance(x, str) else walk(x) for k, x in v.items()}
        return [walk(x) for x in v] if isinstance(v, list) else v

    return walk(schema)


AJV_OPTS = ["--spec=draft2020", "-c", "ajv-formats"]


def ajv_schema():
    """The repository's schema if ajv compiles it, else a JS-compatible copy (loudly)."""
    probe = subprocess.run([ajv, "compile", *AJV_OPTS, "-s", SCHEMA], capture_output=True, text=True)
    if probe.returncode == 0:
        return SCHEMA, "the repository's schema"
    copy = os.path.join(work, "integration.schema.js-compatible.json")
    with open(SCHEMA, encoding="utf-8") as f, open(copy, "w", encoding="utf-8") as g:
        json.dump(js_compatible_schema(json.load(f)), g)
    subprocess.run([ajv, "compile", *AJV_OPTS, "-s", copy], check=True, capture_output=True)
    first = (probe.stdout + probe.stderr).strip().splitlines()
    print("!" * 78)
    print("!! NOTE: ajv cannot compile schema/integration.schema.json:")
    print(f"!!   {first[-1] if first else '(no message)'}")
    print("!! ajv validates against a JS-COMPATIBLE COPY instead: each (?i:...) group")
    print("!! rewritten as (?:...) with [xX] letters (js_compatible_schema in bench-check.py).")
    print("!" * 78)
    return copy, "a JS-compatible copy of the schema (see the note above)"


def measure(cmd):
    """Wall seconds, CPU seconds and peak RSS (MiB) of one run; fails loudly unless it exits 0."""
    log = os.path.join(work, "stderr")
    with open(log, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = open(log, encoding="utf-8", errors="replace").read()[-2000:]
        sys.exit(f"bench-check: {os.path.basename(cmd[0])} exited {proc.returncode}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def timed(label, n, cmd, count):
    return report(label, n, [measure(cmd) for _ in range(count)])


def report(label, n, samples):
    """Prints a table row for `samples` (wall, CPU, peak) and returns (median wall, median CPU)."""
    count = len(samples)
    walls = sorted(w for w, _, _ in samples)
    best, median, peak = walls[0], statistics.median(walls), max(m for _, _, m in samples)
    cpu = statistics.median(c for _, c, _ in samples)
    print(f"| {label} | {n:,} | {best:.3f} s | {median:.3f} s | {cpu:.3f} s | {n / median:,.0f} | "
          f"{peak:.1f} MiB | {count} |", flush=True)
    return median, cpu


def version(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return (p.stdout or p.stderr).strip().splitlines()[0] if p.returncode == 0 else "?"


def main():
    npm_ajv = json.load(open(os.path.join(node_modules, "ajv", "package.json")))["version"]
    npm_cli = json.load(open(os.path.join(node_modules, "ajv-cli", "package.json")))["version"]
    print(f"wirebook: {binary} ({version([binary, '--version'])}); cores: {os.cpu_count()}")
    print(f"ajv-cli {npm_cli} (ajv {npm_ajv}, node {version(['node', '--version'])}); "
          f"check-jsonschema {version([cjs, '--version']).split()[-1]}")
    schema, which = ajv_schema()
    print(f"ajv validates the JSON copies of the documents (converted once, untimed, with the "
          f"`yaml` package's YAML 1.2 core schema: dates stay strings) against {which}")
    print(f"commands: {binary} check --offline --format json --today {TODAY} DIR")
    print(f"          {ajv} validate {' '.join(AJV_OPTS)} -s SCHEMA -d 'DIR-json/*.json'")
    print(f"          {cjs} --schemafile {SCHEMA} FILES...   (sizes up to {cjs_max:,})")
    print(f"documents generated under {os.path.dirname(work)}")
    print(f"load average at the start: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print(f"{runs} interleaved rounds: each times wirebook and ajv-cli once at every size, in turn")
    print("median wall time decides documents/s and the ratios; CPU = median user + system time;")
    print("peak = max RSS over the runs\n")
    print("| tool | documents | best | median | CPU | documents/s | peak memory | runs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    # Every size is generated (and converted for ajv) before any timing; then each round
    # times wirebook and ajv-cli once at every size. On a shared machine the speed drifts
    # from minute to minute (steal time): interleaved rounds put the slow minutes on every
    # tool and every size alike, so the ratios compare runs made side by side rather than
    # minutes apart.
    dirs, jdirs, cmds = {}, {}, {}
    for n in sizes:
        d = dirs[n] = generate(n)
        cmd = [binary, "check", "--offline", "--format", "json", "--today", TODAY, d]
        result = json.loads(subprocess.run(cmd, capture_output=True, text=True).stdout)
        s = result["summary"]
        if s["documents"] != n or s["errors"] or s["warnings"] or result["findings"]:
            sys.exit(f"bench-check: the {n} documents must be complete and clean; wirebook says {s}")
        jdirs[n] = to_json(d)
        ajv_cmd = [ajv, "validate", *AJV_OPTS, "-s", schema, "-d", os.path.join(jdirs[n], "*.json")]
        cmds[n] = {"wirebook": cmd, "ajv-cli": ajv_cmd}
        for c in cmds[n].values():
            measure(c)  # warm the page cache (and node's)
    samples = {(tool, n): [] for n in sizes for tool in ("wirebook", "ajv-cli")}
    for _ in range(runs):
        for n in sizes:
            for tool, c in cmds[n].items():
                samples[tool, n].append(measure(c))
    wb, aj, cj = {}, {}, {}
    for n in sizes:
        wb[n] = report("wirebook", n, samples["wirebook", n])
        aj[n] = report("ajv-cli", n, samples["ajv-cli", n])
        if n <= cjs_max:
            files = sorted(os.path.join(dirs[n], f) for f in os.listdir(dirs[n]) if f.endswith(".yaml"))
            cj[n] = timed("check-jsonschema", n, [cjs, "--schemafile", SCHEMA, *files], cjs_runs)
        shutil.rmtree(jdirs[n])
        shutil.rmtree(dirs[n])
    print(f"load average at the end: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print("\nratios, median wall time (CPU time in brackets):")
    for n in sizes:
        line = (f"  {n:>7,} documents: wirebook is {aj[n][0] / wb[n][0]:.2f}x as fast as ajv-cli "
                f"({aj[n][1] / wb[n][1]:.2f}x)")
        if n in cj:
            line += f", {cj[n][0] / wb[n][0]:.1f}x as fast as check-jsonschema ({cj[n][1] / wb[n][1]:.1f}x)"
        print(line)
    for big, small in [(100000, 10000)]:
        if big in wb and small in wb:
            print(f"  {big:,} / {small:,} documents: wirebook took {wb[big][0] / wb[small][0]:.2f}x the time "
                  f"({wb[big][1] / wb[small][1]:.2f}x), ajv-cli {aj[big][0] / aj[small][0]:.2f}x "
                  f"({aj[big][1] / aj[small][1]:.2f}x)")


signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` removes the files
try:
    main()
finally:
    shutil.rmtree(work, ignore_errors=True)
