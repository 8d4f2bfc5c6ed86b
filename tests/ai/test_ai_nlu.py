"""Rule-based understanding: measures, products, places, names, intents."""

from __future__ import annotations

import pytest

from py_nodes.ai.nlu.entities import find_measures
from py_nodes.ai.nlu.names import find_name
from py_nodes.ai.nlu.normalise import normalise, parse_number
from py_nodes.ai.nlu.places import find_place
from py_nodes.ai.nlu.products import load_products
from py_nodes.ai.nlu.understand import understand

KNOWN = load_products().all_thicknesses()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("10,5", 10.5, id="decimal-comma"),
        pytest.param("2.5", 2.5, id="decimal-point"),
        pytest.param("1.000", 1000.0, id="thousands-dot"),
    ],
)
def test_parse_number_reads_uruguayan_numbers(raw: str, expected: float) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("text", "dims"),
    [
        pytest.param("10,5 x 4", (10.5, 4.0), id="decimal-comma-not-5x4"),
        pytest.param("10x5", (10.0, 5.0), id="no-spaces"),
        pytest.param("10 x 5 m", (10.0, 5.0), id="unit"),
        pytest.param("10 metros por 5", (10.0, 5.0), id="words"),
        pytest.param("6,5 × 4", (6.5, 4.0), id="times-sign"),
        pytest.param("camara 4x3x2,5", (4.0, 3.0, 2.5), id="three-sides"),
    ],
)
def test_find_measures_reads_dimensions(text: str, dims: tuple[float, ...]) -> None:
    assert find_measures(normalise(text), KNOWN).dims == dims


@pytest.mark.parametrize(
    ("text", "thickness"),
    [
        pytest.param("100mm", 100, id="mm-joined"),
        pytest.param("100 mm", 100, id="mm-spaced"),
        pytest.param("10 cm", 100, id="cm"),
        pytest.param("isodec de 10", 100, id="bare-cm"),
        pytest.param("no, mejor de 150", 150, id="correction"),
        pytest.param("isoroof 3g 50", 50, id="after-product"),
        pytest.param("paneles de 10 m", None, id="length-is-not-thickness"),
    ],
)
def test_find_measures_reads_thickness(text: str, thickness: int | None) -> None:
    assert find_measures(normalise(text), KNOWN).thickness_mm == thickness


def test_find_measures_reads_area_in_words() -> None:
    assert find_measures("50 metros cuadrados", KNOWN).area_m2 == 50.0


def test_find_measures_reads_panels_by_length() -> None:
    found = find_measures("8 paneles de 10 m", KNOWN)

    assert (found.panels, found.panel_length_m) == (8, 10.0)


@pytest.mark.parametrize(
    "text", [pytest.param("0 x 5", id="zero"), pytest.param("2000x3", id="huge")]
)
def test_find_measures_flags_absurd_dimensions(text: str) -> None:
    found = find_measures(text, KNOWN)

    assert found.dims is None
    assert found.bad_dimension is not None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        pytest.param("iso dec", "ISODEC_EPS", id="spaced"),
        pytest.param("isodek", "ISODEC_EPS", id="typo"),
        pytest.param("isodec pir", "ISODEC_PIR", id="variant"),
        pytest.param("isopanel", "ISOPANEL_EPS", id="wall"),
        pytest.param("isowall", "ISOWALL_PIR", id="isowall"),
        pytest.param("isoroof", "ISOROOF_3G", id="isoroof"),
    ],
)
def test_products_find_family_by_synonym(text: str, family: str) -> None:
    assert load_products().find(text).family == family


def test_products_generic_word_needs_the_use() -> None:
    assert load_products().find("poliestireno").generic == "eps"


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        pytest.param("soy de montevideo", "Montevideo", id="department"),
        pytest.param("en punta del este", "Punta del Este", id="locality"),
        pytest.param("es para el interior", "Interior", id="interior"),
        pytest.param("obra en paysandu", "Paysandú", id="accents"),
    ],
)
def test_find_place_reads_zones(text: str, zone: str) -> None:
    assert find_place(text).zone == zone


def test_find_place_reads_pickup() -> None:
    assert find_place("lo retiro en planta").pickup is True


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("soy de Montevideo", None, id="zone-is-not-a-name"),
        pytest.param("Hola, soy Ana Pérez de Maldonado", "Ana Pérez", id="name-then-zone"),
        pytest.param("me llamo juan y quiero cotizar", "Juan", id="me-llamo"),
        pytest.param("soy arquitecto", None, id="profession"),
    ],
)
def test_find_name_tells_names_from_places(text: str, name: str | None) -> None:
    assert find_name(text) == name


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        pytest.param("Hola, quiero cotizar Isodec", "cotizacion", id="greeting-with-request"),
        pytest.param("buenas", "saludo", id="greeting"),
        pytest.param("cuánto sale el isodec?", "precio", id="price"),
        pytest.param("¿qué diferencia hay entre EPS y PIR?", "consulta_producto", id="question"),
        pytest.param("qué pasó con mi cotización", "estado_cotizacion", id="status"),
        pytest.param("está muy caro", "objecion", id="objection"),
        pytest.param("quiero hablar con un vendedor", "humano", id="human"),
        pytest.param("chau, gracias", "despedida", id="goodbye"),
        pytest.param("me gusta el fútbol", "fuera_de_tema", id="off-topic"),
    ],
)
def test_understand_classifies_intents(text: str, intent: str) -> None:
    assert understand(text).intent.intent == intent


def test_understand_marks_discount_requests() -> None:
    assert understand("dame 90 % de descuento").intent.discount is True
