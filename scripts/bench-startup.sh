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
# PROFILE=1 adds where the time goes (needs perf and strace, and valgrind for the second
# table; takes about a minute; scripts/bench-startup-profile.py reads the profiles):
#   perf stat       task clock = CPU time (threads included; the figure to trust on a busy
#                   machine, where "CPUs utilized" shows how much of the wall time was waiting),
#                   page faults, context switches
#   strace          threads started; system calls by count
#   callgrind       user-space instructions of one check by phase (inclusive counts of the
#                   phase's functions): exact and repeatable, but blind to the kernel
#   perf record     CPU samples of 50 checks, user and kernel, each assigned to a phase by its
#                   call stack; plus the kernel's share, page zeroing and truncated stacks
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
profile=$PWD/scripts/bench-startup-profile.py

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
        "$BIN --version" "${check[*]}" >/dev/null 2>"$work/hyperfine.err" ||
        { cat "$work/hyperfine.err" >&2; exit 1; }
    python3 - "$work/h.json" "$BIN" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    ms = lambda s: s * 1000
    print(f"{r['command'].replace(sys.argv[2], 'wirebook'):<60} mean {ms(r['mean']):6.2f} ms  min {ms(r['min']):6.2f} ms  "
          f"max {ms(r['max']):6.2f} ms  (sd {ms(r['stddev']):.2f}; median {ms(r['median']):.2f}, "
          f"CPU user+sys {ms(r['user'] + r['system']):.2f})")
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
    print(f"{command.replace(argv[0], 'wirebook'):<60} mean {statistics.mean(walls):6.2f} ms  min {min(walls):6.2f} ms  "
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
echo "== strace -f -c (system calls of one check, by count; strace's times are mostly the tracing)"
strace -f -c -S calls -o "$work/strace.txt" "${check[@]}" >/dev/null
head -n 16 "$work/strace.txt"
if command -v valgrind >/dev/null 2>&1 && command -v callgrind_annotate >/dev/null 2>&1; then
    echo "== user-space instructions by phase (valgrind callgrind, one check; exact, not sampled)"
    valgrind -q --tool=callgrind --callgrind-out-file="$work/cg.check" "${check[@]}" >/dev/null 2>&1
    valgrind -q --tool=callgrind --callgrind-out-file="$work/cg.version" "$BIN" --version >/dev/null 2>&1
    for f in check version; do
        callgrind_annotate --inclusive=yes --threshold=100 "$work/cg.$f" >"$work/cg.$f.txt" 2>/dev/null
    done
    python3 "$profile" callgrind "$work/cg.check.txt" "$work/cg.version.txt"
else
    echo "== (valgrind missing: no instruction counts; apt-get install valgrind)"
fi
echo "== CPU samples by phase, user and kernel (perf record, DWARF call graphs, 50 checks after 5 warm-ups)"
for _ in 1 2 3 4 5; do "${check[@]}" >/dev/null; done
perf record -q -F 12000 --call-graph dwarf,65528 -o "$work/perf.data" -- sh -c \
    "for i in \$(seq 50); do ${check[*]} >/dev/null; done" 2>/dev/null
# --no-inline: resolving inlined frames runs addr2line per address (minutes instead of seconds);
# the phases come out the same.
perf script -i "$work/perf.data" --comm wirebook -F comm,ip,sym --no-inline >"$work/samples.txt" 2>/dev/null
rm -f "$work/perf.data"
python3 "$profile" perf "$work/samples.txt"
