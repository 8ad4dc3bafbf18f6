#!/usr/bin/env bash
# Benchmark `wirebook report` on a generated organization (scripts/gen-org.py):
# each format's wall time and output size, the Mermaid graph before and after
# fitting it to GitHub's limits, `report --merge` of the organization split in
# two repositories, and `check --offline` on the same documents for reference.
#
#   scripts/bench-report.sh                          # 1,000 integrations over 150 apps, 5 runs
#   INTEGRATIONS=3000 APPS=400 RUNS=3 scripts/bench-report.sh
#   SKIP_BUILD=1 BIN=target/debug/wirebook RUNS=1 scripts/bench-report.sh   # quick try
#   MMDC=tests/browser/node_modules/.bin/mmdc scripts/bench-report.sh       # also time mermaid-cli
set -euo pipefail
cd "$(dirname "$0")/.."

INTEGRATIONS=${INTEGRATIONS:-1000}
APPS=${APPS:-150}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
BIN=${BIN:-target/release/wirebook}
MMDC=${MMDC:-}
TODAY=2026-11-20

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "building: cargo build --release" >&2
    cargo build --release --quiet
fi
[[ -x "$BIN" ]] || { echo "no binary at $BIN" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wirebook-bench-report.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

python3 scripts/gen-org.py "$WORK/org" --integrations "$INTEGRATIONS" --apps "$APPS" --seed "$SEED" --today "$TODAY"
python3 scripts/gen-org.py "$WORK/split" --integrations "$INTEGRATIONS" --apps "$APPS" --seed "$SEED" --today "$TODAY" --repos 2 >/dev/null

python3 - "$WORK" "$BIN" "$TODAY" "$RUNS" "$MMDC" <<'PY'
import json, os, statistics, subprocess, sys, time

work, binary, today, runs, mmdc = sys.argv[1:6]
runs = int(runs)
org = os.path.join(work, "org")
env = dict(os.environ, GITHUB_REPOSITORY="acme/integrations")


def timed(cmd, out=None, environ=env):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environ)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return wall


def line(label, cmd, out=None):
    timed(cmd)  # warm the page cache
    walls = sorted(timed(cmd) for _ in range(runs))
    size = f"{os.path.getsize(out):>11,} bytes" if out else ""
    print(f"{label:<26} best {walls[0]:7.3f} s  median {statistics.median(walls):7.3f} s  {size}")


version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
print(f"wirebook: {binary} ({version}); cores: {os.cpu_count()}; {runs} runs each")
base = [binary, "--today", today]
line("check --offline (reference)", base + ["check", "--offline", "--format", "json", org])
outputs = {}
for fmt in ["markdown", "html", "json", "ics"]:
    out = os.path.join(work, f"report.{fmt}")
    outputs[fmt] = out
    line(f"report --format {fmt}", base + ["report", "--format", fmt, "-o", out, org], out)

parts = []
for r, repo in [("repo-01", "acme/shop"), ("repo-02", "acme/ops")]:
    out = os.path.join(work, f"{r}.json")
    subprocess.run(base + ["report", "--format", "json", "--repo", repo, "-o", out,
                           os.path.join(work, "split", r)], check=True)
    parts.append(out)
for fmt in ["html", "markdown"]:
    out = os.path.join(work, f"merged.{fmt}")
    line(f"report --merge (2) {fmt}", base + ["report", "--merge", *parts, "--format", fmt, "-o", out], out)

report = json.load(open(outputs["json"]))
graph = report["graph"]
md = open(outputs["markdown"], encoding="utf-8").read()
mermaid = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
shown_edges = sum(1 for l in mermaid.splitlines() if " --> " in l or " -->|" in l)
shown_nodes = sum(1 for l in mermaid.splitlines() if l.endswith('"]'))
flows = sum(e["flows"] for e in graph["edges"])
print(f"organization: {len(report['integrations'])} integrations, {len(graph['apps'])} apps, "
      f"{len(graph['edges'])} app pairs, {flows} flows")
full_chars = next((int(w.replace(",", "")) for w in md.split("characters of Mermaid")[0].split()[-1:]
                   if w.replace(",", "").isdigit()), len(mermaid))
print(f"mermaid: full graph {len(graph['edges'])} edges, {full_chars:,} characters; "
      f"shown {shown_nodes} nodes, {shown_edges} edges, {len(mermaid):,} characters "
      f"(GitHub: 500 edges, 50,000 characters)")
if mmdc:
    src = os.path.join(work, "graph.mmd")
    open(src, "w", encoding="utf-8").write(mermaid)
    wall = timed([mmdc, "-p", "tests/browser/puppeteer-config.json", "-i", src, "-o",
                  os.path.join(work, "graph.svg"), "-q"])
    print(f"mermaid-cli render of the shown graph: {wall:.1f} s (includes starting Chromium)")
PY
