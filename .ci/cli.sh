#!/usr/bin/env bash
# CI for the CLI's CI integrations (issue 17): the new report formats read by real parsers
# (junitparser for JUnit XML; GitLab's documented Code Quality fields), the shell completion
# scripts loaded by real shells (bash, zsh, fish), the man page checked by mandoc, and the
# GitHub Action's shell steps (action/credsum-action.sh) run outside GitHub with GITHUB_* faked
# to a temporary folder. Idempotent; needs only crates.io, PyPI and Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n=== cli: %s\n' "$*"; }

step "tools: zsh, fish, mandoc (Debian); junitparser (PyPI)"
need=()
for tool in zsh fish mandoc; do
  command -v "$tool" >/dev/null || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
VENV="${CREDSUM_CLI_VENV:-/tmp/credsum-cli-venv}"
if ! "$VENV/bin/python" -c 'import junitparser' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'junitparser==5.0.3'
fi

step "release binary"
cargo build --release --locked -p credsum
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
CREDSUM="$TARGET/release/credsum"
ls -l "$CREDSUM"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

step "JUnit XML read by junitparser: one test case per file, failures for files with errors"
set +e
"$CREDSUM" lint --format junit --output-file "$WORK/junit.xml" tests/examples >"$WORK/summary.txt"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "expected exit 1, got $status" >&2; exit 1; }
cat "$WORK/summary.txt"
"$CREDSUM" lint --format json tests/examples >"$WORK/report.json" || true
"$VENV/bin/python" - "$WORK/junit.xml" "$WORK/report.json" <<'PY'
import json, sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
report = json.load(open(sys.argv[2]))
cases = [case for suite in xml for case in suite]
assert [c.name for c in cases] == [f["path"] for f in report], "one test case per checked file"
failing = {f["path"] for f in report if any(d["severity"] == 1 for d in f["diagnostics"])}
failed = {c.name for c in cases if any(isinstance(r, Failure) for r in c.result)}
assert failed == failing, (failed, failing)
assert xml.failures == len(failing) and xml.tests == len(cases), (xml.failures, xml.tests)
print(f"junitparser: {len(cases)} test cases, {len(failed)} failures")
PY

step "GitLab Code Quality: GitLab's documented fields, unique fingerprints"
"$CREDSUM" lint --format gitlab tests/examples >"$WORK/gitlab.json" || true
python3 - "$WORK/gitlab.json" <<'PY'
import json, sys
issues = json.load(open(sys.argv[1]))
assert isinstance(issues, list) and issues
for issue in issues:
    for key in ("description", "check_name", "fingerprint"):
        assert isinstance(issue[key], str) and issue[key], (key, issue)
    assert issue["severity"] in ("info", "minor", "major", "critical", "blocker"), issue
    path = issue["location"]["path"]
    assert path and not path.startswith(("/", "./")), issue
    assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
assert len({i["fingerprint"] for i in issues}) == len(issues), "fingerprints are unique"
print(f"gitlab: {len(issues)} issues")
PY

step "shell completions loaded by real shells"
bash -c "source <('$CREDSUM' completions bash) && complete -p credsum"
"$CREDSUM" completions zsh >"$WORK/_credsum" && zsh -n "$WORK/_credsum" && echo "zsh: parses"
"$CREDSUM" completions fish >"$WORK/credsum.fish" && fish --no-execute "$WORK/credsum.fish" && echo "fish: parses"
fish -c "source '$WORK/credsum.fish'; complete -C 'credsum lint --format gi'" | tee "$WORK/fish.txt"
grep -q '^github' "$WORK/fish.txt" && grep -q '^gitlab' "$WORK/fish.txt"

step "man pages checked by mandoc: credsum.1 on stdout, one page per command with --dir"
"$CREDSUM" man >"$WORK/credsum.1"
# Errors fail; warnings are shown (clap_mangen puts the version where man pages put a date).
mandoc -T lint -W warning "$WORK/credsum.1" || true
mandoc -T lint -W error "$WORK/credsum.1" || { echo "mandoc found errors" >&2; exit 1; }
mandoc -T ascii "$WORK/credsum.1" | sed "s/.\x08//g" | grep -qx SUBCOMMANDS
for sub in export lint lsp rules completions man; do
  grep -q "$sub" "$WORK/credsum.1" || { echo "the man page lacks $sub" >&2; exit 1; }
done
"$CREDSUM" man --dir "$WORK/man/man1"
for page in "$WORK"/man/man1/*.1; do
  mandoc -T lint -W error "$page" || { echo "mandoc found errors in $page" >&2; exit 1; }
done
for sub in export lint lsp rules completions man explain; do
  [ -f "$WORK/man/man1/credsum-$sub.1" ] || { echo "no page credsum-$sub.1" >&2; exit 1; }
done
# Every option of `credsum lint --help` is on its page, with the exit status.
lint_page=$(mandoc -T ascii "$WORK/man/man1/credsum-lint.1" | sed "s/.\x08//g")
for option in $("$CREDSUM" lint --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  grep -q -- "$option" <<<"$lint_page" || { echo "credsum-lint.1 lacks $option" >&2; exit 1; }
done
grep -q "EXIT STATUS" <<<"$lint_page" && grep -q "CONFIGURATION" <<<"$lint_page"
echo "man: $(ls "$WORK/man/man1" | wc -l) pages, every lint option on credsum-lint.1"

step "README's completion and man-page lines, run as written in a clean HOME"
readme_home="$WORK/home"
mkdir -p "$readme_home" "$WORK/bin"
ln -sf "$(cd "$(dirname "$CREDSUM")" && pwd)/credsum" "$WORK/bin/credsum"
awk '/^### Shell completions and the man page/{s=1} s&&/^```sh$/{b=1;next} b&&/^```$/{exit} b' README.md >"$WORK/readme-install.sh"
cat "$WORK/readme-install.sh"
HOME="$readme_home" PATH="$WORK/bin:$PATH" bash -euo pipefail "$WORK/readme-install.sh"
for made in .local/share/bash-completion/completions/credsum .zfunc/_credsum \
  .config/fish/completions/credsum.fish .config/elvish/rc.elv \
  .local/share/man/man1/credsum.1 .local/share/man/man1/credsum-lint.1; do
  [ -s "$readme_home/$made" ] || { echo "README's lines did not make ~/$made" >&2; exit 1; }
done
MANPATH="$readme_home/.local/share/man" man -w credsum-lint 2>/dev/null || true
echo "README install lines: every file made in a clean HOME"

step "GitHub Action steps outside GitHub (fake GITHUB_* in $WORK/gh)"
GH="$WORK/gh"
mkdir -p "$GH/temp" "$GH/tools" "$GH/repo with space"
export GITHUB_OUTPUT="$GH/output" GITHUB_PATH="$GH/path" RUNNER_TEMP="$GH/temp" \
  RUNNER_TOOL_CACHE="$GH/tools" RUNNER_OS=Linux GITHUB_ACTION_PATH="$PWD" ACTION_REF= ACTION_REPOSITORY=credsum/credsum
: >"$GITHUB_OUTPUT"
: >"$GITHUB_PATH"
action() { bash action/credsum-action.sh "$@"; }
value() { grep "^$1=" "$GITHUB_OUTPUT" | tail -n 1 | cut -d= -f2-; }
action key
key=$(value key) dir=$(value dir)
[[ $key == credsum-Linux-local-* && $dir == "$GH/tools/credsum/$key" ]] || { cat "$GITHUB_OUTPUT"; exit 1; }
# A cache miss installs from the action's folder (reusing this build's target folder)...
CARGO_TARGET_DIR="$TARGET" INSTALL_DIR="$dir" INSTALL_COMMIT=$(value commit) action install
[ -x "$dir/bin/credsum" ] && grep -qx "$dir/bin" "$GITHUB_PATH"
# ...and a cache hit installs nothing.
INSTALL_DIR="$dir" action install | grep -q "credsum is cached"
export PATH="$dir/bin:$PATH"
cp tests/examples/valid/*.json "$GH/repo with space/" 2>/dev/null || true
printf '{"totalUserCount": "Integer", "@odata.type": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary"}' >"$GH/repo with space/bad body.json"
# Annotations, paths with spaces one per line, extra arguments, the exit code kept for `finish`.
INPUT_PATHS="$GH/repo with space/bad body.json
tests/examples/valid" INPUT_ARGS="--deny-warnings --shard 1/1" INPUT_FORMAT=github \
  action lint | tee "$WORK/annotations.txt"
grep -q '^::error file=.*bad body.json,line=1,' "$WORK/annotations.txt"
[ "$(value exit-code)" = 1 ] || { echo "exit-code should be 1" >&2; exit 1; }
if LINT_EXIT_CODE=1 action finish; then echo "finish should fail the job" >&2; exit 1; fi
LINT_EXIT_CODE=0 action finish
# SARIF for code scanning: written to RUNNER_TEMP and named as an output.
INPUT_PATHS=tests/examples INPUT_UPLOAD_SARIF=true action lint
sarif=$(value sarif-file)
[ "$sarif" = "$RUNNER_TEMP/credsum.sarif" ]
python3 -c 'import json,sys; log=json.load(open(sys.argv[1])); assert log["version"]=="2.1.0" and log["runs"][0]["results"]' "$sarif"
[ "$(value exit-code)" = 1 ]
# A clean run exits 0.
INPUT_PATHS=tests/examples/valid action lint >/dev/null
[ "$(value exit-code)" = 0 ]
echo "action: key, install (miss and hit), lint (annotations, SARIF, exit codes), finish"
