"""Bodies of the contact-standing routes, with their OpenAPI examples."""

from __future__ import annotations

from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field

from py_nodes.core.contacts import Contact

PHONE_PATTERN: Final = r"^[0-9]{6,20}$"
#: Who acts: a seller's initials or name, or a system ("n8n"); never a query operator.
Actor = Field(min_length=1, max_length=60, pattern=r"^[^$.{}]+$")

HANDED_OFF_AT: Final = 1732590300.0
CONTACT_EXAMPLE: Final[dict[str, Any]] = {
    "phone": "59899123456",
    "with_sales": True,
    "handoff_reason": "asked",
    "handed_off_at": HANDED_OFF_AT,
    "release_at": HANDED_OFF_AT + 86400,
    "taken_by": None,
    "taken_at": None,
    "holding_sent_at": None,
    "released_by": None,
    "released_at": None,
    "opted_out": False,
    "opted_out_at": None,
    "updated_at": HANDED_OFF_AT,
    "waiting_for_seller": True,
}
TAKEN_EXAMPLE: Final[dict[str, Any]] = {
    **CONTACT_EXAMPLE,
    "handoff_reason": "seller",
    "handed_off_at": HANDED_OFF_AT + 600,
    "release_at": HANDED_OFF_AT + 600 + 86400,
    "taken_by": "MA",
    "taken_at": HANDED_OFF_AT + 600,
    "updated_at": HANDED_OFF_AT + 600,
    "waiting_for_seller": False,
}
RELEASED_EXAMPLE: Final[dict[str, Any]] = {
    **TAKEN_EXAMPLE,
    "with_sales": False,
    "release_at": None,
    "released_by": "MA",
    "released_at": HANDED_OFF_AT + 1800,
    "updated_at": HANDED_OFF_AT + 1800,
}


class ContactStanding(Contact):
    """A phone's standing; `waiting_for_seller` is true while no seller has taken the chat."""

    model_config = ConfigDict(json_schema_extra={"examples": [CONTACT_EXAMPLE]})

    waiting_for_seller: bool = False

    @classmethod
    def of(cls, contact: Contact) -> ContactStanding:
        taken = contact.taken_at is not None and contact.taken_at >= (contact.handed_off_at or 0.0)
        return cls(**contact.model_dump(), waiting_for_seller=contact.with_sales and not taken)


class TakeRequest(BaseModel):
    """The seller who takes the chat."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"seller": "MA"}]},
    )

    seller: str = Actor


class ReleaseRequest(BaseModel):
    """Who gives the chat back to the bot (a seller, or `n8n`)."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{"by": "MA"}]}
    )

    by: str = Actor
