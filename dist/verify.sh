#!/usr/bin/env bash
# Installs what `bash dist/build.sh OUT` wrote, the way users will, on a PATH with no `credsum` and
# no ~/.cargo/bin, and checks each install works:
#
#   bash dist/verify.sh OUT [VENV]
#
#   - SHA256SUMS matches the files;
#   - the wheel in a fresh venv: `credsum --version`, a lint of the shipped examples;
#   - the npm tarballs in an empty folder: `npx credsum --version`, and the one-line error when the
#     platform package is missing;
#   - the .vsix holds the server, executable;
#   - the GitHub Action's install step takes the wheel for a version tag, and falls back to
#     `cargo install` (a stub here) when pip finds none;
#   - the pre-commit hook (`language: python`) installs the wheel and flags a bad body (needs
#     pre-commit in VENV/bin and the PyPI index for setuptools);
#   - the version named by Cargo.toml, the npm and VS Code manifests, the hook's pyproject.toml
#     and the mason entry agree.
# The artifacts come from the local OUT through pip's `--find-links` (PIP_FIND_LINKS), never from
# PyPI. Prints one line per check; exits 1 at the first failure. The VS Code end-to-end test of
# the .vsix is tests/e2e/vscode_e2e.sh with CREDSUM_E2E_VSIX.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(cd "${1:?usage: bash dist/verify.sh OUT [VENV]}" && pwd)"
venv="${2:-}"
work="$(mktemp -d /tmp/credsum-verify.XXXXXX)"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "dist/verify.sh: $*" >&2
  exit 1
}
ok() { printf 'ok   %s\n' "$*"; }
# Seconds since the epoch with milliseconds, for the install times of docs/benchmarks.md.
now() { python3 -c 'import time; print(f"{time.time():.3f}")'; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$1" "$(now)"; }

# ---- a PATH without credsum --------------------------------------------------------------------
clean=""
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [[ -z $d || -x $d/credsum || $d == "${CARGO_HOME:-$HOME/.cargo}/bin" || $d == */.cargo/bin ]] && continue
  clean="${clean:+$clean:}$d"
done
export PATH="$clean"
! command -v credsum >/dev/null || fail "credsum is still on PATH: $(command -v credsum)"
ok "PATH has no credsum and no ~/.cargo/bin"

version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml")"
platform="$(node -p 'process.platform + "-" + process.arch')"

# ---- versions agree ----------------------------------------------------------------------------
python3 - "$root" "$version" <<'PY'
import json, pathlib, re, sys, tomllib
root, version = pathlib.Path(sys.argv[1]), sys.argv[2]
hook = tomllib.loads((root / "pyproject.toml").read_text())["project"]
mason = (root / "editors/mason/packages/credsum/package.yaml").read_text()
found = {
    "dist/npm/credsum/package.json": json.loads((root / "dist/npm/credsum/package.json").read_text())["version"],
    "editors/vscode/package.json": json.loads((root / "editors/vscode/package.json").read_text())["version"],
    "pyproject.toml (version)": hook["version"],
    "pyproject.toml (dependency)": hook["dependencies"][0].removeprefix("credsum=="),
    "editors/mason/packages/credsum/package.yaml": re.search(r"pkg:pypi/credsum@(\S+)", mason).group(1),
}
bad = [f"{where}: {v}" for where, v in found.items() if v != version]
sys.exit(f"Cargo.toml says {version}, but " + "; ".join(bad) if bad else 0)
PY
ok "version $version in Cargo.toml, npm, VS Code, the hook's pyproject.toml and the mason entry"

# ---- checksums ---------------------------------------------------------------------------------
(cd "$out" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match"
[[ $(wc -l <"$out/SHA256SUMS") -eq 4 ]] || fail "SHA256SUMS should list 4 artifacts"
ok "SHA256SUMS matches the 4 artifacts"

# ---- the wheel ---------------------------------------------------------------------------------
wheel="$(compgen -G "$out/credsum-$version-*.whl" | head -n 1)" || fail "no wheel in $out"
start=$(now)
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
took=$(since "$start")
[[ "$("$work/venv/bin/credsum" --version)" == "credsum $version" ]] || fail "the wheel's credsum --version"
set +e
(cd "$root" && "$work/venv/bin/credsum" lint tests/examples >"$work/lint.txt" 2>&1)
status=$?
set -e
[[ $status -eq 1 ]] && grep -q docs-placeholder "$work/lint.txt" || { cat "$work/lint.txt"; fail "the wheel's credsum lint tests/examples exited $status"; }
(cd "$root" && "$work/venv/bin/credsum" lint tests/examples/valid >/dev/null) || fail "the wheel's credsum flags tests/examples/valid"
ok "wheel $(basename "$wheel"): venv + pip install in $took; credsum --version, lint of tests/examples (exit 1, docs-placeholder) and of tests/examples/valid (exit 0)"

# ---- the npm packages --------------------------------------------------------------------------
mkdir "$work/npm"
start=$(now)
(cd "$work/npm" && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --loglevel=error "$out/credsum-cli-$platform-$version.tgz" "$out/credsum-$version.tgz" >"$work/npm.log" 2>&1) ||
  { cat "$work/npm.log"; fail "npm install of the tarballs failed"; }
took=$(since "$start")
[[ "$(cd "$work/npm" && npx --no-install credsum --version)" == "credsum $version" ]] || fail "npx credsum --version"
ok "npm install of credsum-$version.tgz + credsum-cli-$platform-$version.tgz in $took; npx credsum --version"
# Without the platform package (another platform, or --no-optional): one line naming the way out.
rm -rf "$work/npm/node_modules/@credsum"
set +e
message="$(cd "$work/npm" && npx --no-install credsum --version 2>&1)"
status=$?
set -e
[[ $status -eq 1 && $(wc -l <<<"$message") -eq 1 && $message == *"$platform"*"pip install credsum"* ]] ||
  fail "without @credsum/cli-$platform: exit $status, '$message'"
ok "without its platform package: exit 1, \"$message\""

# ---- the .vsix ---------------------------------------------------------------------------------
vsix="$out/credsum-vscode-$platform-$version.vsix"
mkdir "$work/vsix"
unzip -q "$vsix" -d "$work/vsix"
[[ -x $work/vsix/extension/server/credsum ]] || fail "the .vsix holds no executable extension/server/credsum"
[[ "$("$work/vsix/extension/server/credsum" --version)" == "credsum $version" ]] || fail "the .vsix's server --version"
grep -q "\"targetPlatform\": *\"$platform\"\|TargetPlatform=\"$platform\"" "$work/vsix/extension.vsixmanifest" ||
  fail "the .vsix is not marked for $platform"
ok "$(basename "$vsix"): extension/server/credsum runs, target platform $platform"

# ---- the GitHub Action's install: wheel for a tag, source as the fallback -----------------------
gh="$work/gh"
mkdir -p "$gh/temp" "$gh/stub"
: >"$gh/output"
: >"$gh/path"
action_install() {
  GITHUB_OUTPUT="$gh/output" GITHUB_PATH="$gh/path" RUNNER_TEMP="$gh/temp" GITHUB_ACTION_PATH="$root" \
    ACTION_REPOSITORY=credsum/credsum INSTALL_COMMIT=0123456789abcdef0123456789abcdef01234567 \
    bash "$root/action/credsum-action.sh" install
}
PIP_NO_INDEX=1 PIP_FIND_LINKS="$out" ACTION_REF="v$version" INSTALL_DIR="$gh/wheel" action_install >"$gh/log" 2>&1 ||
  { cat "$gh/log"; fail "the action's install from the wheel failed"; }
grep -q "installed from its wheel" "$gh/log" && [[ "$("$gh/wheel/bin/credsum" --version)" == "credsum $version" ]] ||
  { cat "$gh/log"; fail "the action did not install the wheel"; }
# No wheel found (no index, no find-links): `cargo install` from the tag's commit, here a stub.
cat >"$gh/stub/cargo" <<'EOF'
#!/usr/bin/env bash
echo "cargo $*" >>"$STUB_LOG"
root=""; while [[ $# -gt 0 ]]; do [[ $1 == --root ]] && root=$2; shift; done
mkdir -p "$root/bin" && printf '#!/bin/sh\necho "credsum (from source)"\n' >"$root/bin/credsum" && chmod +x "$root/bin/credsum"
EOF
chmod +x "$gh/stub/cargo"
PATH="$gh/stub:$PATH" STUB_LOG="$gh/cargo.log" PIP_NO_INDEX=1 PIP_FIND_LINKS= ACTION_REF="v$version" INSTALL_DIR="$gh/source" \
  action_install >"$gh/log" 2>&1 || { cat "$gh/log"; fail "the action's fallback failed"; }
grep -q "building from source" "$gh/log" && grep -q -- "install --locked --root $gh/source --git https://github.com/credsum/credsum --rev 0123456789abcdef0123456789abcdef01234567 credsum" "$gh/cargo.log" ||
  { cat "$gh/log" "$gh/cargo.log"; fail "the action did not fall back to cargo install"; }
ok "GitHub Action install: v$version takes the wheel's binary; with no wheel, cargo install --git --rev (stubbed)"

# ---- the pre-commit hook (language: python) ------------------------------------------------------
if [[ -n $venv && -x $venv/bin/pre-commit ]]; then
  mkdir -p "$work/hooked"
  cp "$root/tests/examples/valid/contoso-summary.json" "$work/hooked/good.json"
  printf '{"@odata.type": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary", "totalUserCount": "Integer"}\n' >"$work/hooked/bad.json"
  (cd "$work/hooked" && git init -q && git add . )
  start=$(now)
  set +e
  (cd "$work/hooked" && PIP_FIND_LINKS="$out" \
    "$venv/bin/pre-commit" try-repo "$root" credsum-lint --all-files) >"$work/hook.log" 2>&1
  status=$?
  set -e
  took=$(since "$start")
  [[ $status -eq 1 ]] && grep -q "bad.json" "$work/hook.log" && grep -q docs-placeholder "$work/hook.log" ||
    { cat "$work/hook.log"; fail "the pre-commit hook should fail on bad.json (exit $status)"; }
  ! grep -q "good.json:" "$work/hook.log" || { cat "$work/hook.log"; fail "the hook flagged good.json"; }
  # (try-repo's environment is temporary. Its credsum can only be the wheel in $out: PyPI has
  # no credsum $version, so pip had nothing else to install.)
  ok "pre-commit hook credsum-lint (language: python): installed the wheel and flagged bad.json in $took"
else
  echo "skip pre-commit hook (no pre-commit in ${venv:-VENV}/bin)"
fi
echo "dist/verify.sh: all checks passed"
