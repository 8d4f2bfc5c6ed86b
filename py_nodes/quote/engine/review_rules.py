"""The catalog's ``review`` section: when a quote must not go out without a seller's check.

Engine warnings are Spanish texts; each *kind* below is recognised by a fixed fragment of its
text (``tests/quote/test_review.py`` produces every kind with the engine's own functions, so a
reworded warning fails there by name). The catalog marks each kind ``blocking: true`` or not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: Warning kind -> a fragment only that kind's text contains.
WARNING_KINDS: Final[dict[str, str]] = {
    "length_above_max": "excede el máximo fabricable",
    "length_below_min": "es menor al mínimo fabricable",
    "openings_cover_wall": "Las aberturas cubren toda la fachada",
    "span_exceeded": "excede la autoportancia",
    "span_near_limit": "dentro del 5 % de la autoportancia",
    "color_not_offered": "no se ofrece en",
    "color_thickness_limit": "solo hasta",
    "below_minimum_area": "requiere mínimo",
    "profile_not_offered": "no se ofrece para",
    "profile_substituted": "se cotiza el de",
    "part_ignored": "Se ignoró el bloque",
}


class WarningRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    blocking: bool


class ReviewRules(BaseModel):
    """Limits past which a quote is held for a seller (``needs_review``) instead of sent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_area_m2: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)] = Decimal(3000)
    warnings: dict[str, WarningRule] = Field(default_factory=dict)

    @field_validator("warnings")
    @classmethod
    def _known_kinds(cls, value: dict[str, WarningRule]) -> dict[str, WarningRule]:
        unknown = sorted(set(value) - set(WARNING_KINDS))
        if unknown:
            known = ", ".join(WARNING_KINDS)
            raise ValueError(f"tipos de aviso desconocidos: {', '.join(unknown)} (hay: {known})")
        return value

    def blocking_kinds(self) -> set[str]:
        return {kind for kind, rule in self.warnings.items() if rule.blocking}


def warning_kind(text: str) -> str | None:
    """The kind of an engine warning, or None for a warning no rule knows."""
    return next((kind for kind, fragment in WARNING_KINDS.items() if fragment in text), None)
