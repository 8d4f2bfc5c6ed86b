"""Errors the quote node raises: request problems (422) and catalog problems (start-up)."""

from __future__ import annotations

from py_nodes.core.errors import ConfigurationError, ValidationFailed


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
