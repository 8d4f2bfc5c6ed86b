"""n8n credentials built at start from secret files (Docker secrets), never stored in git."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PY_NODES_KEY = {"id": "bmcPyNodesApiKey", "name": "Python nodes API key", "type": "httpHeaderAuth"}
GRAPH_TOKEN = {
    "id": "bmcWhatsappGraph",
    "name": "WhatsApp Graph API token",
    "type": "httpBearerAuth",
}
TEAM_SMTP = {"id": "bmcTeamSmtp00001", "name": "Team e-mail (SMTP)", "type": "smtp"}
CREDENTIAL_IDS = {ref["id"] for ref in (PY_NODES_KEY, GRAPH_TOKEN, TEAM_SMTP)}


@dataclass(frozen=True)
class CredentialSecrets:
    """The secret values the flows' credentials need."""

    api_key: str
    graph_token: str
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_secure: bool = False


def read_secret(name: str, default: str | None = None) -> str:
    """``NAME_FILE`` (first value of a rotation list, newline kept out) or ``NAME``."""
    path = os.environ.get(f"{name}_FILE")
    raw = Path(path).read_text(encoding="utf-8") if path else os.environ.get(name, default)
    if raw is None:
        raise KeyError(f"set {name}_FILE (a Docker secret) or {name}")
    return raw.replace("\n", ",").split(",")[0].strip()


def n8n_key(values: str) -> str:
    """n8n's own key from an ``API_KEYS`` list: the first ``n8n:KEY`` line or bare key.

    compose mounts only n8n's line (secret ``n8n_api_key``); a whole ``api_keys`` list also works.
    """
    for value in values.replace("\n", ",").split(","):
        client, sep, key = value.strip().partition(":")
        if not sep and client:
            return client
        if client == "n8n" and key:
            return key.strip()
    raise KeyError("API_KEYS holds no n8n key (a line 'n8n:KEY')")


def secrets_from_env() -> CredentialSecrets:
    """Read every credential from the environment / secret files, as in the compose file."""
    path = os.environ.get("API_KEYS_FILE")
    keys = Path(path).read_text(encoding="utf-8") if path else os.environ.get("API_KEYS")
    if keys is None:
        raise KeyError("set API_KEYS_FILE (a Docker secret) or API_KEYS")
    return CredentialSecrets(
        api_key=n8n_key(keys),
        graph_token=read_secret("WHATSAPP_ACCESS_TOKEN"),
        smtp_host=os.environ.get("SMTP_HOST", "127.0.0.1"),
        smtp_port=int(os.environ.get("SMTP_PORT", "25")),
        smtp_user=read_secret("SMTP_USER", ""),
        smtp_password=read_secret("SMTP_PASSWORD", ""),
        smtp_secure=os.environ.get("SMTP_SECURE", "false").lower() == "true",
    )


def credential_documents(secrets: CredentialSecrets) -> list[dict[str, Any]]:
    """The ``import:credentials`` payload: n8n encrypts ``data`` with its own key on import."""
    smtp: dict[str, Any] = {
        "host": secrets.smtp_host,
        "port": secrets.smtp_port,
        "secure": secrets.smtp_secure,
        "user": secrets.smtp_user,
        "password": secrets.smtp_password,
        "disableStartTls": not secrets.smtp_secure,
    }
    return [
        {**PY_NODES_KEY, "data": {"name": "X-API-Key", "value": secrets.api_key}},
        {**GRAPH_TOKEN, "data": {"token": secrets.graph_token}},
        {**TEAM_SMTP, "data": smtp},
    ]


def write_credentials_file(secrets: CredentialSecrets, path: Path) -> Path:
    """Write the payload with owner-only permissions (it holds secrets in clear)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(credential_documents(secrets), handle)
    return path
