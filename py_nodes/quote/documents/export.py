"""Quotes or conversations as CSV, XLSX or JSON for the sales team's spreadsheets.

CSV and XLSX are for people: Spanish headers, es-UY numbers and dates in CSV (``;`` separated,
as Spanish Excel expects; every cell quoted), real dates and numbers in XLSX with formats and
column widths. Every text cell is neutralised (a leading ``=+-@`` cannot start a formula, line
breaks and tabs become spaces) and control characters are stripped (XLSX refuses them). JSON
keeps the machine values.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from py_nodes.core import formatting as fmt
from py_nodes.core.sellers import load_roster
from py_nodes.quote.documents.models import SCENARIO_LABELS
from py_nodes.quote.store.followups import as_epoch, iso
from py_nodes.quote.store.models import upgrade

ExportKind = Literal["quotes", "conversations"]
ExportFormat = Literal["csv", "xlsx", "json"]
Kind = Literal["text", "money", "datetime"]
MEDIA_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
XLSX_FORMATS: Final[dict[Kind, str]] = {"money": "#,##0.00", "datetime": "dd/mm/yyyy hh:mm"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BREAKS = re.compile(r"[\r\n\t]+")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
DIRECTIONS: Final = {"in": "Recibido", "out": "Enviado"}
MONEY_KEYS: Final = ("subtotal", "iva", "total")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = "text"
    width: int = 14


QUOTE_COLUMNS: Final = (
    Column("number", "Número", width=15),
    Column("created_at", "Fecha", "datetime", 17),
    Column("estado", "Estado", width=12),
    Column("assignee", "Vendedor", width=14),
    Column("origin", "Origen", width=8),
    Column("user_phone", "Teléfono", width=16),
    Column("customer_name", "Cliente", width=26),
    Column("product", "Producto", width=18),
    Column("scenario", "Escenario", width=18),
    Column("price_list", "Lista", width=8),
    Column("subtotal", "Subtotal USD", "money", 14),
    Column("iva", "IVA USD", "money", 12),
    Column("total", "Total USD", "money", 14),
    Column("followed_up_at", "Seguimiento", "datetime", 17),
)
CONVERSATION_COLUMNS: Final = (
    Column("timestamp", "Fecha y hora", "datetime", 17),
    Column("phone", "Teléfono", width=16),
    Column("direction", "Sentido", width=10),
    Column("text", "Mensaje", width=80),
)
#: A row: machine values by column key (str, Decimal or an aware datetime, None when empty).
Row = dict[str, Any]


def clean_text(value: str) -> str:
    """Control characters stripped; line breaks and tabs become one space."""
    return _BREAKS.sub(" ", _CONTROL.sub("", value))


def safe_cell(value: str) -> str:
    """A text cell no spreadsheet runs as a formula (``=cmd()``, ``@SUM``, ``+1+1``, ``-2-3``).

    Control characters and line breaks go first (so ``"\\n=1+1"`` cannot hide a formula);
    plain signed numbers (``+59899123456``, ``-12.5``) stay as they are."""
    text = clean_text(value).strip(" ")
    if not text or text[0] not in "=+-@":
        return text
    if text[0] in "+-" and _PLAIN_NUMBER.match(text):
        return text
    return "'" + text


def _moment(value: Any) -> datetime | None:
    epoch = as_epoch(value)
    return None if epoch is None else datetime.fromtimestamp(epoch, fmt.MONTEVIDEO)


def _money(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


def quote_row(document: dict[str, Any]) -> Row:
    """A quote for people: seller and scenario by name, dates and money as values."""
    row = machine_quote_row(document)
    scenario = str(row["scenario"] or "")
    return {
        **row,
        "created_at": _moment(row["created_at"]),
        "assignee": load_roster().name(str(row["assignee"] or "")) or None,
        "product": str(row["product"] or "").replace("_", " ") or None,
        "scenario": SCENARIO_LABELS.get(scenario, scenario) or None,
        "subtotal": _money(row["subtotal"]),
        "iva": _money(row["iva"]),
        "total": _money(row["total"]),
        "followed_up_at": _moment(row["followed_up_at"]),
    }


def machine_quote_row(document: dict[str, Any]) -> Row:
    """A quote as stored: codes, ISO dates, money as strings (the JSON export)."""
    document = upgrade(document)
    quote = document.get("quote", {})
    values = {
        **document,
        "estado": document.get("state"),  # the export's column keeps its Spanish name
        **{key: quote.get(key) for key in ("price_list", *MONEY_KEYS)},
    }
    return {column.key: values.get(column.key) for column in QUOTE_COLUMNS}


def conversation_row(document: dict[str, Any]) -> Row:
    """A message for people: when, who, which way (Recibido/Enviado), what."""
    row = machine_conversation_row(document)
    direction = str(row["direction"] or "")
    return {
        **row,
        "timestamp": _moment(document.get("timestamp")),
        "direction": DIRECTIONS.get(direction, direction) or None,
    }


def machine_conversation_row(document: dict[str, Any]) -> Row:
    epoch = as_epoch(document.get("timestamp"))
    row = {column.key: document.get(column.key) for column in CONVERSATION_COLUMNS}
    row["timestamp"] = iso(epoch) if epoch is not None else document.get("timestamp")
    return row


def _human(column: Column, value: Any) -> str:
    """A CSV cell as Spanish Excel reads it: ``1.641,55``, ``20/05/2026 14:03``, safe text."""
    if value is None:
        return ""
    if column.kind == "money":
        return fmt.amount(value)
    if column.kind == "datetime":
        return fmt.date_time(value)
    return safe_cell(str(value))


def to_csv(rows: Sequence[Row], columns: Sequence[Column]) -> bytes:
    """``;``-separated, every cell quoted, UTF-8 with BOM (so Excel reads the accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    writer.writerows([_human(column, row.get(column.key)) for column in columns] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet: WriteOnlyWorksheet, column: Column, value: Any) -> WriteOnlyCell:
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if column.kind == "datetime":
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))  # Excel has no zones
    elif column.kind == "money":
        cell = WriteOnlyCell(sheet, value=value)
    else:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(value)))
    if column.kind in XLSX_FORMATS:
        cell.number_format = XLSX_FORMATS[column.kind]
    return cell


def to_xlsx(rows: Sequence[Row], columns: Sequence[Column], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="143C78")
    headings = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill = bold, fill
        headings.append(cell)
    sheet.append(headings)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, column, row.get(column.key)) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(kind: ExportKind, fmt_: ExportFormat, documents: Sequence[dict[str, Any]]) -> bytes:
    """The export file's bytes."""
    quotes = kind == "quotes"
    if fmt_ == "json":
        machine = machine_quote_row if quotes else machine_conversation_row
        rows = [machine(document) for document in documents]
        return json.dumps(rows, ensure_ascii=False, default=str).encode("utf-8")
    columns = QUOTE_COLUMNS if quotes else CONVERSATION_COLUMNS
    to_row: Callable[[dict[str, Any]], Row] = quote_row if quotes else conversation_row
    human = [to_row(document) for document in documents]
    if fmt_ == "csv":
        return to_csv(human, columns)
    return to_xlsx(human, columns, "Cotizaciones" if quotes else "Conversaciones")
