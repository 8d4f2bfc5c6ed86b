#!/bin/sh
# n8n-bootstrap (one-shot, before the n8n processes start): creates the flows' credentials from the
# Docker secrets, imports the versioned flows from git (same ids: git wins) and publishes them.
# It first refuses to overwrite a flow edited in the n8n editor since the last deploy (flow-guard.mjs;
# BMC_FLOWS_FORCE=true overrides; BMC_FLOWS_CHECK_ONLY=true stops after that check).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"  # /opt/bmc/bootstrap in compose
flows="${BMC_WORKFLOWS_DIR:-/opt/bmc/workflows}"
record="${N8N_USER_FOLDER:-$HOME}/.n8n/bmc-deployed-flows.json"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
umask 077
export_live() {  # the flows in n8n's database into $tmp/live (none on a new instance)
    rm -rf "$tmp/live" && mkdir "$tmp/live"
    if ! out="$(n8n export:workflow --all --separate --output="$tmp/live" 2>&1)"; then
        case "$out" in *"No workflows found"*) ;; *) echo "$out" >&2; exit 1 ;; esac
    fi
}
export_live
node "$here"/flow-guard.mjs check "$tmp/live" "$flows" "$record"
[ "${BMC_FLOWS_CHECK_ONLY:-false}" = true ] && exit 0
node "$here"/credentials.mjs > "$tmp/credentials.json"
n8n import:credentials --input="$tmp/credentials.json"
rm -f "$tmp/credentials.json"
n8n import:workflow --separate --input="$flows"
for file in "$flows"/*.json; do
    id="$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).id)' "$file")"
    n8n publish:workflow --id="$id"
done
export_live
node "$here"/flow-guard.mjs record "$tmp/live" "$flows" "$record"
echo "n8n-bootstrap: credentials created, $(ls "$flows"/*.json | wc -l) flows imported and published"
