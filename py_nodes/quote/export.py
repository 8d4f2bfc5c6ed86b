"""Rows of quotes or conversations as CSV, XLSX or JSON (spreadsheet formulas neutralised)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final, Literal

from openpyxl import Workbook

from py_nodes.quote.followups import as_epoch, iso

ExportKind = Literal["quotes", "conversations"]
ExportFormat = Literal["csv", "xlsx", "json"]

QUOTE_COLUMNS: Final = (
    "number",
    "created_at",
    "estado",
    "assignee",
    "origin",
    "user_phone",
    "customer_name",
    "product",
    "scenario",
    "price_list",
    "subtotal",
    "iva",
    "total",
    "followed_up_at",
)
CONVERSATION_COLUMNS: Final = ("timestamp", "phone", "direction", "text")
MONEY_COLUMNS: Final = frozenset({"subtotal", "iva", "total"})
MEDIA_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def quote_row(document: dict[str, Any]) -> dict[str, str]:
    quote = document.get("quote", {})
    values = {**document, **{name: quote.get(name) for name in ("price_list", *MONEY_COLUMNS)}}
    return {column: _text(values.get(column)) for column in QUOTE_COLUMNS}


def conversation_row(document: dict[str, Any]) -> dict[str, str]:
    epoch = as_epoch(document.get("timestamp"))
    row = {column: _text(document.get(column)) for column in CONVERSATION_COLUMNS}
    row["timestamp"] = iso(epoch) if epoch is not None else _text(document.get("timestamp"))
    return row


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def safe_cell(value: str) -> str:
    """Prefix text a spreadsheet would run as a formula (``=cmd()``, ``@SUM``, ``+1+1``)."""
    if not value or value[0] not in "=+-@\t\r":
        return value
    if value[0] in "+-" and _PLAIN_NUMBER.match(value):
        return value
    return "'" + value


def to_csv(rows: Sequence[dict[str, str]], columns: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: safe_cell(value) for key, value in row.items()} for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[dict[str, str]], columns: Sequence[str], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_xlsx_value(column, row[column]) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(column: str, value: str) -> str | Decimal:
    if column in MONEY_COLUMNS and value:
        return Decimal(value)
    return safe_cell(value)


def render(kind: ExportKind, fmt: ExportFormat, documents: Sequence[dict[str, Any]]) -> bytes:
    """The export file's bytes."""
    columns: Sequence[str] = QUOTE_COLUMNS if kind == "quotes" else CONVERSATION_COLUMNS
    to_row = quote_row if kind == "quotes" else conversation_row
    rows = [to_row(document) for document in documents]
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "xlsx":
        return to_xlsx(rows, columns, kind)
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")
