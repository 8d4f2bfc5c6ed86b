"""Dead letters: one record per failed flow execution, for operations to inspect and replay."""

from __future__ import annotations

import time
import uuid

from py_nodes.core import metrics
from py_nodes.core.labels import BoundedLabel
from py_nodes.core.storage import DocumentStore
from py_nodes.ops.models import DeadLetter, DeadLetterIn

COLLECTION = "ops_dead_letters"
#: The flow comes from the request body: a bounded set of label values. Its id, when the error
#: handler sends it, is the label (staff rename flows; ids stay), else its name.
_FLOW_LABEL = BoundedLabel(limit=25)


async def write(store: DocumentStore, item: DeadLetterIn) -> DeadLetter:
    """Store the record and count it, by flow."""
    letter = DeadLetter(id=uuid.uuid4().hex, recorded_at=time.time(), **item.model_dump())
    document = {"_id": letter.id, **letter.model_dump(exclude={"id"})}
    await store.run(lambda db: db[COLLECTION].insert_one(document))
    metrics.DEAD_LETTERS.labels(flow=_FLOW_LABEL(item.workflow_id or item.workflow)).inc()
    return letter


async def latest(store: DocumentStore, limit: int, workflow: str | None = None) -> list[DeadLetter]:
    """The newest records first, optionally for one flow."""
    query = {"workflow": workflow} if workflow else {}
    documents = await store.run(
        lambda db: list(db[COLLECTION].find(query).sort("recorded_at", -1).limit(limit))
    )
    return [
        DeadLetter(id=d["_id"], **{k: v for k, v in d.items() if k != "_id"}) for d in documents
    ]
