"""Understanding by role and meaning: measures, edges, delivery, places, stop and hand-off words.

The phrasings here are variants written for these tests (not copied from any story), so they
check that the rules generalise: other words in the same roles, other orders, other numbers.
"""

from __future__ import annotations

import pytest

from py_nodes.ai.nlu.edges import edge_free_text, find_edges
from py_nodes.ai.nlu.entities import find_measures
from py_nodes.ai.nlu.normalise import normalise
from py_nodes.ai.nlu.numbers import digits_for_words
from py_nodes.ai.nlu.places import find_place
from py_nodes.ai.nlu.products import load_products
from py_nodes.ai.nlu.social import is_acknowledgement, wants_a_person, wants_to_stop
from py_nodes.ai.nlu.understand import understand

KNOWN = load_products().all_thicknesses()


def measures(text: str) -> dict[str, object]:
    found = find_measures(normalise(text), KNOWN)
    return {k: v for k, v in found.__dict__.items() if v not in (None, False, [])}


@pytest.mark.parametrize(
    ("text", "length", "width"),
    [
        pytest.param("7,5 de fondo por 12 de frente", 7.5, 12.0, id="depth-first"),
        pytest.param("12 de frente por 7,5 de fondo", 7.5, 12.0, id="front-first"),
        pytest.param("caida 4.8 m, ancho total 9", 4.8, 9.0, id="words-before"),
        pytest.param("el techo cae 3,9 y a lo ancho son 6", 3.9, 6.0, id="verb-role"),
        pytest.param("paneles de 5 y 10 de ancho", 5.0, 10.0, id="panel-length"),
        pytest.param("de la cumbrera al alero hay 4,2 m, 8 de ancho", 4.2, 8.0, id="run"),
        pytest.param("profundidad 6 metros, frente de 11", 6.0, 11.0, id="profundidad"),
    ],
)
def test_sides_get_their_role_from_the_words_around(text: str, length: float, width: float) -> None:
    found = measures(text)

    assert (found.get("length_m"), found.get("width_m")) == (length, width)


@pytest.mark.parametrize(
    ("text", "dims"),
    [
        pytest.param("techo de 8 by 4.5", (8.0, 4.5), id="by"),
        pytest.param("un galpon 12*7", (12.0, 7.0), id="star"),
        pytest.param("de nueve por seis metros", (9.0, 6.0), id="words"),
    ],
)
def test_a_bare_pair_keeps_its_orientation_open(text: str, dims: tuple[float, float]) -> None:
    assert measures(text)["dims"] == dims


def test_number_words_become_digits() -> None:
    assert digits_for_words("seis metros treinta de largo") == "6,30 metros de largo"
    assert digits_for_words("tres y medio") == "3,5"
    assert digits_for_words("un par de ventanas") == "2 ventanas"


def test_openings_belong_to_the_wall_and_keep_their_count() -> None:
    found = find_measures(
        normalise("pared de 14 m de largo y 3 de alto, dos ventanas de 1,2 x 1 y un porton de 4x3"),
        KNOWN,
    )

    assert (found.length_m, found.height_m) == (14.0, 3.0)
    assert [(o.width_m, o.height_m, o.count) for o in found.openings] == [
        (1.2, 1.0, 2),
        (4.0, 3.0, 1),
    ]


def test_an_opening_in_centimetres_is_read_in_metres() -> None:
    [door] = find_measures(normalise("una puerta de 90 x 210"), KNOWN).openings

    assert (door.width_m, door.height_m) == (0.9, 2.1)


def test_wall_segments_corners_and_perimeter() -> None:
    found = measures("tres muros, uno de 6 m, otro de 4 m y otro de 6 m, 2 esquinas interiores")

    assert found["wall_lengths"] == [6.0, 4.0, 6.0]
    assert found["inside_corners"] == 2
    assert measures("perimetro 42 m, altura 3")["perimeter_m"] == 42.0


def test_slopes_in_percent_and_degrees_and_a_height_difference() -> None:
    assert round(float(measures("pendiente del 10 %")["slope_deg"]), 2) == 5.71  # type: ignore[arg-type]
    assert measures("tiene 15 grados")["slope_deg"] == 15.0
    assert measures("el lado alto esta 60 cm mas alto que el bajo")["height_diff_m"] == 0.6


def test_numbers_of_the_structure_are_not_sizes_or_thickness() -> None:
    found = measures("isodec 100, vigas ipn 160 y tirantes 2x4, techo de 6 x 5")

    assert found["thickness_mm"] == 100
    assert found["dims"] == (6.0, 5.0)


def test_two_waters_by_ridge_and_each_water() -> None:
    found = measures("cada faldon tiene 3,5 de caida y la cumbrera mide 9 m")

    assert (found["length_m"], found["ridge_m"]) == (3.5, 9.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "adelante canaleta, atras va contra el muro con babeta, los lados gotero",
            {
                "front": "canalon",
                "back": "babeta_adosar",
                "left": "gotero_lateral",
                "right": "gotero_lateral",
            },
            id="three-clauses",
        ),
        pytest.param(
            "babeta de empotrar arriba y del lado derecho; gotero en el resto",
            {"back": "babeta_empotrar", "right": "babeta_empotrar"},
            id="two-positions",
        ),
        pytest.param(
            "abajo nada porque ya hay canaleta, arriba gotero",
            {"front": "ninguno", "back": "gotero_frontal_superior"},
            id="explanation-ignored",
        ),
    ],
)
def test_edges_pair_profiles_with_positions(text: str, expected: dict[str, str]) -> None:
    assert find_edges(normalise(text)).sides == expected


def test_wall_words_inside_an_edge_do_not_describe_the_job() -> None:
    text = normalise("isodec 150 para el quincho, gotero junto al muro del vecino")

    assert "muro" not in edge_free_text(text)
    assert (
        understand("isodec 150 para el quincho, gotero junto al muro del vecino").attributes.use
        == "techo"
    )


@pytest.mark.parametrize(
    "text",
    ["lo paso a buscar el lunes", "lo levantamos con nuestro camion", "retiramos en fabrica",
     "te lo busco yo", "voy con mi camioneta a buscarlos", "lo retiro x planta", "lo retirro yo"],
)  # fmt: skip
def test_pick_up_is_read_from_verbs_and_vehicles(text: str) -> None:
    assert find_place(normalise(text)).pickup is True


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        pytest.param("me lo pueden traer a Minas?", "Minas", id="bring"),
        pytest.param("flete hasta Salinas", "Salinas", id="freight"),
        pytest.param("la obra queda en Malvin", "Malvín", id="barrio"),
    ],
)
def test_delivery_keeps_the_place_named(text: str, zone: str) -> None:
    place = find_place(normalise(text))

    assert (place.zone, place.pickup) == (zone, False)


def test_a_request_for_someone_else_is_not_a_pick_up() -> None:
    assert find_place(normalise("anda a buscar el auto al taller")).pickup is False


def test_a_place_after_estoy_en_is_a_place_not_a_name() -> None:
    heard = understand("buenas, estoy en Rivera y necesito precio")

    assert (heard.place.zone, heard.name) == ("Rivera", None)


@pytest.mark.parametrize(
    "text",
    ["BAJA", "Stop", "no me manden mas nada", "no quiero recibir mensajes", "dejen de escribirme"],
)
def test_opt_out_words(text: str) -> None:
    assert wants_to_stop(normalise(text))


@pytest.mark.parametrize(
    "text", ["me comunicas con un vendedor?", "quisiera hablar con una persona", "hay alguien?"]
)
def test_asking_for_a_person(text: str) -> None:
    assert wants_a_person(normalise(text))


def test_a_bare_acknowledgement_is_not_a_question() -> None:
    assert is_acknowledgement(normalise("dale, gracias 👍"))
    assert not is_acknowledgement(normalise("hola? sigue alguien?"))


def test_a_thing_after_an_article_is_not_a_place() -> None:
    assert find_place(normalise("quiero una camara para las flores")).zone is None
    assert find_place(normalise("8 paneles de 10 m, Salto")).zone == "Salto"


def test_laughter_or_a_request_is_not_a_name() -> None:
    assert understand("jajaja", expecting_name=True).name is None
    assert understand("contestame", expecting_name=True).name is None
    assert understand("Ana Lía", expecting_name=True).name == "Ana Lía"


def test_para_n_metros_is_an_area_and_alrededor_is_every_edge() -> None:
    assert measures("techo para 60 metros")["area_m2"] == 60.0
    assert set(find_edges(normalise("gotero alrededor")).sides) == {
        "front",
        "back",
        "left",
        "right",
    }


def test_a_place_is_never_read_as_a_misspelt_family() -> None:
    assert understand("Colonia").product.family is None
    assert understand("isoroof colonial").product.family == "ISOROOF_COLONIAL"
    assert wants_to_stop(normalise("no gracias, ya lo compre en otro lado"))
