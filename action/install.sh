#!/usr/bin/env bash
# Installs the wirebook binary for the runner and prints `bin=<path>` to $GITHUB_OUTPUT.
#
#   WIREBOOK_BIN          use this binary, install nothing (tests, self-hosted runners)
#   INPUT_VERSION         release to install; default: the version of this action's Cargo.toml;
#                         "source": build this action's source with cargo
#   WIREBOOK_RELEASE_URL  where releases live (default the GitHub releases of wirebook/wirebook)
#
# A release asset is verified against the sha256 pinned in action/checksums.txt, or, for a
# version not pinned there, against the .sha256 file published beside it. A mismatch fails.
# When the release has no asset for this platform, it falls back to
# `cargo install --locked --path "$GITHUB_ACTION_PATH"`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
action_path=${GITHUB_ACTION_PATH:-$(dirname "$here")}
output=${GITHUB_OUTPUT:-/dev/null}

say() { printf 'wirebook install: %s\n' "$*" >&2; }
fail() { printf '::error title=wirebook install::%s\n' "$*"; exit 2; }

publish() {
  local bin=$1
  "$bin" --version >&2 || fail "$bin does not run"
  echo "bin=$bin" >>"$output"
  if [ -n "${GITHUB_PATH:-}" ]; then dirname "$bin" >>"$GITHUB_PATH"; fi
  exit 0
}

if [ -n "${WIREBOOK_BIN:-}" ]; then
  [ -x "$WIREBOOK_BIN" ] || fail "WIREBOOK_BIN=$WIREBOOK_BIN is not an executable file"
  say "using $WIREBOOK_BIN"
  publish "$WIREBOOK_BIN"
fi

version=${INPUT_VERSION:-}
version=${version#v}
if [ -z "$version" ]; then
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1)
  [ -n "$version" ] || fail "cannot read the pinned version from $action_path/Cargo.toml"
fi
case $version in
  source | [0-9]*.[0-9]*.[0-9]*) ;;
  *) fail "version must be X.Y.Z or source" ;;
esac

case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
  Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64 | Linux/aarch64) target=aarch64-unknown-linux-musl ;;
  macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
  macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
  *) target="" ;;
esac

root=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/wirebook-$version-${target:-source}
bin=$root/bin/wirebook
if [ -x "$bin" ]; then
  say "already installed: $bin"
  publish "$bin"
fi

from_source() {
  command -v cargo >/dev/null || fail "no release binary for this runner ($1) and no cargo to build one: install Rust (dtolnay/rust-toolchain) before this action"
  say "$1; building with cargo install --locked --path $action_path"
  cargo install --locked --path "$action_path" --root "$root" >&2 || fail "cargo install failed"
  publish "$bin"
}

if [ "$version" = source ]; then from_source "version: source"; fi
if [ -z "$target" ]; then from_source "no release build for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}"; fi

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

base=${WIREBOOK_RELEASE_URL:-https://github.com/wirebook/wirebook/releases/download}
asset=wirebook-$version-$target.tar.gz
url=$base/v$version/$asset
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say "downloading $url"
status=$(curl -sSL --retry 3 --connect-timeout 20 --max-time 300 -w '%{http_code}' -o "$tmp/$asset" "$url") || status=000
if [ "$status" = 404 ]; then from_source "release v$version has no $asset"; fi
[ "$status" = 200 ] || fail "downloading $url failed (HTTP $status)"

expected=$(awk -v a="$asset" '$2 == a { print $1 }' "$here/checksums.txt" 2>/dev/null | head -n 1)
if [ -z "$expected" ]; then
  say "$asset is not pinned in action/checksums.txt; using the published $asset.sha256"
  curl -fsSL --retry 3 --connect-timeout 20 --max-time 60 -o "$tmp/sum" "$url.sha256" ||
    fail "no checksum for $asset: neither pinned nor published at $url.sha256"
  expected=$(cut -d' ' -f1 <"$tmp/sum")
fi
actual=$(sha256 "$tmp/$asset")
[ "$actual" = "$expected" ] || fail "sha256 mismatch for $asset: expected $expected, got $actual; not installed"

mkdir -p "$root/bin"
tar -xzf "$tmp/$asset" -C "$tmp"
found=$(find "$tmp" -type f -name wirebook | head -n 1)
[ -n "$found" ] || fail "$asset holds no wirebook binary"
install -m 0755 "$found" "$bin"
say "installed $bin (sha256 $actual)"
publish "$bin"
