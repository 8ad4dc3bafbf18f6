#!/usr/bin/env bash
# Proves the pre-commit hook with the real client: installs pre-commit from PyPI into a
# virtualenv, makes a throwaway git repository with one good and one bad document, and runs
# `pre-commit try-repo <this repository> wirebook --all-files`. It must fail with WB findings
# on the bad document, then pass once the document is fixed.
#
# try-repo builds the hook with `cargo install` (language: rust) from this work tree,
# uncommitted changes included. To keep that quick the build shares a target directory
# under target/ and uses a fast release profile (scripts/ci-build-env.sh, which
# scripts/test-wheel.sh's maturin build shares); $WIREBOOK_CI_VENV picks the virtualenv.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/ci-build-env.sh
. "$root/scripts/ci-build-env.sh"
# shellcheck source=scripts/pre-commit-fixture.sh
. "$root/scripts/pre-commit-fixture.sh"
venv=${WIREBOOK_CI_VENV:-$root/target/ci-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
[ -x "$venv/bin/pre-commit" ] ||
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit
[ "${1:-}" = --prepare ] && exit 0 # install only (.ci/run does that while it compiles)

export PRE_COMMIT_HOME=$root/target/pre-commit-home
unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY GITHUB_OUTPUT # a laptop, not a runner
export NO_COLOR=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q -b main
git config user.email test@example.com
git config user.name test
git config commit.gpgsign false

make_documents "$root"
git add -A

run() { "$venv/bin/pre-commit" try-repo "$root" wirebook --all-files --color never 2>&1; }

echo "== pre-commit try-repo with a bad document (must fail)"
t=$SECONDS
if out=$(run); then
  echo "$out"
  echo "test-pre-commit: FAILED: the hook passed on a bad document"
  exit 1
fi
first_time=$((SECONDS - t))
echo "$out"
expect_finding "$out" || { echo "test-pre-commit: the output is above"; exit 1; }

echo "== after fixing the document (must pass)"
fix_bad_document
git add -A
t=$SECONDS
if ! out=$(run); then
  echo "$out"
  echo "test-pre-commit: FAILED: the hook still fails on the fixed document"
  exit 1
fi
echo "$out"
grep -Eq 'wirebook\.+Passed' <<<"$out" || { echo "test-pre-commit: FAILED: the hook did not run"; exit 1; }
echo "test-pre-commit: first run (cargo install included) ${first_time} s;" \
  "after the fix (a new try-repo commit, so cargo install again) $((SECONDS - t)) s"
echo "test-pre-commit: 2 passed, 0 failed"
