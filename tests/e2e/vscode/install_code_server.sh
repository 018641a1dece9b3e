#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) from the npm registry into DIR, building its native
# modules from source. Needs Node 20, a C/C++ toolchain and the headers from
# build-essential pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev (and ripgrep at run time).
#
#   tests/e2e/vscode/install_code_server.sh VERSION DIR
#
# This does by hand what code-server's postinstall.sh does, because `npm install -g code-server`
# fails here: npm 11 blocks dependency install scripts unless allowed, the postinstall refuses to
# run as root without the removed `unsafe-perm` setting, and its nested install is fragile.
# DIR/.complete marks a finished install; an unfinished one is removed and redone.
set -euo pipefail

version="${1:?usage: install_code_server.sh VERSION DIR}"
dir="${2:?usage: install_code_server.sh VERSION DIR}"

# The steps that need no network: VS Code's expected symlinks, ripgrep from the system (the
# @vscode/ripgrep postinstall downloads a binary, which cannot work here), and bin/code-server.
finish() {
  ln -sfn node_modules "$dir/lib/vscode/node_modules.asar"
  (cd "$dir/lib/vscode/bin/remote-cli" && ln -sfn code-linux.sh code-server)
  (cd "$dir/lib/vscode/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
  local rg
  rg="$(command -v rg || true)"
  if [[ -z "$rg" ]]; then
    echo "ripgrep (rg) is missing: apt-get install ripgrep" >&2
    exit 1
  fi
  mkdir -p "$dir/lib/vscode/node_modules/@vscode/ripgrep/bin"
  ln -sfn "$rg" "$dir/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  mkdir -p "$dir/bin"
  cat >"$dir/bin/code-server" <<EOS
#!/bin/sh
exec node "$dir/out/node/entry.js" "\$@"
EOS
  chmod +x "$dir/bin/code-server"
}

if [[ -f "$dir/.complete" ]]; then
  finish
  echo "code-server $version already installed in $dir"
  exit 0
fi

major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$major" != 20 ]]; then
  echo "code-server $version needs Node 20; this is Node $(node --version)" >&2
  exit 1
fi

rm -rf "$dir"
mkdir -p "$dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== fetching code-server@$version"
(cd "$tmp" && npm pack --silent "code-server@$version" >/dev/null)
tar xzf "$tmp"/code-server-"$version".tgz -C "$dir" --strip-components=1

# Dependency install scripts (native builds) must run: npm 11 blocks them by default.
export NPM_CONFIG_DANGEROUSLY_ALLOW_ALL_SCRIPTS=true
export NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_UPDATE_NOTIFIER=false
npm_install() {
  # npm sometimes fails a large install with ENOTEMPTY while it renames folders: try again.
  local try
  for try in 1 2 3; do
    if npm install --omit=dev --no-package-lock --loglevel=error "$@"; then
      return 0
    fi
    echo "npm install failed (try $try) in $(pwd)" >&2
    rm -rf node_modules
  done
  return 1
}

echo "== code-server's own dependencies"
# Drop the package's postinstall: the steps below do its work.
(cd "$dir" && node -e '
  const fs = require("fs");
  const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
  if (p.scripts) delete p.scripts.postinstall;
  fs.writeFileSync("package.json", JSON.stringify(p, null, 2));
' && npm_install)

echo "== VS Code's dependencies (native modules build here: takes minutes)"
(cd "$dir/lib/vscode" && npm_install)

echo "== built-in extensions' dependencies"
(cd "$dir/lib/vscode/extensions" && npm_install)

finish
touch "$dir/.complete"
echo "code-server $version installed in $dir"
