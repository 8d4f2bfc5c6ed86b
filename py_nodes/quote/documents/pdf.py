"""The customer PDF of a quote (BMC's "Presupuesto Simple" layout), drawn with fpdf2.

Company data and logo come from ``business.yaml``, conditions from the catalog; numbers are
es-UY (``1.767,94``). Every text is drawn in an explicit colour on an explicit fill, chosen so
each pair passes WCAG AA (tests/quote/test_pdf_contrast.py reads the drawing operations back).
fpdf2's core fonts are latin-1: Spanish accents render, anything else is mapped by :func:`latin1`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from fpdf import FPDF
from fpdf.enums import TableBordersLayout
from fpdf.fonts import FontFace

from py_nodes.core import formatting as fmt
from py_nodes.quote.catalog.models import Condition
from py_nodes.quote.documents.business import Business, default_business
from py_nodes.quote.documents.models import QuoteHeader
from py_nodes.quote.engine.formatting import unit_display
from py_nodes.quote.engine.models import PricedQuote

FONT: Final = "Helvetica"
Colour = tuple[int, int, int]
INK: Final[Colour] = (33, 37, 41)  # body text
MUTED: Final[Colour] = (84, 90, 98)  # labels, footer
WHITE: Final[Colour] = (255, 255, 255)
NAVY: Final[Colour] = (20, 60, 120)  # title badge, table heading, total
RED: Final[Colour] = (176, 0, 32)  # highlighted conditions
GROUP_FILL: Final[Colour] = (222, 230, 242)  # group rows
SUBTOTAL_FILL: Final[Colour] = (240, 243, 248)
NOTE_FILL: Final[Colour] = (255, 246, 214)  # assumptions box
RULE: Final[Colour] = (190, 198, 210)
COLUMNS: Final = (90, 20, 18, 26, 26)
WIDTH: Final = sum(COLUMNS)
_REPLACEMENTS: Final = str.maketrans({"—": "-", "–": "-", "•": "-", "’": "'", "“": '"', "”": '"'})


def latin1(text: str) -> str:
    """Text the core fonts can draw: common punctuation mapped, other non-latin-1 removed."""
    mapped = text.translate(_REPLACEMENTS).replace("…", "...")
    return mapped.encode("latin-1", "ignore").decode("latin-1")


class QuotePdf(FPDF):
    """A4 page with the company footer on every page."""

    footer_contact = ""
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_font(FONT, size=7)
        self.set_text_color(*MUTED)
        self.cell(0, 5, latin1(self.footer_contact), align="C", new_x="LMARGIN", new_y="NEXT")
        page = f"{self.footer_text} · página {self.page_no()} de {{nb}}"
        self.cell(0, 4, latin1(page), align="C")


def _text(pdf: QuotePdf, colour: Colour, style: str = "", size: float = 9) -> None:
    pdf.set_text_color(*colour)
    pdf.set_font(FONT, style, size)


def _header(pdf: QuotePdf, header: QuoteHeader, business: Business) -> None:
    top = pdf.get_y()
    left = pdf.l_margin
    logo = business.logo_path
    if logo is not None:
        pdf.image(str(logo), x=left, y=top, w=20, h=20)
        left += 24
    pdf.set_xy(left, top)
    _text(pdf, NAVY, "B", 16)
    pdf.cell(100, 8, latin1(business.brand.upper()), new_x="LEFT", new_y="NEXT")
    _text(pdf, INK, size=8.5)
    company = [
        " · ".join(p for p in (business.legal_name, business.rut and f"RUT {business.rut}") if p),
        business.address,
        " · ".join(p for p in (business.phone, business.email, business.web) if p),
    ]
    for line in (item for item in company if item):
        pdf.cell(100, 4.2, latin1(line), new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.w - pdf.r_margin - 62, top)
    pdf.set_fill_color(*NAVY)
    _text(pdf, WHITE, "B", 13)
    pdf.cell(62, 10, "PRESUPUESTO", align="C", fill=True, new_x="LEFT", new_y="NEXT")
    _text(pdf, INK, "B", 10)
    pdf.cell(62, 6, latin1(header.number), align="C", new_x="LEFT", new_y="NEXT")
    _text(pdf, MUTED, size=8.5)
    pdf.cell(62, 4.5, latin1(f"Fecha {fmt.date(header.issued_on)}"), align="C")
    pdf.set_y(max(pdf.get_y(), top + 22))
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + WIDTH, pdf.get_y() + 1)
    pdf.ln(4)


def _pairs(pdf: QuotePdf, pairs: Sequence[tuple[str, str]], x: float, width: float) -> float:
    """Label/value rows in a column from the current y; returns the y below the last row."""
    for label, value in pairs:
        pdf.set_x(x)
        _text(pdf, MUTED, size=8.5)
        pdf.cell(24, 5, latin1(label))
        _text(pdf, INK, "B", 9)
        pdf.multi_cell(width - 24, 5, latin1(value), new_x="LMARGIN", new_y="NEXT")
    return pdf.get_y()


def _meta(pdf: QuotePdf, header: QuoteHeader, priced: PricedQuote) -> None:
    days = (priced.valid_until - header.issued_on).days
    customer = [("Cliente", header.customer_name or ""), ("Teléfono", header.customer_phone)]
    customer.append(("Entrega", header.place or ""))
    terms = [
        ("Válido hasta", f"{fmt.date(priced.valid_until)} ({days} días)"),
        ("Lista", header.price_list_label),
    ]
    top = pdf.get_y()
    bottom_left = _pairs(pdf, [(k, v) for k, v in customer if v], pdf.l_margin, 100)
    pdf.set_y(top)
    bottom_right = _pairs(pdf, terms, pdf.l_margin + 108, WIDTH - 108)
    pdf.set_y(max(bottom_left, bottom_right) + 2)
    scope = [header.panel_label]
    if header.color:
        scope.append(f"color {header.color}")
    scope.append(header.scenario_label)
    figures = priced.figures
    kpis = [f"{fmt.number(figures.area_m2)} m²", f"{figures.panels} paneles"]
    if figures.supports is not None:
        kpis.append(f"{figures.supports} apoyos")
    if figures.fixing_points:
        kpis.append(f"{figures.fixing_points} puntos de fijación")
    _text(pdf, MUTED, size=8.5)
    pdf.cell(24, 5, "Alcance")
    _text(pdf, INK, "B", 9)
    pdf.multi_cell(0, 5, latin1(" · ".join(scope)), new_x="LMARGIN", new_y="NEXT")
    _text(pdf, MUTED, size=8.5)
    pdf.cell(24, 5, "Medidas")
    _text(pdf, INK, size=9)
    pdf.multi_cell(0, 5, latin1(" · ".join(kpis)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if header.assumptions:
        _assumptions(pdf, header.assumptions)


def _assumptions(pdf: QuotePdf, assumptions: Sequence[str]) -> None:
    """What was assumed to price it, on a pale box: the customer corrects it by answering."""
    pdf.set_fill_color(*NOTE_FILL)
    _text(pdf, INK, "B", 8.5)
    title = "Supuestos de este presupuesto (si algo no es así, avisanos y lo ajustamos)"
    pdf.multi_cell(WIDTH, 5, latin1(title), fill=True, new_x="LMARGIN", new_y="NEXT")
    _text(pdf, INK, size=8.5)
    for item in assumptions:
        pdf.multi_cell(WIDTH, 4.5, latin1(f"- {item}"), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _lines(pdf: QuotePdf, priced: PricedQuote) -> None:
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*RULE)
    group_style = FontFace(emphasis="BOLD", color=NAVY, fill_color=GROUP_FILL)
    subtotal_style = FontFace(emphasis="BOLD", color=INK, fill_color=SUBTOTAL_FILL)
    plain = FontFace(color=INK, fill_color=WHITE)
    with pdf.table(
        col_widths=COLUMNS,
        width=WIDTH,
        text_align=("LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", color=WHITE, fill_color=NAVY),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        line_height=4.6,
        padding=(0.8, 1.2),
    ) as table:
        table.row(["Descripción", "Cant.", "Unid.", "P. unit. USD", "Total USD"])
        for group in priced.groups:
            table.row().cell(latin1(group.group), colspan=5, style=group_style)
            for line in (item for item in priced.lines if item.group == group.group):
                row = table.row(style=plain)
                row.cell(latin1(line.description))
                row.cell(fmt.number(line.quantity))
                row.cell(latin1(unit_display(line.unit, line.quantity)))
                row.cell(fmt.unit_price(line.quantity, line.unit_price, line.amount))
                row.cell(fmt.amount(line.amount))
            subtotal = table.row(style=subtotal_style)
            subtotal.cell(latin1(f"Subtotal {group.group.lower()}"), colspan=4, align="RIGHT")
            subtotal.cell(fmt.amount(group.amount))
    pdf.ln(3)


def _iva_label(priced: PricedQuote) -> str:
    if not priced.subtotal:
        return "IVA"
    rate = (priced.iva / priced.subtotal * 100).quantize(Decimal(1))
    return f"IVA {fmt.number(rate, 0)} %"


def _totals(pdf: QuotePdf, priced: PricedQuote) -> None:
    label_w, amount_w = 50.0, 30.0
    x = pdf.l_margin + WIDTH - label_w - amount_w
    rows = [("Subtotal sin IVA", priced.subtotal), (_iva_label(priced), priced.iva)]
    for label, value in rows:
        pdf.set_x(x)
        _text(pdf, INK, size=9.5)
        pdf.cell(label_w, 6, latin1(label), align="R")
        pdf.cell(amount_w, 6, fmt.amount(value), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(x)
    pdf.set_fill_color(*NAVY)
    _text(pdf, WHITE, "B", 11)
    pdf.cell(label_w, 8, f"TOTAL {priced.currency} (IVA incl.)", align="R", fill=True)
    pdf.cell(amount_w, 8, fmt.amount(priced.total), align="R", fill=True)
    pdf.ln(10)
    if priced.freight_note:
        _text(pdf, MUTED, "I", 8)
        pdf.multi_cell(0, 4, latin1(priced.freight_note), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)


def _section(pdf: QuotePdf, title: str) -> None:
    """A section title, moved to the next page with its first lines rather than left alone."""
    if pdf.will_page_break(18):
        pdf.add_page()
    _text(pdf, NAVY, "B", 10)
    pdf.cell(0, 6, latin1(title), new_x="LMARGIN", new_y="NEXT")


def _notes(pdf: QuotePdf, priced: PricedQuote, conditions: Sequence[Condition]) -> None:
    if priced.warnings:
        _section(pdf, "Observaciones")
        _text(pdf, INK, size=8)
        for warning in priced.warnings:
            pdf.multi_cell(0, 4, latin1(f"- {warning}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    if conditions:
        _section(pdf, "Condiciones comerciales")
        for number, condition in enumerate(conditions, start=1):
            _text(pdf, RED if condition.highlight else INK, "B" if condition.bold else "", 8)
            line = f"{number}. {condition.text}"
            pdf.multi_cell(0, 4, latin1(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)


def _bank(pdf: QuotePdf, business: Business) -> None:
    bank = business.bank
    if not bank.printable:
        return
    _section(pdf, "Datos para depósito bancario")
    rows = [
        ("Banco", bank.name),
        ("Cuenta", " · ".join(part for part in (bank.account_type, bank.account) if part)),
        ("Titular", bank.holder),
    ]
    _pairs(pdf, [(k, v) for k, v in rows if v], pdf.l_margin, WIDTH)


def render_quote_pdf(
    header: QuoteHeader,
    priced: PricedQuote,
    conditions: Sequence[Condition],
    *,
    business: Business | None = None,
    compress: bool = True,
) -> bytes:
    """The whole document as PDF bytes (``compress=False`` keeps the text searchable in tests)."""
    business = business or default_business()
    pdf = QuotePdf(format="A4")
    pdf.footer_contact = business.contact_line
    pdf.footer_text = (
        f"{header.scenario_label} · {header.number} · catálogo {priced.catalog_version}"
    )
    pdf.set_compression(compress)
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(latin1(f"Presupuesto {header.number}"))
    pdf.set_author(latin1(" - ".join(p for p in (business.brand, business.legal_name) if p)))
    pdf.add_page()
    _header(pdf, header, business)
    _meta(pdf, header, priced)
    _lines(pdf, priced)
    _totals(pdf, priced)
    _notes(pdf, priced, conditions)
    _bank(pdf, business)
    return bytes(pdf.output())
