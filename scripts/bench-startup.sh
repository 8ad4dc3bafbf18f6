#!/usr/bin/env bash
# Start-up benchmark: what pre-commit pays on every commit.
#
#   scripts/bench-startup.sh                  # builds the release binary first
#   SKIP_BUILD=1 BIN=path/to/wirebook RUNS=100 scripts/bench-startup.sh
#   PROFILE=1 SKIP_BUILD=1 scripts/bench-startup.sh   # also where the time goes
#
# Times `wirebook check --offline --today 2026-11-20 shopify-orders.yaml` on the complete
# example (copied with its screenshot into a temporary folder, so no project config is
# found), and `wirebook --version` as the floor (process start, no work). With hyperfine
# (Debian's `hyperfine`; installed with apt-get when missing and possible) it runs RUNS
# times after 5 warm-ups; otherwise a Python loop of RUNS runs. Prints mean, min and max
# in milliseconds.
#
# PROFILE=1 adds: `perf stat` (task clock = CPU time, page faults, context switches;
# threads included; CPU time is the figure to trust on a busy machine), `strace -f -c`
# (system calls by time), the thread count, and `perf record` over 60 checks with each CPU
# sample assigned to a phase by its call stack (needs perf and strace; takes a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-50}
BIN=${BIN:-target/release/wirebook}
if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "building: cargo build --release" >&2
    cargo build --release --locked --quiet
fi
[[ -x "$BIN" ]] || { echo "bench-startup: no binary at $BIN" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

work=$(mktemp -d "${TMPDIR:-/tmp}/wirebook-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp examples/integrations/shopify-orders.yaml "$work/"
cp -R examples/integrations/img "$work/"
cd "$work"
check=("$BIN" check --offline --today 2026-11-20 shopify-orders.yaml)
"${check[@]}" >/dev/null || { echo "bench-startup: the example is not clean:"; "${check[@]}"; exit 1; }

if ! command -v hyperfine >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [[ $(id -u) = 0 ]]; then
    echo "bench-startup: installing Debian's hyperfine" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null 2>&1 ||
        echo "bench-startup: hyperfine not installable; using a Python loop" >&2
fi

echo "wirebook: $BIN ($("$BIN" --version)); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v hyperfine >/dev/null 2>&1; then
    echo "timer: $(hyperfine --version), $RUNS runs after 5 warm-ups, no shell"
    hyperfine -N --warmup 5 --runs "$RUNS" --style none --export-json "$work/h.json" \
        "$BIN --version" "${check[*]}" >/dev/null
    python3 - "$work/h.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    ms = lambda s: s * 1000
    print(f"{r['command']:<70} mean {ms(r['mean']):6.2f} ms  min {ms(r['min']):6.2f} ms  "
          f"max {ms(r['max']):6.2f} ms  (sd {ms(r['stddev']):.2f})")
PY
else
    echo "timer: Python loop (hyperfine missing), $RUNS runs after 5 warm-ups"
    python3 - "$RUNS" "$BIN --version" "${check[*]}" <<'PY'
import statistics, subprocess, sys, time
runs = int(sys.argv[1])
for command in sys.argv[2:]:
    argv, walls = command.split(), []
    for i in range(5 + runs):
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        if i >= 5:
            walls.append((time.perf_counter() - t) * 1000)
    print(f"{command:<70} mean {statistics.mean(walls):6.2f} ms  min {min(walls):6.2f} ms  "
          f"max {max(walls):6.2f} ms  (sd {statistics.stdev(walls):.2f})")
PY
fi

[[ -n "${PROFILE:-}" ]] || exit 0
echo
echo "== perf stat (20 runs of the check)"
perf stat -r 20 -e task-clock,page-faults,context-switches,cpu-migrations "${check[@]}" 2>&1 >/dev/null |
    grep -E 'task-clock|page-faults|context-switches|migrations|elapsed'
echo "== threads started by one check"
strace -f -e trace=clone,clone3 "${check[@]}" 2>&1 >/dev/null | grep -cE '^(\[pid +[0-9]+\] )?clone3?\(' || true
echo "== strace -f -c (system calls of one check, by time)"
strace -f -c -o "$work/strace.txt" "${check[@]}" >/dev/null
head -n 16 "$work/strace.txt"
echo "== perf record (DWARF call graphs, 60 checks): CPU samples by phase"
perf record -q -F 15000 --call-graph dwarf,16384 -o "$work/perf.data" -- sh -c \
    "for i in \$(seq 60); do ${check[*]} >/dev/null; done" 2>/dev/null
perf script -i "$work/perf.data" --comm wirebook -F comm,ip,sym >"$work/samples.txt" 2>/dev/null
python3 - "$work/samples.txt" <<'PY'
import sys, collections
# perf script -F comm,sym (leaf first). Each sample goes to the first rule that matches any frame,
# rules in priority order; "page zeroing" is counted separately as a cross-cutting share.
RULES = [
    ("exec + dynamic loader", ("load_elf_binary", "_dl_start", "_dl_sysdep_start", "_dl_relocate", "dl_main", "_dl_init")),
    ("schema compile (jsonschema, its regexes)", ("jsonschema::compiler::build_validator", "jsonschema::compiler::compile", "jsonschema::compiler::validate_schema", "jsonschema::validator::Validator::new", "jsonschema::options::ValidationOptions")),
    ("rule regex compile (regex, RegexSet)", ("regex::regex::string::Regex::new", "regex::regexset::string::RegexSet::new", "regex::builders::Builder::build", "regex_automata::meta::regex::Builder::build", "fancy_regex::Regex::new")),
    ("schema validate", ("wirebook::schema::validate", "jsonschema::validator")),
    ("YAML parse", ("wirebook::document::parse", "saphyr_parser")),
    ("thread start/exit (rayon, tokio)", ("rayon_core::registry", "std::thread::Builder", "start_thread", "clone3", "std::sys::pal::unix::thread", "exit_mm", "do_exit")),
    ("process exit", ("do_group_exit", "exit_mmap", "__run_exit_handlers")),
    ("discovery, config, output", ("ignore::", "wirebook::discover", "wirebook::config", "wirebook::output")),
]
counts, zero, total = collections.Counter(), 0, 0
for block in open(sys.argv[1]).read().split("\n\n"):
    lines = [l.strip() for l in block.strip().splitlines()]
    if not lines or not lines[0].startswith("wirebook"):
        continue
    frames = lines[1:]
    total += 1
    if any(("clear_page" in f or "folio_zero_user" in f) for f in frames[:3]):
        zero += 1
    for name, keys in RULES:
        if any(k in f for f in frames for k in keys):
            counts[name] += 1
            break
    else:
        counts["other (rules, main, allocator, kernel)"] += 1
for name, n in counts.most_common():
    print(f"  {100 * n / total:5.1f}%  {name}")
print(f"  ({100 * zero / total:.1f}% of all samples are the kernel zeroing fresh pages, inside the phases above; {total} samples)")
PY
