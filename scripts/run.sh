#!/usr/bin/env bash
# Runs BMC Bot on a fresh machine with embedded defaults: installs what it needs, writes a random
# development secret set (once, git-ignored), then starts the Python nodes and n8n with the flows.
# Ctrl-C stops everything. Environment: PY_NODES_PORT (8000), N8N_PORT (5678), DATA_DIR (var/data).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv
export DATA_DIR="${DATA_DIR:-$ROOT/var/data}"
export PY_NODES_PORT="${PY_NODES_PORT:-8000}"
mkdir -p "$DATA_DIR"

SECRETS_DIR="${SECRETS_DIR:-$ROOT/var/secrets}"
if [[ -f secrets/generate.py ]]; then
    "$PY" secrets/generate.py --out "$SECRETS_DIR" >/dev/null
fi
# Every secret reaches the nodes as NAME_FILE, as Docker secrets do in production.
for file in "$SECRETS_DIR"/*; do
    [[ -f "$file" ]] || continue
    name="$(basename "$file")"
    export "${name^^}_FILE=$file"
done

say "Python nodes on http://127.0.0.1:$PY_NODES_PORT (docs: /docs, metrics: /metrics)"
exec "$VENV/bin/uvicorn" py_nodes.main:create_app --factory --host 127.0.0.1 \
    --port "$PY_NODES_PORT" --no-access-log
