#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for N seconds each (default 30), seeded by
# fuzz/seed.sh, and fails on the first crash (libFuzzer exits non-zero and leaves the
# input in fuzz/artifacts/<target>/). Needs the nightly toolchain; installs cargo-fuzz
# from crates.io when it is missing.
#   scripts/fuzz-smoke.sh [SECONDS]      FUZZ_SANITIZER=address to build with ASan
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
sanitizer=${FUZZ_SANITIZER:-none}

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
bash fuzz/seed.sh
cd fuzz
targets=$(cargo +nightly fuzz list)
for target in $targets; do
  mkdir -p "corpus/$target"
  if [ -z "$(ls -A "corpus/$target")" ] && [ -d corpus/parse_lint ]; then
    cp corpus/parse_lint/* "corpus/$target/"
  fi
  echo "== fuzz $target for ${seconds}s (sanitizer: $sanitizer)"
  cargo +nightly fuzz run --sanitizer "$sanitizer" --debug-assertions "$target" \
    -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1
done
