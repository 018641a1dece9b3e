#!/usr/bin/env bash
# `--fix` against `--fix --dry-run` on 20,000 generated bodies (issue 21 item 5; figures in
# docs/benchmarks.md, "--fix without one fsync per file"). NOT RUN BY CI (timings only mean
# something on an idle machine). Usage, from anywhere in the repository:
#
#     bash tests/bench/fix_bench.sh [COUNT]        # default 20000
#
# Each `--fix` run works on a fresh copy of the corpus (hyperfine --prepare), so every run fixes
# the same files; the copy is not timed. Needs hyperfine (apt) and a release build.
set -euo pipefail
COUNT=${1:-20000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked -p credsum --manifest-path "$ROOT/Cargo.toml"
CREDSUM="${CARGO_TARGET_DIR:-$ROOT/target}/release/credsum"
WORK=$(mktemp -d /tmp/credsum-fix-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
python3 "$ROOT/tests/bench/gen_corpus.py" bulk "$WORK/corpus" --count "$COUNT"
cp -r "$WORK/corpus" "$WORK/work"
cd "$WORK"
hyperfine --warmup 1 --runs 15 -i \
  --prepare "rm -rf work && cp -r corpus work && sync -f corpus" \
  -n "fix-dry-run" "$CREDSUM lint --fix --dry-run work >/dev/null" \
  -n "fix" "$CREDSUM lint --fix work >/dev/null"
echo "files changed by one --fix run: $(diff -rq corpus work | wc -l)"
