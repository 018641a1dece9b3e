#!/usr/bin/env bash
# CI smoke run of the credsum fuzz targets: installs cargo-fuzz if missing, builds every
# target, then runs each one for FUZZ_SECONDS (default 20) from its committed seeds in
# fuzz/seeds/<target>, one target at a time with one libFuzzer job. Fails on the first crash,
# panic, timeout (an input taking over FUZZ_TIMEOUT seconds, default 10) or out-of-memory.
#
# Works on the stable toolchain: RUSTC_BOOTSTRAP=1 lets stable rustc take the one unstable flag
# cargo-fuzz passes for AddressSanitizer (-Zsanitizer=address). FUZZ_SANITIZER=none builds
# without a sanitizer (no unstable flag at all). See docs/reliability.md, "Fuzzing".
#
# Environment: FUZZ_SECONDS (per target), FUZZ_TIMEOUT (per input), FUZZ_SANITIZER
# (address | none), FUZZ_BUILD (release | dev), FUZZ_TARGETS (space-separated subset).
set -euo pipefail
cd "$(dirname "$0")"

SECONDS_EACH="${FUZZ_SECONDS:-20}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
SANITIZER="${FUZZ_SANITIZER:-address}"
TARGETS="${FUZZ_TARGETS:-json_parser json_analysis http_parser markdown_blocks lsp_document_store json_patch odata_query}"
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "=== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
cargo fuzz --version

# -a: debug assertions and overflow checks (an overflow is a crash). FUZZ_BUILD=dev builds
# unoptimised, in a third of the time: enough to replay the seeds and explore for a few seconds.
if [ "${FUZZ_BUILD:-release}" = dev ]; then
  FLAGS=(-D -a -s "$SANITIZER")
else
  FLAGS=(-O -a -s "$SANITIZER")
fi

echo "=== building the fuzz targets (sanitizer: $SANITIZER)"
cargo fuzz build "${FLAGS[@]}"

# New inputs go to a scratch corpus; the committed seeds are only read.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

failed=()
for target in $TARGETS; do
  echo "=== $target: ${SECONDS_EACH}s from seeds/$target"
  mkdir -p "$scratch/$target" "artifacts/$target"
  dict=()
  if [ "$target" != lsp_document_store ]; then
    dict=(-dict=json.dict)
  fi
  if ! cargo fuzz run "${FLAGS[@]}" "$target" "$scratch/$target" "seeds/$target" -- \
    "${dict[@]}" -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -print_final_stats=1 \
    2>"$scratch/$target.log"; then
    echo "!!! $target failed; the libFuzzer log ends with:" >&2
    tail -n 60 "$scratch/$target.log" >&2
    failed+=("$target")
  else
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|^Done ' "$scratch/$target.log" || true
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz smoke FAILED: ${failed[*]} (reproducers in fuzz/artifacts/<target>/)" >&2
  exit 1
fi
echo "fuzz smoke passed: $(echo $TARGETS | wc -w) targets, ${SECONDS_EACH}s each"
