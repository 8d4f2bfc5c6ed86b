"""The quote node: prices, numbers and stores quotes; serves their PDF, the catalog and exports.

- ``api/``: the routes, their request/response models (``api/models.py``), examples, responses;
- ``catalog/``: ``catalog.yaml``, its models and loader, its JSON cache;
- ``engine/``: pricing (request + catalog in, priced lines out; ``engine/models.py``) and review;
- ``documents/``: what people get: WhatsApp text, PDF, the sales notice, exports;
- ``store/``: the stored quote (``store/models.py``), numbers, states, follow-ups, migration;
- ``service.py``: creating and presenting a quote across those; ``errors.py``: every error.
"""

from __future__ import annotations

import asyncio

from py_nodes.core.node import NodeSpec
from py_nodes.core.resources import Resources
from py_nodes.core.storage import IndexSpec
from py_nodes.quote.api import routers
from py_nodes.quote.store.migrate import upgrade_at_start


async def load_catalog_at_start(resources: Resources) -> None:
    """Read and validate the catalog once; a broken catalog stops the start with its reason."""
    from py_nodes.quote.catalog.models import load_catalog
    from py_nodes.quote.service import CatalogState

    catalog = await asyncio.to_thread(load_catalog, resources.settings.catalog_path)
    labels = {code: panel.label for code, panel in catalog.panels.items()}
    resources.state.put(CatalogState(catalog=catalog, labels=labels))


NODE = NodeSpec(
    name="quote",
    protected=routers(),
    indexes=[
        IndexSpec("quotes", (("timestamp", -1),)),
        IndexSpec("quotes", (("user_phone", 1), ("timestamp", -1))),
        IndexSpec("quotes", (("state", 1), ("timestamp", -1))),
        IndexSpec("quotes", (("number", 1),), unique=True),
        IndexSpec("quotes", (("state", 1), ("sent_at", 1))),
        IndexSpec("conversations", (("timestamp", 1),)),
        IndexSpec("conversations", (("phone", 1), ("direction", 1), ("timestamp", -1))),
    ],
    on_startup=[load_catalog_at_start, upgrade_at_start],
)
