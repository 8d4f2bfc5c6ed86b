"""Errors of the ai node."""

from __future__ import annotations

from py_nodes.core.errors import Conflict


class MessageInProgress(Conflict):
    title = "Message in progress"
    type_slug = "ai/message-in-progress"
    meaning = (
        "Another request with the same `message_id` is being answered right now; retry in a few "
        "seconds to get the same answer."
    )
    default_detail = "Este mensaje ya se está procesando. Reintentá en unos segundos."
