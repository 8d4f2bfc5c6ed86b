#!/usr/bin/env bash
# Runs ON the host (deploy.sh pipes it over SSH): deploy one image tag, check health through what
# the environment publishes (the ingress), roll back to the last healthy tag only when that check
# fails. tests/ops_infra/test_infra_deploy_script.py runs it against a stub `docker` and a fake
# ingress.
#   deploy-remote.sh ENV TAG SHA [FLOWS_FORCE]   (FLOWS_FORCE=true: deploy over editor edits)
# Environment (defaults for the hosts): BMC_DEPLOY_DIR (/opt/bmc-bot), N8N_WEBHOOK_PORT (8080),
# BMC_HEALTH_TRIES (40), BMC_HEALTH_SLEEP_S (6).
set -euo pipefail
env_name="$1"; tag="$2"; sha="$3"; export BMC_FLOWS_FORCE="${4:-false}"
cd "${BMC_DEPLOY_DIR:-/opt/bmc-bot}"
git fetch --quiet origin && git checkout --quiet "$sha"
compose=(docker compose -f compose/compose.yml -f "compose/compose.$env_name.yml" -f compose/compose.monitoring.yml)
previous="$(cat .deployed-tag 2>/dev/null || true)"
ingress="http://127.0.0.1:${N8N_WEBHOOK_PORT:-8080}/webhook/whatsapp"

ingress_answers() {
    # Meta's subscription handshake through ingress -> n8n -> Python nodes: the challenge comes
    # back only when every hop works. The URL (it holds the verify token) goes to curl on stdin,
    # never on a command line.
    local challenge body token
    challenge="deploy-$RANDOM$RANDOM"
    token="$(cat secrets/whatsapp_verify_token)"
    body="$(printf 'url = "%s?hub.mode=subscribe&hub.verify_token=%s&hub.challenge=%s"\n' \
        "$ingress" "$token" "$challenge" | curl -sS --max-time 5 -K - 2>/dev/null || true)"
    [[ "$body" == "$challenge" ]]
}

healthy() {
    # Every long-running container healthy, and the webhook answers through the ingress.
    local unhealthy=""
    for _ in $(seq 1 "${BMC_HEALTH_TRIES:-40}"); do
        unhealthy="$("${compose[@]}" ps --format '{{.Service}} {{.Health}}' | awk '$2 != "" && $2 != "healthy"')"
        if [[ -z "$unhealthy" ]] && ingress_answers; then
            return 0
        fi
        sleep "${BMC_HEALTH_SLEEP_S:-6}"
    done
    echo "not healthy: ${unhealthy:-the webhook does not answer through the ingress}" >&2
    return 1
}

# Refuse before anything changes when a flow was edited in the n8n editor since the last deploy.
PY_NODES_TAG="$tag" "${compose[@]}" run --rm -e BMC_FLOWS_CHECK_ONLY=true n8n-bootstrap
if [[ -n "$("${compose[@]}" ps -q)" ]]; then
    scripts/backup/backup.sh   # a restore point before every deploy
else
    echo "first deploy on this host: nothing running, nothing to back up"
fi
PY_NODES_TAG="$tag" "${compose[@]}" pull --quiet
PY_NODES_TAG="$tag" "${compose[@]}" up -d --remove-orphans
if healthy; then
    echo "$tag" > .deployed-tag
    echo "deployed $tag to $env_name"
    exit 0
fi
if [[ -z "$previous" ]]; then
    echo "health check failed for $tag on the first deploy: nothing to roll back to" >&2
    exit 1
fi
echo "health check failed for $tag: rolling back to $previous" >&2
PY_NODES_TAG="$previous" "${compose[@]}" up -d --remove-orphans
healthy || echo "rollback to $previous is not healthy either: page the on-call" >&2
exit 1
