"""Intent of a message from keyword cues, with a rough confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from py_nodes.ai.nlu.normalise import contains_phrase

INTENTS = (
    "saludo", "consulta_producto", "cotizacion", "precio", "estado_cotizacion", "objecion",
    "humano", "despedida", "fuera_de_tema",
)  # fmt: skip

CUES: dict[str, tuple[str, ...]] = {
    "humano": ("hablar con una persona", "hablar con alguien", "con un vendedor", "con una persona",
               "un humano", "una persona real", "asesor", "asesora", "vendedor", "vendedora",
               "operador", "operadora", "agente", "me llamen", "me llame", "llamenme", "llamame",
               "hablar por telefono", "atencion humana", "real person", "human"),
    "estado_cotizacion": ("mi cotizacion", "mi presupuesto", "la cotizacion que",
                          "el presupuesto que",
                          "estado de", "ya esta lista", "ya esta el presupuesto", "me llego",
                          "no me llego", "no llego", "que paso con", "seguimiento"),
    "descuento": ("descuento", "descuentos", "rebaja", "rebajar", "bonificacion", "precio especial",
                  "mejor precio", "oferta", "promocion", "promo", "off", "rebajita", "gratis",
                  "me haces precio", "haceme precio", "mejorar el precio", "mejorame el precio",
                  "precio de contado", "si pago contado", "algo menos"),
    "objecion": ("caro", "cara", "costoso", "carisimo", "muy alto", "mas barato", "mas barata",
                 "en otro lado", "la competencia", "me sale menos",
                 "no me da", "excede", "presupuesto ajustado", "expensive"),
    "precio": ("precio", "precios", "cuanto sale", "cuanto cuesta", "cuanto vale", "valor",
               "cuanto estaria", "cuanto me sale", "costo", "how much", "price"),
    "cotizacion": ("cotizar", "cotizacion", "cotizame", "presupuesto", "presupuestar", "necesito",
                   "quiero", "queria", "preciso", "quote", "comprar", "pedido", "encargar",
                   "i need", "busco"),
    "consulta_producto": ("que es", "diferencia", "diferencias", "garantia", "cuanto demora",
                          "demora", "plazo", "forma de pago", "formas de pago", "medios de pago",
                          "tarjeta", "pagar", "instalacion", "instalan", "montaje", "colocan",
                          "autoportancia", "luz", "apoyos", "sirve", "conviene", "recomendas",
                          "recomiendan", "aislacion", "aislante", "termico", "acustico", "fuego",
                          "entregan", "envios", "hacen envios", "donde estan", "horario",
                          "cuanto dura", "vida util", "colores", "que espesores", "medidas"),
    "despedida": ("lo pienso", "lo voy a pensar", "lo vamos a pensar", "lo hablo", "te aviso",
                  "chau", "chao", "adios", "hasta luego", "nos vemos", "hasta manana", "saludos",
                  "muchas gracias", "gracias", "bye", "buenas noches"),
    "saludo": ("hola", "buenas", "buen dia", "buenos dias", "buenas tardes", "holis", "que tal",
               "hi", "hello", "hey", "good morning"),
}  # fmt: skip


@dataclass(frozen=True)
class IntentGuess:
    intent: str
    confidence: float
    discount: bool = False
    question: bool = False


def _hits(text: str, name: str) -> int:
    return sum(contains_phrase(text, phrase) for phrase in CUES[name])


def classify(text: str, has_quote_data: bool, has_measures: bool = False) -> IntentGuess:
    """Intent of normalised ``text``.

    ``has_quote_data``: the message carries quote entities; ``has_measures``: sizes or thickness.
    """
    question = "?" in text or re.match(r"^(?:que|como|cual|cuanto|cuando|donde|hay|tienen)\b", text)
    is_question = bool(question)
    if _hits(text, "humano"):
        return IntentGuess("humano", 0.9)
    if _hits(text, "descuento"):
        return IntentGuess("objecion", 0.9, discount=True)
    if _hits(text, "objecion"):
        return IntentGuess("objecion", 0.8)
    if _hits(text, "estado_cotizacion") and not has_quote_data:
        return IntentGuess("estado_cotizacion", 0.8)
    if _hits(text, "precio"):
        return IntentGuess("precio", 0.85)
    consult = _hits(text, "consulta_producto")
    quote = _hits(text, "cotizacion")
    if consult and (is_question or not quote) and not has_measures:
        return IntentGuess("consulta_producto", 0.75, question=True)
    if quote or has_quote_data:
        return IntentGuess("cotizacion", 0.9 if quote else 0.7)
    if consult or (is_question and has_quote_data):
        return IntentGuess("consulta_producto", 0.6, question=True)
    if _hits(text, "despedida"):
        return IntentGuess("despedida", 0.85)
    if _hits(text, "saludo"):
        return IntentGuess("saludo", 0.9)
    if is_question:
        return IntentGuess("consulta_producto", 0.4, question=True)
    return IntentGuess("fuera_de_tema", 0.3)
