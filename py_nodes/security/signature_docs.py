"""OpenAPI request body of ``POST /security/whatsapp/signature``: raw bytes or a JSON envelope."""

from __future__ import annotations

import base64
from typing import Any, Final

from py_nodes.security.signature import sign

#: Example only: the documented signature is this secret's HMAC of ``EXAMPLE_RAW_BODY``.
EXAMPLE_APP_SECRET: Final = "ejemplo-app-secret"
EXAMPLE_RAW_BODY: Final = (
    '{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages",'
    '"value":{"messaging_product":"whatsapp","messages":[{"from":"59899123456","id":"wamid.X",'
    '"timestamp":"1732590000","type":"text","text":{"body":"Hola, quiero cotizar un techo"}}]}}]}]}'
)
EXAMPLE_SIGNATURE: Final = sign(EXAMPLE_RAW_BODY.encode(), EXAMPLE_APP_SECRET)

SIGNATURE_REQUEST_BODY: Final[dict[str, Any]] = {
    "required": True,
    "content": {
        "application/octet-stream": {
            "schema": {"type": "string", "format": "binary"},
            "example": EXAMPLE_RAW_BODY,
        },
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["raw_body_b64"],
                "properties": {
                    "raw_body_b64": {"type": "string", "format": "byte"},
                    "signature": {"type": "string", "example": "sha256=3f1a…"},
                },
            },
            "example": {
                "raw_body_b64": base64.b64encode(EXAMPLE_RAW_BODY.encode()).decode(),
                "signature": EXAMPLE_SIGNATURE,
            },
        },
    },
}

#: ``POST /ops/inbox/signed-deliveries``: the raw bytes only (n8n's raw body binary).
SIGNED_DELIVERY_BODY: Final[dict[str, Any]] = {
    "required": True,
    "content": {
        "application/octet-stream": {
            "schema": {"type": "string", "format": "binary"},
            "example": EXAMPLE_RAW_BODY,
        },
    },
}
