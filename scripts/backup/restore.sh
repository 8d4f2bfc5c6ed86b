#!/usr/bin/env bash
# Restore a backup written by backup.sh into a compose deployment (docs/disaster-recovery.md).
#   scripts/backup/restore.sh BACKUP_DIR/full-<stamp> [mongodb] [postgres] [n8n] [qdrant]
# With no component named, restores all four. n8n's Postgres dump already holds flows and
# credentials: "n8n" (the CLI export) is for a fresh n8n database, so it is skipped when "postgres"
# is restored in the same run. Needs the same secrets (above all n8n_encryption_key) as the backup.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BMC_COMPOSE="${BMC_COMPOSE:-docker compose -f $ROOT/compose/compose.yml -f $ROOT/compose/compose.prod.yml}"
src="${1:?usage: restore.sh BACKUP_PATH [mongodb] [postgres] [n8n] [qdrant]}"; shift
components=("$@"); [[ ${#components[@]} -gt 0 ]] || components=(mongodb postgres qdrant)

log() { printf '[restore %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
dc() { $BMC_COMPOSE "$@"; }
wants() { [[ " ${components[*]} " == *" $1 "* ]]; }

[[ -d "$src" ]] || { log "$src is not a backup folder"; exit 1; }
log "verifying checksums"
(cd "$src" && sha256sum --quiet -c SHA256SUMS)
if compgen -G "$src/*.gpg" >/dev/null; then log "decrypt the .gpg files first (gpg --decrypt)"; exit 1; fi

log "stopping the writers (py-nodes, n8n processes)"
dc stop py-nodes n8n n8n-webhook n8n-worker 2>/dev/null || dc stop py-nodes n8n

if wants mongodb; then
    log "mongodb: mongorestore --drop --oplogReplay"
    dc exec -T -e OPLOG="${MONGODUMP_OPLOG:-1}" mongodb bash -c '
        set -euo pipefail; cfg="$(mktemp)"; trap "rm -f $cfg" EXIT
        printf "password: \"%s\"\n" "$(cat /run/secrets/mongo_root_password)" > "$cfg"
        extra=(); [[ "$OPLOG" == 1 ]] && extra=(--oplogReplay)
        mongorestore --quiet --config "$cfg" --username "$MONGO_INITDB_ROOT_USERNAME" \
            --authenticationDatabase admin --archive --gzip --drop "${extra[@]}"' \
        < "$src/mongodb.archive.gz"
fi

if wants postgres; then
    log "postgres (n8n): pg_restore --clean"
    dc exec -T postgres pg_restore -U n8n -d n8n --clean --if-exists --no-owner \
        < "$src/n8n-postgres.dump"
elif wants n8n; then
    log "n8n: import flows and credentials, publish the flows that were active"
    tar -C "$src/n8n" -cf - . | dc run --rm -T --no-deps --entrypoint sh n8n -c '
        set -eu; d="$(mktemp -d)"; tar -C "$d" -xf -
        n8n import:credentials --separate --input="$d/credentials" || true
        n8n import:workflow --separate --input="$d/workflows"
        while read -r id; do [ -n "$id" ] && n8n publish:workflow --id="$id"; done < "$d/active-workflows.txt"'
fi

if wants qdrant; then
    for file in "$src"/qdrant/*.snapshot; do
        [[ -e "$file" ]] || continue
        collection="$(basename "$file" .snapshot)"; name="restore-$(basename "$src").snapshot"
        log "qdrant: recovering $collection"
        dc exec -T qdrant bash -c "mkdir -p /qdrant/snapshots/$collection && cat > /qdrant/snapshots/$collection/$name" < "$file"
        dc exec -T py-nodes python - recover "$collection" "$name" < "$HERE/qdrant_snapshots.py" \
            || dc run --rm -T --no-deps py-nodes python - recover "$collection" "$name" < "$HERE/qdrant_snapshots.py"
    done
fi

log "starting everything again"
dc up -d
log "done: check /health/ready and the n8n editor (docs/disaster-recovery.md, step 6)"
