#!/usr/bin/env bash
# Proves the wheel and the wheel-based pre-commit hook with the real tools:
#   1. builds the wheel with maturin (from PyPI, into a virtualenv under target/) in the
#      target directory and quick profile that scripts/test-pre-commit.sh's `cargo install`
#      uses (scripts/ci-build-env.sh), so the dependencies are compiled once for both;
#   2. installs it into a fresh virtualenv from the file alone (`pip install --no-index`) and
#      checks `wirebook --version` prints Cargo.toml's version;
#   3. renders the pre-commit mirror (dist/pre-commit/) for that version into a throwaway git
#      repository, committed and tagged vVERSION as the release does, and runs the real
#      `pre-commit run --all-files` in a project that uses it, with PIP_NO_INDEX=1 and
#      PIP_FIND_LINKS set to the wheel's folder only: it must fail with the WB002 finding on a
#      document with a gap, then pass once the document is fixed.
# Prints how long the build, the offline install and the hook's first run (hook install
# included) took. $WIREBOOK_CI_VENV picks pre-commit's virtualenv (shared with
# test-pre-commit.sh), $WIREBOOK_WHEEL_VENV maturin's.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/ci-build-env.sh
. "$root/scripts/ci-build-env.sh"
# shellcheck source=scripts/pre-commit-fixture.sh
. "$root/scripts/pre-commit-fixture.sh"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
fail() { echo "test-wheel: FAILED: $*"; exit 1; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$1" "$(now)"; }

pip_quiet=(--quiet --disable-pip-version-check)
tools=${WIREBOOK_WHEEL_VENV:-$root/target/wheel-venv}
[ -x "$tools/bin/python" ] || python3 -m venv "$tools"
[ -x "$tools/bin/maturin" ] || "$tools/bin/python" -m pip install "${pip_quiet[@]}" "maturin==1.16.0"
venv=${WIREBOOK_CI_VENV:-$root/target/ci-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
[ -x "$venv/bin/pre-commit" ] || "$venv/bin/python" -m pip install "${pip_quiet[@]}" pre-commit
[ "${1:-}" = --prepare ] && exit 0 # install only (.ci/run does that while it compiles)

unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY GITHUB_OUTPUT # a laptop, not a runner
export NO_COLOR=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== maturin build (CARGO_TARGET_DIR=${CARGO_TARGET_DIR#"$root"/}, opt-level $CARGO_PROFILE_RELEASE_OPT_LEVEL)"
wheels=$root/target/wheels
rm -rf "$wheels"
t=$(now)
(cd "$root" && "$tools/bin/maturin" build --release --locked --quiet --out "$wheels")
build_time=$(since "$t")
shopt -s nullglob
built=("$wheels"/wirebook-"$version"-*.whl)
[ "${#built[@]}" -eq 1 ] || fail "expected one wirebook-$version wheel in $wheels, found: $(ls "$wheels")"
wheel=${built[0]}
echo "built $(basename "$wheel") ($(du -h "$wheel" | cut -f1)) in $build_time"
python3 - "$wheel" "$version" <<'PY' || fail "the wheel's contents"
import sys, zipfile
wheel, version = sys.argv[1:]
names = zipfile.ZipFile(wheel).namelist()
assert f"wirebook-{version}.data/scripts/wirebook" in names, names
meta = zipfile.ZipFile(wheel).read(f"wirebook-{version}.dist-info/METADATA").decode()
for line in ("Name: wirebook", f"Version: {version}", "License-Expression: MIT"):
    assert line in meta.splitlines(), f"METADATA lacks {line!r}"
print(f"contents: {len(names)} files, the binary as wirebook-{version}.data/scripts/wirebook")
PY

echo "== pip install --no-index $(basename "$wheel") into a fresh virtualenv"
python3 -m venv "$work/venv"
t=$(now)
env -u PIP_FIND_LINKS PIP_NO_INDEX=1 "$work/venv/bin/python" -m pip install "${pip_quiet[@]}" --no-index "$wheel"
install_time=$(since "$t")
got=$("$work/venv/bin/wirebook" --version)
[ "$got" = "wirebook $version" ] || fail "wirebook --version printed '$got', not 'wirebook $version'"
echo "installed in $install_time; wirebook --version: $got"

echo "== pre-commit with the mirror template (v$version), offline from $(basename "$wheels")/"
mirror=$work/wirebook-pre-commit
python3 "$root/scripts/render-pre-commit-mirror.py" "$version" "$mirror"
git_quiet() { git -c user.email=test@example.com -c user.name=test -c commit.gpgsign=false -c tag.gpgsign=false "$@"; }
(cd "$mirror" && git init -q -b main && git add -A && git_quiet commit -q -m "wirebook $version" && git_quiet tag "v$version")

mkdir "$work/project"
cd "$work/project"
git init -q -b main
make_documents "$root"
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $mirror
    rev: v$version
    hooks:
      - id: wirebook
EOF
git add -A

export PRE_COMMIT_HOME=$work/pre-commit-home # empty: the first run installs the hook
export PIP_NO_INDEX=1 PIP_FIND_LINKS=$wheels  # only the built wheel; nothing from the network
run() { "$venv/bin/pre-commit" run --all-files --color never 2>&1; }

echo "-- a repository with a gap (must fail)"
t=$(now)
if out=$(run); then
  echo "$out"
  fail "the hook passed on a document with a gap"
fi
first_time=$(since "$t")
echo "$out"
expect_finding "$out" || fail "see above"
hook_bin=$(find "$PRE_COMMIT_HOME" -path '*/bin/wirebook' -type f | head -n 1)
[ -n "$hook_bin" ] || fail "no wirebook binary in the hook's environment"
[ "$("$hook_bin" --version)" = "wirebook $version" ] || fail "the hook's wirebook is not $version"
find "$PRE_COMMIT_HOME" -type d -name "wirebook-$version.dist-info" | grep -q . ||
  fail "the hook's wirebook was not installed from the wheel"

echo "-- the same repository, document fixed (must pass)"
fix_bad_document
git add -A
t=$(now)
if ! out=$(run); then
  echo "$out"
  fail "the hook still fails on the fixed document"
fi
second_time=$(since "$t")
echo "$out"
grep -Eq 'wirebook\.+Passed' <<<"$out" || fail "the hook did not run"

echo "test-wheel: wheel built in $build_time, installed offline in $install_time;" \
  "pre-commit first run (hook install included) $first_time, next run $second_time"
echo "test-wheel: 3 passed, 0 failed"
