#!/usr/bin/env bash
# Time `wirebook check --offline` before and after the secrets rework (issue 9), on the
# same generated documents, and print both figures.
#
#   scripts/bench-secrets.sh                                  # 10,000 documents, 5 runs
#   BEFORE=/path/to/old/wirebook AFTER=target/release/wirebook SIZES="1000 10000" RUNS=3 scripts/bench-secrets.sh
#
# The documents are made as scripts/bench-check.sh makes them (the generator is the
# same: examples/integrations/shopify-orders.yaml with its own id, title and review
# date). A second set holds the same documents with a secret pasted into each one (a
# token in free text, a password in a URL), so detection and masking are timed too.
# Also times the start-up case, `check` of ONE small file, best of 20 runs.
set -euo pipefail
cd "$(dirname "$0")/.."

BEFORE=${BEFORE:-/work/wt/bench-bin/wirebook-before}
AFTER=${AFTER:-target/release/wirebook}
SIZES=${SIZES:-"10000"}
RUNS=${RUNS:-5}
for b in "$BEFORE" "$AFTER"; do
    [[ -x "$b" ]] || { echo "no binary at $b (build with: cargo build --release)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wirebook-bench-secrets.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" "$BEFORE" "$AFTER" "$RUNS" $SIZES <<'PY'
import os, shutil, statistics, subprocess, sys, time

work, before, after, runs = sys.argv[1:5]
runs, sizes = int(runs), [int(n) for n in sys.argv[5:]]
template = open("examples/integrations/shopify-orders.yaml", encoding="utf-8").read()
today = "2026-11-20"


def generate(n, leaky):
    d = os.path.join(work, f"docs-{n}-{'leaky' if leaky else 'clean'}")
    os.makedirs(os.path.join(d, "img"))
    shutil.copy("examples/integrations/img/shopify-webhooks.png", os.path.join(d, "img"))
    for i in range(n):
        text = template.replace("id: shopify-orders ", f"id: shopify-orders-{i:05d} ")
        text = text.replace("title: Shopify order sync", f"title: Shopify order sync #{i}")
        text = text.replace("last_reviewed: 2026-10-02", f"last_reviewed: 2026-10-{1 + i % 28:02d}")
        if leaky:
            text = text.replace("purpose: Storefront; source of every customer order",
                                f"purpose: Storefront; sync token ghp_Rk7mQ2xLp9vTz4Wn8Bt3sYh6Jd{i:05d}Ga0Eu, "
                                f"db postgres://sync:Vq8mZr2Lx7k{i:05d}@db.acme.example/orders")
        with open(os.path.join(d, f"shopify-{i:05d}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    return d


def wall(cmd):
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def compare(label, d, n_runs):
    res = {}
    for name, b in (("before", before), ("after", after)):
        cmd = [b, "check", "--offline", "--format", "json", "--today", today, d]
        wall(cmd)  # warm the page cache
        ws = sorted(wall(cmd) for _ in range(n_runs))
        res[name] = ws
        print(f"  {label:<34} {name:<6} best {ws[0]:8.3f} s  median {statistics.median(ws):8.3f} s")
    b, a = statistics.median(res["before"]), statistics.median(res["after"])
    print(f"  {label:<34} after/before (median) {a / b:6.3f}  ({(a / b - 1) * 100:+.1f}%)")


print(f"before: {before}\nafter:  {after}")
print(f"command: BIN check --offline --format json --today {today} DIR   ({runs} runs, machine: {os.cpu_count()} cores)")
for n in sizes:
    compare(f"{n} documents, no secret", generate(n, False), runs)
    compare(f"{n} documents, 2 secrets each", generate(n, True), runs)
one = os.path.join(work, "one")
os.makedirs(one)
shutil.copy("examples/integrations/shopify-orders.yaml", one)
shutil.copytree("examples/integrations/img", os.path.join(one, "img"))
compare("one file (start-up)", one, 20)
PY
