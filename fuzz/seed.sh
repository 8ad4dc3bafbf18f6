#!/usr/bin/env bash
# Seeds fuzz/corpus/parse_lint from the rule fixtures and the YAML test suite inputs
# (../shared/corpus/yaml-test-suite). Files are named by content hash, so running it
# again adds nothing twice.
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/parse_lint
mkdir -p "$out"
suite=../../shared/corpus/yaml-test-suite
add() {
  local sum
  sum=$(sha1sum "$1" | cut -c1-16)
  cp "$1" "$out/$sum"
}
n=0
for f in ../tests/fixtures/*/*.yaml ../examples/integrations/*.yaml; do
  add "$f"; n=$((n + 1))
done
if [ -d "$suite" ]; then
  while IFS= read -r -d '' f; do add "$f"; n=$((n + 1)); done \
    < <(find "$suite" -name in.yaml -print0)
else
  echo "seed.sh: $suite not found; seeding from the fixtures only" >&2
fi
echo "seeded $out from $n files ($(ls "$out" | wc -l) distinct)"
