#!/usr/bin/env bash
# Runs BMC Bot on a fresh machine with embedded defaults: installs what it needs (virtual env, the
# pinned n8n into a per-machine cache), then starts the Python nodes, n8n with the versioned flows
# and a local fake WhatsApp Graph API, with a random secret set generated once under var/stack/.
# It prints the WhatsApp webhook URL; `.venv/bin/python -m workflows.chat` talks to the bot.
# Ctrl-C stops everything. Extra arguments go to `python -m workflows.stack` (see its --help).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_apt npm:npm haproxy:haproxy
# --queue: n8n as in production (main + webhook + workers) on a private PostgreSQL and Redis.
if [[ " $* " == *" --queue "* ]]; then ensure_apt pg_ctlcluster:postgresql redis-server:redis-server; fi
ensure_venv
say "installing the pinned n8n (cached per machine; first time about 4 minutes)"
bash scripts/install-n8n.sh >/dev/null
exec "$PY" -m workflows.stack "$@"
