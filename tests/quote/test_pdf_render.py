"""The customer PDF: layout, es-UY numbers, company data from business.yaml, no empty fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from py_nodes.quote.catalog.models import default_catalog
from py_nodes.quote.documents.business import Bank, Business, load_business
from py_nodes.quote.documents.pdf import latin1, render_quote_pdf
from py_nodes.quote.engine.models import QuoteLine
from py_nodes.quote.errors import CatalogInvalid
from tests.quote.api_helpers import header, priced
from tests.quote.pdf_ops import text_runs


def document(business: Business | None = None, **header_fields: object) -> bytes:
    conditions = default_catalog().conditions
    return render_quote_pdf(
        header(**header_fields), priced(3), conditions, business=business, compress=False
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(b"BMC URUGUAY", id="company"),
        pytest.param(b"Metalog SAS \xb7 RUT 120403430012", id="legal-name-and-rut"),
        pytest.param(b"PRESUPUESTO", id="badge"),
        pytest.param(b"BMC-2026-0001", id="number"),
        pytest.param(b"Fecha 20/05/2026", id="date"),
        pytest.param("30/05/2026 \\(10 días\\)".encode("latin-1"), id="validity-from-quote"),
        pytest.param(b"Subtotal sin IVA", id="subtotal"),
        pytest.param(b"IVA 22 %", id="iva"),
        pytest.param(b"TOTAL USD", id="total"),
        pytest.param(b"1.641,55", id="total-amount-es-uy"),
        pytest.param(b"Subtotal fijaciones", id="group-subtotal"),
        pytest.param(b"Condiciones comerciales", id="terms"),
        pytest.param("2. Oferta válida por 10 días".encode("latin-1"), id="catalog-validity"),
        pytest.param(b"12. Sujeto a cambios", id="twelfth-term"),
        pytest.param("Ana Pérez".encode("latin-1"), id="customer-with-accent"),
        pytest.param(b"/Subtype /Image", id="logo"),
    ],
)
def test_pdf_contains_layout_text(text: bytes) -> None:
    assert text in document()


def test_pdf_prints_no_empty_fields() -> None:
    texts = [run.text for run in text_runs(document(color=None, address=None, customer_name=None))]

    assert not [text for text in texts if "color " in text and "·" in text]
    assert "Entrega" not in texts
    assert "Cliente" not in texts
    assert not [text for text in texts if text.strip() in ("-", "—", "")]
    assert "ISODEC EPS 100mm · Solo techo" in texts


def test_bank_block_needs_an_account_number() -> None:
    without = load_business()
    with_account = without.model_copy(
        update={"bank": Bank(name="BROU", account="001234567-00001", holder="Metalog SAS")}
    )

    assert not without.bank.account
    assert "depósito bancario".encode("latin-1") not in document(without)
    assert b"001234567-00001" in document(with_account)
    assert "depósito bancario".encode("latin-1") in document(with_account)


def test_company_data_comes_from_the_business_file(tmp_path: Path) -> None:
    (tmp_path / "business.yaml").write_text(
        "brand: Otra Empresa\nrut: 219999990011\nphone: ''\nlogo: ''\n", encoding="utf-8"
    )
    business = load_business(tmp_path / "business.yaml")
    content = document(business)

    assert b"OTRA EMPRESA" in content
    assert b"RUT 219999990011" in content
    assert b"BMC URUGUAY" not in content
    assert b"/Subtype /Image" not in content


def test_a_broken_business_file_names_the_field(tmp_path: Path) -> None:
    (tmp_path / "business.yaml").write_text("brand: X\nbanco: BROU\n", encoding="utf-8")

    with pytest.raises(CatalogInvalid, match="banco"):
        load_business(tmp_path / "business.yaml")


def test_unit_price_has_the_precision_that_multiplies_to_the_line() -> None:
    screws = QuoteLine(
        group="FIJACIONES",
        description="Tornillo T1 (perfilería)",
        sku="T1",
        quantity=200,
        unit="unid",
        unit_price="0.0574",
        amount="11.48",
    )
    quote = priced(1).model_copy(update={"lines": [screws], "groups": priced(2).groups[1:]})
    content = render_quote_pdf(header(), quote, [], compress=False)

    assert b"(0,0574)" in content
    assert b"(11,48)" in content


def test_pdf_drops_characters_latin1_lacks() -> None:
    content = document(customer_name="Ana 🙂 Pérez — obra")

    assert "Ana  Pérez - obra".encode("latin-1") in content


def test_latin1_keeps_spanish_and_maps_dashes() -> None:
    assert latin1("Cañería — ñandú… ✓") == "Cañería - ñandú... "


def test_pdf_of_many_lines_spans_pages() -> None:
    content = render_quote_pdf(header(), priced(120), default_catalog().conditions)

    assert content.count(b"/Type /Page\n") > 1
