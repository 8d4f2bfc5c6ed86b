"""Every error the quote node raises: bad requests and pricing problems (4xx), stored quotes
(404, 409), the catalog (503 when not loaded; a start-up failure when invalid)."""

from __future__ import annotations

from py_nodes.core.errors import (
    BadRequest,
    ConfigurationError,
    Conflict,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
)


class ScenarioIncomplete(ValidationFailed):
    title = "Scenario incomplete"
    type_slug = "quote/scenario-incomplete"
    meaning = "The scenario needs a part (roof, wall or cold room) the request does not carry."
    default_detail = "Faltan datos para el escenario elegido."


class UnknownProduct(ValidationFailed):
    title = "Unknown product"
    type_slug = "quote/unknown-product"
    meaning = "The panel family is not in the catalog; `errors` lists the valid ones."
    default_detail = "No conocemos ese producto."


class WrongProductKind(ValidationFailed):
    title = "Product not valid here"
    type_slug = "quote/wrong-product-kind"
    meaning = (
        "The panel family exists but not for this part (a wall panel on a roof, or vice versa)."
    )
    default_detail = "Ese producto no sirve para esta parte de la obra."


class ThicknessNotMade(ValidationFailed):
    title = "Thickness not made"
    type_slug = "quote/thickness-not-made"
    meaning = "The panel family is not made in the requested thickness; `errors` lists those made."
    default_detail = "Ese espesor no se fabrica para el producto elegido."


class SharedEdgeInvalid(ValidationFailed):
    title = "Shared edge invalid"
    type_slug = "quote/shared-edge-invalid"
    meaning = (
        "A zone's `shared_edges` names a zone that does not exist, itself, a side shared twice, "
        "a two-water zone, or a length longer than the sides that meet."
    )
    default_detail = "Revisá los lados compartidos entre zonas."


class CatalogInvalid(ConfigurationError):
    """The catalog file is unreadable or fails its schema; the message names item and field."""


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
