"""Meta-shaped webhook payloads and signing, for the end-to-end tests."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any

import httpx

_ids = itertools.count(1)


def new_wamid() -> str:
    return f"wamid.test.{time.time_ns()}.{next(_ids)}"


def envelope(value: dict[str, Any]) -> dict[str, Any]:
    metadata = {"display_phone_number": "59829000000", "phone_number_id": "100000000000001"}
    change = {
        "field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": metadata, **value},
    }
    return {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [change]}]}


def text_message(
    phone: str, text: str, wamid: str | None = None, name: str = "Ana"
) -> dict[str, Any]:
    message = {"from": phone, "id": wamid or new_wamid(), "timestamp": str(int(time.time())),
               "type": "text", "text": {"body": text}}  # fmt: skip
    return envelope(
        {"contacts": [{"profile": {"name": name}, "wa_id": phone}], "messages": [message]}
    )


def image_message(phone: str) -> dict[str, Any]:
    message = {"from": phone, "id": new_wamid(), "timestamp": str(int(time.time())),
               "type": "image",
               "image": {"id": "media.in.1", "mime_type": "image/jpeg"}}  # fmt: skip
    return envelope(
        {"contacts": [{"profile": {"name": "Ana"}, "wa_id": phone}], "messages": [message]}
    )


def status_update(phone: str) -> dict[str, Any]:
    status = {"id": new_wamid(), "status": "delivered", "timestamp": str(int(time.time())),
              "recipient_id": phone}  # fmt: skip
    return envelope({"statuses": [status]})


def sign(secret: str, raw: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def post_signed(url: str, payload: dict[str, Any], secret: str, **kw: Any) -> httpx.Response:
    raw = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(secret, raw)}
    return httpx.post(url, content=raw, headers=headers, timeout=30, **kw)
