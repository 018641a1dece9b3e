#!/usr/bin/env bash
# The exported schema/ artifacts under the tools people feed them to (issue 14): Redocly CLI,
# Spectral (spectral:oas, all rules), swagger-parser, openapi-spec-validator, ajv (strict, with
# and without format assertion) and check-jsonschema on the PATCH body and JSON Patch document
# schemas, YAML == JSON under PyYAML and js-yaml,
# openapi-typescript + tsc --strict, datamodel-code-generator + pydantic v2, quicktype (TypeScript
# and Rust) on the JSON Patch schema. Every tool is pinned
# (tests/consumers/package-lock.json, tests/consumers/requirements.txt); every finding fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONSUMERS=$ROOT/tests/consumers
SCHEMA=schema
JSON_SCHEMA=$SCHEMA/credentialUserRegistrationsSummary.schema.json
DRAFT7_SCHEMA=$SCHEMA/credentialUserRegistrationsSummary.draft-07.schema.json
PATCH_SCHEMA=$SCHEMA/credentialUserRegistrationsSummary.json-patch.schema.json
PATCH_DRAFT7_SCHEMA=$SCHEMA/credentialUserRegistrationsSummary.json-patch.draft-07.schema.json
OPENAPI=("$SCHEMA/openapi-3.0.json" "$SCHEMA/openapi-3.0.yaml" "$SCHEMA/openapi-3.1.json" "$SCHEMA/openapi-3.1.yaml")
VALID=(tests/examples/valid tests/consumers/fixtures/valid)
INVALID=(tests/examples/invalid tests/consumers/fixtures/invalid)
PATCH_FIXTURES=tests/consumers/fixtures/json-patch
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { printf '\n=== export consumers: %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "install the pinned npm tools (npm ci) and PyPI tools (venv)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
# npm ci reinstalls from scratch; skip it when node_modules was installed from this very lock file.
LOCK_SUM=$(sha256sum "$CONSUMERS/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$CONSUMERS/node_modules/.credsum-lock-sha256" 2>/dev/null)" != "$LOCK_SUM" ]; then
  (cd "$CONSUMERS" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$LOCK_SUM" > "$CONSUMERS/node_modules/.credsum-lock-sha256"
fi
BIN=$CONSUMERS/node_modules/.bin
VENV="${CREDSUM_EXPORT_VENV:-/tmp/credsum-export-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$CONSUMERS/requirements.txt"
export PATH="$VENV/bin:$PATH"
echo "node $(node --version), redocly $("$BIN/redocly" --version 2>/dev/null | tail -n1), spectral $("$BIN/spectral" --version)," \
  "openapi-typescript $(node -p "require('$CONSUMERS/node_modules/openapi-typescript/package.json').version"), tsc $("$BIN/tsc" --version)," \
  "ajv-cli $(node -p "require('$CONSUMERS/node_modules/ajv-cli/package.json').version")," \
  "swagger-parser $(node -p "require('$CONSUMERS/node_modules/@apidevtools/swagger-parser/package.json').version")," \
  "js-yaml $(node -p "require('$CONSUMERS/node_modules/js-yaml/package.json').version")"
pip list --disable-pip-version-check 2>/dev/null | grep -E '^(openapi-spec-validator|check-jsonschema|datamodel-code-generator|pydantic|PyYAML) ' | tr -s ' ' | paste -sd ',' -

step "Redocly CLI lint (recommended): zero errors and zero warnings"
for doc in "${OPENAPI[@]}"; do
  "$BIN/redocly" lint --extends=recommended --format=json "$doc" 2>/dev/null \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);const t=r.totals;
        if(t.errors||t.warnings){console.error(JSON.stringify(r.problems,null,1));process.exit(1)}
        console.log(process.argv[1]+": 0 errors, 0 warnings")})' "$doc" || fail "redocly lint $doc"
done

step "Spectral (spectral:oas, all rules): no finding of any severity"
"$BIN/spectral" lint --ruleset "$CONSUMERS/spectral.yaml" --fail-severity=hint "${OPENAPI[@]}" || fail "spectral"

step "swagger-parser validate and openapi-spec-validator"
node "$CONSUMERS/swagger-parser-validate.mjs" "${OPENAPI[@]}" || fail "swagger-parser"
openapi-spec-validator "${OPENAPI[@]}" || fail "openapi-spec-validator"

step "YAML equals JSON under PyYAML safe_load (YAML 1.1) and js-yaml (YAML 1.2)"
python "$CONSUMERS/yaml_equals_json.py" "$SCHEMA"/*.yaml || fail "PyYAML"
node "$CONSUMERS/yaml-equals-json.mjs" "$SCHEMA"/*.yaml || fail "js-yaml"

step "ajv strict compile (2020-12 and draft-07, with ajv-formats)"
for schema in "$JSON_SCHEMA" "$PATCH_SCHEMA"; do
  "$BIN/ajv" compile --spec=draft2020 -c ajv-formats -s "$schema" || fail "ajv compile $schema"
done
for schema in "$DRAFT7_SCHEMA" "$PATCH_DRAFT7_SCHEMA"; do
  "$BIN/ajv" compile --spec=draft7 -c ajv-formats -s "$schema" || fail "ajv compile $schema"
done

step "ajv (strict) and check-jsonschema: valid examples pass, invalid ones fail, with and without format assertion"
# Each entry: spec, schema, its valid example folders, its invalid example folders (space-separated).
checks=(
  "draft2020|$JSON_SCHEMA|${VALID[*]}|${INVALID[*]}"
  "draft7|$DRAFT7_SCHEMA|${VALID[*]}|${INVALID[*]}"
  "draft2020|$PATCH_SCHEMA|$PATCH_FIXTURES/valid|$PATCH_FIXTURES/invalid"
  "draft7|$PATCH_DRAFT7_SCHEMA|$PATCH_FIXTURES/valid|$PATCH_FIXTURES/invalid"
)
for check in "${checks[@]}"; do
  IFS="|" read -r spec schema valid_list invalid_list <<<"$check"
  read -r -a valid_dirs <<<"$valid_list"
  read -r -a invalid_dirs <<<"$invalid_list"
  valid_files=() invalid_files=()
  for dir in "${valid_dirs[@]}"; do valid_files+=("$dir"/*.json); done
  for dir in "${invalid_dirs[@]}"; do invalid_files+=("$dir"/*.json); done
  node "$CONSUMERS/ajv-examples.mjs" "$schema" "$spec" --valid "${valid_dirs[@]}" --invalid "${invalid_dirs[@]}" \
    || fail "ajv examples on $schema"
  for formats in on off; do
    fmt_args=()
    [ "$formats" = off ] && fmt_args=(--disable-formats '*')
    check-jsonschema "${fmt_args[@]}" --schemafile "$schema" "${valid_files[@]}" >/dev/null \
      || fail "check-jsonschema rejects a valid example ($schema)"
    # Every invalid file must have its own error (one run, read as JSON).
    { check-jsonschema "${fmt_args[@]}" --output-format json --schemafile "$schema" "${invalid_files[@]}" || true; } \
      | python -c 'import json, sys
failed = {e["filename"] for e in json.load(sys.stdin).get("errors", [])}
missed = sorted(set(sys.argv[1:]) - failed)
sys.exit(f"check-jsonschema accepts {missed}" if missed else 0)' "${invalid_files[@]}" \
      || fail "check-jsonschema ($schema, format checks $formats)"
    echo "check-jsonschema $schema (format checks $formats): every valid example passes, every invalid one fails"
  done
done

step "the catalog names only committed schemas"
python - "$SCHEMA/catalog.json" <<'PY'
import json, pathlib, sys
catalog = json.loads(pathlib.Path(sys.argv[1]).read_text())
assert catalog["$schema"] == "https://json.schemastore.org/schema-catalog.json"
for entry in catalog["schemas"]:
    assert entry["name"] and entry["description"] and entry["fileMatch"], entry
    file = pathlib.Path(sys.argv[1]).parent / entry["url"].rsplit("/", 1)[1]
    assert file.is_file(), f"{entry['url']} is not in schema/"
print(f"{sys.argv[1]}: {len(catalog['schemas'])} schema(s), each committed")
PY

step "openapi-typescript + tsc --strict on tests/consumers/typescript/usage.ts (3.0 and 3.1)"
for version in 3.0 3.1; do
  "$BIN/openapi-typescript" "$SCHEMA/openapi-$version.json" -o "$CONSUMERS/typescript/graph.d.ts" >/dev/null 2>&1 \
    || fail "openapi-typescript openapi-$version.json"
  "$BIN/tsc" -p "$CONSUMERS/typescript/tsconfig.json" || fail "tsc --strict with the openapi-$version types"
  echo "openapi-$version types: the valid body compiles, each @ts-expect-error line is an error"
done

step "datamodel-code-generator -> pydantic v2 (strict, null apart from absent)"
for schema in "$JSON_SCHEMA" "$DRAFT7_SCHEMA"; do
  python -W ignore "$CONSUMERS/pydantic_check.py" "$schema" --valid "${VALID[@]}" --invalid "${INVALID[@]}" \
    || fail "pydantic models of $schema"
done

# --- quicktype (issue 25): the JSON Patch schema's value and from survive code generation ---
step "quicktype (TypeScript, Rust) on the JSON Patch schema: documents round-trip with their values"
QT=$CONSUMERS/quicktype
"$BIN/quicktype" --lang ts --src-lang schema --top-level PatchDocument -o "$QT/patch.ts" "$PATCH_SCHEMA" \
  || fail "quicktype TypeScript"
"$BIN/tsc" -p "$QT/tsconfig.json" || fail "tsc --strict on quicktype's TypeScript model"
node "$QT/out/roundtrip.js" "$PATCH_FIXTURES/valid" "$PATCH_FIXTURES/invalid" || fail "quicktype TypeScript round trip"
"$BIN/quicktype" --lang rust --src-lang schema --top-level PatchDocument --visibility public --derive-debug \
  -o "$QT/rust/src/patch.rs" "$PATCH_SCHEMA" 2>/dev/null || fail "quicktype Rust"
# Offline, from the registry cache the workspace build filled (serde, serde_json); its own target
# folder, so the workspace's is left alone.
(cd "$QT/rust" && CARGO_TARGET_DIR="${CREDSUM_QUICKTYPE_TARGET:-/tmp/credsum-quicktype-target}" \
  cargo run --offline --quiet -- "$ROOT/$PATCH_FIXTURES/valid") || fail "quicktype Rust round trip"
# --- end quicktype ---

echo
echo "export consumers: all passed"
