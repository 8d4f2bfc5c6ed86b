"""The customer PDF of a quote (layout of the "Presupuesto Simple" template), drawn with fpdf2.

fpdf2's core fonts are latin-1: Spanish accents render, anything else (emoji, dashes) is
replaced or dropped by :func:`latin1`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from fpdf import FPDF
from fpdf.fonts import FontFace

from py_nodes.quote.catalog import Condition
from py_nodes.quote.formatting import (
    date_display,
    quantity_display,
    thousands,
    unit_display,
    unit_price,
)
from py_nodes.quote.presentation import QuoteHeader
from py_nodes.quote.schemas import PricedQuote

FONT: Final = "Helvetica"
RED: Final = (176, 0, 32)
GREY: Final = (235, 235, 235)
COLUMNS: Final = (92, 20, 18, 25, 25)
_REPLACEMENTS: Final = str.maketrans({"—": "-", "–": "-", "•": "-", "’": "'", "“": '"', "”": '"'})


def latin1(text: str) -> str:
    """Text the core fonts can draw: common punctuation mapped, other non-latin-1 removed."""
    mapped = text.translate(_REPLACEMENTS).replace("…", "...")
    return mapped.encode("latin-1", "ignore").decode("latin-1")


class QuotePdf(FPDF):
    """A4 page with the company footer on every page."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, size=7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, latin1("bmcuruguay.com.uy · 092 663 245 · Metalog SAS"), align="C")
        self.ln(4)
        self.cell(0, 4, latin1(f"{self.footer_text} · página {self.page_no()}"), align="C")


def _header(pdf: QuotePdf, header: QuoteHeader) -> None:
    pdf.set_font(FONT, "B", 16)
    pdf.cell(120, 8, "BMC URUGUAY")
    pdf.set_fill_color(20, 60, 120)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(0, 8, "PRESUPUESTO", align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, size=9)
    pdf.cell(120, 5, "METALOG SAS · RUT 120403430012 · Maldonado")
    ref = latin1(f"{header.number} - {date_display(header.issued_on)}")
    pdf.cell(0, 5, ref, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _meta(pdf: QuotePdf, header: QuoteHeader, priced: PricedQuote) -> None:
    pairs = [
        ("Cliente", header.customer),
        ("Tel", header.customer_phone),
        ("Dirección", header.place or "-"),
        ("Fecha", date_display(header.issued_on)),
        ("Ref", header.number),
        ("Validez", f"10 días (hasta el {date_display(priced.valid_until)})"),
    ]
    for label, value in pairs:
        pdf.set_font(FONT, "B", 9)
        pdf.cell(22, 5, latin1(f"{label}:"))
        pdf.set_font(FONT, size=9)
        pdf.cell(0, 5, latin1(value), new_x="LMARGIN", new_y="NEXT")
    figures = priced.figures
    supports = "-" if figures.supports is None else str(figures.supports)
    scope = (
        f"Alcance: {header.panel_label} · Color: {header.color or '-'} · {header.scenario_label}"
    )
    kpis = (
        f"{quantity_display(figures.area_m2)} m² · {figures.panels} paneles · "
        f"{supports} apoyos · {figures.fixing_points} puntos de fijación"
    )
    pdf.ln(2)
    pdf.multi_cell(0, 5, latin1(scope), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, latin1(kpis), new_x="LMARGIN", new_y="NEXT")
    for assumption in header.assumptions:
        pdf.multi_cell(0, 5, latin1(f"Supuesto: {assumption}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _lines(pdf: QuotePdf, priced: PricedQuote) -> None:
    pdf.set_font(FONT, size=8)
    bold = FontFace(emphasis="BOLD", fill_color=GREY)
    with pdf.table(
        col_widths=COLUMNS,
        text_align=("LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(210, 220, 235)),
        line_height=4.5,
    ) as table:
        table.row(["Descripción", "Cant.", "Unid.", "P.U. USD", "Total USD"])
        for group in priced.groups:
            table.row().cell(latin1(group.group), colspan=5, style=bold)
            for line in (item for item in priced.lines if item.group == group.group):
                table.row(
                    [
                        latin1(line.description),
                        quantity_display(line.quantity),
                        latin1(unit_display(line.unit, line.quantity)),
                        unit_price(line.unit_price),
                        thousands(line.amount),
                    ]
                )
            subtotal = table.row()
            subtotal.cell(latin1(f"Subtotal {group.group}"), colspan=4, style=bold, align="RIGHT")
            subtotal.cell(thousands(group.amount), style=bold)
    pdf.ln(2)


def _totals(pdf: QuotePdf, priced: PricedQuote) -> None:
    rows = [
        ("Subtotal sin IVA", thousands(priced.subtotal), ""),
        ("IVA 22 %", thousands(priced.iva), ""),
        ("Total USD", thousands(priced.total), "B"),
    ]
    for label, amount, style in rows:
        pdf.set_font(FONT, style, 10)
        pdf.cell(sum(COLUMNS) - 40, 6, label, align="R")
        pdf.cell(40, 6, amount, align="R", new_x="LMARGIN", new_y="NEXT")
    if priced.freight_note:
        pdf.set_font(FONT, "I", 8)
        pdf.multi_cell(0, 4, latin1(priced.freight_note), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _notes(pdf: QuotePdf, priced: PricedQuote, conditions: Sequence[Condition]) -> None:
    if priced.warnings:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, "Observaciones", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=8)
        for warning in priced.warnings:
            pdf.multi_cell(0, 4, latin1(f"- {warning}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, "Condiciones Comerciales", new_x="LMARGIN", new_y="NEXT")
    for number, condition in enumerate(conditions, start=1):
        pdf.set_font(FONT, "B" if condition.bold else "", 8)
        pdf.set_text_color(*(RED if condition.highlight else (0, 0, 0)))
        pdf.multi_cell(0, 4, latin1(f"{number}. {condition.text}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, latin1("Datos para depósito bancario"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=8)
    pdf.cell(0, 4, latin1("Titular: Metalog SAS · BROU · Cuenta en dólares"))


def render_quote_pdf(
    header: QuoteHeader,
    priced: PricedQuote,
    conditions: Sequence[Condition],
    *,
    compress: bool = True,
) -> bytes:
    """The whole document as PDF bytes (``compress=False`` keeps the text searchable in tests)."""
    pdf = QuotePdf(format="A4")
    pdf.footer_text = (
        f"{header.scenario_label} · {header.number} · catálogo {priced.catalog_version}"
    )
    pdf.set_compression(compress)
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(latin1(f"Presupuesto {header.number}"))
    pdf.set_author("BMC Uruguay - Metalog SAS")
    pdf.add_page()
    _header(pdf, header)
    _meta(pdf, header, priced)
    _lines(pdf, priced)
    _totals(pdf, priced)
    _notes(pdf, priced, conditions)
    return bytes(pdf.output())
