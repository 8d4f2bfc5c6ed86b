#!/usr/bin/env bash
# Production backup of a compose deployment: MongoDB, n8n's Postgres, n8n flows and credentials
# (encrypted by n8n), Qdrant collection snapshots -> $BACKUP_DIR/full-<UTC stamp>/ with SHA256SUMS,
# then retention. Run every 15 minutes (RPO 15 min), e.g. a systemd timer or cron:
#   */15 * * * *  /opt/bmc-bot/scripts/backup/backup.sh >>/var/log/bmc-backup.log 2>&1
# Environment: BACKUP_DIR (/var/backups/bmc-bot), BMC_COMPOSE (the compose command), KEEP_LAST (96),
# KEEP_DAILY (30), MONGODUMP_OPLOG (1; 0 for a standalone MongoDB), BACKUP_GPG_RECIPIENT (encrypt
# every file for that key), BACKUP_RSYNC_TARGET (copy off the host when set), BACKUP_METRICS_DIR
# (node-exporter's textfile directory: a good run writes its time there for the BackupStale alert).
set -euo pipefail
umask 077

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BMC_COMPOSE="${BMC_COMPOSE:-docker compose -f $ROOT/compose/compose.yml -f $ROOT/compose/compose.prod.yml}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/bmc-bot}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
final="$BACKUP_DIR/full-$stamp"
out="$final.partial"

log() { printf '[backup %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
dc() { $BMC_COMPOSE "$@"; }
trap 'log "FAILED: partial backup left in $out"' ERR
mkdir -p "$out/n8n" "$out/qdrant"

log "mongodb: mongodump --archive --gzip${MONGODUMP_OPLOG:+ (oplog=$MONGODUMP_OPLOG)}"
# The password goes through a tmpfs config file, not the command line.
dc exec -T -e OPLOG="${MONGODUMP_OPLOG:-1}" mongodb bash -c '
    set -euo pipefail; cfg="$(mktemp)"; trap "rm -f $cfg" EXIT
    printf "password: \"%s\"\n" "$(cat /run/secrets/mongo_root_password)" > "$cfg"
    extra=(); [[ "$OPLOG" == 1 ]] && extra=(--oplog)
    mongodump --quiet --config "$cfg" --username "$MONGO_INITDB_ROOT_USERNAME" \
        --authenticationDatabase admin --archive --gzip "${extra[@]}"' > "$out/mongodb.archive.gz"

log "postgres (n8n): pg_dump -Fc"
dc exec -T postgres pg_dump -U n8n -d n8n -Fc > "$out/n8n-postgres.dump"

log "n8n: export:workflow/credentials --backup (credentials stay encrypted with the n8n key)"
dc exec -T n8n sh -c '
    set -eu; d="$(mktemp -d)"
    n8n export:workflow --backup --output="$d/workflows/" >&2
    n8n export:credentials --backup --output="$d/credentials/" >&2 || mkdir -p "$d/credentials"
    n8n list:workflow --active=true --onlyId | grep -E "^[A-Za-z0-9_-]+\$" > "$d/active-workflows.txt" || true
    tar -C "$d" -cf - . ; rm -rf "$d"' | tar -C "$out/n8n" -xf -

log "qdrant: collection snapshots"
dc exec -T py-nodes python - create < "$HERE/qdrant_snapshots.py" > "$out/qdrant/snapshots.txt"
while read -r collection snapshot; do
    dc exec -T qdrant cat "/qdrant/snapshots/$collection/$snapshot" > "$out/qdrant/$collection.snapshot"
    dc exec -T py-nodes python - delete "$collection" "$snapshot" < "$HERE/qdrant_snapshots.py"
done < "$out/qdrant/snapshots.txt"

if [[ -n "${BACKUP_GPG_RECIPIENT:-}" ]]; then
    log "encrypting for $BACKUP_GPG_RECIPIENT"
    find "$out" -type f ! -name '*.gpg' -print0 | while IFS= read -r -d '' file; do
        gpg --batch --yes --recipient "$BACKUP_GPG_RECIPIENT" --output "$file.gpg" --encrypt "$file"
        rm -f "$file"
    done
fi

(cd "$out" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
mv "$out" "$final"
log "wrote $final ($(du -sh "$final" | cut -f1))"

python3 "$HERE/retention.py" "$BACKUP_DIR" --prefix full \
    --keep-last "${KEEP_LAST:-96}" --keep-daily "${KEEP_DAILY:-30}"
if [[ -n "${BACKUP_RSYNC_TARGET:-}" ]]; then
    rsync -a --delete "$BACKUP_DIR/" "$BACKUP_RSYNC_TARGET/"
    log "copied off-host to $BACKUP_RSYNC_TARGET"
fi

if [[ -n "${BACKUP_METRICS_DIR:-}" ]]; then
    # Written whole then renamed, so node-exporter never reads half a file.
    metric="$BACKUP_METRICS_DIR/bmc_backup.prom"
    {
        echo "# HELP bmc_backup_last_success_timestamp_seconds End of the last good backup."
        echo "# TYPE bmc_backup_last_success_timestamp_seconds gauge"
        echo "bmc_backup_last_success_timestamp_seconds $(date +%s)"
        echo "# HELP bmc_backup_last_size_bytes Size of the last good backup."
        echo "# TYPE bmc_backup_last_size_bytes gauge"
        echo "bmc_backup_last_size_bytes $(du -sb "$final" | cut -f1)"
    } > "$metric.tmp"
    chmod 644 "$metric.tmp"
    mv "$metric.tmp" "$metric"
fi
