#!/usr/bin/env bash
# Builds the asl-lsp VS Code extension as a .vsix, optionally with a prebuilt asl-lsp inside it (server/), so
# a user installs one file. Usage (from anywhere):
#   editors/vscode/scripts/package.sh [--build RUST_TARGET | --server BINARY [--target VSCE_TARGET]] [--out FILE]
#   --build x86_64-unknown-linux-gnu   cargo build --release for that target and bundle the binary; the .vsix
#                                      is made platform-specific (linux-x64) as the Marketplace expects
#   --server PATH                      bundle an existing binary (with --target for its platform, optional)
#   (neither)                          a universal .vsix that uses asl-lsp from PATH or aslLsp.serverPath
# Needs node and npm; vsce is @vscode/vsce@3.9.2 run through npx unless VSCE names another vsce command.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
server="" target="" build="" out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --server) server="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

# The VS Code platform of a Rust target triple.
vsce_target() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo linux-x64 ;;
    aarch64-unknown-linux-gnu) echo linux-arm64 ;;
    x86_64-unknown-linux-musl) echo alpine-x64 ;;
    aarch64-unknown-linux-musl) echo alpine-arm64 ;;
    x86_64-apple-darwin) echo darwin-x64 ;;
    aarch64-apple-darwin) echo darwin-arm64 ;;
    x86_64-pc-windows-msvc) echo win32-x64 ;;
    aarch64-pc-windows-msvc) echo win32-arm64 ;;
    *) echo "package.sh: no VS Code platform known for the Rust target $1" >&2; return 1 ;;
  esac
}

if [[ -n "$build" ]]; then
  target="${target:-$(vsce_target "$build")}"
  if [[ "$build" == "$(rustc -vV | sed -n 's/^host: //p')" ]]; then
    # The host's own target: the ordinary release build (target/release), shared with `cargo build --release`.
    (cd "$repo" && cargo build --release --locked)
    server="$repo/target/release/asl-lsp"
  else
    (cd "$repo" && cargo build --release --locked --target "$build")
    server="$repo/target/$build/release/asl-lsp"
  fi
  if [[ "$build" == *windows* ]]; then server="$server.exe"; fi
fi

version="$(node -p "require('$here/package.json').version")"
if [[ -z "$out" ]]; then
  out="$repo/target/vsix/asl-lsp-$version${target:+-$target}.vsix"
fi
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

stage="$(mktemp -d "${TMPDIR:-/tmp}/asl-lsp-vsix.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
# What the extension is made of; tests and these scripts stay out.
cp -R "$here/package.json" "$here/package-lock.json" "$here/extension.js" "$here/README.md" \
  "$here/language-configuration" "$here/syntaxes" "$stage/"
cp "$repo/CHANGELOG.md" "$stage/CHANGELOG.md"
cat "$repo/LICENSE-MIT" > "$stage/LICENSE"
printf '\n\n' >> "$stage/LICENSE"
cat "$repo/LICENSE-APACHE" >> "$stage/LICENSE"
printf '%s\n' '**/*.map' '**/*.d.ts' '.vscodeignore' > "$stage/.vscodeignore"
(cd "$stage" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)

if [[ -n "$server" ]]; then
  [[ -f "$server" ]] || { echo "package.sh: no server binary at $server" >&2; exit 1; }
  mkdir -p "$stage/server"
  name=asl-lsp
  if [[ "$server" == *.exe || "$target" == win32-* ]]; then name=asl-lsp.exe; fi
  cp "$server" "$stage/server/$name"
  chmod 755 "$stage/server/$name"
fi

vsce=(${VSCE:-npx --yes @vscode/vsce@3.9.2})
(cd "$stage" && "${vsce[@]}" package --allow-missing-repository ${target:+--target "$target"} --out "$out") >&2
echo "$out"
