#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code (code-server, in headless Chromium):
#   1. builds `credsum` (release) and puts it on PATH,
#   2. packages the extension (editors/vscode) into a .vsix and installs it into code-server,
#   3. starts code-server on 127.0.0.1 (auth none) on a fixture workspace (tests/e2e/vscode/fixture),
#   4. drives it with playwright-core: opens the request files and reads the Problems panel, which
#      must show credsum's diagnostics (docs-placeholder, api-version), honour the workspace's
#      credsum.rules, list a never-opened file (workspace diagnostics) and leave a non-request JSON
#      file alone; then types keys in the editor, accepts completions and checks the saved text
#      (tests/e2e/vscode/keystrokes.js).
# Before the browser run, tests/e2e/vscode/lsp_smoke.js checks the same fixtures against `credsum lsp`
# with the extension's settings code, without VS Code (under a second), and grammar_test.js tokenizes
# an .http file with the extension's grammar (vscode-textmate, vscode-oniguruma).
#
# Needs root for apt-get (Debian: build-essential pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev
# ripgrep chromium), Node 20 and the npm registry. code-server is built once into
# $CREDSUM_E2E_CACHE (default ~/.cache/credsum-e2e) and reused.
# Environment: CREDSUM_E2E_KEEP=1 keeps the work folder (screenshots, logs); CREDSUM_E2E_OUT=DIR
# puts them in DIR; CREDSUM_E2E_SKIP_APT=1 skips the apt-get step; CREDSUM_E2E_VSIX=FILE tests
# that platform .vsix (dist/build.sh) instead: nothing is built, no credsum is on PATH, and once
# the "not found" check is done the server path setting is removed, so the bundled server runs;
# CREDSUM_E2E_BIN=FILE tests that credsum executable instead of a release build (a debug build, to
# try the test quickly).
# Exit status: 0 when every check passed.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/e2e/vscode"
cache="${CREDSUM_E2E_CACHE:-$HOME/.cache/credsum-e2e}"
work="${CREDSUM_E2E_OUT:-$(mktemp -d /tmp/credsum-vscode-e2e.XXXXXX)}"
mkdir -p "$work"
started=$SECONDS
server_pid=""

log() { printf '[vscode-e2e %3ds] %s\n' "$((SECONDS - started))" "$*"; }

cleanup() {
  local status=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 ]]; then
    log "FAILED (exit $status); logs and screenshots in $work"
    if [[ -f "$work/code-server.log" ]]; then
      echo "--- last lines of code-server.log"
      tail -n 30 "$work/code-server.log" || true
    fi
    local ext_log
    ext_log="$(find "$work/user-data/logs" -path '*credsum*' -name '*.log' 2>/dev/null | head -n 1 || true)"
    if [[ -n "$ext_log" ]]; then
      echo "--- credsum output channel ($ext_log)"
      tail -n 30 "$ext_log" || true
    fi
  elif [[ -z "${CREDSUM_E2E_KEEP:-}" && -z "${CREDSUM_E2E_OUT:-}" ]]; then
    rm -rf "$work"
  else
    log "artifacts in $work"
  fi
  exit $status
}
trap cleanup EXIT

# ---- system packages -------------------------------------------------------------------------
if [[ -z "${CREDSUM_E2E_SKIP_APT:-}" ]]; then
  packages=(build-essential pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev ripgrep chromium)
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
command -v chromium >/dev/null || { echo "chromium is missing" >&2; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$node_major" == 20 ]] || { echo "code-server $CODE_SERVER_VERSION needs Node 20, found $(node --version)" >&2; exit 1; }

# ---- credsum -----------------------------------------------------------------------------------
if [[ -n "${CREDSUM_E2E_VSIX:-}" ]]; then
  ! command -v credsum >/dev/null || { echo "credsum is on PATH ($(command -v credsum)): the bundled server would not be tested" >&2; exit 1; }
  mkdir -p "$work/bundled"
  unzip -q -o "$CREDSUM_E2E_VSIX" extension/server/credsum -d "$work/bundled"
  credsum_bin="$work/bundled/extension/server/credsum"
elif [[ -n "${CREDSUM_E2E_BIN:-}" ]]; then
  credsum_bin="$(realpath "$CREDSUM_E2E_BIN")"
  export PATH="$(dirname "$credsum_bin"):$PATH"
else
  log "cargo build --release -p credsum"
  (cd "$root" && cargo build --release -p credsum --quiet)
  export PATH="$root/target/release:$PATH"
  credsum_bin="$(command -v credsum)"
fi
"$credsum_bin" --help >"$work/credsum-help.txt"
grep -q '^  lsp' "$work/credsum-help.txt" || { echo "credsum has no lsp command" >&2; exit 1; }

# ---- the extension -----------------------------------------------------------------------------
log "the extension's unit tests${CREDSUM_E2E_VSIX:+ (the .vsix is $CREDSUM_E2E_VSIX)}, else packaging it"
(
  cd "$root/editors/vscode"
  npm ci --no-audit --no-fund --loglevel=error
  npm test >"$work/npm-test.log" 2>&1 || { cat "$work/npm-test.log"; exit 1; }
  if [[ -n "${CREDSUM_E2E_VSIX:-}" ]]; then
    cp "$CREDSUM_E2E_VSIX" "$work/credsum.vsix"
  else
    npx --no-install vsce package --out "$work/credsum.vsix" >"$work/vsce.log" 2>&1 || { cat "$work/vsce.log"; exit 1; }
  fi
)
unzip -Z1 "$work/credsum.vsix" >"$work/vsix-files.txt"
grep -qx 'extension/node_modules/vscode-languageclient/package.json' "$work/vsix-files.txt" \
  || { echo "vscode-languageclient is not inside the .vsix" >&2; exit 1; }
grep -qx 'extension/schemas/credentialUserRegistrationsSummary.schema.json' "$work/vsix-files.txt" \
  || { echo "the schema is not inside the .vsix" >&2; exit 1; }

log "LSP smoke test (the extension's settings code against credsum lsp)"
node "$here/lsp_smoke.js" "$credsum_bin"

# ---- code-server and playwright ----------------------------------------------------------------
log "code-server $CODE_SERVER_VERSION (cached in $cache)"
"$here/install_code_server.sh" "$CODE_SERVER_VERSION" "$cache/code-server-$CODE_SERVER_VERSION" >"$work/code-server-install.log" 2>&1 \
  || { tail -n 40 "$work/code-server-install.log"; exit 1; }
code_server="$cache/code-server-$CODE_SERVER_VERSION/bin/code-server"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

log "the .http grammar, tokenized by VS Code's TextMate engine with code-server's JSON grammar"
json_grammar="$(find "$cache/code-server-$CODE_SERVER_VERSION/lib/vscode/extensions" -name 'JSON.tmLanguage.json' | head -n 1)"
[[ -n "$json_grammar" ]] || { echo "code-server ships no JSON.tmLanguage.json" >&2; exit 1; }
node "$here/grammar_test.js" "$root/editors/vscode/syntaxes/http.tmLanguage.json" "$json_grammar"

# ---- workspace, profile, extension -------------------------------------------------------------
ws="$work/workspace"
rm -rf "$ws" "$work/user-data" "$work/extensions"
cp -r "$here/fixture" "$ws"
# code-server's extension host takes PATH from a login shell, so the PATH set above does not reach
# it: the driver first checks the "not found" notification with a missing server.path, then writes
# the real path into the workspace settings (and the extension starts the server on that change).
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const settings = JSON.parse(fs.readFileSync(file, "utf8"));
  settings["credsum.server.path"] = "credsum-not-installed";
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
' "$ws/.vscode/settings.json"
mkdir -p "$work/user-data/User" "$work/extensions"
cat >"$work/user-data/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "git.enabled": false,
  "problems.autoReveal": true
}
EOF
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
cat >"$work/config.yaml" <<EOF
bind-addr: 127.0.0.1:$port
auth: none
cert: false
EOF
cs_args=(--config "$work/config.yaml" --user-data-dir "$work/user-data" --extensions-dir "$work/extensions")

log "installing $(basename "$work/credsum.vsix") into code-server"
"$code_server" "${cs_args[@]}" --install-extension "$work/credsum.vsix" >"$work/install-extension.log" 2>&1 \
  || { cat "$work/install-extension.log"; exit 1; }
compgen -G "$work/extensions/credsum.credsum-*" >/dev/null || { cat "$work/install-extension.log"; echo "extension not installed" >&2; exit 1; }

log "starting code-server on 127.0.0.1:$port"
# A fresh user cache: go-to-definition must find the schema the server writes there.
export XDG_CACHE_HOME="$work/xdg-cache"
mkdir -p "$XDG_CACHE_HOME"
"$code_server" "${cs_args[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened "$ws" >"$work/code-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { echo "code-server exited" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "code-server did not come up" >&2; exit 1; }

# ---- the browser -------------------------------------------------------------------------------
log "driving code-server with headless Chromium"
driver_server="$credsum_bin"
[[ -z "${CREDSUM_E2E_VSIX:-}" ]] || driver_server=bundled
node "$here/drive.js" "http://127.0.0.1:$port/?folder=$ws" "$work/browser" "$ws" "$driver_server"

# The "credsum" output channel: the server started twice (first request file, then the restart).
channel="$(find "$work/user-data/logs" -name '*-credsum.log' | head -n 1)"
[[ -n "$channel" ]] || { echo "no credsum output channel log" >&2; exit 1; }
starts="$(grep -c 'starting .* lsp' "$channel" || true)"
log "credsum output channel: $channel ($starts server start(s))"
[[ "$starts" -ge 2 ]] || { cat "$channel"; echo "expected the server to start twice" >&2; exit 1; }
grep -q 'credsum language server ready' "$channel" || { cat "$channel"; echo "the server log is not in the output channel" >&2; exit 1; }
if [[ -n "${CREDSUM_E2E_VSIX:-}" ]]; then
  grep -q 'starting .*/server/credsum lsp' "$channel" || { cat "$channel"; echo "the server bundled in the .vsix did not start" >&2; exit 1; }
fi
log "passed in $((SECONDS - started))s"
