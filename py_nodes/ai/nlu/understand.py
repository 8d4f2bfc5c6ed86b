"""One message -> intent and entities, with no LLM."""

from __future__ import annotations

from dataclasses import dataclass, field

from py_nodes.ai.nlu.attributes import Attributes, find_attributes
from py_nodes.ai.nlu.entities import Measures, find_measures
from py_nodes.ai.nlu.intents import IntentGuess, classify
from py_nodes.ai.nlu.names import find_name
from py_nodes.ai.nlu.normalise import contains_phrase, normalise
from py_nodes.ai.nlu.places import Place, find_place
from py_nodes.ai.nlu.products import ProductMention, load_products

AFFIRMATIVE = ("si", "dale", "ok", "okay", "bueno", "de acuerdo", "perfecto", "claro", "por favor",
               "si por favor", "sip", "va", "genial", "buenisimo", "yes")  # fmt: skip


@dataclass
class Understanding:
    text: str
    intent: IntentGuess
    product: ProductMention
    measures: Measures
    attributes: Attributes
    place: Place
    name: str | None
    affirmative: bool = False
    quote_data: bool = False
    notes: list[str] = field(default_factory=list)


def understand(original: str, *, expecting_name: bool = False) -> Understanding:
    """Everything the rules can read in ``original``."""
    text = normalise(original)
    products = load_products()
    product = products.find(text)
    measures = find_measures(text, products.all_thicknesses())
    attributes = find_attributes(text)
    place = find_place(text)
    quote_data = any(
        (
            product.family, product.generic, product.not_offered, measures.dims, measures.area_m2,
            measures.panels, measures.thickness_mm, measures.length_m, measures.width_m,
            measures.height_m, measures.bad_dimension is not None, attributes.use,
            attributes.structure, attributes.waters, attributes.color, attributes.accessories,
            place.zone, place.pickup,
        )
    )  # fmt: skip
    bare_name = expecting_name and not quote_data and place.zone is None and not place.pickup
    name = find_name(original, bare_answer=bare_name)
    has_measures = (
        any((measures.dims, measures.area_m2, measures.panels, measures.thickness_mm))
        or measures.bad_dimension is not None
    )
    intent = classify(text, quote_data, has_measures)
    words = text.strip("!.? ")
    affirmative = words in AFFIRMATIVE or any(
        contains_phrase(text, phrase) for phrase in ("si dale", "si, dale", "dale si", "si quiero")
    )
    return Understanding(
        text=text,
        intent=intent,
        product=product,
        measures=measures,
        attributes=attributes,
        place=place,
        name=name,
        affirmative=affirmative,
        quote_data=quote_data,
    )
