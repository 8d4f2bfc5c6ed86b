"""``docs/openapi.json`` is the committed output of ``python -m py_nodes.openapi_export``."""

from __future__ import annotations

from pathlib import Path

from py_nodes.openapi_export import DEFAULT_OUTPUT, render

ROOT = Path(__file__).resolve().parents[2]


def test_openapi_export_committed_document_is_current() -> None:
    committed = (ROOT / DEFAULT_OUTPUT).read_text(encoding="utf-8")

    assert committed == render(), (
        "docs/openapi.json is stale: run .venv/bin/python -m py_nodes.openapi_export"
    )


def test_openapi_export_render_is_the_same_every_time() -> None:
    assert render() == render()
