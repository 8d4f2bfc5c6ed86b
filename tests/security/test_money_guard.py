"""The LLM money guard on the phrasings that used to pass (issue 12, item 5)."""

from __future__ import annotations

import pytest

from py_nodes.ai.llm.guard import has_link, reply_is_safe

DRAFT = (
    "Tu cotización BMC-2026-0007 da un total de USD 1.234,50 con IVA. Seña del 60 % y "
    "recargo del 11,9 % con tarjeta. Para el cuarto frío usamos ISOFRIG de 100 mm."
)


@pytest.mark.parametrize(
    "candidate",
    [
        pytest.param("Te hago un precio especial: la mitad.", id="precio-especial-la-mitad"),
        pytest.param("Precio especial para vos, medio precio.", id="medio-precio"),
        pytest.param("Son unos mil dólares nada más.", id="accented-dolares-in-words"),
        pytest.param("Son unos mil DÓLARES.", id="upper-accented-dolares"),
        pytest.param("Te bonifico veinte por ciento.", id="por-ciento-in-words"),
        pytest.param("Te hago un descuento del diez porciento.", id="porciento-glued"),
        pytest.param("Con bonificación del quince.", id="accented-bonificacion"),
        pytest.param("Te sale doscientos pesos menos.", id="pesos-number-word"),
        pytest.param("Mirá los precios en https://bmc.example/promo", id="https-url"),
        pytest.param("Escribime a wa.me/59899000000", id="wa-me-link"),
        pytest.param("Más info en www.ejemplo.com.uy", id="www-link"),
        pytest.param("Entrá a ofertas-bmc.com y listo.", id="bare-domain"),
        pytest.param("Hoy es gratis el flete.", id="gratis"),
        pytest.param("Aprovechá la promo 2x1.", id="two-for-one"),
    ],
)
def test_guard_refuses_invented_money_talk_and_links(candidate: str) -> None:
    assert reply_is_safe(candidate, DRAFT) is False


@pytest.mark.parametrize(
    "candidate",
    [
        pytest.param("El total es USD 1.234,50 con IVA.", id="same-amount"),
        pytest.param("Seña del 60 % y 11,9 % de recargo con tarjeta.", id="same-figures"),
        pytest.param("Para el cuarto frío va ISOFRIG de 100 mm, una chapa por módulo.", id="nouns"),
        pytest.param("Ponemos dos apoyos por panel.", id="counting-words-without-money"),
        pytest.param("¡Dale! Cualquier duda me escribís.", id="small-talk"),
    ],
)
def test_guard_keeps_replies_that_only_repeat_the_context(candidate: str) -> None:
    assert reply_is_safe(candidate, DRAFT) is True


def test_context_money_words_only_allow_those_same_words() -> None:
    """A context that says "descuento" does not license "la mitad" or "dólares"."""
    context = "No hacemos descuento sobre la lista web."
    assert reply_is_safe("No hay descuento sobre la lista web.", context) is True
    assert reply_is_safe("No hay descuento, pero te dejo la mitad.", context) is False
    assert reply_is_safe("No hay descuento en dólares.", context) is False


def test_links_are_found_on_plain_text() -> None:
    assert has_link("HTTPS://EJEMPLO.UY")
    assert not has_link("ISODEC 100 mm, 5,60 x 5 m.")
