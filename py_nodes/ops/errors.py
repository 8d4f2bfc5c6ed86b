"""Errors of the ops node."""

from __future__ import annotations

from py_nodes.core.errors import Conflict, NotFound


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
