"""BMC's business settings (n8n data table *Configuración BMC*) in the answer: what staff wrote
replaces the catalog's or the knowledge file's default, word for word."""

from __future__ import annotations

from py_nodes.ai.knowledge.index import Hit
from py_nodes.ai.schemas import BusinessSettings

#: Knowledge entries (``py_nodes/ai/knowledge.yaml`` ids) whose answer is a business setting.
KNOWLEDGE_SETTINGS = {"hours": "horario_atencion"}


def knowledge_text(hit: Hit, settings: BusinessSettings | None) -> str:
    """The answer of a knowledge ``hit``: the staff's own text when they set one."""
    field = KNOWLEDGE_SETTINGS.get(hit.id)
    if settings is None or field is None:
        return hit.text
    value: str | None = getattr(settings, field)
    return value or hit.text


def holding_text(settings: BusinessSettings | None) -> str | None:
    """The holding line staff wrote, if any (else the catalog's ``holding``)."""
    return settings.texto_espera if settings is not None else None
