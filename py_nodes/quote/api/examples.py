"""OpenAPI examples of the quote node: reference example A (ISODEC EPS 100 mm, 5 × 5.00 m roof)."""

from __future__ import annotations

import copy
from typing import Any, Final

from pydantic.config import JsonDict, JsonValue

QUOTE_REQUEST_EXAMPLE: Final[JsonDict] = {
    "scenario": "solo_techo",
    "roof": {
        "product": "ISODEC_EPS",
        "thickness_mm": 100,
        "color": "Blanco",
        "zones": [
            {
                "length_m": "5.0",
                "width_m": "5.6",
                "edges": {
                    "front": "ninguno",
                    "back": "ninguno",
                    "left": "ninguno",
                    "right": "ninguno",
                },
            }
        ],
    },
    "delivery": {"pickup": True},
    "customer": {"phone": "59899123456", "name": "Ana Pérez"},
    "origin": "WA",
}


def _line(group: str, description: str, sku: str, qty: str, unit: str, *money: str) -> JsonDict:
    unit_price, amount = money
    return {
        "group": group,
        "description": description,
        "sku": sku,
        "quantity": qty,
        "unit": unit,
        "unit_price": unit_price,
        "amount": amount,
    }


LINE_EXAMPLE: Final[JsonDict] = _line(
    "PANELES",
    "ISODEC EPS 100mm · 5 paneles × 5,00 m",
    "ISODEC_EPS-100",
    "28",
    "m²",
    "41.15",
    "1152.20",
)
EXAMPLE_A_LINES: Final[list[JsonValue]] = [
    LINE_EXAMPLE,
    _line("FIJACIONES", 'Varilla roscada 3/8" (1m)', "VARILLA38", "5", "unid", "3.68", "18.40"),
    _line("FIJACIONES", 'Tuerca 3/8" galv.', "TUERCA38", "44", "unid", "0.08", "3.52"),
    _line("FIJACIONES", 'Arandela carrocero 3/8"', "ARANDCARR38", "22", "unid", "0.66", "14.52"),
    _line("FIJACIONES", 'Arandela plana 3/8"', "ARANDPLANA38", "22", "unid", "0.12", "2.64"),
    _line("FIJACIONES", "Tortuga PVC (arand. PP)", "TORTUGAPVC", "22", "unid", "1.51", "33.22"),
    _line("SELLADORES", "Silicona Bromplast 8 x600", "SILBROM600", "4", "unid", "11.24", "44.96"),
    _line("SELLADORES", "Silicona neutra 300 ml", "SILNEUTRA300", "8", "unid", "7.11", "56.88"),
    _line(
        "SELLADORES", "Cinta Butilo 2mm×15mm×22.5m", "CINTABUTILO", "1", "unid", "19.19", "19.19"
    ),
]
CREATED_AT: Final = "2026-05-20T14:03:11-03:00"
WHATSAPP_TEXT: Final = "\n".join(
    [
        "*Cotización BMC-2026-0001* · BMC Uruguay",
        "Hola Ana Pérez, te paso la cotización.",
        "",
        "📐 *ISODEC EPS 100mm* · Solo techo",
        "🎨 Color Blanco",
        "📏 28 m² · 5 paneles",
        "📍 Retiro en planta",
        "",
        "💰 Subtotal USD 1.345,53 + IVA 22 % USD 296,02",
        "✅ *Total con IVA: USD 1.641,55*",
        "🗓 Válido hasta el 30/05/2026 (10 días).",
        "",
        "⚠️ *Para tener en cuenta:*",
        "• No se indicó el tipo de estructura: se asumió estructura metálica.",
        "",
        "_Fabricación y entrega de 10 a 45 días · Seña 60% al confirmar, "
        "saldo 40% antes del retiro_",
        "📄 El detalle de cada ítem está en el PDF que te mando a continuación.",
        "_092 663 245 · bmcuruguay.com.uy_",
    ]
)
QUOTE_EXAMPLE: Final[JsonDict] = {
    "id": "BMC-2026-0001",
    "number": "BMC-2026-0001",
    "state": "Pendiente",
    "assignee": "MA",
    "origin": "WA",
    "customer": {"phone": "59899123456", "name": "Ana Pérez"},
    "scenario": "solo_techo",
    "price_list": "web",
    "currency": "USD",
    "catalog_version": "2026-08-15.1",
    "lines": EXAMPLE_A_LINES,
    "groups": [
        {"group": "PANELES", "amount": "1152.20"},
        {"group": "FIJACIONES", "amount": "72.30"},
        {"group": "SELLADORES", "amount": "121.03"},
    ],
    "subtotal": "1345.53",
    "iva": "296.02",
    "total": "1641.55",
    "figures": {"area_m2": "28", "panels": 5, "supports": 2, "fixing_points": 22},
    "warnings": ["No se indicó el tipo de estructura: se asumió estructura metálica."],
    "freight_note": "Retiro sin cargo en planta (Colonia Nicolich)",
    "valid_until": "2026-05-30",
    "created_at": CREATED_AT,
    "history": [{"state": "Pendiente", "by": "sistema", "at": CREATED_AT}],
    "followed_up_at": None,
    "needs_review": False,
    "review_reasons": [],
    "whatsapp_text": WHATSAPP_TEXT,
    "pdf_url": "/quotes/BMC-2026-0001/pdf",
}


def quote_example(*steps: tuple[str, str, str], assignee: str = "MA") -> dict[str, Any]:
    """Example A after the ``(state, by, at)`` steps, each appended to ``history``."""
    example: dict[str, Any] = copy.deepcopy(QUOTE_EXAMPLE)
    for state, by, at in steps:
        example["state"] = state
        example["history"].append({"state": state, "by": by, "at": at})
    example["assignee"] = assignee
    return example


STEP_AT: Final = "2026-05-20T14:10:00-03:00"
ASSIGNED_EXAMPLE: Final = quote_example(("Asignado", "MA", STEP_AT))
SENT_EXAMPLE: Final = quote_example(("Asignado", "bot", STEP_AT), ("Enviado", "bot", STEP_AT))
QUOTE_PAGE_EXAMPLE: Final[JsonDict] = {
    "items": [
        {
            "id": "BMC-2026-0001",
            "number": "BMC-2026-0001",
            "state": "Enviado",
            "assignee": "MA",
            "origin": "WA",
            "phone": "59899123456",
            "customer_name": "Ana Pérez",
            "product": "ISODEC_EPS",
            "total": "1641.55",
            "currency": "USD",
            "created_at": CREATED_AT,
        }
    ],
    "total": 1,
    "limit": 20,
    "offset": 0,
}
FOLLOWUPS_DUE_EXAMPLE: Final[JsonDict] = {
    "items": [
        {
            "id": "BMC-2026-0001",
            "number": "BMC-2026-0001",
            "phone": "59899123456",
            "customer_name": "Ana Pérez",
            "total": "1641.55",
            "sent_at": "2026-05-20T14:05:40-03:00",
            "hours_since_sent": 49.5,
            "last_inbound_at": "2026-05-21T09:12:03-03:00",
            "within_24h_window": False,
        }
    ],
    "count": 1,
}
FOLLOWUP_MARKED_EXAMPLE: Final[JsonDict] = {
    "id": "BMC-2026-0001",
    "number": "BMC-2026-0001",
    "followed_up_at": "2026-05-22T15:30:00-03:00",
}
CATALOG_EXAMPLE: Final[JsonDict] = {
    "fingerprint": "5d9be76249fbb57d31f189719c3ffdf9b5df338137e6ca541f03661e9e832ae7",
    "version": "2026-08-15.1",
    "valid_from": "2026-08-15",
    "currency": "USD",
    "iva_rate": "0.22",
    "validity_days": 10,
    "default_price_list": "web",
    "scenarios": {"solo_techo": {"roof": ["ISODEC_EPS", "ISODEC_PIR"], "wall": []}},
    "panels": {
        "ISODEC_EPS": {
            "label": "ISODEC EPS",
            "kind": "roof",
            "au": "1.12",
            "colors": ["Blanco", "Gris", "Rojo"],
            "thicknesses": {"100": {"web": "41.15", "venta": "41.15", "span_m": "5.5"}},
        }
    },
    "fixings": {
        "varilla_38": {"web": "3.68", "label": 'Varilla roscada 3/8" (1m)', "unit": "unid"}
    },
    "freight": {"pickup_note": "Retiro sin cargo en planta (Colonia Nicolich)"},
    "conditions": [
        {"text": "Oferta válida por 10 días a partir de la fecha.", "bold": True, "highlight": True}
    ],
}
EXPORT_CSV_EXAMPLE: Final = (
    '"Número";"Fecha";"Estado";"Vendedor";"Origen";"Teléfono";"Cliente";"Producto";"Escenario";'
    '"Lista";"Subtotal USD";"IVA USD";"Total USD";"Seguimiento"\r\n'
    '"BMC-2026-0001";"20/05/2026 14:03";"Enviado";"MA";"WA";"59899123456";"Ana Pérez";'
    '"ISODEC EPS";"Solo techo";"web";"1.345,53";"296,02";"1.641,55";""\r\n'
)
EXPORT_JSON_EXAMPLE: Final[list[JsonDict]] = [
    {"timestamp": "2026-05-20T14:01:02-03:00", "phone": "59899123456", "direction": "in",
     "text": "Hola, quiero cotizar un techo de 5 por 5,60 con ISODEC 100"},
    {"timestamp": "2026-05-20T14:03:12-03:00", "phone": "59899123456", "direction": "out",
     "text": "*Cotización BMC-2026-0001* · BMC Uruguay\nHola Ana Pérez, te paso la …"},
]  # fmt: skip
EXPORT_XLSX_EXAMPLE: Final = (
    "(binary XLSX workbook: one sheet, Spanish headings, real dates and numbers with formats)"
)
EXPORT_EXAMPLES: Final[dict[str, object]] = {
    "csv": EXPORT_CSV_EXAMPLE,
    "xlsx": EXPORT_XLSX_EXAMPLE,
    "json": EXPORT_JSON_EXAMPLE,
}
PDF_EXAMPLE: Final = "%PDF-1.4 … (binary: the customer quote, BMC URUGUAY / METALOG SAS)"
NOTICE_EXAMPLE = {
    "number": "BMC-2026-0001",
    "phone": "59899123456",
    "customer": "Ana Pérez",
    "product": "ISODEC EPS 100mm · Solo techo",
    "size": "28 m² · 5 paneles",
    "zone": "Retiro en planta",
    "total": "USD 1.641,55",
    "subject": "Nueva cotización BMC-2026-0001 · ISODEC EPS 100mm · Solo techo · USD 1.641,55",
    "text": "Nueva cotización BMC-2026-0001 por USD 1.641,55 (IVA incluido).\nCliente: Ana Pérez"
    " (+59899123456)\nProducto: ISODEC EPS 100mm · Solo techo\nMedidas: 28 m² · 5 paneles\n"
    "Entrega: Retiro en planta",
}
