#!/usr/bin/env bash
# n8n flows and credentials: backup and restore with n8n's own CLI (no running server needed).
#   scripts/backup/n8n.sh backup  OUT_DIR   -> OUT_DIR/workflows/*.json, OUT_DIR/credentials/*.json,
#                                              OUT_DIR/active-workflows.txt
#   scripts/backup/n8n.sh restore IN_DIR    -> imports both, then publishes every flow that was active
# Credentials stay encrypted with N8N_ENCRYPTION_KEY (export --backup never decrypts): a restore needs
# the same key. N8N_CMD is how n8n is started (default: `n8n`; in compose:
# `docker compose exec -T n8n n8n`). In queue mode run it with the n8n processes stopped or restart
# them afterwards: activation takes effect at the next start.
set -euo pipefail

N8N_CMD="${N8N_CMD:-n8n}"
log() { printf '[n8n-backup %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
n8n() { $N8N_CMD "$@"; }

export_or_empty() {
    local kind="$1" dir="$2" output
    if ! output="$(n8n "export:$kind" --backup --output="$dir/" 2>&1)"; then
        grep -q "No $kind\(s\)\? found" <<<"$output" || { printf '%s\n' "$output" >&2; exit 1; }
        log "no $kind to export"
    fi
    mkdir -p "$dir"
}

backup() {
    local out="$1"
    mkdir -p "$out"
    # A fresh instance with no flow or no credential yet is not an error; any other failure is.
    export_or_empty workflow "$out/workflows"
    export_or_empty credentials "$out/credentials"
    n8n list:workflow --active=true --onlyId | grep -E '^[A-Za-z0-9_-]+$' | sort > "$out/active-workflows.txt" || true
    log "exported $(find "$out/workflows" -name '*.json' | wc -l) workflows," \
        "$(find "$out/credentials" -name '*.json' | wc -l) credentials," \
        "$(wc -l < "$out/active-workflows.txt") active"
}

restore() {
    local in="$1" id
    [[ -d "$in/workflows" ]] || { log "$in/workflows not found"; exit 1; }
    if compgen -G "$in/credentials/*.json" >/dev/null; then
        n8n import:credentials --separate --input="$in/credentials" >&2
    fi
    # Imports deactivate every flow; the list written at backup time says which to publish again.
    n8n import:workflow --separate --input="$in/workflows" >&2
    while read -r id; do
        [[ -n "$id" ]] || continue
        n8n publish:workflow --id="$id" >&2
    done < "$in/active-workflows.txt"
    log "restored; active now: $(n8n list:workflow --active=true --onlyId | grep -cE '^[A-Za-z0-9_-]+$' || true)"
}

case "${1:-}" in
    backup) backup "${2:?usage: n8n.sh backup OUT_DIR}" ;;
    restore) restore "${2:?usage: n8n.sh restore IN_DIR}" ;;
    *) echo "usage: n8n.sh backup OUT_DIR | restore IN_DIR" >&2; exit 2 ;;
esac
