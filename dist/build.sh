#!/usr/bin/env bash
# Builds the installable artifacts of credsum for this machine's platform into a new folder:
#
#   bash dist/build.sh OUT
#
#   OUT/credsum-VERSION-py3-none-PLATFORM.whl          pip install: the binary alone (maturin, bindings = "bin")
#   OUT/credsum-VERSION.tgz                            npm: the `credsum` command, a shim that runs...
#   OUT/credsum-cli-NODEPLATFORM-VERSION.tgz           ...the binary of @credsum/cli-NODEPLATFORM (os/cpu set)
#   OUT/credsum-vscode-NODEPLATFORM-VERSION.vsix       VS Code: the extension with the server inside (server/credsum)
#   OUT/SHA256SUMS                                     `sha256sum -c SHA256SUMS` checks them
#
# NODEPLATFORM is Node's and VS Code's name of the platform (linux-x64, darwin-arm64, win32-x64, ...).
# OUT must not exist: everything is built in a temporary folder beside it and renamed to OUT at the
# end, so a failed or interrupted run leaves no OUT and no half-written artifact.
#
# Environment:
#   CREDSUM_PROFILE  the cargo profile (default `dist`: fat LTO); CI passes `release` to reuse the
#                    binary its earlier step built instead of compiling again
#   CREDSUM_TARGET   a Rust target triple to build for (default: this machine's)
#   CREDSUM_ZIG      `1`: link with zig (cargo-zigbuild, `maturin --zig`) against glibc 2.17, for
#                    a manylinux2014 wheel and a Linux target other than the host
#   MATURIN          the maturin command (default: `maturin` on PATH; `pip install maturin`)
# Needs cargo, maturin, Node with npm (the extension's `npm ci` reaches the npm registry) and sha256sum
# (or `shasum -a 256`).
set -euo pipefail

fail() {
  echo "dist/build.sh: $*" >&2
  exit 1
}

[[ $# -eq 1 && -n $1 ]] || fail "usage: bash dist/build.sh OUT (a folder that does not exist yet)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$1"
[[ $out == /* ]] || out="$PWD/$out"
out="${out%/}"
parent="$(dirname "$out")"

# ---- the output folder: new, in a writable folder with room ------------------------------------
[[ ! -e $out && ! -L $out ]] || fail "$out already exists; the artifacts go into a new folder (remove it or name another)"
[[ -d $parent ]] || fail "$parent does not exist (create it first)"
[[ -w $parent ]] || fail "$parent is not writable"
# A binary is copied four times (wheel, npm, .vsix, staging) plus the extension's node_modules.
need_kib=$((200 * 1024))
free_kib="$(df -Pk "$parent" | awk 'NR == 2 { print $4 }')"
[[ $free_kib -ge $need_kib ]] || fail "$parent has $((free_kib / 1024)) MiB free; the build needs about $((need_kib / 1024)) MiB"

profile="${CREDSUM_PROFILE:-dist}"
maturin="${MATURIN:-maturin}"
command -v "$maturin" >/dev/null || fail "maturin not found: pip install maturin (or set MATURIN)"
command -v npm >/dev/null || fail "npm not found: install Node.js (20 or newer)"
if command -v sha256sum >/dev/null; then
  sha256() { sha256sum "$@"; }
elif command -v shasum >/dev/null; then
  sha256() { shasum -a 256 "$@"; }
else
  fail "neither sha256sum nor shasum found"
fi

# ---- version and platform ----------------------------------------------------------------------
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml")"
[[ -n $version ]] || fail "no version in the [workspace.package] of $root/Cargo.toml"
# The package manifests name the version too (npm and VS Code read only their own): they must agree.
node -e '
  const [root, version] = process.argv.slice(1);
  const read = (f) => JSON.parse(require("fs").readFileSync(`${root}/${f}`, "utf8"));
  const bad = [];
  for (const f of ["dist/npm/credsum/package.json", "editors/vscode/package.json"]) {
    const pkg = read(f);
    if (pkg.version !== version) bad.push(`${f}: version ${pkg.version}`);
    for (const [name, v] of Object.entries(pkg.optionalDependencies ?? {})) {
      if (v !== version) bad.push(`${f}: ${name} ${v}`);
    }
  }
  if (bad.length) {
    console.error(`dist/build.sh: Cargo.toml says ${version}, but ${bad.join("; ")}`);
    process.exit(1);
  }
' "$root" "$version"

triple="${CREDSUM_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"
case "$triple" in
  x86_64-unknown-linux-gnu) platform=linux-x64 ;;
  aarch64-unknown-linux-gnu) platform=linux-arm64 ;;
  x86_64-apple-darwin) platform=darwin-x64 ;;
  aarch64-apple-darwin) platform=darwin-arm64 ;;
  x86_64-pc-windows-msvc) platform=win32-x64 ;;
  *) fail "no npm/VS Code platform for the Rust target $triple (known: x86_64/aarch64 Linux gnu and macOS, x86_64 Windows msvc)" ;;
esac
os="${platform%-*}"
cpu="${platform#*-}"
exe=credsum
[[ $os == win32 ]] && exe=credsum.exe

# ---- the temporary folder beside OUT -----------------------------------------------------------
tmp="$(mktemp -d "$parent/.credsum-dist.XXXXXX")" || fail "cannot create a folder in $parent"
cleanup() {
  local status=$?
  rm -rf "$tmp"
  [[ $status -eq 0 ]] || echo "dist/build.sh: failed; $out was not created" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM
stage="$tmp/.stage"
mkdir -p "$stage"

say() { printf '[dist] %s\n' "$*"; }

# ---- the binary (no-op when this profile was built already) ------------------------------------
target_args=()
[[ -n ${CREDSUM_TARGET:-} ]] && target_args=(--target "$triple")
build=build
zig_args=()
if [[ ${CREDSUM_ZIG:-} == 1 ]]; then
  # glibc 2.17 symbols only: the wheel is manylinux2014, installable on every living distribution.
  [[ $triple == *-linux-gnu ]] || fail "CREDSUM_ZIG=1 is for Linux gnu targets"
  build=zigbuild
  target_args=(--target "$triple.2.17")
  zig_args=(--zig --compatibility manylinux2014)
fi
say "cargo $build --profile $profile${target_args[*]+ ${target_args[*]}} -p credsum"
(cd "$root" && cargo "$build" --quiet --locked --profile "$profile" ${target_args[@]+"${target_args[@]}"} -p credsum)
[[ ${CREDSUM_ZIG:-} == 1 ]] && target_args=(--target "$triple")
target_dir="${CARGO_TARGET_DIR:-$root/target}"
[[ $target_dir == /* ]] || target_dir="$root/$target_dir"
bin="$target_dir/${CREDSUM_TARGET:+$triple/}$profile/$exe"
[[ -x $bin ]] || fail "cargo built no $bin"
if [[ -z ${CREDSUM_TARGET:-} ]]; then
  [[ "$("$bin" --version)" == "credsum $version" ]] || fail "$bin --version says '$("$bin" --version)', not 'credsum $version'"
fi

# ---- the wheel -----------------------------------------------------------------------------------
say "maturin build (wheel)"
(cd "$root/dist/python" && "$maturin" build --quiet --locked --profile "$profile" ${target_args[@]+"${target_args[@]}"} ${zig_args[@]+"${zig_args[@]}"} --out "$tmp") \
  >"$stage/maturin.log" 2>&1 || { cat "$stage/maturin.log" >&2; fail "maturin build failed"; }
compgen -G "$tmp/credsum-$version-*.whl" >/dev/null || fail "maturin wrote no credsum-$version wheel"

# ---- the npm packages ----------------------------------------------------------------------------
say "npm pack: credsum and @credsum/cli-$platform"
cp -R "$root/dist/npm/credsum" "$stage/npm-credsum"
mkdir -p "$stage/npm-platform/bin"
sed -e "s/@PLATFORM@/$platform/g" -e "s/@VERSION@/$version/g" -e "s/@OS@/$os/g" -e "s/@CPU@/$cpu/g" \
  "$root/dist/npm/platform/package.json.in" >"$stage/npm-platform/package.json"
printf '# @credsum/cli-%s\n\nThe `credsum` binary for %s, installed by the `credsum` npm package.\n' \
  "$platform" "$platform" >"$stage/npm-platform/README.md"
cp "$bin" "$stage/npm-platform/bin/$exe"
chmod 755 "$stage/npm-platform/bin/$exe" "$stage/npm-credsum/bin/credsum.js"
for pkg in npm-credsum npm-platform; do
  (cd "$stage/$pkg" && npm pack --silent --pack-destination "$tmp" >/dev/null)
done
[[ -f $tmp/credsum-$version.tgz && -f $tmp/credsum-cli-$platform-$version.tgz ]] || fail "npm pack wrote no tarballs"

# ---- the platform VS Code extension --------------------------------------------------------------
say "vsce package --target $platform (the extension with the server inside)"
(cd "$root/editors/vscode" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent compile) \
  >"$stage/vscode-build.log" 2>&1 || { cat "$stage/vscode-build.log" >&2; fail "building the extension failed"; }
# A copy with the same layout (its prepublish script reads ../../schema), plus server/.
mkdir -p "$stage/repo/editors"
cp -R "$root/schema" "$stage/repo/schema"
cp -R "$root/editors/vscode" "$stage/repo/editors/vscode"
rm -f "$stage"/repo/editors/vscode/*.vsix
mkdir -p "$stage/repo/editors/vscode/server"
cp "$bin" "$stage/repo/editors/vscode/server/$exe"
chmod 755 "$stage/repo/editors/vscode/server/$exe"
vsix="$tmp/credsum-vscode-$platform-$version.vsix"
(cd "$stage/repo/editors/vscode" && npx --no-install vsce package --target "$platform" --out "$vsix") \
  >"$stage/vsce.log" 2>&1 || { cat "$stage/vsce.log" >&2; fail "vsce package failed"; }
unzip -Z1 "$vsix" | grep -x "extension/server/$exe" >/dev/null || fail "the .vsix holds no extension/server/$exe"

# ---- checksums, then OUT -------------------------------------------------------------------------
rm -rf "$stage"
(cd "$tmp" && sha256 -- * >SHA256SUMS)
[[ ! -e $out ]] || fail "$out appeared while building; the artifacts stay out of it"
mv "$tmp" "$out"
chmod 755 "$out"
trap - EXIT
say "wrote $out:"
(cd "$out" && ls -l)
