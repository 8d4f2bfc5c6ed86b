"""Send permits: the one place that decides whether something may go to the customer now.

Every send to the customer (the text reply, then the quote PDF) asks for a permit right before
the Graph API call, presenting the fencing token its execution was given. The permit is one
atomic compare-and-set on the inbox entry: granted only if the token is still the entry's
(no re-drive superseded it) and the part was not sent or permitted yet. Granting it moves the
entry to ``sending``, the point of no return: from then on nothing sends that part again
automatically, whatever happens to the owner.

    open ──permit(reply)──► sending ──sent──► replied ──permit(document)──► sending ──sent──►
      ▲                        │                 ▲                              │      replied
      └──────refused───────────┘                 └───────────refused────────────┘
    open | replied ──done──► done          sending (unconfirmed too long) ──give up──► failed
    sending ──sent with done (nothing more to send)──► done

``refused`` is for a send WhatsApp answered with an error status (nothing went out), so the
holder may ask again. A send whose outcome is unknown (timeout, the owner died) stays ``sending``
until the owner confirms it, or is given up (``failed``, with a dead letter for operations) after
``older_than_s``: it is never re-sent automatically, because WhatsApp has no idempotency key and
a second try could reach the customer twice.
"""

from __future__ import annotations

import time
from typing import Any

from py_nodes.core import metrics
from py_nodes.core.storage import DocumentStore
from py_nodes.ops import dead_letters
from py_nodes.ops.errors import InboxEntryNotFound, SendNotPermitted
from py_nodes.ops.inbox import COLLECTION, as_entry
from py_nodes.ops.models import DeadLetterIn, InboxEntry, SendPart

#: Where each part may start from: the reply first, the PDF only after the reply.
READY_STATE: dict[str, str] = {"reply": "open", "document": "replied"}
GRAPH_ID_FIELD: dict[str, str] = {"reply": "reply_id", "document": "document_id"}
UNCONFIRMED = "send-unconfirmed"


async def _current(store: DocumentStore, message_id: str) -> dict[str, Any]:
    document = await store.run(lambda db: db[COLLECTION].find_one({"_id": message_id}))
    if document is None:
        raise InboxEntryNotFound(message_id=message_id)
    return dict(document)


def _refusal(document: dict[str, Any], token: int, part: str) -> SendNotPermitted:
    if document.get("token") != token:
        detail = "Otra ejecución tomó este mensaje (token vencido): esta no puede enviar nada."
    else:
        detail = f"El envío '{part}' de este mensaje ya se hizo o no corresponde en este estado."
    return SendNotPermitted(
        detail,
        message_id=document["_id"],
        state=document.get("state"),
        token=document.get("token"),
        presented_token=token,
    )


async def permit(
    store: DocumentStore, message_id: str, token: int, part: SendPart, owner: str | None
) -> InboxEntry:
    """Grant the send of ``part`` to the token's holder; else 409.

    Asking again with the same token, part and owner while ``sending`` is granted again: that is
    the owner's own retry of this call after its first answer was lost, before any send.
    """
    now = time.time()
    query: dict[str, Any] = {"_id": message_id, "token": token, "state": READY_STATE[part]}
    query[GRAPH_ID_FIELD[part]] = None
    fields = {"state": "sending", "sending": part, "sending_since": now, "updated_at": now,
              "owner": owner}  # fmt: skip
    before = await store.run(lambda db: db[COLLECTION].find_one_and_update(query, {"$set": fields}))
    if before is not None:
        return as_entry({**before, **fields})
    document = await _current(store, message_id)
    same_holder = (document.get("token"), document.get("sending"), document.get("owner")) == (
        token,
        part,
        owner,
    )
    if same_holder and owner is not None and document.get("state") == "sending":
        return as_entry(document)  # the holder asked again (its first answer was lost)
    raise _refusal(document, token, part)


async def sent(
    store: DocumentStore,
    message_id: str,
    token: int,
    part: SendPart,
    graph_id: str,
    *,
    close: bool = False,
    outcome: str | None = None,
) -> InboxEntry:
    """WhatsApp accepted ``part``: record its id (also after a give-up: the owner confirmed it).

    With ``close`` the owner says nothing more will be sent: the entry is closed in the same
    update (``done`` with ``outcome``, as ``inbox.mark_done`` would), saving the flow a call.
    """
    now = time.time()
    query = {"_id": message_id, "token": token, "sending": part,
             "state": {"$in": ["sending", "failed"]}}  # fmt: skip
    fields: dict[str, Any] = {"state": "replied", "sending": None, "sending_since": None,
                              "refusals": 0, "updated_at": now}  # fmt: skip
    if close:
        fields.update(state="done", outcome=outcome)
    fields[GRAPH_ID_FIELD[part]] = graph_id
    if part == "reply":
        fields["replied_at"] = now
    before = await store.run(lambda db: db[COLLECTION].find_one_and_update(query, {"$set": fields}))
    if before is not None:
        was_open = before.get("state") != "failed"
        if was_open and close:
            metrics.INBOX_OPEN.dec()
        elif not was_open and not close:
            metrics.INBOX_OPEN.inc()
        return as_entry({**before, **fields})
    document = await _current(store, message_id)
    if document.get("token") == token and document.get(GRAPH_ID_FIELD[part]) == graph_id:
        return as_entry(document)  # recorded already
    raise _refusal(document, token, part)


async def refused(store: DocumentStore, message_id: str, token: int, part: SendPart) -> InboxEntry:
    """WhatsApp refused the send (nothing went out): the holder may ask for a permit again."""
    now = time.time()
    query = {"_id": message_id, "token": token, "state": "sending", "sending": part}
    fields = {"state": READY_STATE[part], "sending": None, "sending_since": None,
              "updated_at": now}  # fmt: skip
    before = await store.run(
        lambda db: db[COLLECTION].find_one_and_update(
            query, {"$set": fields, "$inc": {"refusals": 1}}
        )
    )
    if before is None:
        raise _refusal(await _current(store, message_id), token, part)
    return as_entry({**before, **fields, "refusals": before.get("refusals", 0) + 1})


def _updater(query: dict[str, Any], update: dict[str, Any]) -> Any:
    return lambda db: db[COLLECTION].find_one_and_update(query, update)


async def give_up_unconfirmed(
    store: DocumentStore, older_than_s: int, limit: int = 100
) -> list[InboxEntry]:
    """Sends unconfirmed for ``older_than_s``: ``failed`` with a dead letter, never re-sent."""
    now = time.time()
    query = {"state": "sending", "sending_since": {"$lt": now - older_than_s}}
    candidates = await store.run(lambda db: list(db[COLLECTION].find(query).limit(limit)))
    given_up = []
    for document in candidates:
        exact = {"_id": document["_id"], "state": "sending", "token": document.get("token"),
                 "sending": document.get("sending")}  # fmt: skip
        outcome = f"{UNCONFIRMED}:{document.get('sending')}"
        fields = {"state": "failed", "outcome": outcome, "updated_at": now}
        before = await store.run(_updater(exact, {"$set": fields}))
        if before is None:
            continue  # the owner confirmed or released it meanwhile
        metrics.INBOX_OPEN.dec()
        await dead_letters.write(store, DeadLetterIn(
            execution_id=str(document.get("owner") or "unknown"),
            workflow="answer-message",
            node=f"send unconfirmed: {document.get('sending')}",
            message=(f"WhatsApp's answer to this send never came back in {older_than_s} s; "
                     "it was not sent again. Check with the customer whether it arrived."),
            payload_ref=str(document["_id"]),
        ))  # fmt: skip
        given_up.append(as_entry({**before, **fields}))
    return given_up
