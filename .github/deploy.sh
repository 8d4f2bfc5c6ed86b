#!/usr/bin/env bash
# Deploy one image tag to a host over SSH: .github/deploy-remote.sh runs there (health through the
# ingress, first deploy, rollback on a failed health check).
#   .github/deploy.sh staging|prod TAG     (env: DEPLOY_HOST, DEPLOY_SSH_KEY, DEPLOY_KNOWN_HOSTS;
#   BMC_FLOWS_FORCE=true deploys over flows edited in the n8n editor, see docs/workflows.md)
# On the host, /opt/bmc-bot holds the repository checkout and secrets/; the tag that last passed its
# health check is kept in /opt/bmc-bot/.deployed-tag, which is what a rollback returns to.
set -euo pipefail
env_name="${1:?staging|prod}"; tag="${2:?image tag}"
here="$(cd "$(dirname "$0")" && pwd)"
key="$(mktemp)"; trap 'rm -f "$key"' EXIT
printf '%s\n' "$DEPLOY_SSH_KEY" > "$key"; chmod 600 "$key"
mkdir -p ~/.ssh; printf '%s\n' "$DEPLOY_KNOWN_HOSTS" >> ~/.ssh/known_hosts

ssh -i "$key" "deploy@$DEPLOY_HOST" bash -s -- "$env_name" "$tag" "$GITHUB_SHA" "${BMC_FLOWS_FORCE:-false}" \
    < "$here/deploy-remote.sh"
