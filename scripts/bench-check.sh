#!/usr/bin/env bash
# Offline check benchmark: wirebook, ajv-cli and check-jsonschema on the same generated
# documents in the same run (scripts/bench-check.py does the work).
#
#   scripts/bench-check.sh                        # 1,000, 10,000 and 100,000 documents
#   SIZES="1000 10000" RUNS=5 scripts/bench-check.sh
#   SKIP_BUILD=1 BIN=target/debug/wirebook SIZES=100 scripts/bench-check.sh   # quick try
#
#   SIZES        document counts (default "1000 10000 100000")
#   RUNS         timed runs of wirebook and of ajv-cli per size (default 3; best and median)
#   CJS_RUNS     timed runs of check-jsonschema (default 1)
#   CJS_MAX      largest size check-jsonschema runs on (default 1000: it needs ~11 s per 1,000)
#   BIN          the wirebook binary (default target/release/wirebook, built unless SKIP_BUILD)
#   PEERS_DIR    where missing peers are installed (default target/bench-peers)
#   BENCH_TMPDIR where the documents are generated (default /dev/shm when writable, else
#                $TMPDIR or /tmp: on a disk mounted with `discard`, deleting 200,000 files
#                took longer than the benchmark; the runs are warmed up either way)
#
# Peers, installed into PEERS_DIR when missing: npm ajv-cli@5 with ajv-formats (and `yaml`,
# only to convert the documents to JSON before timing), and check-jsonschema from PyPI
# into a virtualenv (one on PATH is used when present).
set -euo pipefail
cd "$(dirname "$0")/.."

export SIZES=${SIZES:-"1000 10000 100000"}
export RUNS=${RUNS:-3} CJS_RUNS=${CJS_RUNS:-1} CJS_MAX=${CJS_MAX:-1000}
export BIN=${BIN:-target/release/wirebook}
peers=${PEERS_DIR:-target/bench-peers}
if [[ -n "${BENCH_TMPDIR:-}" ]]; then
    export TMPDIR=$BENCH_TMPDIR
elif [[ -d /dev/shm && -w /dev/shm ]]; then
    export TMPDIR=/dev/shm
fi

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "building: cargo build --release" >&2
    cargo build --release --locked --quiet
fi
[[ -x "$BIN" ]] || { echo "bench-check: no binary at $BIN" >&2; exit 2; }

npm_dir=$peers/npm
if [[ ! -x "$npm_dir/node_modules/.bin/ajv" || ! -d "$npm_dir/node_modules/ajv-formats" ||
      ! -d "$npm_dir/node_modules/yaml" ]]; then
    echo "bench-check: installing ajv-cli@5, ajv-formats@3 and yaml@2 into $npm_dir" >&2
    mkdir -p "$npm_dir"
    npm install --prefix "$npm_dir" --no-audit --no-fund --no-package-lock --loglevel=error \
        ajv-cli@5 ajv-formats@3 yaml@2 >/dev/null
fi
export AJV=$npm_dir/node_modules/.bin/ajv NODE_MODULES=$npm_dir/node_modules

if command -v check-jsonschema >/dev/null 2>&1; then
    CHECK_JSONSCHEMA=$(command -v check-jsonschema)
else
    venv=$peers/venv
    if [[ ! -x "$venv/bin/check-jsonschema" ]]; then
        echo "bench-check: installing check-jsonschema into $venv" >&2
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check check-jsonschema
    fi
    CHECK_JSONSCHEMA=$venv/bin/check-jsonschema
fi
export CHECK_JSONSCHEMA

exec python3 scripts/bench-check.py
