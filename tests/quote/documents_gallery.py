"""Real quotes priced by the engine, rendered as customers get them (not a test module).

``ARTIFACTS`` is where the rendered PDFs and their page PNGs are kept for people to look at
(``var/test-artifacts/documents``, or ``$BMC_TEST_ARTIFACTS/documents``).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from py_nodes.quote.catalog.models import default_catalog
from py_nodes.quote.documents.business import Bank, default_business
from py_nodes.quote.documents.header import header_from_document
from py_nodes.quote.engine.models import QuoteRequest
from py_nodes.quote.engine.pricing import price_quote
from py_nodes.quote.store.models import QuoteDocument
from py_nodes.quote.store.numbering import MONTEVIDEO

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("BMC_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))
ISSUED = datetime(2026, 5, 20, 14, 3, tzinfo=MONTEVIDEO)
#: The packaged company file with a bank account, as a business that filled it in would have.
BUSINESS_WITH_BANK = default_business().model_copy(
    update={
        "bank": Bank(
            name="BROU",
            account_type="Cuenta en dólares",
            account="001234567-00001",
            holder="Metalog SAS",
        )
    }
)

GALLERY: dict[str, dict[str, Any]] = {
    "techo-isodec-maldonado": {
        "scenario": "solo_techo",
        "roof": {
            "product": "ISODEC_EPS",
            "thickness_mm": 100,
            "color": "Blanco",
            "zones": [
                {
                    "length_m": "6.5",
                    "width_m": "5.6",
                    "edges": {
                        "front": "gotero_frontal",
                        "back": "babeta_adosar",
                        "left": "gotero_lateral",
                        "right": "gotero_lateral",
                    },
                }
            ],
        },
        "delivery": {"zone": "Maldonado", "address": "Ruta 10 km 160, Maldonado"},
        "customer": {"phone": "59899123456", "name": "Ana Pérez"},
        "assumptions": ["Estructura metálica.", "Largo de panel 6,5 m medido en la pendiente."],
    },
    "techo-en-t-sin-color": {
        "scenario": "techo_fachada",
        "roof": {
            "product": "ISOROOF_3G",
            "thickness_mm": 50,
            "zones": [
                {
                    "length_m": "5",
                    "width_m": "8",
                    "edges": {"front": "canalon"},
                    "shared_edges": [{"side": "right", "with_zone": 2}],
                },
                {"length_m": "4", "width_m": "3"},
            ],
        },
        "wall": {
            "product": "ISOPANEL_EPS",
            "thickness_mm": 100,
            "height_m": "3",
            "perimeter_m": "22",
            "outside_corners": 4,
            "openings": [{"width_m": "1", "height_m": "2.1", "count": 2}],
        },
        "delivery": {"zone": "Montevideo"},
        "customer": {"phone": "59891555444"},
    },
}


def gallery_document(name: str) -> QuoteDocument:
    """The stored document of one gallery quote, priced now by the engine."""
    request = QuoteRequest.model_validate(GALLERY[name])
    priced = price_quote(request, default_catalog(), today=ISSUED.date())
    return QuoteDocument.build(f"BMC-2026-{len(name):04d}", request, priced, ISSUED)


def gallery_whatsapp_text(name: str) -> str:
    from py_nodes.quote.documents.whatsapp import whatsapp_text

    document = gallery_document(name)
    labels = {code: panel.label for code, panel in default_catalog().panels.items()}
    return whatsapp_text(header_from_document(document, labels), document.quote.priced())


def render_gallery_pdf(name: str) -> bytes:
    from py_nodes.quote.documents.pdf import render_quote_pdf

    document = gallery_document(name)
    labels = {code: panel.label for code, panel in default_catalog().panels.items()}
    return render_quote_pdf(
        header_from_document(document, labels),
        document.quote.priced(),
        default_catalog().conditions,
        business=BUSINESS_WITH_BANK,
    )
