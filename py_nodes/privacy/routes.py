"""``POST /privacy/erase``: a customer's right to erasure (Ley 18.331), scope ``privacy:erase``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from py_nodes.core.deps import CacheDep, HttpDep, SettingsDep, StoreDep
from py_nodes.core.errors import ValidationFailed
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.privacy.erase import InvalidPhone, erase_phone
from py_nodes.privacy.n8n_executions import N8nExecutions

router = APIRouter(prefix="/privacy", tags=["privacy"])


class EraseRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"phone": "59899123456"}]}
    )
    phone: str = Field(min_length=6, max_length=32, description="The customer's WhatsApp number.")


ERASED_EXAMPLE: dict[str, Any] = {
    "phone": "59899123456",
    "deleted": {"conversations": 14, "sessions": 1, "ai_replies": 7, "ops_inbox": 7},
    "anonymised": {"quotes": 2},
    "remaining": {"conversations": 0, "sessions": 0, "ai_replies": 0, "ops_inbox": 0, "quotes": 0},
    "cache_keys_deleted": 16,
    "n8n": {"reached": True, "deleted": 1, "examined": 37, "detail": ""},
    "backups": "Los respaldos tomados antes de este borrado … a más tardar en 30 días …",
    "erased_at": 1764300000.0,
}


@router.post(
    "/erase",
    responses={
        200: {"content": {"application/json": {"example": ERASED_EXAMPLE}}},
        **problem_responses(ValidationFailed, InvalidPhone),
    },
)
async def post_erase(
    body: EraseRequest, store: StoreDep, cache: CacheDep, settings: SettingsDep, http: HttpDep
) -> dict[str, Any]:
    """Erase a customer by phone: conversations, sessions, replies, inbox, dead letters, the
    desk's records and contacts are deleted; quotes are kept for accounting with the phone and
    name removed; cached copies and n8n's saved executions go too.

    The answer counts what went per collection, `remaining` (zero everywhere when done) and
    says what backups still hold until they expire. Needs scope `privacy:erase`.
    """
    n8n = N8nExecutions.from_settings(settings, http)
    report = await erase_phone(store, cache, body.phone, n8n)
    return report.as_dict()
