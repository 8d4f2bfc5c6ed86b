"""montydb's SQLite storage with two speed-ups, plugged in through montydb's storage extension
point (``set_storage(path, storage="py_nodes.core.monty_keyed")``: montydb imports this module
and uses its one :class:`~montydb.storage.AbstractStorage` subclass). Nothing of montydb is
patched here; the files on disk are montydb's SQLite files, unchanged.

montydb answers every query by reading and decoding the whole collection, and opens a new SQLite
connection (re-running its PRAGMAs) for every operation. The store code looks documents up by
``_id`` almost everywhere (sessions by phone, replies by message id, quotes by number), so:

1. a query whose filter pins ``_id`` to a plain value reads only that row through SQLite's
   primary key; the row still goes through montydb's own filter (every other condition
   included), so results are unchanged;
2. one connection per collection file is kept open, opened with montydb's own connection
   arguments and PRAGMAs (``journal_mode``, ``check_same_thread`` from the storage config); the
   write concern's PRAGMAs (``busy_timeout``, ``synchronous``, set on the client) are applied
   when a write brings them and they differ from the last ones applied.
   Every embedded call runs on the store's single thread (``storage.py``), which also closes
   the connections (:func:`close_under`), so montydb's ``check_same_thread`` stays as it is.

tests/core/test_embedded_tuning.py checks every answer against plain montydb.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from montydb.storage import sqlite as _base
from montydb.types import bson
from montydb.types._nobson import NoBSON

_SELECT_BY_KEY = "SELECT v FROM [documents] WHERE k = ?;"
#: Open connections by collection file, with the PRAGMAs last applied to each.
_connections: dict[str, tuple[sqlite3.Connection, str]] = {}


def single_id(spec: Any) -> Any:
    """The ``_id`` a filter pins down, if any: top-level keys are ANDed, so a filter with a plain
    ``_id`` value can only match that one row, whatever else it asks."""
    if isinstance(spec, dict) and "_id" in spec:
        value = spec["_id"]
        if isinstance(value, str | int) and not isinstance(value, bool):
            return value
    return None


class KeyedKVEngine(_base.SQLiteKVEngine):  # type: ignore[misc]
    """montydb's engine, with its connections kept open and a read by primary key."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        # The one argument montydb's engine passes to sqlite3.connect (it keeps it private).
        self._check_same_thread = bool(config.get("check_same_thread", True))

    def _connect(self, db_file: str, wconcern: Any = None) -> AbstractContextManager[Any]:
        held = _connections.get(db_file)
        if held is None:
            conn = sqlite3.connect(db_file, check_same_thread=self._check_same_thread)
            conn.text_factory = str
            conn.executescript(self.db_pragmas)
            held = (conn, "")
        conn, applied = held
        # A write brings its write concern's PRAGMAs (montydb runs them on every connection);
        # reads bring none and synchronous/busy_timeout do not matter to them.
        pragmas = self._write_concern_pragmas(wconcern)
        if pragmas and pragmas != applied:
            conn.executescript(pragmas)
            applied = pragmas
        _connections[db_file] = (conn, applied)
        return nullcontext(conn)

    def _write_concern_pragmas(self, wconcern: Any) -> str:
        if not wconcern:
            return ""
        document = dict(wconcern.document)
        timeout = document.pop("wtimeout", None)
        if timeout:  # as montydb: wtimeout (ms) becomes busy_timeout (ms)
            document["busy_timeout"] = timeout
        return str(self._assemble_pragmas(document))

    def read_one(self, db_file: str, key: Any) -> list[Any]:
        if not os.path.isfile(db_file):
            return []
        with self._connect(db_file) as conn:
            return list(conn.execute(_SELECT_BY_KEY, (key,)).fetchall())


def encode_json(doc: Any, check_keys: bool) -> bytes:
    """The bytes montydb's JSON codec writes for ``doc``, without its cost per key.

    montydb's encoder runs ``ast.literal_eval`` on every key it writes (about 10 µs each), so a
    document's cost grows with its keys rather than its size. Here the keys are checked by a
    walk of the document and the text comes from the same ``JSONEncoder`` subclass in one call.
    """
    if check_keys:
        _check_keys(doc)
    return str(NoBSON.BSONEncoder().encode(doc)).encode()


def _check_keys(value: Any) -> None:
    """montydb's ``check_keys``: no key contains ``.`` or starts with ``$`` (as JSON writes it)."""
    if isinstance(value, dict):
        for key, item in value.items():
            text = key if isinstance(key, str) else json.dumps(key)
            if "." in text:
                raise NoBSON.InvalidDocument(f"key '{text}' must not contain '.'")
            if text.startswith("$"):
                raise NoBSON.InvalidDocument(f"key '{text}' must not start with '$'")
            _check_keys(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_keys(item)


def plain_json(serialized: str | bytes, document_class: Any) -> bool:
    """True when montydb's JSON decoding would return plain ``json.loads`` dicts: its hooks
    (``$oid``, ``$date``, …) all need a key starting with ``$``, and the text has no ``"$``.
    Such text is decoded in C instead of through montydb's Python hook on every object."""
    if document_class is not dict or NoBSON.custom_json_hooks:
        return False
    if isinstance(serialized, bytes):
        return b'"$' not in serialized
    return '"$' not in serialized


class KeyedCursor(_base.SQLiteCursor):  # type: ignore[misc]
    def __init__(self, collection: Any, subject: Any) -> None:
        super().__init__(collection, subject)
        self._spec = getattr(subject, "_spec", None)

    def _decode_doc(self, doc: Any) -> Any:
        if bson.bson_used is False and plain_json(doc, self._collection.coptions.document_class):
            return json.loads(doc)
        return super()._decode_doc(doc)

    def query(self, max_scan: int) -> Any:
        wanted = single_id(self._spec)
        if wanted is None:
            return super().query(max_scan)
        rows = self._conn.read_one(self._col_path, bson.id_encode(wanted))
        return (self._decode_doc(row[0]) for row in rows)


class KeyedCollection(_base.SQLiteCollection):  # type: ignore[misc]
    contractor_cls = KeyedCursor

    def _encode_doc(self, doc: Any, check_keys: bool = False) -> Any:
        if bson.bson_used is False:
            return encode_json(doc, check_keys)
        return super()._encode_doc(doc, check_keys)


class KeyedDatabase(_base.SQLiteDatabase):  # type: ignore[misc]
    contractor_cls = KeyedCollection


class KeyedSQLiteStorage(_base.SQLiteStorage):  # type: ignore[misc]
    """The storage montydb finds in this module (its only AbstractStorage subclass)."""

    contractor_cls = KeyedDatabase

    def __init__(self, repository: str, storage_config: dict[str, Any]) -> None:
        super().__init__(repository, storage_config)
        self._conn = KeyedKVEngine(self._config)


def close_under(directory: str) -> None:
    """Close the kept connections of every collection file below ``directory``."""
    prefix = os.path.join(os.path.abspath(directory), "")
    for path in [p for p in _connections if os.path.abspath(p).startswith(prefix)]:
        _connections.pop(path)[0].close()
