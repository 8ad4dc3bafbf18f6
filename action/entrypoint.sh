#!/usr/bin/env bash
# Runs wirebook the way action.yml asks; every input arrives as an environment variable
# (INPUT_COMMAND, INPUT_PATHS, INPUT_CONFIG, INPUT_OFFLINE, INPUT_FORMAT, INPUT_SARIF_FILE,
# INPUT_CHANGED_SINCE, INPUT_FAIL_ON) and WIREBOOK_BIN names the binary.
#
# Writes exit-code and sarif-file to $GITHUB_OUTPUT (wirebook check itself writes findings,
# errors, warnings and infos there, and the job summary to $GITHUB_STEP_SUMMARY).
# On pull_request events a sweep runs as a check and no token is passed: a pull request
# never writes issues.
set -o pipefail

bin=${WIREBOOK_BIN:-wirebook}
command=${INPUT_COMMAND:-check}
format=${INPUT_FORMAT:-}
sarif=${INPUT_SARIF_FILE:-}
fail_on=${INPUT_FAIL_ON:-error}
output=${GITHUB_OUTPUT:-/dev/null}

error() { printf '::error title=wirebook::%s\n' "$*"; exit 2; }

case $command in check | sweep | report | install) ;; *) error "input command must be check, sweep, report or install" ;; esac
case $fail_on in error | warning | info | never) ;; *) error "input fail-on must be error, warning, info or never" ;; esac

case ${GITHUB_EVENT_NAME:-} in
  pull_request | pull_request_target | pull_request_review | pull_request_review_comment)
    if [ "$command" = sweep ]; then
      echo "::notice title=wirebook::${GITHUB_EVENT_NAME} event: sweep runs as check, a pull request never writes issues"
      command=check
    fi
    unset GITHUB_TOKEN GH_TOKEN
    ;;
esac

global=()
[ -n "${INPUT_CONFIG:-}" ] && global+=(--config "$INPUT_CONFIG")
set -f
# shellcheck disable=SC2206 # split on whitespace, no globbing
paths=(${INPUT_PATHS:-.})
set +f
offline=()
case ${INPUT_OFFLINE:-false} in true | TRUE | True | 1 | yes) offline=(--offline) ;; esac

code=0
case $command in
  install) ;; # install.sh put wirebook on PATH; later steps run it
  check)
    extra=()
    [ -n "${INPUT_CHANGED_SINCE:-}" ] && extra+=(--changed-since "$INPUT_CHANGED_SINCE")
    if [ -n "$sarif" ]; then
      mkdir -p "$(dirname "$sarif")"
      if [ -n "$format" ]; then
        # SARIF for upload, quietly; the summary and outputs come from the run below.
        env -u GITHUB_STEP_SUMMARY -u GITHUB_OUTPUT \
          "$bin" "${global[@]}" check "${offline[@]}" "${extra[@]}" --format sarif "${paths[@]}" >"$sarif"
        code=$?
        [ "$code" -ge 2 ] || { "$bin" "${global[@]}" check "${offline[@]}" "${extra[@]}" --format "$format" "${paths[@]}"; code=$?; }
      else
        "$bin" "${global[@]}" check "${offline[@]}" "${extra[@]}" --format sarif "${paths[@]}" >"$sarif"
        code=$?
      fi
      echo "sarif-file=$sarif" >>"$output"
    else
      "$bin" "${global[@]}" check "${offline[@]}" "${extra[@]}" --format "${format:-github}" "${paths[@]}"
      code=$?
    fi
    ;;
  sweep)
    fmt=()
    [ -n "$format" ] && fmt=(--format "$format")
    "$bin" "${global[@]}" sweep "${offline[@]}" "${fmt[@]}" "${paths[@]}"
    code=$?
    ;;
  report)
    report=$(mktemp)
    "$bin" "${global[@]}" report --format "${format:-markdown}" "${paths[@]}" >"$report"
    code=$?
    cat "$report"
    if [ "$code" -lt 2 ] && [ "${format:-markdown}" = markdown ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      cat "$report" >>"$GITHUB_STEP_SUMMARY"
    fi
    rm -f "$report"
    ;;
esac

echo "exit-code=$code" >>"$output"

count() { # the last value wirebook wrote for an output key, 0 if none
  local v=""
  [ -f "$output" ] && v=$(sed -n "s/^$1=\([0-9][0-9]*\)$/\1/p" "$output" | tail -n 1)
  echo "${v:-0}"
}

if [ "$code" -ge 2 ]; then
  echo "::error title=wirebook::wirebook could not run (exit $code); see the log above"
  exit "$code"
fi
case $fail_on in
  never) exit 0 ;;
  error) exit "$code" ;;
  warning) [ $(($(count errors) + $(count warnings))) -eq 0 ] || exit 1 ;;
  info) [ $(($(count errors) + $(count warnings) + $(count infos))) -eq 0 ] || exit 1 ;;
esac
exit 0
