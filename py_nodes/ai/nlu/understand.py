"""One message -> intent and entities, with no LLM."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from unidecode import unidecode

from py_nodes.ai.nlu.attributes import Attributes, find_attributes
from py_nodes.ai.nlu.edges import Edges, edge_free_text, find_edges
from py_nodes.ai.nlu.entities import Measures, find_measures
from py_nodes.ai.nlu.intents import IntentGuess, classify
from py_nodes.ai.nlu.names import find_name
from py_nodes.ai.nlu.normalise import contains_phrase, normalise
from py_nodes.ai.nlu.places import Place, find_place
from py_nodes.ai.nlu.products import ProductMention, load_products
from py_nodes.ai.nlu.social import is_acknowledgement, is_angry, wants_a_person, wants_to_stop

QUESTION_WORDS = re.compile(
    r"\b(?:queria saber|quisiera saber|una pregunta|una consulta|consulta:)"
)
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
    edges: Edges = field(default_factory=Edges)
    stop: bool = False
    person: bool = False
    angry: bool = False
    acknowledgement: bool = False
    question: bool = False
    notes: list[str] = field(default_factory=list)


def understand(original: str, *, expecting_name: bool = False) -> Understanding:
    """Everything the rules can read in ``original``."""
    text = normalise(original)
    products = load_products()
    product = products.find(text)
    measures = find_measures(text, products.all_thicknesses())
    edges = find_edges(text)
    attributes = find_attributes(text, edge_free_text(text))
    name = find_name(original)
    place = find_place(text, exclude=unidecode(name).lower() if name else None)
    quote_data = any(
        (
            product.family, product.generic, product.not_offered, measures.any_size(),
            measures.thickness_mm, measures.bad_dimension is not None, attributes.use,
            attributes.structure, attributes.waters, attributes.color, attributes.accessories,
            place.zone, place.pickup, place.delivery, bool(edges), measures.slope_deg,
            measures.outside_corners is not None, measures.no_openings,
        )
    )  # fmt: skip
    if name is None and expecting_name and not quote_data and not is_acknowledgement(text):
        name = find_name(original, bare_answer=True)
    has_measures = measures.any_size() or measures.thickness_mm is not None
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
        edges=edges,
        stop=wants_to_stop(text),
        person=wants_a_person(text),
        angry=is_angry(text, original),
        acknowledgement=is_acknowledgement(text),
        question="?" in original or intent.question or QUESTION_WORDS.search(text) is not None,
    )
