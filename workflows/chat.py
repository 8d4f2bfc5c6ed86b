"""Chat with the bot without a Meta account: signed WhatsApp-shaped webhooks to the local n8n.

Start the stack first (``python -m workflows.stack``), then ``python -m workflows.chat``.
Commands: ``/new`` (new customer), ``/phone N`` (talk as N), ``/history``, ``/exit``.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import httpx

from workflows.install import REPO_ROOT


def payload(phone: str, text: str) -> dict[str, Any]:
    message = {
        "from": phone, "id": f"wamid.sim.{time.time_ns()}", "timestamp": str(int(time.time())),
        "type": "text", "text": {"body": text},
    }  # fmt: skip
    value = {
        "messaging_product": "whatsapp", "metadata": {"phone_number_id": "sim"},
        "contacts": [{"profile": {"name": "Simulador"}, "wa_id": phone}], "messages": [message],
    }  # fmt: skip
    change = {"field": "messages", "value": value}
    return {"object": "whatsapp_business_account", "entry": [{"id": "sim", "changes": [change]}]}


def send(webhook: str, secret: str, phone: str, text: str) -> int:
    raw = json.dumps(payload(phone, text), ensure_ascii=False).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    return httpx.post(webhook, content=raw, headers=headers, timeout=30).status_code


def replies(graph: str, phone: str) -> list[dict[str, Any]]:
    sent = httpx.get(f"{graph}/_fake/messages", timeout=10).json()
    return [message for message in sent if message.get("to") == phone]


def show(message: dict[str, Any]) -> str:
    if message.get("type") == "document":
        return f"[documento {message['document'].get('filename')}]"
    return str(message.get("text", {}).get("body", message))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workflows chat", description=__doc__)
    # scripts/run.sh serves the webhook through the ingress on 8080 (n8n itself is on 5678)
    parser.add_argument("--webhook", default="http://127.0.0.1:8080/webhook/whatsapp")
    parser.add_argument("--graph", default="http://127.0.0.1:8790")
    parser.add_argument("--secrets", type=Path, default=REPO_ROOT / "var" / "stack" / "secrets")
    args = parser.parse_args(argv)
    secret = (args.secrets / "whatsapp_app_secrets").read_text().split(",")[0].strip()
    phone = f"5989{time.time_ns() % 10_000_000:07d}"
    history: list[str] = []
    print(f"Hablás como +{phone}. /new, /phone N, /history, /exit")
    while True:
        try:
            line = input("vos> ").strip()
        except EOFError:
            return
        if line in ("/exit", "/quit"):
            return
        if line == "/new" or line.startswith("/phone"):
            phone = (
                line.split()[1]
                if line.startswith("/phone ")
                else f"5989{time.time_ns() % 10_000_000:07d}"
            )
            print(f"Ahora sos +{phone}")
            continue
        if line == "/history":
            print("\n".join(history) or "(vacío)")
            continue
        if not line:
            continue
        seen = len(replies(args.graph, phone))
        status = send(args.webhook, secret, phone, line)
        history.append(f"vos: {line}")
        if status != 200:
            print(f"(el webhook respondió {status})")
            continue
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(replies(args.graph, phone)) == seen:
            time.sleep(0.2)
        for message in replies(args.graph, phone)[seen:]:
            history.append(f"bot: {show(message)}")
            print(f"bot> {show(message)}")


if __name__ == "__main__":
    main()
