#!/usr/bin/env bash
# The workspace diagnostics benchmark of credsum lsp (results in docs/benchmarks.md, section
# "Workspace diagnostics"): 10,000 bodies from tests/bench/gen_corpus.py answered by one
# `workspace/diagnostic` request, cold, unchanged and after 100 edits, with the server's peak memory.
#
# NOT RUN BY CI: its numbers only mean something on an otherwise idle machine. Run it by hand:
#
#     bash tests/bench/lsp/workspace.sh
#
# Environment: BENCH_SESSIONS (default 5), BENCH_COUNT (bodies, default 10000), BENCH_OUT (folder
# for the corpus, default a new temporary folder, which is kept).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=${BENCH_OUT:-$(mktemp -d /tmp/credsum-ws-bench.XXXXXX)}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

(cd "$ROOT" && cargo build --release --locked -p credsum >&2)
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $(uname -sr)"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); credsum $(git -C "$ROOT" rev-parse --short HEAD); load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 "$HERE/workspace_bench.py" --credsum "$TARGET/release/credsum" \
  --count "${BENCH_COUNT:-10000}" --sessions "${BENCH_SESSIONS:-5}" --work "$OUT"
