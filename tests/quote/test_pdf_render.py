"""The customer PDF: layout texts, Spanish accents in latin-1, characters the font lacks."""

from __future__ import annotations

import pytest
from api_helpers import header, priced

from py_nodes.quote.catalog import default_catalog
from py_nodes.quote.pdf import latin1, render_quote_pdf


def document(**header_fields: str) -> bytes:
    conditions = default_catalog().conditions
    return render_quote_pdf(header(**header_fields), priced(3), conditions, compress=False)


def test_pdf_starts_as_pdf() -> None:
    assert render_quote_pdf(header(), priced(2), default_catalog().conditions).startswith(b"%PDF-")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(b"BMC URUGUAY", id="company"),
        pytest.param(b"METALOG SAS", id="legal-name"),
        pytest.param(b"PRESUPUESTO", id="badge"),
        pytest.param(b"BMC-2026-0001 - 20/05/2026", id="ref-and-date"),
        pytest.param(b"Subtotal sin IVA", id="subtotal"),
        pytest.param(b"IVA 22 %", id="iva"),
        pytest.param(b"Total USD", id="total"),
        pytest.param(b"1,641.55", id="total-amount"),
        pytest.param(b"Subtotal FIJACIONES", id="group-subtotal"),
        pytest.param(b"Condiciones Comerciales", id="terms"),
        pytest.param(b"12. Sujeto a cambios", id="twelfth-term"),
        pytest.param("10 días".encode("latin-1"), id="validity-with-accent"),
        pytest.param("Ana Pérez".encode("latin-1"), id="customer-with-accent"),
    ],
)
def test_pdf_contains_layout_text(text: bytes) -> None:
    assert text in document()


def test_pdf_drops_characters_latin1_lacks() -> None:
    content = document(customer_name="Ana 🙂 Pérez — obra")

    assert "Ana  Pérez - obra".encode("latin-1") in content


def test_latin1_keeps_spanish_and_maps_dashes() -> None:
    assert latin1("Cañería — ñandú… ✓") == "Cañería - ñandú... "


def test_pdf_of_many_lines_spans_pages() -> None:
    content = render_quote_pdf(header(), priced(120), default_catalog().conditions)

    assert content.count(b"/Type /Page\n") > 1
