"""What storing quote lines as named fields costs on the embedded store, and what the store fix
gives back; every variant in the same run.

Usage: .venv/bin/python bench/bench_quote_lines.py [--docs 500] [--ops 200] [--rounds 3]

Variants (one process, one collection each, on the embedded store as the node opens it: montydb
with py_nodes' keyed storage and update-path tuning; the variants alternate in every round):

- ``rows``: the old schema, lines as positional rows, with montydb's JSON codec (before);
- ``named``: today's schema, lines as named fields, with montydb's JSON codec;
- ``named+codec``: today's schema with the store's own codec (``core/monty_keyed.py``).

Documents are reference example A priced by the engine (the node's real document). Operations:
insert, read by number, a state change (``$set`` + ``$push`` by ``_id``) and one listing page
(filter on state, projection, sort, 50 of ``--docs``: a scan on this engine). Figures are
operations per second, the best of ``--rounds`` rounds; ratios are against ``rows``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

VARIANTS = ("rows", "named", "named+codec")


def quote_document() -> dict[str, Any]:
    """Reference example A as the node stores it today."""
    from py_nodes.quote.api.examples import QUOTE_REQUEST_EXAMPLE
    from py_nodes.quote.catalog.models import default_catalog
    from py_nodes.quote.engine.models import QuoteRequest
    from py_nodes.quote.engine.pricing import price_quote
    from py_nodes.quote.store.models import QuoteDocument

    now = datetime(2026, 5, 20, 17, 3, tzinfo=UTC)
    request = QuoteRequest.model_validate(QUOTE_REQUEST_EXAMPLE)
    priced = price_quote(request, default_catalog(), today=now.date())
    return QuoteDocument.build("BMC-2026-0001", request, priced, now).stored()


def as_rows(document: dict[str, Any]) -> dict[str, Any]:
    """The same document in the old schema: ``estado`` and lines as positional rows."""
    from py_nodes.quote.store.models import ROW_FIELDS

    old = {("estado" if key == "state" else key): value for key, value in document.items()}
    quote = dict(document["quote"])
    quote["line_fields"] = list(ROW_FIELDS)
    quote["lines"] = [[line[field] for field in ROW_FIELDS] for line in quote["lines"]]
    return {**old, "quote": quote}


class Variant:
    """One collection of ``docs`` quotes in one schema, and the operations timed on it."""

    def __init__(self, name: str, client: Any, template: dict[str, Any], docs: int) -> None:
        from py_nodes.quote.store.models import SUMMARY_FIELDS

        self.name = name
        self.codec = name.endswith("+codec")
        self.rows = name == "rows"
        self.template = as_rows(template) if self.rows else template
        state = "estado" if self.rows else "state"
        summary = {(state if key == "state" else key): 1 for key in SUMMARY_FIELDS}
        self.quotes = client["bench"][name.replace("+", "_")]
        self.docs = docs
        self.fresh = docs
        with self.codec_in_force():
            self.quotes.insert_many([self.document(i) for i in range(docs)])
        entry = {"state": "Asignado", "by": "MA", "at": "2026-05-20T14:05:00-03:00"}
        self.operations: dict[str, Callable[[int], Any]] = {
            "insert_one": lambda i: self.quotes.insert_one(self.document(self.next())),
            "find_one by number": lambda i: self.quotes.find_one({"_id": self.key(i)}),
            "update_one by number": lambda i: self.quotes.update_one(
                {"_id": self.key(i)},
                {"$set": {"updated_at": str(i)}, "$push": {"history": entry}},
            ),
            "list page (scan)": lambda i: list(
                self.quotes.find({state: "Pendiente"}, summary)
                .sort([("timestamp", -1), ("_id", -1)])
                .limit(50)
            ),
        }

    def document(self, number: int) -> dict[str, Any]:
        return {**self.template, "_id": f"Q-{number:06d}", "number": f"Q-{number:06d}",
                "timestamp": float(number)}  # fmt: skip

    def key(self, i: int) -> str:
        return f"Q-{(i * 7) % self.docs:06d}"

    def next(self) -> int:
        self.fresh += 1
        return self.fresh

    def codec_in_force(self) -> Any:
        """The store's own codec for ``+codec``, montydb's otherwise (as before the fix)."""
        from contextlib import contextmanager

        from montydb.storage import AbstractCollection, AbstractCursor

        from py_nodes.core import monty_keyed

        @contextmanager
        def swapped() -> Any:
            hooks = ((monty_keyed.KeyedCollection, "_encode_doc", AbstractCollection),
                     (monty_keyed.KeyedCursor, "_decode_doc", AbstractCursor))  # fmt: skip
            kept = [getattr(cls, name) for cls, name, _ in hooks]
            if not self.codec:  # the bench's baseline only: montydb's own hooks
                for cls, name, montydb in hooks:
                    setattr(cls, name, getattr(montydb, name))
            try:
                yield
            finally:
                for (cls, name, _), hook in zip(hooks, kept, strict=True):
                    setattr(cls, name, hook)

        return swapped()

    def rate(self, name: str, count: int) -> float:
        operation = self.operations[name]
        with self.codec_in_force():
            started = time.perf_counter()
            for i in range(count):
                operation(i)
            return count / (time.perf_counter() - started)


def measure(docs: int, ops: int, rounds: int) -> dict[str, dict[str, float]]:
    """Best ops/s per variant and operation; the variants alternate within each round, so a
    busy machine slows them alike."""
    from montydb import MontyClient, set_storage

    from py_nodes.core import embedded_tuning, monty_keyed

    embedded_tuning.install()
    path = tempfile.mkdtemp()
    set_storage(path, storage="py_nodes.core.monty_keyed", use_bson=False, mongo_version="4.0")
    client = MontyClient(path, synchronous="NORMAL")
    template = quote_document()
    variants = [Variant(name, client, template, docs) for name in VARIANTS]
    best = {variant.name: dict.fromkeys(variants[0].operations, 0.0) for variant in variants}
    for variant in variants:  # warm-up: imports and first-call costs, not timed
        for name in variant.operations:
            variant.rate(name, 2)
    for _ in range(rounds):
        for name in variants[0].operations:
            count = max(ops // 20, 3) if "scan" in name else ops
            for variant in variants:
                best[variant.name][name] = max(best[variant.name][name], variant.rate(name, count))
    for variant in variants:
        size = len(monty_keyed.encode_json(variant.template, False))
        best[variant.name]["stored bytes per quote"] = float(size)
    client.close()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--ops", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    results = measure(args.docs, args.ops, args.rounds)
    lines = len(quote_document()["quote"]["lines"])
    print(f"{args.docs} stored quotes of {lines} lines (example A); ops/s, best of {args.rounds}")
    print(f"{'operation':<24}" + "".join(f"{v:>13}" for v in VARIANTS) + "  named/rows  codec/rows")
    for name, before in results["rows"].items():
        figures = [results[v][name] for v in VARIANTS]
        ratios = f"{figures[1] / before:>12.2f}{figures[2] / before:>12.2f}"
        shown = "".join(f"{f:>13.1f}" if f < 100 else f"{f:>13.0f}" for f in figures)
        print(f"{name:<24}" + shown + ratios)
    print(f"(took {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
