"""The embedded store's one patch of montydb, and the version check that guards it.

montydb's update path (``update_one``/``find_one_and_update``…) scans the collection with an
unfiltered cursor, so even the primary-key read of ``py_nodes/core/monty_keyed.py`` cannot apply.
montydb has no extension point for that path (it lives in ``MontyCollection``, not in the storage
engine), so :func:`install` replaces ``MontyCollection._internal_scan_query`` with the same
matching and yielding, handing the filter to the cursor. That private method is checked against
the montydb version it was written for: any other version fails the start with a message naming
it, instead of running on a guess (tests/core/test_embedded_tuning.py checks answers against
plain montydb; ADR 0001 says how to move to a new version).
"""

from __future__ import annotations

from typing import Any

#: montydb versions whose ``MontyCollection._internal_scan_query`` this module reproduces.
SUPPORTED_MONTYDB = {(2, 5, 6)}
_installed = False


class UnsupportedMontydb(RuntimeError):
    """The installed montydb is not one the embedded store's patch was checked against."""


def check_version(version: tuple[int, ...] | None = None) -> None:
    if version is None:
        import montydb

        version = tuple(montydb.version_info[:3])
    if version not in SUPPORTED_MONTYDB:
        shown = ".".join(map(str, version))
        supported = ", ".join(".".join(map(str, v)) for v in sorted(SUPPORTED_MONTYDB))
        raise UnsupportedMontydb(
            f"montydb {shown} is installed, but the embedded store's update-path patch was "
            f"checked only against {supported} (py_nodes/core/embedded_tuning.py): install the "
            "pinned version (constraints.txt), or re-check the patch and add the version"
        )


def install() -> None:
    """Check montydb's version, then patch its update-path scan (idempotent)."""
    global _installed
    if _installed:
        return
    check_version()
    from montydb import collection as monty_collection

    def internal_scan_query(self: Any, query_spec: Any) -> Any:
        # As montydb 2.5.6, except that the cursor gets the filter, so a filter on ``_id``
        # reads one row (monty_keyed.py) instead of the whole collection.
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
    _installed = True
