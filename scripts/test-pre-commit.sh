#!/usr/bin/env bash
# Proves the pre-commit hook with the real client: installs pre-commit from PyPI into a
# virtualenv, makes a throwaway git repository with one good and one bad document, and runs
# `pre-commit try-repo <this repository> wirebook --all-files`. It must fail with WB findings
# on the bad document, then pass once the document is fixed.
#
# try-repo builds the hook with `cargo install` (language: rust) from this work tree,
# uncommitted changes included. To keep that quick the build shares a target directory
# under target/ and uses a fast release profile; $WIREBOOK_CI_VENV picks the virtualenv.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${WIREBOOK_CI_VENV:-$root/target/ci-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
[ -x "$venv/bin/pre-commit" ] ||
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit

export PRE_COMMIT_HOME=$root/target/pre-commit-home
export CARGO_TARGET_DIR=$root/target/pre-commit-build
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY GITHUB_OUTPUT # a laptop, not a runner
export NO_COLOR=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q -b main
git config user.email test@example.com
git config user.name test
git config commit.gpgsign false

# The good document: the repository's example, reviewed today and certified for another year.
today=$(date -u +%F)
next_year=$(($(date -u +%Y) + 1))
mkdir -p docs
cp -R "$root/examples/integrations/img" docs/
sed -e "s/last_reviewed: [0-9-]*/last_reviewed: $today/" \
  -e "s/expires_on: [0-9-]*/expires_on: $next_year-12-31/" \
  "$root/examples/integrations/shopify-orders.yaml" >docs/good.yaml
# The bad one: the same with its own id and a misspelt key.
sed -e 's/^  id: shopify-orders /  id: shopify-refunds /' \
  -e 's/^  tier: critical /  teir: critical /' docs/good.yaml >docs/bad.yaml
grep -q 'teir: critical' docs/bad.yaml || { echo "test-pre-commit: could not make the bad document"; exit 1; }
printf 'not: a wirebook document\n' >other.yaml
git add -A

run() { "$venv/bin/pre-commit" try-repo "$root" wirebook --all-files --color never 2>&1; }

echo "== pre-commit try-repo with a bad document (must fail)"
if out=$(run); then
  echo "$out"
  echo "test-pre-commit: FAILED: the hook passed on a bad document"
  exit 1
fi
echo "$out"
grep -q 'WB002' <<<"$out" || { echo "test-pre-commit: FAILED: no WB002 finding in the output"; exit 1; }
grep -q 'docs/bad.yaml' <<<"$out" || { echo "test-pre-commit: FAILED: the finding does not name docs/bad.yaml"; exit 1; }
if grep -q 'docs/good.yaml' <<<"$out"; then
  echo "test-pre-commit: FAILED: a finding in the good document"
  exit 1
fi

echo "== after fixing the document (must pass)"
sed -i.bak 's/^  teir: critical /  tier: critical /' docs/bad.yaml && rm docs/bad.yaml.bak
git add -A
if ! out=$(run); then
  echo "$out"
  echo "test-pre-commit: FAILED: the hook still fails on the fixed document"
  exit 1
fi
echo "$out"
grep -Eq 'wirebook\.+Passed' <<<"$out" || { echo "test-pre-commit: FAILED: the hook did not run"; exit 1; }
echo "test-pre-commit: 2 passed, 0 failed"
