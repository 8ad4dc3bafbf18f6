#!/usr/bin/env bash
# Benchmark `wirebook check --offline` on generated documents, and check-jsonschema
# on the same files with the same schema when it is installed.
#
#   scripts/bench-check.sh                 # 1,000 and 10,000 documents, 5 runs each
#   SIZES="1000 10000 20000" RUNS=3 scripts/bench-check.sh
#   SKIP_BUILD=1 BIN=target/debug/wirebook SIZES=100 scripts/bench-check.sh   # quick try
#
# Each document is examples/integrations/shopify-orders.yaml with its own id, title and
# review date (its screenshot copied beside them), so every one is complete and clean
# with `--today 2026-11-20`. Prints best and median wall time, documents per second
# and peak memory (maximum resident set size, from GNU time, else from the kernel).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
JS_RUNS=${JS_RUNS:-1}
BIN=${BIN:-target/release/wirebook}
TODAY=2026-11-20

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "building: cargo build --release" >&2
    cargo build --release --quiet
fi
[[ -x "$BIN" ]] || { echo "no binary at $BIN" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wirebook-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

JSONSCHEMA=""
if command -v check-jsonschema >/dev/null 2>&1; then
    JSONSCHEMA=$(command -v check-jsonschema)
fi

python3 - "$WORK" "$BIN" "$TODAY" "$RUNS" "$JS_RUNS" "$JSONSCHEMA" $SIZES <<'PY'
import json, os, re, shutil, statistics, subprocess, sys, time

work, binary, today, runs, js_runs, jsonschema = sys.argv[1:7]
runs, js_runs = int(runs), int(js_runs)
sizes = [int(n) for n in sys.argv[7:]]
template = open("examples/integrations/shopify-orders.yaml", encoding="utf-8").read()
gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def generate(n):
    d = os.path.join(work, f"docs-{n}")
    os.makedirs(os.path.join(d, "img"))
    shutil.copy("examples/integrations/img/shopify-webhooks.png", os.path.join(d, "img"))
    for i in range(n):
        text = template.replace("id: shopify-orders ", f"id: shopify-orders-{i:05d} ")
        text = text.replace("title: Shopify order sync", f"title: Shopify order sync #{i}")
        text = text.replace("last_reviewed: 2026-10-02", f"last_reviewed: 2026-10-{1 + i % 28:02d}")
        with open(os.path.join(d, f"shopify-{i:05d}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    return d


def measure(cmd):
    """Wall seconds and peak RSS in MiB of one run of cmd (stdout discarded)."""
    mem_file = os.path.join(work, "mem")
    full = [gnu_time, "-f", "%M", "-o", mem_file] + cmd if gnu_time else cmd
    start = time.perf_counter()
    proc = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    if gnu_time:
        peak_kib = int(open(mem_file).read().strip().splitlines()[-1])
    else:
        import resource
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # a max over all runs
    return wall, peak_kib / 1024


def report(label, n, samples):
    walls = sorted(w for w, _ in samples)
    best, median = walls[0], statistics.median(walls)
    peak = max(m for _, m in samples)
    print(f"{label:<18} {n:>7} docs  best {best:8.3f} s  median {median:8.3f} s  "
          f"{n / best:>10,.0f} docs/s  peak {peak:7.1f} MiB  ({len(samples)} runs)")
    return best


print(f"wirebook: {binary} ({subprocess.run([binary, '--version'], capture_output=True, text=True).stdout.strip()})")
print(f"cores: {os.cpu_count()}; check-jsonschema: {jsonschema or 'not installed'}")
print(f"command: {binary} check --offline --format json --today {today} DIR")
results = {}
for n in sizes:
    d = generate(n)
    cmd = [binary, "check", "--offline", "--format", "json", "--today", today, d]
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True).stdout)
    s = out["summary"]
    if s["documents"] != n:
        sys.exit(f"expected {n} documents, wirebook saw {s['documents']}")
    if s["errors"] or s["warnings"]:
        rules = sorted({f["rule"] for f in out["findings"]})
        print(f"  note: generated documents have findings {s} ({', '.join(rules)})")
    measure(cmd)  # warm the page cache
    wb = report("wirebook", n, [measure(cmd) for _ in range(runs)])
    results[n] = wb
    if jsonschema:
        files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".yaml"))
        js_cmd = [jsonschema, "--schemafile", "schema/integration.schema.json"] + files
        js = report("check-jsonschema", n, [measure(js_cmd) for _ in range(js_runs)])
        print(f"{'':<18} wirebook is {js / wb:.1f}x faster")
    shutil.rmtree(d)

if len(sizes) > 1:
    a, b = sizes[0], sizes[-1]
    print(f"growth: {b // a}x the documents took {results[b] / results[a]:.2f}x the time "
          f"({'linear or better' if results[b] / results[a] <= 1.3 * b / a else 'worse than linear'})")
PY
