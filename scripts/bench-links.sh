#!/usr/bin/env bash
# Link-checking benchmark: wirebook vs lychee (when installed) on a loopback server
# that answers after 20 ms. Usage: scripts/bench-links.sh [one-host|20-hosts|429 ...]
# Builds the release binary first (set WIREBOOK=path to use another build).
# Needs python3 (standard library only) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${WIREBOOK:-}" ]]; then
  cargo build --release --quiet
fi
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true
exec python3 scripts/bench-links.py "$@"
