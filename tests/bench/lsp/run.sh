#!/usr/bin/env bash
# The language-server benchmark of credsum (results in docs/benchmarks.md, section "Language server").
#
# NOT RUN BY CI: it takes a few minutes, installs an npm package, and its numbers only mean something
# on an otherwise idle machine. Run it by hand from anywhere in the repository:
#
#     bash tests/bench/lsp/run.sh
#
# What it does:
#   - apt: node/npm and python3 if missing (as root, or with sudo);
#   - npm ci in tests/bench/lsp (vscode-langservers-extracted, pinned in package-lock.json);
#   - cargo build --profile profiling -p credsum (release with line tables, for perf);
#   - waits until no rustc, hyperfine or chromium runs (up to $BENCH_WAIT seconds, default 600)
#     and notes if it gave up, and samples the machine during the run;
#   - runs lsp_bench.py (standard-library Python LSP client): credsum lsp and
#     vscode-json-language-server (given schema/credentialUserRegistrationsSummary.schema.json through
#     `json.schemas`) in ONE interleaved run, alternating A/B sessions;
#   - prints the machine, the date, whether other builds ran meanwhile, and the Markdown table.
#
# Environment: BENCH_WAIT (seconds to wait for a machine without rustc; default 600),
# BENCH_SESSIONS (sessions of each kind per server; default 5), BENCH_OUT (folder for the documents
# and raw samples, default a new temporary folder, which is kept), BENCH_ARGS (more arguments for
# lsp_bench.py, e.g. "--edits 200 --json-edits 40").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
WAIT=${BENCH_WAIT:-600}
SESSIONS=${BENCH_SESSIONS:-5}
OUT=${BENCH_OUT:-$(mktemp -d /tmp/credsum-lsp-bench.XXXXXX)}
mkdir -p "$OUT"

say() { printf '== %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- tools
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

say "npm ci in tests/bench/lsp"
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >&2)
JSON_SERVER="$HERE/node_modules/vscode-langservers-extracted/bin/vscode-json-language-server"
JSON_VERSION=$(node -p "require('$HERE/node_modules/vscode-langservers-extracted/package.json').version")
JSONLS_VERSION=$(node -p "require('$HERE/node_modules/vscode-json-languageservice/package.json').version")

say "cargo build --profile profiling -p credsum"
(cd "$ROOT" && cargo build --profile profiling -p credsum >&2)
TARGET=$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
CREDSUM="$TARGET/profiling/credsum"

# ---------------------------------------------------------------- wait for a quiet machine
waited=0
# other engineers' builds, benchmarks and editor e2e tests (pgrep -x takes names of <= 15 chars)
busy() { local p; for p in rustc hyperfine chromium; do pgrep -x "$p" >/dev/null && return 0; done; return 1; }
while busy && [ "$waited" -lt "$WAIT" ]; do
  [ $((waited % 60)) = 0 ] && say "rustc/hyperfine/chromium running; waiting (up to ${WAIT}s)"
  sleep 5
  waited=$((waited + 5))
done
if busy; then
  BUSY_START="rustc/hyperfine/chromium still running after waiting ${waited}s"
else
  BUSY_START="no rustc/hyperfine/chromium running at start (waited ${waited}s)"
fi

# sample the machine during the run: how often a rustc ran, and the load average
SAMPLES="$OUT/busy.txt"
: >"$SAMPLES"
(
  while :; do
    others=$(ps -eo comm= | grep -E '^(rustc|cargo|cc|ld|hyperfine|chromium|code-server|ajv|check-jsonschema)$' | sort -u | tr '\n' ',' || true)
    printf '%s %s %s\n' "$(pgrep -x rustc | wc -l)" "$(cut -d' ' -f1 /proc/loadavg)" "${others:--}" >>"$SAMPLES"
    sleep 2
  done
) &
SAMPLER=$!
trap 'kill "$SAMPLER" 2>/dev/null || true' EXIT

say "running lsp_bench.py (results in $OUT)"
# shellcheck disable=SC2086 # BENCH_ARGS is a list of arguments
python3 "$HERE/lsp_bench.py" \
  --credsum "$CREDSUM" \
  --json-server "$JSON_SERVER" \
  --schema "$ROOT/schema/credentialUserRegistrationsSummary.schema.json" \
  --typical "$ROOT/tests/examples/valid/contoso-summary.json" \
  --sessions "$SESSIONS" \
  --work "$OUT" \
  --out "$OUT/samples.json" \
  ${BENCH_ARGS:-} >"$OUT/table.md"

kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
n=$(wc -l <"$SAMPLES")
rustc_seen=$(awk '$1 > 0' "$SAMPLES" | wc -l)
maxload=$(awk 'BEGIN{m=0} {if ($2 > m) m = $2} END{print m}' "$SAMPLES")
heavy=$(awk '$3 != "-"' "$SAMPLES" | wc -l)
heavy_names=$(awk '$3 != "-" {print $3}' "$SAMPLES" | tr ',' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ')

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo); $(uname -sr)"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); credsum $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- crates || echo ' + uncommitted changes'); vscode-langservers-extracted $JSON_VERSION (vscode-json-languageservice $JSONLS_VERSION), node $(node --version), $(python3 --version)"
echo "Busy: $BUSY_START; during the run rustc was seen in $rustc_seen of $n two-second samples; other heavy processes (${heavy_names:-none}) in $heavy of $n; highest 1-min load average $maxload"
echo
cat "$OUT/table.md"
