"""Errors of the ops node."""

from __future__ import annotations

from py_nodes.core.errors import BadRequest, Conflict, NotFound


class InboxEntryNotFound(NotFound):
    type_slug = "ops/inbox-entry-not-found"
    title = "Inbox entry not found"
    meaning = "No inbound message with that id was recorded."
    default_detail = "No hay ningún mensaje registrado con ese identificador."


class InboxEntryBusy(Conflict):
    type_slug = "ops/inbox-entry-busy"
    title = "Inbox entry not claimable"
    meaning = "The entry is already answered, failed, or was touched too recently to re-drive."
    default_detail = "Ese mensaje ya fue respondido o lo está procesando otra ejecución."


class SendNotPermitted(Conflict):
    type_slug = "ops/send-not-permitted"
    title = "Send not permitted"
    meaning = (
        "The execution asking may not send to the customer: a re-drive superseded its token, or "
        "that part was already sent or is being sent. It must stop without sending."
    )
    default_detail = "Esta ejecución ya no puede enviar nada a este cliente; otra se encarga."


class DeliveryUnreadable(BadRequest):
    type_slug = "ops/delivery-unreadable"
    title = "Delivery unreadable"
    meaning = "A correctly signed webhook delivery is not a JSON object (bad JSON, UTF-8 or depth)."
    default_detail = (
        "La entrega firmada no es un objeto JSON de WhatsApp que se pueda leer; no se registró."
    )
