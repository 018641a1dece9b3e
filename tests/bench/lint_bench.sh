#!/usr/bin/env bash
# The linter benchmark of credsum (results in docs/benchmarks.md, section "Linter").
#
# NOT RUN BY CI: it takes several minutes, installs tools, and its numbers only mean something on
# an otherwise idle machine. Run it by hand from anywhere in the repository:
#
#     bash tests/bench/lint_bench.sh
#
# It is self-contained on a fresh Debian-like machine (as root, or with sudo for apt):
#   - apt: hyperfine and GNU time if missing (node/npm and python3-venv too, if missing);
#   - npm ci in tests/bench (ajv, ajv-formats, ajv-cli, pinned in package-lock.json);
#   - a Python venv with check-jsonschema (pinned below), in $CREDSUM_BENCH_VENV;
#   - cargo build --profile profiling (release with line tables, for perf) of credsum and of the
#     floor example (read_parse_floor);
#   - a deterministic corpus (gen_corpus.py) in a temporary folder;
# then it waits for the machine to be free of rustc/cargo (up to 10 minutes), checks that every
# tool finds the same broken files, runs three hyperfine groups (each group's commands
# interleaved in ONE hyperfine invocation), measures peak memory with /usr/bin/time -v, and
# prints the Markdown tables and the ratios against the goals.
#
# Environment: CREDSUM_BENCH_VENV (default /tmp/credsum-bench-venv), CREDSUM_BENCH_OUT (where the
# exports go; default: a folder inside the temporary work folder, which is kept), BENCH_COUNT
# (default 10000), BENCH_SLOW_LIMIT (seconds; a big-body run slower than this in its trial run is
# reported from that single run instead of being repeated 10 times by hyperfine; default 20),
# BENCH_BIG_SIZES (bytes of the big bodies; default "1000000 10000000"), BENCH_WAIT (seconds to
# wait for a machine without rustc/cargo; default 600).
set -euo pipefail

CHECK_JSONSCHEMA_VERSION=0.39.0
COUNT=${BENCH_COUNT:-10000}
SLOW_LIMIT=${BENCH_SLOW_LIMIT:-20}
BIG_SIZES=${BENCH_BIG_SIZES:-1000000 10000000}
WAIT=${BENCH_WAIT:-600}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/../.." && pwd)
SCHEMA_SRC="$ROOT/schema/credentialUserRegistrationsSummary.schema.json"
VENV=${CREDSUM_BENCH_VENV:-/tmp/credsum-bench-venv}
WORK=$(mktemp -d /tmp/credsum-bench.XXXXXX)
OUT=${CREDSUM_BENCH_OUT:-$WORK/results}
mkdir -p "$OUT"

say() { printf '\n== %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ---------------------------------------------------------------- tools
say "tools"
command -v hyperfine >/dev/null || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
(cd "$BENCH_DIR" && npm ci --no-audit --no-fund --silent)
if [ ! -x "$VENV/bin/check-jsonschema" ] ||
   [ "$("$VENV/bin/check-jsonschema" --version 2>/dev/null | awk '{print $NF}')" != "$CHECK_JSONSCHEMA_VERSION" ]; then
  python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$VENV"; }
  "$VENV/bin/pip" install -q "check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
fi
(cd "$ROOT" && cargo build --profile profiling -q -p credsum --bin credsum --example read_parse_floor)
TARGET=$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

# Everything runs from $WORK with short relative paths (one check-jsonschema command line holds
# all 10,000 names).
cd "$WORK"
cp "$TARGET/profiling/credsum" ./credsum
cp "$TARGET/profiling/examples/read_parse_floor" ./read_parse_floor
cp "$SCHEMA_SRC" ./schema.json
AJV_BULK="$BENCH_DIR/ajv_bulk.mjs"
AJV_CLI="$BENCH_DIR/node_modules/.bin/ajv"
CJS="$VENV/bin/check-jsonschema"

# ---------------------------------------------------------------- corpus
say "corpus in $WORK"
python3 "$BENCH_DIR/gen_corpus.py" bulk corpus --count "$COUNT"
BIGS=()
for size in $BIG_SIZES; do
  python3 "$BENCH_DIR/gen_corpus.py" big "big-$size.json" --bytes "$size"
  python3 "$BENCH_DIR/gen_corpus.py" big "big-guid-$size.json" --bytes "$size" --style guid
  BIGS+=("big-$size.json" "big-guid-$size.json")
done
ONE="corpus/$(awk -F'\t' '$2 == "string_for_int32" { print $1; exit }' corpus.manifest.tsv)"

# ---------------------------------------------------------------- sanity: all tools agree
say "sanity: every tool finds the same broken files"
./read_parse_floor corpus 2> floor.txt
node "$AJV_BULK" schema.json corpus 2> ajv.txt
set +e
./credsum lint --format json corpus > credsum.json; rc_credsum=$?
"$CJS" --schemafile schema.json corpus/*.json > cjs.txt 2>&1; rc_cjs=$?
"$AJV_CLI" validate --spec=draft2020 --strict=false --all-errors -c ajv-formats -s schema.json -d "$ONE" > /dev/null 2>&1; rc_ajv_cli=$?
set -e
python3 - "$rc_credsum" "$rc_cjs" "$rc_ajv_cli" <<'EOF'
import json, re, sys
rc_credsum, rc_cjs, rc_ajv_cli = map(int, sys.argv[1:])
kinds = dict(line.rstrip("\n").split("\t") for line in open("corpus.manifest.tsv"))
broken = {name for name, kind in kinds.items() if kind != "valid"}
not_json = {name for name, kind in kinds.items() if kind == "not_json"}
floor = dict(kv.split("=") for kv in open("floor.txt").read().split())
ajv = dict(kv.split("=") for kv in open("ajv.txt").read().split())
report = json.load(open("credsum.json"))
credsum = {f["path"].rsplit("/", 1)[-1] for f in report if any(d["severity"] == 1 for d in f["diagnostics"])}
cjs = set(re.findall(r"body-\d+\.json", open("cjs.txt").read()))
problems = []
if rc_credsum != 1: problems.append(f"credsum lint exited {rc_credsum}, expected 1")
if rc_cjs != 1: problems.append(f"check-jsonschema exited {rc_cjs}, expected 1")
if rc_ajv_cli != 1: problems.append(f"ajv validate exited {rc_ajv_cli} on a broken file, expected 1")
if int(floor["parse_failures"]) != len(not_json): problems.append(f"floor: {floor}")
if int(ajv["invalid"]) + int(ajv["parse_failures"]) != len(broken) or int(ajv["parse_failures"]) != len(not_json):
    problems.append(f"ajv: {ajv}")
if credsum != broken: problems.append(f"credsum errors in {len(credsum)} files, expected {len(broken)}: e.g. {sorted(credsum ^ broken)[:5]}")
if cjs != broken: problems.append(f"check-jsonschema flags {len(cjs)} files, expected {len(broken)}: e.g. {sorted(cjs ^ broken)[:5]}")
print(f"{len(kinds)} files, {len(broken)} broken ({len(not_json)} not JSON); floor {floor}; ajv {ajv}; "
      f"credsum: errors in {len(credsum)} files, {len(report)} files with findings; check-jsonschema: {len(cjs)} files", file=sys.stderr)
if problems:
    sys.exit("sanity check failed:\n  " + "\n  ".join(problems))
print("sanity: all tools agree on the broken files", file=sys.stderr)
EOF

# ---------------------------------------------------------------- wait for a quiet machine
say "waiting for no rustc/cargo (up to ${WAIT}s)"
waited=0
while { pgrep -x rustc >/dev/null || pgrep -x cargo >/dev/null; } && [ "$waited" -lt "$WAIT" ]; do
  sleep 10; waited=$((waited + 10))
done
if pgrep -x rustc >/dev/null || pgrep -x cargo >/dev/null; then
  echo "machine still busy with rustc/cargo after ${WAIT}s: measuring anyway" >&2
else
  echo "quiet after ${waited}s" >&2
fi
# Sample, once a second during the measurements, whether anything else is running: rustc/cargo,
# or any running (state R) process outside this script's process group (kernel threads aside).
OWN_PGID=$(ps -o pgid= -p $$ | tr -d ' ')
( while :; do
    others=$(ps -eo stat=,pgid=,comm= | awk -v own="$OWN_PGID" '$1 ~ /^R/ && $2 != own && $2 != 0 && $3 != "ps" { print $3 }' | sort -u | tr '\n' ' ')
    if pgrep -x rustc >/dev/null || pgrep -x cargo >/dev/null || [ -n "$others" ]; then
      echo "busy $others"
    else
      echo idle
    fi
    sleep 1
  done > busy.txt ) &
SAMPLER=$!
trap 'kill "$SAMPLER" 2>/dev/null || true' EXIT
uptime > load-before.txt

# ---------------------------------------------------------------- 1. bulk: 10,000 files
say "bulk: $COUNT files"
hyperfine --warmup 2 --runs 10 -i \
  --export-markdown "$OUT/bulk.md" --export-json "$OUT/bulk.json" \
  -n "floor: read_parse_floor (std::fs + serde_json)" "./read_parse_floor corpus" \
  -n "credsum lint --format json" "./credsum lint --format json corpus > /dev/null" \
  -n "ajv engine, one Node process (ajv_bulk.mjs)" "node $AJV_BULK schema.json corpus" \
  -n "check-jsonschema, one invocation" "$CJS --schemafile schema.json corpus/*.json > /dev/null"

# ---------------------------------------------------------------- 2. one file (pre-commit style)
say "one file: $ONE"
hyperfine -N --warmup 2 --runs 30 -i \
  --export-markdown "$OUT/single.md" --export-json "$OUT/single.json" \
  -n "credsum lint FILE" "./credsum lint $ONE" \
  -n "ajv validate (ajv-cli)" "$AJV_CLI validate --spec=draft2020 --strict=false --all-errors -c ajv-formats -s schema.json -d $ONE" \
  -n "check-jsonschema FILE" "$CJS --schemafile schema.json $ONE"

# ---------------------------------------------------------------- 3. big bodies
say "big bodies: trial runs with /usr/bin/time -v (peak memory)"
: > "$OUT/big-memory.tsv"
fast=()
for f in "$ONE" "${BIGS[@]}"; do
  set +e
  /usr/bin/time -v -o time.txt timeout 1800 ./credsum lint --format json "$f" > /dev/null
  set -e
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' time.txt)
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' time.txt)
  printf '%s\t%s\t%s\t%s\n' "$f" "$(stat -c %s "$f")" "$wall" "$rss" >> "$OUT/big-memory.tsv"
  echo "$f: ${wall}s, peak RSS ${rss} KB" >&2
  if [ "$f" != "$ONE" ] && awk -v w="$wall" -v l="$SLOW_LIMIT" 'BEGIN { exit !(w <= l) }'; then fast+=("$f"); fi
done
if [ "${#fast[@]}" -gt 0 ]; then
  args=()
  for f in "${fast[@]}"; do args+=(-n "credsum lint --format json $f" "./credsum lint --format json $f"); done
  hyperfine -N --warmup 2 --runs 10 -i \
    --export-markdown "$OUT/big.md" --export-json "$OUT/big.json" "${args[@]}"
else
  echo '{"results": []}' > "$OUT/big.json"; : > "$OUT/big.md"
fi

uptime > load-after.txt
kill "$SAMPLER" 2>/dev/null || true

# ---------------------------------------------------------------- report
say "report"
python3 - "$OUT" "$SLOW_LIMIT" "$COUNT" <<'EOF'
import json, sys
out, slow_limit, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
def means(name):
    return {r["command"]: r for r in json.load(open(f"{out}/{name}.json"))["results"]}
bulk, single, big = means("bulk"), means("single"), means("big")
def m(group, prefix):
    return next(r["mean"] for k, r in group.items() if k.startswith(prefix))
floor, credsum = m(bulk, "floor"), m(bulk, "credsum")
ajv, cjs = m(bulk, "ajv"), m(bulk, "check-jsonschema")
one, one_ajv, one_cjs = m(single, "credsum"), m(single, "ajv"), m(single, "check-jsonschema")
def verdict(ok): return "met" if ok else "NOT met"
lines = ["| goal | measured | verdict |", "| --- | --- | --- |"]
lines.append(f"| {count:,} files within 1.5x of the floor | {credsum / floor:.2f}x the floor ({credsum * 1e3:.1f} ms vs {floor * 1e3:.1f} ms) | {verdict(credsum <= 1.5 * floor)} |")
lines.append(f"| {count:,} files at least 4x faster than ajv (one process) | {ajv / credsum:.1f}x faster | {verdict(ajv >= 4 * credsum)} |")
lines.append(f"| {count:,} files at least 10x faster than check-jsonschema | {cjs / credsum:.1f}x faster | {verdict(cjs >= 10 * credsum)} |")
lines.append(f"| one file at least 30x faster than ajv-cli | {one_ajv / one:.1f}x faster ({one * 1e3:.1f} ms vs {one_ajv * 1e3:.1f} ms) | {verdict(one_ajv >= 30 * one)} |")
lines.append(f"| one file at least 30x faster than check-jsonschema | {one_cjs / one:.1f}x faster ({one * 1e3:.1f} ms vs {one_cjs * 1e3:.1f} ms) | {verdict(one_cjs >= 30 * one)} |")
mem = [l.rstrip("\n").split("\t") for l in open(f"{out}/big-memory.tsv")]
base_rss = int(mem[0][3])
for path, size, wall, rss in mem[1:]:
    size, wall, rss = int(size), float(wall), int(rss)
    hf = next((r for k, r in big.items() if k.endswith(path)), None)
    total = hf["mean"] if hf else wall
    how = "hyperfine mean" if hf else f"one run (over {slow_limit:g} s: not repeated)"
    analysis = total - one  # minus process start-up, measured by the one-file run
    budget = size / 1e8  # 10 ms per MB: 1 MB in 10 ms, 10 MB in 100 ms
    label = f"{size / 1e6:.3g} MB" + (" (guid style)" if "guid" in path else " (dense)")
    lines.append(f"| {label} body: the whole command (read, analyse, write a JSON report of every finding) against the {budget * 1e3:.3g} ms analysis budget | {total * 1e3:.1f} ms in all ({how}), about {analysis * 1e3:.1f} ms after start-up | {verdict(analysis <= budget)} for the whole command; the goal is judged on analysis alone by `cargo bench -p credsum-analysis --bench analyze` |")
    peak, base = rss * 1024, base_rss * 1024
    lines.append(f"| {label} body: peak memory under 5x the file ({5 * size / 1e6:.3g} MB) | peak RSS {peak / 1e6:.1f} MB = {peak / size:.1f}x the file; above the {base / 1e6:.1f} MB of a one-file run: {(peak - base) / 1e6:.1f} MB = {(peak - base) / size:.1f}x | "
                 f"as a whole process: {verdict(peak <= 5 * size)}; above start-up: {verdict(peak - base <= 5 * size)} |")
open(f"{out}/goals.md", "w").write("\n".join(lines) + "\n")
cpu = ["| command | wall mean [ms] | user [ms] | system [ms] | CPU / wall |", "| --- | ---: | ---: | ---: | ---: |"]
for group in (bulk, single, big):
    for name, r in group.items():
        cpu.append(f"| `{name}` | {r['mean'] * 1e3:.1f} | {r['user'] * 1e3:.1f} | {r['system'] * 1e3:.1f} | {(r['user'] + r['system']) / r['mean']:.2f} |")
open(f"{out}/cpu.md", "w").write("\n".join(cpu) + "\n")
samples = [l.split() for l in open("busy.txt") if l.strip()]
busy = [s for s in samples if s[0] == "busy"]
names = sorted({n for s in busy for n in s[1:]})
note = f"{len(busy)} of {len(samples)} one-second samples saw rustc/cargo or another process running" + (f" ({', '.join(names)})" if names else "")
print(f"other activity during the measurements: {note}", file=sys.stderr)
open(f"{out}/busy.txt", "w").write(note + "\n")
EOF
cp load-before.txt load-after.txt "$OUT/"

{
  echo "## Machine"
  echo
  echo "- $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "- $(date -u '+%Y-%m-%d %H:%M UTC'); credsum at $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- crates || echo ' (with uncommitted changes)')"
  echo "- hyperfine $(hyperfine --version | awk '{print $2}'), node $(node --version), ajv $(node -p "require('$BENCH_DIR/node_modules/ajv/package.json').version"), ajv-formats $(node -p "require('$BENCH_DIR/node_modules/ajv-formats/package.json').version"), ajv-cli $(node -p "require('$BENCH_DIR/node_modules/ajv-cli/package.json').version"), check-jsonschema $CHECK_JSONSCHEMA_VERSION ($("$VENV/bin/python" --version))"
  echo "- load before: $(cat load-before.txt | sed 's/.*load average/load average/')"
  echo "- load after: $(cat load-after.txt | sed 's/.*load average/load average/')"
  echo "- other activity during the measurements: $(cat "$OUT/busy.txt")"
  echo
  echo "## $COUNT files"; echo; cat "$OUT/bulk.md"; echo
  echo "## One file ($ONE)"; echo; cat "$OUT/single.md"; echo
  echo "## Big bodies (credsum lint --format json)"; echo; cat "$OUT/big.md"; echo
  echo "| file | bytes | wall, one run (s) | peak RSS (KB) |"; echo "| --- | --- | --- | --- |"
  awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$OUT/big-memory.tsv"; echo
  echo "## CPU time (hyperfine means; credsum lint checks files on every core)"; echo; cat "$OUT/cpu.md"; echo
  echo "## Goals"; echo; cat "$OUT/goals.md"
} | tee "$OUT/report.md"
echo >&2
echo "exports and report in $OUT (work folder $WORK is kept; remove it when done)" >&2
