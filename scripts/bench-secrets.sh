#!/usr/bin/env bash
# Before/after timing of the secret scan: two wirebook binaries on the same documents.
#
#   scripts/bench-secrets.sh                      # builds target/release/wirebook first
#   SKIP_BUILD=1 BEFORE=/path/old AFTER=/path/new N=10000 RUNS=7 scripts/bench-secrets.sh
#   SKIP_BUILD=1 AFTER=target/debug/wirebook N=200 RUNS=1 scripts/bench-secrets.sh   # quick try
#
# Workloads, each timed as `check --offline --format json --today 2026-11-20 DIR`:
#   clean    N copies of examples/integrations/shopify-orders.yaml with their own id,
#            title and review date (the generator of scripts/bench-check.sh);
#   secrets  the same documents, each with an `x-notes` block holding a generated GitHub
#            token, a password assignment, a Slack-style webhook and three placeholders
#            (random text in the published shapes: none is a real credential);
#   one file one clean document (start-up: rule file parse, lazy regexes), 30 runs.
# Runs alternate before/after so machine noise hits both alike. Prints best and median
# wall time per binary and after/before of the best times.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
RUNS=${RUNS:-5}
BEFORE=${BEFORE:-/work/wt/bench-bin/wirebook-before}
AFTER=${AFTER:-target/release/wirebook}
TODAY=2026-11-20

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "building: cargo build --release" >&2
    cargo build --release --quiet
fi
for b in "$BEFORE" "$AFTER"; do
    [[ -x "$b" ]] || { echo "no binary at $b" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wirebook-bench-secrets.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" "$BEFORE" "$AFTER" "$TODAY" "$N" "$RUNS" <<'PY'
import json, os, random, shutil, statistics, string, subprocess, sys, time

work, before, after, today, n, runs = sys.argv[1:7]
n, runs = int(n), int(runs)
template = open("examples/integrations/shopify-orders.yaml", encoding="utf-8").read()
rng = random.Random(20261120)
alnum = string.ascii_letters + string.digits


def rand(k, chars=alnum):
    return "".join(rng.choice(chars) for _ in range(k))


def notes():
    """Credential-shaped text (random, so never a real credential) and placeholders."""
    upper = string.ascii_uppercase + string.digits
    return (
        "x-notes: |\n"
        f"  Deploy token ghp_{rand(36)} was rotated.\n"
        f"  Connect with password={rand(8)}{rand(4, string.digits)} from the runner.\n"
        f"  Alerts go to https://hooks.slack.com/services/T{rand(8, upper)}/B{rand(8, upper)}/{rand(24)}\n"
        "  Placeholders: api_key=<your-api-key>, token=${API_TOKEN}, AKIAIOSFODNN7EXAMPLE\n"
    )


def generate(name, count, with_secrets):
    """The documents of scripts/bench-check.sh, optionally with an `x-notes` block."""
    d = os.path.join(work, name)
    os.makedirs(os.path.join(d, "img"))
    shutil.copy("examples/integrations/img/shopify-webhooks.png", os.path.join(d, "img"))
    for i in range(count):
        text = template.replace("id: shopify-orders ", f"id: shopify-orders-{i:05d} ")
        text = text.replace("title: Shopify order sync", f"title: Shopify order sync #{i}")
        text = text.replace("last_reviewed: 2026-10-02", f"last_reviewed: 2026-10-{1 + i % 28:02d}")
        if with_secrets:
            text = text.rstrip("\n") + "\n" + notes()
        with open(os.path.join(d, f"shopify-{i:05d}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    return d


def once(binary, target):
    cmd = [binary, "check", "--offline", "--format", "json", "--today", today, target]
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{binary} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return wall


def findings(binary, target):
    cmd = [binary, "check", "--offline", "--format", "json", "--today", today, target]
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True).stdout)
    wb104 = sum(1 for f in out["findings"] if f["rule"] == "WB104")
    return out["summary"]["documents"], wb104


def bench(label, target, count, k):
    for b in (before, after):
        once(b, target)  # warm the page cache and the binary
    samples = {before: [], after: []}
    for _ in range(k):
        for b in (before, after):
            samples[b].append(once(b, target))
    best = {}
    for tag, b in (("before", before), ("after", after)):
        docs, wb104 = findings(b, target)
        if docs != count:
            sys.exit(f"{b}: expected {count} documents, saw {docs}")
        s = sorted(samples[b])
        best[b] = s[0]
        unit, scale = ("ms", 1000) if s[0] < 0.5 else ("s", 1)
        print(f"{label:<9} {tag:<7} {count:>6} docs  best {s[0] * scale:8.3f} {unit}  "
              f"median {statistics.median(s) * scale:8.3f} {unit}  WB104 findings {wb104:>6}  ({k} runs)")
    print(f"{'':<9} after/before (best): {best[after] / best[before]:.3f}")


print(f"before: {before} ({subprocess.run([before, '--version'], capture_output=True, text=True).stdout.strip()})")
print(f"after:  {after} ({subprocess.run([after, '--version'], capture_output=True, text=True).stdout.strip()})")
print(f"cores: {os.cpu_count()}; load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
print(f"command: BIN check --offline --format json --today {today} DIR")
d = generate("clean", n, False)
bench("clean", d, n, runs)
shutil.rmtree(d)
d = generate("secrets", n, True)
bench("secrets", d, n, runs)
shutil.rmtree(d)
d = generate("one", 1, False)
bench("one file", os.path.join(d, "shopify-00000.yaml"), 1, 30)
PY
