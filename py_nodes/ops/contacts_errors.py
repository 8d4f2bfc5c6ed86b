"""Errors of the contact-standing routes (chats with sales)."""

from __future__ import annotations

from py_nodes.core.errors import Conflict, ValidationFailed


class ChatTakenByOther(Conflict):
    type_slug = "ops/chat-taken"
    title = "Chat taken by another seller"
    meaning = "Another seller holds the chat; `taken_by` names who. They release it first."
    default_detail = "Otro vendedor ya atiende este chat; pedile que lo libere primero."


class ContactListUnsupported(ValidationFailed):
    type_slug = "ops/contact-list-unsupported"
    title = "Only chats with sales can be listed"
    meaning = "`GET /ops/contacts` lists the chats with sales only (`with_sales=true`)."
    default_detail = (
        "Solo se pueden listar los chats con ventas: usá with_sales=true "
        "o consultá un teléfono con /ops/contacts/{telefono}."
    )
