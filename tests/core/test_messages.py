"""The message catalog: rendering, and start-up validation against what the code declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from py_nodes.core.messages import (
    CatalogError,
    MessageCatalog,
    MessageSet,
    load_catalog,
    placeholders,
    read_catalog,
    validate,
)


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_files_become_namespaced_keys_and_render(tmp_path: Path) -> None:
    write(tmp_path, "demo.yaml", "hello: '¡Hola, {name}!'\nhandoff:\n  short: Te paso.\n")
    catalog = read_catalog(tmp_path)
    assert catalog.render("demo.hello", name="Ana") == "¡Hola, Ana!"
    assert catalog.render("demo.handoff.short") == "Te paso."


def test_render_names_a_missing_value_and_an_unknown_key() -> None:
    catalog = MessageCatalog({"demo.hello": "Hola {name}"})
    with pytest.raises(CatalogError, match=r"demo.hello.*\{name\}"):
        catalog.render("demo.hello")
    with pytest.raises(CatalogError, match=r"unknown message key 'demo\.nope'"):
        catalog.render("demo.nope")


def test_validate_names_every_mismatch() -> None:
    declared = MessageSet.of("demo", {"hello": {"name"}, "bye": ()})
    catalog = MessageCatalog({"demo.hello": "Hola {nombre}", "demo.extra": "x"})
    with pytest.raises(CatalogError) as error:
        validate(catalog, {"demo": declared})
    text = str(error.value)
    assert "missing message demo.bye" in text
    assert "demo.hello uses unknown placeholders ['nombre']" in text
    assert "demo.extra is in the catalog but no code declares it" in text


def test_validate_accepts_a_matching_catalog() -> None:
    declared = MessageSet.of("demo", {"hello": {"name"}})
    validate(MessageCatalog({"demo.hello": "Hola {name}"}), {"demo": declared})


def test_positional_placeholders_are_refused() -> None:
    with pytest.raises(CatalogError, match="positional"):
        placeholders("Hola {}")


def test_shipped_catalog_matches_every_declared_key() -> None:
    import py_nodes.main  # noqa: F401  (imports every node, so every MessageSet is declared)

    validate(load_catalog())
