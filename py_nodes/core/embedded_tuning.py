"""Two narrow speed-ups for montydb's SQLite storage (pinned: montydb 2.5.6), applied once.

montydb answers every query by reading and decoding the whole collection, and opens a new SQLite
connection (re-running its PRAGMAs) for every single operation. The store code looks documents up
by ``_id`` almost everywhere (sessions by phone, replies by message id, quotes by number), so:

1. a query whose filter pins ``_id`` to a plain value (``{"_id": "x", ...}``) reads only that row,
   through SQLite's primary key; the row still goes through montydb's own filter (every other
   condition included), so results are unchanged;
2. one connection per collection file is kept open for the process. That is safe because every
   embedded call runs on the store's single thread (see ``storage.py``).

Both are checked by tests/core/test_embedded_tuning.py against montydb's unpatched answers.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from typing import Any

_installed = False
_connections: dict[str, sqlite3.Connection] = {}
_SELECT_BY_KEY = "SELECT v FROM [documents] WHERE k = ?;"


def _single_id(spec: Any) -> Any:
    """The ``_id`` a filter pins down, if any: top-level keys are ANDed, so a filter with a plain
    ``_id`` value can only match that one row, whatever else it asks."""
    if isinstance(spec, dict) and "_id" in spec:
        value = spec["_id"]
        if isinstance(value, str | int) and not isinstance(value, bool):
            return value
    return None


def install() -> None:
    """Patch montydb's SQLite cursor and connection handling (idempotent)."""
    global _installed
    if _installed:
        return
    from montydb.storage import sqlite as monty_sqlite
    from montydb.types import bson

    cursor_init = monty_sqlite.SQLiteCursor.__init__
    full_scan = monty_sqlite.SQLiteCursor.query

    def init(self: Any, collection: Any, subject: Any) -> None:
        cursor_init(self, collection, subject)
        self._bmc_spec = getattr(subject, "_spec", None)

    def query(self: Any, max_scan: int) -> Any:
        wanted = _single_id(getattr(self, "_bmc_spec", None))
        if wanted is None:
            return full_scan(self, max_scan)
        return (self._decode_doc(row[0]) for row in _read_one(self, bson.id_encode(wanted)))

    def _read_one(cursor: Any, key: Any) -> list[Any]:
        engine = cursor._conn
        path = cursor._col_path
        if not _exists(path):
            return []
        with engine._connect(path) as conn:
            return list(conn.execute(_SELECT_BY_KEY, (key,)).fetchall())

    def reuse_connection(self: Any, db_file: str, wconcern: Any = None) -> Any:
        conn = _connections.get(db_file)
        if conn is None:
            # check_same_thread=False only so that close_under() may close it from another thread;
            # all use happens on the store's single thread.
            conn = sqlite3.connect(db_file, check_same_thread=False)
            conn.text_factory = str
            conn.executescript("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;")
            _connections[db_file] = conn
        return contextlib.nullcontext(conn)

    from montydb import collection as monty_collection

    def internal_scan_query(self: Any, query_spec: Any) -> Any:
        # montydb's update path scans with an unfiltered cursor; hand it the filter so the
        # ``_id`` look-up above applies. Matching and yielding are as in montydb.
        queryfilter = monty_collection.QueryFilter(query_spec)
        cursor = monty_collection.MontyCursor(self, filter=query_spec)
        documents = self._storage.query(cursor, 0)
        matched = False
        for doc in documents:
            if queryfilter(doc):
                if not matched:
                    matched = True
                    yield queryfilter.fieldwalker  # montydb's protocol: first yield tests existence
                yield queryfilter.fieldwalker

    monty_collection.MontyCollection._internal_scan_query = internal_scan_query
    monty_sqlite.SQLiteCursor.__init__ = init
    monty_sqlite.SQLiteCursor.query = query
    monty_sqlite.SQLiteKVEngine._connect = reuse_connection
    _installed = True


def _exists(path: str) -> bool:
    return os.path.isfile(path)


def close_under(directory: str) -> None:
    """Close the kept connections of every collection file below ``directory``."""
    prefix = os.path.join(os.path.abspath(directory), "")
    for path in [p for p in _connections if os.path.abspath(p).startswith(prefix)]:
        _connections.pop(path).close()
