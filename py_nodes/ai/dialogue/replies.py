"""Every Spanish text the bot sends (WhatsApp *bold*), built from slots and facts, never prices."""

from __future__ import annotations

from py_nodes.ai.dialogue.slots import Slots
from py_nodes.ai.nlu.products import Family, Products
from py_nodes.ai.quote_request import metres as _metres

PAYMENT_TERMS = (
    "seña del 60 % al confirmar y saldo del 40 % antes de retirar de fábrica; con tarjeta de "
    "crédito o en cuotas se paga en pesos por Mercado Pago con un recargo del 11,9 %"
)
FAMILY_LIST = (
    "*Isodec EPS* y *Isodec PIR* (techo), *Isoroof* (techo liviano), *Isopanel EPS* e "
    "*Isowall PIR* (pared) e *Isofrig PIR* (cámaras frigoríficas)"
)
ENGLISH_NOTE = "(We answer in Spanish 🙂) "
USE_TEXT = {"techo": "techo", "pared": "pared", "camara": "cámara frigorífica"}
LOCATION_TEXT = "dónde es la entrega (departamento o localidad) o si retirás en planta"


def metres(value: float) -> str:
    """Metres as a Uruguayan reads them: decimal comma."""
    return _metres(value).replace(".", ",")


def join_es(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " y " + items[-1]


def options_mm(family: Family) -> str:
    values = [str(t) for t in family.thicknesses]
    return (", ".join(values[:-1]) + " o " + values[-1] if len(values) > 1 else values[0]) + " mm"


def _dimension_question(slots: Slots) -> str:
    if slots.use == "camara":
        return "las medidas interiores de la cámara (largo × ancho × alto, en metros)"
    if slots.use == "pared":
        if slots.area_m2 is not None:
            return "la altura de la pared"
        return "el largo total y la altura de la pared (en metros)"
    if slots.panels is not None:
        return "el largo de los paneles (en metros)"
    return "las medidas del techo (largo × ancho en metros, o cantidad de paneles y su largo)"


def missing_question(missing: list[str], slots: Slots, products: Products) -> str:
    """One sentence asking for everything still missing, with the real options."""
    family = products.family(slots.product)
    parts: list[str] = []
    for name in missing:
        if name == "product":
            parts.append("qué panel te interesa (" + FAMILY_LIST + ")")
        elif name == "use" and "product" not in missing:
            parts.append("si es para techo, pared o cámara frigorífica")
        elif name == "thickness_mm":
            hint = f" ({options_mm(family)})" if family else ""
            parts.append(f"qué espesor querés{hint}")
        elif name == "dimensions":
            parts.append(_dimension_question(slots))
        elif name == "location":
            parts.append(LOCATION_TEXT)
    return "Para cotizarte me falta saber " + join_es(parts) + "."


def details_question(slots: Slots) -> str:
    if slots.use == "techo" or slots.use is None:
        return (
            " Si ya lo sabés, contame también si la estructura es metálica, de hormigón o de "
            "madera y si el techo es a un agua o a dos aguas (si no, cotizo con estructura "
            "metálica, un agua y goteros)."
        )
    if slots.use == "pared":
        return " Si ya lo sabés, decime si la estructura es metálica, de hormigón o de madera."
    return ""


NAME_QUESTION = " ¿Y con quién tengo el gusto?"
NAME_FOR_QUOTE = " Si querés, decime tu nombre para ponerlo en la cotización."


def thanks_name(name: str) -> str:
    return f"¡Gracias, {name.split()[0]}! Lo anoto. ¿Te ayudo con algo más?"


def already_quoted(slots: Slots, products: Products) -> str:
    return (
        f"Tu cotización de {describe(slots, products)} ya está en preparación. Si querés cambiar "
        "algo (panel, espesor, medidas o entrega), decime y la rehago."
    )


def describe(slots: Slots, products: Products) -> str:
    """``*Isodec EPS 100 mm* para techo de 10 × 5 m, entrega en Maldonado``."""
    family = products.family(slots.product)
    label = family.label if family else "panel"
    text = f"*{label} {slots.thickness_mm} mm* para {USE_TEXT.get(slots.use or '', 'techo')}"
    if slots.use == "camara":
        text += (
            f" de {metres(slots.length_m or 0)} × {metres(slots.width_m or 0)} × "
            f"{metres(slots.height_m or 0)} m"
        )
    elif slots.area_m2 is not None:
        text += f" de {metres(slots.area_m2)} m²"
    elif slots.panels is not None:
        text += f" de {slots.panels} paneles de {metres(slots.length_m or 0)} m"
    elif slots.use == "pared":
        if slots.height_m is not None:
            side, height = slots.length_m or slots.width_m or 0.0, slots.height_m
        else:
            first, second = slots.length_m or 0.0, slots.width_m or 0.0
            side, height = max(first, second), min(first, second)
        text += f" de {metres(side)} m de largo por {metres(height)} m de alto"
    else:
        text += f" de {metres(slots.length_m or 0)} × {metres(slots.width_m or 0)} m"
    if slots.color:
        text += f", color {slots.color.lower()}"
    if slots.pickup:
        return text + ", con retiro en planta"
    return text + f", entrega en {slots.zone}"


def quote_ready(
    slots: Slots, products: Products, assumptions: list[str], defaults: list[str]
) -> str:
    name = f", {slots.name.split()[0]}" if slots.name else ""
    text = f"¡Perfecto{name}! Preparo tu cotización de {describe(slots, products)}."
    if assumptions:
        text += " Ojo: " + join_es(assumptions) + "."
    if defaults:
        text += f" Tomé {join_es(defaults)}; si es distinto avisame y la ajusto."
    return text + " En un momento te llega el detalle con el precio."


def invalid_thickness(family: Family, value: int) -> str:
    return (
        f"El *{family.label}* no viene en {value} mm: los espesores que existen son "
        f"{options_mm(family)}. ¿Cuál preferís?"
    )


def unknown_product(word: str) -> str:
    return (
        f"No trabajamos {word} por este canal. Cotizamos paneles aislantes: {FAMILY_LIST}. "
        "¿Alguno de estos te sirve?"
    )


def bad_dimension() -> str:
    return (
        "Esa medida no me cierra: tiene que ser mayor que cero y de hasta 1000 metros. "
        "¿Me la pasás de nuevo en metros (por ejemplo 10 x 5)?"
    )


def greeting(name: str | None, ask_name: bool) -> str:
    hello = f"¡Hola, {name.split()[0]}!" if name else "¡Hola!"
    text = (
        f"{hello} Soy el asistente de *BMC Uruguay*. Te ayudo a cotizar paneles aislantes para "
        "techo, pared o cámara frigorífica. Contame qué panel, espesor y medidas necesitás."
    )
    return text + (NAME_QUESTION if ask_name else "")


def discount() -> str:
    return (
        "Te soy sincero: trabajamos con *precios de lista* y no hacemos descuentos por este canal. "
        f"Las condiciones son {PAYMENT_TERMS}. Si querés, te paso con un vendedor para ver tu "
        "caso. ¿Te parece?"
    )


def objection() -> str:
    return (
        "Entiendo. Nuestros precios son de lista; lo que sí podemos es ajustar la cotización, por "
        "ejemplo con otro espesor o con EPS en lugar de PIR, y te la recalculo. También te puedo "
        "pasar con un vendedor. ¿Qué preferís?"
    )


def handoff(name: str | None) -> str:
    who = f", {name.split()[0]}" if name else ""
    return (
        f"¡Claro{who}! Le paso tu consulta a un vendedor de BMC, que te escribe por acá a la "
        "brevedad (lunes a viernes en horario de oficina)."
    )


def goodbye(name: str | None) -> str:
    who = f", {name.split()[0]}" if name else ""
    return f"¡Gracias a vos{who}! Cuando quieras seguimos por acá. ¡Que tengas un buen día!"


def status(last_quote: dict[str, str] | None) -> str:
    if not last_quote:
        return (
            "No encuentro una cotización tuya en este chat. Si querés, te paso con un vendedor "
            "para revisarlo, o armamos una nueva ahora."
        )
    return (
        f"Tu última cotización ({last_quote.get('summary', 'paneles')}) se pidió el "
        f"{last_quote.get('requested_on', '')} y su estado es "
        f"*{last_quote.get('state', 'pedida')}*. "
        "Si no te llegó o querés cambiar algo, decime y lo vemos, o te paso con un vendedor."
    )


def off_topic() -> str:
    return (
        "Perdoná, en eso no te puedo ayudar. Yo te ayudo con paneles aislantes de BMC: "
        "cotizaciones, espesores, entregas y formas de pago. ¿Qué necesitás?"
    )


def write_instead(message_type: str) -> str:
    what = {"audio": "audios", "voice": "audios", "image": "imágenes", "sticker": "stickers",
            "location": "ubicaciones", "video": "videos", "document": "documentos"}  # fmt: skip
    return (
        "¡Gracias por tu mensaje! Por ahora no puedo ver "
        f"{what.get(message_type, 'ese tipo de mensajes')}. "
        "¿Me lo escribís en texto? Por ejemplo: *Isodec 100 mm, techo de 10 x 5 m, Maldonado*."
    )


def empty() -> str:
    return "¡Hola! ¿En qué te puedo ayudar? Contame qué panel y medidas necesitás."


def knowledge_answer(text: str) -> str:
    return text.strip()


def colour_note(family: Family, colour: str) -> str:
    return (
        f" Ojo: el {family.label} viene en {join_es(list(family.colors)).lower()}, "
        f"no en {colour.lower()}."
    )
