#!/bin/sh
# n8n-bootstrap (one-shot, before the n8n processes start): creates the flows' credentials from the
# Docker secrets, imports the versioned flows from git (same ids: git wins) and publishes them.
set -eu
flows="${BMC_WORKFLOWS_DIR:-/opt/bmc/workflows}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
umask 077
node /opt/bmc/bootstrap/credentials.mjs > "$tmp/credentials.json"
n8n import:credentials --input="$tmp/credentials.json"
rm -f "$tmp/credentials.json"
n8n import:workflow --separate --input="$flows"
for file in "$flows"/*.json; do
    id="$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).id)' "$file")"
    n8n publish:workflow --id="$id"
done
echo "n8n-bootstrap: credentials created, $(ls "$flows"/*.json | wc -l) flows imported and published"
