"""Errors of the quote node's HTTP and storage layer (pricing errors live in ``errors.py``)."""

from __future__ import annotations

from py_nodes.core.errors import BadRequest, Conflict, NotFound, ServiceUnavailable


class QuoteNotFound(NotFound):
    type_slug = "quote/not-found"
    title = "Quote not found"
    meaning = "No stored quote has this id or number (`BMC-YYYY-NNNN`)."
    default_detail = "No existe una cotización con ese número."


class IllegalTransition(Conflict):
    type_slug = "quote/illegal-transition"
    title = "Illegal state transition"
    meaning = (
        "The quote cannot move to the requested state from its current one; `allowed` lists the "
        "states it can move to."
    )
    default_detail = "La cotización no puede pasar a ese estado desde el estado actual."


class ConcurrentUpdate(Conflict):
    type_slug = "quote/concurrent-update"
    title = "Concurrent update"
    meaning = "Someone else changed the quote's state at the same time; read it again and retry."
    default_detail = (
        "Otra persona cambió el estado de la cotización al mismo tiempo; volvé a leerla."
    )


class AlreadyFollowedUp(Conflict):
    type_slug = "quote/already-followed-up"
    title = "Follow-up already sent"
    meaning = (
        "The quote's follow-up was already marked as sent; a customer is never followed up twice."
    )
    default_detail = "Ya se le hizo el seguimiento a esta cotización; no se envía dos veces."


class InvalidDateRange(BadRequest):
    type_slug = "quote/invalid-date-range"
    title = "Invalid date range"
    meaning = "`from` is after `to`."
    default_detail = "La fecha 'from' es posterior a la fecha 'to'."


class CatalogNotLoaded(ServiceUnavailable):
    type_slug = "quote/catalog-not-loaded"
    title = "Catalog not loaded"
    meaning = "The price catalog was not loaded at start-up; the node cannot price quotes."
    default_detail = "El catálogo de precios no está cargado; probá de nuevo en unos minutos."
