#!/usr/bin/env bash
# Deploy one image tag to a host over SSH, check health, roll back automatically when it fails.
#   .github/deploy.sh staging|prod TAG     (env: DEPLOY_HOST, DEPLOY_SSH_KEY, DEPLOY_KNOWN_HOSTS;
#   BMC_FLOWS_FORCE=true deploys over flows edited in the n8n editor, see docs/workflows.md)
# On the host, /opt/bmc-bot holds the repository checkout and secrets/; the tag that last passed its
# health check is kept in /opt/bmc-bot/.deployed-tag, which is what a rollback returns to.
set -euo pipefail
env_name="${1:?staging|prod}"; tag="${2:?image tag}"
key="$(mktemp)"; trap 'rm -f "$key"' EXIT
printf '%s\n' "$DEPLOY_SSH_KEY" > "$key"; chmod 600 "$key"
mkdir -p ~/.ssh; printf '%s\n' "$DEPLOY_KNOWN_HOSTS" >> ~/.ssh/known_hosts

ssh -i "$key" "deploy@$DEPLOY_HOST" bash -s -- "$env_name" "$tag" "$GITHUB_SHA" "${BMC_FLOWS_FORCE:-false}" <<'REMOTE'
set -euo pipefail
env_name="$1"; tag="$2"; sha="$3"; export BMC_FLOWS_FORCE="$4"
cd /opt/bmc-bot
git fetch --quiet origin && git checkout --quiet "$sha"
compose=(docker compose -f compose/compose.yml -f "compose/compose.$env_name.yml" -f compose/compose.monitoring.yml)
previous="$(cat .deployed-tag 2>/dev/null || true)"

healthy() {
    # Every long-running container healthy, and the webhook entry answers through n8n.
    for _ in $(seq 1 40); do
        unhealthy="$("${compose[@]}" ps --format '{{.Service}} {{.Health}}' | awk '$2 != "" && $2 != "healthy"')"
        if [[ -z "$unhealthy" ]] && curl -fsS --max-time 5 "http://127.0.0.1:${N8N_WEBHOOK_PORT:-5678}/healthz/readiness" >/dev/null; then
            return 0
        fi
        sleep 6
    done
    echo "not healthy: $unhealthy" >&2
    return 1
}

# Refuse before anything changes when a flow was edited in the n8n editor since the last deploy.
PY_NODES_TAG="$tag" "${compose[@]}" run --rm -e BMC_FLOWS_CHECK_ONLY=true n8n-bootstrap
scripts/backup/backup.sh   # a restore point before every deploy
PY_NODES_TAG="$tag" "${compose[@]}" pull --quiet
PY_NODES_TAG="$tag" "${compose[@]}" up -d --remove-orphans
if healthy; then
    echo "$tag" > .deployed-tag
    echo "deployed $tag to $env_name"
    exit 0
fi
echo "health check failed for $tag: rolling back to ${previous:-nothing}" >&2
if [[ -n "$previous" ]]; then
    PY_NODES_TAG="$previous" "${compose[@]}" up -d --remove-orphans
    healthy || echo "rollback to $previous is not healthy either: page the on-call" >&2
fi
exit 1
REMOTE
