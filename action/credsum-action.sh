#!/usr/bin/env bash
# The shell steps of the credsum GitHub Action (action.yml at the repository root), kept here so
# they can be run and tested outside GitHub (.ci/cli.sh does, with GITHUB_* faked to a folder).
#
#   credsum-action.sh key       writes `key=` (the cache key: OS + the commit to install) and
#                               `dir=` (the install folder) to $GITHUB_OUTPUT
#   credsum-action.sh install   installs credsum into that folder unless the cache restored it
#                               (for a version tag `vX.Y.Z`, the binary of the published wheel
#                               `credsum==X.Y.Z` when PyPI has one for the platform; else, and
#                               for branches and commits, `cargo install` from source), and puts
#                               its bin/ on $GITHUB_PATH
#   credsum-action.sh lint      runs `credsum lint` in INPUT_FORMAT, or with INPUT_UPLOAD_SARIF=true
#                               as SARIF into a file (`sarif-file=`); writes `exit-code=` to
#                               $GITHUB_OUTPUT and exits 0, so that the SARIF upload still runs
#                               (the `finish` step then fails the job)
#   credsum-action.sh finish    exits with the lint's exit code
#
# Inputs come as environment variables: INPUT_PATHS (one path or glob per line), INPUT_ARGS
# (more `credsum lint` arguments, split on blanks), INPUT_FORMAT, INPUT_UPLOAD_SARIF; ACTION_REF
# and ACTION_REPOSITORY (github.action_ref / github.action_repository: empty for `uses: ./`,
# which installs from the action's own folder, GITHUB_ACTION_PATH).
set -euo pipefail

fail() {
  echo "credsum action: $*" >&2
  exit 2
}

# Appends `name=value` to the step outputs.
output() {
  echo "$1=$2" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
}

# The folder credsum is installed into (bin/credsum inside), one per cache key.
install_dir() {
  echo "${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:?RUNNER_TEMP is not set}}/credsum/$1"
}

# The commit the action's ref names: the ref itself when it is a full commit id, else asked
# of the repository (a tag or branch moves; its commit does not).
resolve_commit() {
  local ref=$1 repo=$2
  if [[ $ref =~ ^[0-9a-f]{40}$ ]]; then
    echo "$ref"
    return
  fi
  local line
  line=$(git ls-remote "https://github.com/$repo" "$ref" "refs/tags/$ref^{}" 2>/dev/null | tail -n 1) ||
    fail "cannot resolve $ref in $repo"
  [[ -n $line ]] || fail "no ref $ref in $repo"
  echo "${line%%[[:space:]]*}"
}

cmd_key() {
  local version
  if [[ -n ${ACTION_REF:-} ]]; then
    version=$(resolve_commit "$ACTION_REF" "${ACTION_REPOSITORY:?ACTION_REPOSITORY is not set}")
  else
    # `uses: ./`: the checked-out source is the version; its lock file and sources name it.
    local root=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}
    version=local-$(cd "$root" && find Cargo.lock Cargo.toml crates -type f \( -name '*.rs' -o -name '*.toml' -o -name Cargo.lock \) -print0 |
      sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  fi
  local key
  key="credsum-${RUNNER_OS:-$(uname -s)}-$version"
  output key "$key"
  output dir "$(install_dir "$key")"
  output commit "$version"
}

# The version a tag ref names (v0.1.0 gives 0.1.0): PyPI may hold its wheel. Nothing for a
# branch, a commit or `uses: ./`.
tag_version() {
  if [[ ${ACTION_REF:-} =~ ^v([0-9]+\.[0-9]+\.[0-9]+([-.+][0-9A-Za-z.]+)?)$ ]]; then
    echo "${BASH_REMATCH[1]}"
  fi
}

# Puts the binary of the published wheel `credsum==$2` for this platform into $1/bin; fails (and
# leaves $1 alone) when pip finds no such wheel. Only the wheel: `--only-binary` never builds.
install_wheel() {
  local dir=$1 version=$2 python download
  python=$(command -v python3 || command -v python) || return 1
  download=$(mktemp -d "${RUNNER_TEMP:-/tmp}/credsum-wheel.XXXXXX")
  if ! "$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary :all: \
    --dest "$download" "credsum==$version"; then
    rm -rf "$download"
    return 1
  fi
  # A `bindings = "bin"` wheel holds the binary as credsum-VERSION.data/scripts/credsum[.exe].
  "$python" - "$download"/credsum-*.whl "$dir/bin" <<'PY'
import os, sys, zipfile
wheel, bin_dir = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as zf:
    names = [n for n in zf.namelist() if ".data/scripts/credsum" in n]
    if len(names) != 1:
        sys.exit(f"{wheel}: no credsum binary inside")
    os.makedirs(bin_dir, exist_ok=True)
    target = os.path.join(bin_dir, os.path.basename(names[0]))
    with zf.open(names[0]) as src, open(target, "wb") as dst:
        dst.write(src.read())
    os.chmod(target, 0o755)
PY
  local status=$?
  rm -rf "$download"
  return $status
}

cmd_install() {
  local dir=${INSTALL_DIR:?INSTALL_DIR is not set} version
  version=$(tag_version)
  if [[ -x $dir/bin/credsum ]]; then
    echo "credsum is cached in $dir"
  elif [[ -n $version ]] && install_wheel "$dir" "$version"; then
    echo "credsum $version installed from its wheel (PyPI)"
  elif [[ -n ${ACTION_REF:-} ]]; then
    [[ -z $version ]] || echo "no credsum $version wheel for this platform: building from source"
    cargo install --locked --root "$dir" --git "https://github.com/$ACTION_REPOSITORY" \
      --rev "${INSTALL_COMMIT:?INSTALL_COMMIT is not set}" credsum
  else
    cargo install --locked --root "$dir" --path "$GITHUB_ACTION_PATH/crates/credsum-cli"
  fi
  "$dir/bin/credsum" --version
  echo "$dir/bin" >>"${GITHUB_PATH:?GITHUB_PATH is not set}"
}

cmd_lint() {
  local paths=() args=() line
  while IFS= read -r line; do
    [[ -n ${line//[[:space:]]/} ]] && paths+=("$line")
  done <<<"${INPUT_PATHS:-.}"
  [[ ${#paths[@]} -gt 0 ]] || paths=(.)
  # Split on blanks only: no globbing, no quotes, no expansions of the workflow's text.
  read -r -a args <<<"${INPUT_ARGS:-}"
  local credsum=${CREDSUM:-credsum}
  local format=${INPUT_FORMAT:-github}
  local status=0
  if [[ ${INPUT_UPLOAD_SARIF:-false} == true ]]; then
    # One run: the SARIF log goes to its file (code scanning shows its findings on the pull
    # request), the summary line to the job's log.
    local sarif="${RUNNER_TEMP:?RUNNER_TEMP is not set}/credsum.sarif"
    "$credsum" lint --format sarif --output-file "$sarif" "${args[@]}" -- "${paths[@]}" || status=$?
    if [[ -f $sarif ]]; then
      output sarif-file "$sarif"
    fi
  else
    "$credsum" lint --format "$format" "${args[@]}" -- "${paths[@]}" || status=$?
  fi
  output exit-code "$status"
}

cmd_finish() {
  exit "${LINT_EXIT_CODE:-0}"
}

case "${1:-}" in
  key) cmd_key ;;
  install) cmd_install ;;
  lint) cmd_lint ;;
  finish) cmd_finish ;;
  *) fail "usage: $0 key|install|lint|finish" ;;
esac
