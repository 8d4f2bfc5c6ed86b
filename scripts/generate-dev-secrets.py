#!/usr/bin/env python3
"""Write a complete random set of development secrets, in the formats the services read.

    .venv/bin/python scripts/generate-dev-secrets.py [--target secrets/] [--force]

Each secret is one file, no trailing newline, mode 0600. Existing files are kept unless
``--force`` (so a running stack keeps its keys); derived values (redis_url, the owner password
hash) are built from the files on disk. Provider credentials (LLM key, Graph API token, Sentry
DSN, SMTP password) are written empty: those features stay off locally. The editor's TLS
certificate is self-signed for localhost and 127.0.0.1 (and ``N8N_EDITOR_HOST`` when set).
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def token(nbytes: int = 32) -> Callable[[Path], str]:
    return lambda _target: secrets.token_urlsafe(nbytes)


def hex_secret(nbytes: int = 16) -> Callable[[Path], str]:
    return lambda _target: secrets.token_hex(nbytes)


def api_keys(_target: Path) -> str:
    """One key per service client (py_nodes/core/access.py says what each may call)."""
    clients = ("n8n", "desk", "export")
    return "\n".join(f"{client}:{secrets.token_urlsafe(32)}" for client in clients)


def n8n_api_key(target: Path) -> str:
    """n8n's own line of ``api_keys``, the only one mounted into the n8n containers."""
    for line in read(target, "api_keys").splitlines():
        client, sep, _key = line.partition(":")
        if not sep or client == "n8n":
            return line
    raise SystemExit("secrets/api_keys has no 'n8n:KEY' line")


def auth_clients(_target: Path) -> str:
    return "\n".join(
        [
            f"quote-admin:{secrets.token_urlsafe(24)}:quotes:read quotes:write quotes:pdf export",
            f"report-bot:{secrets.token_urlsafe(24)}:export",
            f"desk:{secrets.token_urlsafe(24)}:quotes:read quotes:write export",
        ]
    )


def desk_quote_client(target: Path) -> str:
    """The sales desk's own client (``id:secret``), the ``desk`` line of ``auth_clients``."""
    for line in read(target, "auth_clients").splitlines():
        client_id, _, rest = line.partition(":")
        if client_id == "desk":
            return f"desk:{rest.partition(':')[0]}"
    raise SystemExit("auth_clients has no 'desk' client: add one, or regenerate with --force")


def desk_accounts(target: Path) -> str:
    """One development seller, ``ventas``, whose password is in ``desk_password``."""
    from argon2 import PasswordHasher

    return f"ventas:{PasswordHasher().hash(read(target, 'desk_password'))}:Ventas BMC"


def read(target: Path, name: str) -> str:
    return (target / name).read_text(encoding="utf-8")


def mongodb_uri(_target: Path) -> str:
    # The application user; compose/mongo/init-app-user.js creates it from this URI.
    return f"mongodb://bmc_app:{secrets.token_urlsafe(24)}@mongodb:27017/bmc_bot?authSource=bmc_bot"


def redis_url(target: Path) -> str:
    return f"redis://:{read(target, 'redis_password')}@redis:6379/0"


def owner_password_hash(target: Path) -> str:
    """bcrypt of ``n8n_owner_password`` (n8n's N8N_INSTANCE_OWNER_PASSWORD_HASH)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt  # stdlib up to 3.12; bcrypt through the system's libcrypt

    salt = crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1024)
    hashed = crypt.crypt(read(target, "n8n_owner_password"), salt)
    if not hashed or not hashed.startswith("$2"):
        raise SystemExit("this system's crypt() has no bcrypt: hash n8n_owner_password yourself")
    return hashed


def editor_tls(_target: Path) -> str:
    """Self-signed certificate + key for the editor's TLS entry (HAProxy's ``crt`` PEM)."""
    from workflows.tls import self_signed_pem

    host = os.environ.get("N8N_EDITOR_HOST", "").strip()
    return self_signed_pem((host,) if host else ())


def mongo_keyfile(_target: Path) -> str:
    return base64.b64encode(secrets.token_bytes(756)).decode()


def empty(_target: Path) -> str:
    return ""


# Order matters: the URIs and the hash read the files written before them.
GENERATORS: dict[str, Callable[[Path], str]] = {
    # Python nodes (security node and stores)
    "api_keys": api_keys,
    "n8n_api_key": n8n_api_key,
    "whatsapp_app_secrets": hex_secret(16),  # Meta app secrets are 32 hex digits
    "whatsapp_verify_token": token(24),
    "token_signing_keys": token(48),
    "auth_clients": auth_clients,
    # sales desk
    "desk_quote_client": desk_quote_client,
    "desk_session_keys": token(32),
    "desk_password": token(12),
    "desk_accounts": desk_accounts,
    "mongo_root_password": token(24),
    "mongodb_uri": mongodb_uri,
    "mongo_keyfile": mongo_keyfile,
    "redis_password": token(24),
    "redis_url": redis_url,
    "qdrant_api_key": token(32),
    # n8n
    "postgres_password": token(24),
    "n8n_encryption_key": token(32),
    "n8n_owner_password": token(18),
    "n8n_owner_password_hash": owner_password_hash,
    "n8n_editor_tls": editor_tls,
    # monitoring
    "grafana_admin_password": token(18),
    # Provider credentials: empty locally (features off), real values only in staging/prod.
    "llm_api_key": empty,
    "sentry_dsn": empty,
    "graph_api_token": empty,
    # n8n's public API key (erasure of executions): created in n8n's editor, Settings -> n8n API.
    "n8n_public_api_key": empty,
    "smtp_password": empty,
}


def write_secret(path: Path, value: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value)


def generate(target: Path, force: bool) -> list[tuple[str, str]]:
    """Write every missing secret (all with ``force``); return (name, "written"|"kept")."""
    target.mkdir(parents=True, exist_ok=True)
    outcome: list[tuple[str, str]] = []
    for name, make in GENERATORS.items():
        path = target / name
        if path.exists() and not force:
            outcome.append((name, "kept"))
            continue
        write_secret(path, make(target))
        outcome.append((name, "written"))
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--target",
        type=Path,
        default=ROOT / "secrets",
        help="directory to write into (default: secrets/)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    args = parser.parse_args(argv)
    for name, status in generate(args.target, args.force):
        print(f"{status:8} {args.target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
