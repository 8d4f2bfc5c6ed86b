"""The Spanish message catalog: every text a customer reads, as data the business can change.

Texts live in ``py_nodes/messages/*.yaml`` (one file per node, all one catalog): each file maps
message keys to texts with named placeholders (``"¡Hola, {name}!"``); the file's stem is the
keys' namespace (``ai.yaml`` holds ``ai.greeting``). Code never writes customer text: it declares
the keys it uses, with the placeholders each may use, in a :class:`MessageSet`, and renders with
:meth:`MessageCatalog.render`. :func:`validate` runs at start-up (and in the tests): every declared
key present, no placeholder the code does not supply, no key nobody declared — so a wording change
in the YAML can never break a message at run time, and a typo fails the start with its name.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

MESSAGES_DIR = Path(__file__).resolve().parent.parent / "messages"

#: Every declared set, by namespace; filled by :func:`declare`.
DECLARED: dict[str, MessageSet] = {}


class CatalogError(ValueError):
    """The catalog files do not match what the code declares (raised at start-up)."""


@dataclass(frozen=True)
class MessageSet:
    """The keys one namespace's code renders, each with the placeholders it supplies."""

    namespace: str
    keys: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, namespace: str, keys: Mapping[str, Iterable[str]]) -> MessageSet:
        return cls(namespace, {key: frozenset(names) for key, names in keys.items()})


def declare(namespace: str, keys: Mapping[str, Iterable[str]]) -> MessageSet:
    """Declare ``namespace``'s keys for start-up validation:
    ``declare("ai", {"greeting": {"name"}, "empty": ()})`` (a module-level constant)."""
    message_set = MessageSet.of(namespace, keys)
    DECLARED[namespace] = message_set
    return message_set


def placeholders(text: str) -> set[str]:
    """The named fields of a ``str.format`` template (``"{a} y {b:.2f}"`` -> ``{"a", "b"}``)."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field is None:
            continue
        if field == "" or field.isdigit():
            raise CatalogError(f"positional placeholder in {text!r}: name it")
        names.add(field.split(".")[0].split("[")[0])
    return names


class MessageCatalog:
    """All texts, flattened to ``namespace.key`` -> template."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = dict(texts)

    def render(self, key: str, **values: Any) -> str:
        """The text of ``key`` with ``values`` filled in (extra values are ignored)."""
        try:
            template = self.texts[key]
        except KeyError:
            raise CatalogError(f"unknown message key {key!r}") from None
        return template.format_map(_Strict(values, key))

    def has(self, key: str) -> bool:
        return key in self.texts


class _Strict(dict[str, Any]):
    def __init__(self, values: Mapping[str, Any], key: str) -> None:
        super().__init__(values)
        self._key = key

    def __missing__(self, name: str) -> Any:
        raise CatalogError(f"message {self._key!r} needs {{{name}}}, which was not given")


def read_catalog(directory: Path = MESSAGES_DIR) -> MessageCatalog:
    """Every ``*.yaml`` of ``directory``; nested mappings become dotted keys."""
    texts: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise CatalogError(f"{path.name}: expected a mapping of message keys to texts")
        _flatten(path.stem, raw, texts, path.name)
    return MessageCatalog(texts)


def _flatten(prefix: str, raw: Mapping[str, Any], into: dict[str, str], source: str) -> None:
    for key, value in raw.items():
        name = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            _flatten(name, value, into, source)
        elif isinstance(value, str):
            into[name] = value
        else:
            raise CatalogError(f"{source}: {name} must be a text, not {type(value).__name__}")


def validate(catalog: MessageCatalog, declared: Mapping[str, MessageSet] | None = None) -> None:
    """Raise :class:`CatalogError` naming every mismatch between the files and the code."""
    declared = DECLARED if declared is None else declared
    problems: list[str] = []
    expected: dict[str, frozenset[str]] = {
        f"{space}.{key}": names
        for space, message_set in declared.items()
        for key, names in message_set.keys.items()
    }
    for key, names in sorted(expected.items()):
        if key not in catalog.texts:
            problems.append(f"missing message {key}")
            continue
        unknown = placeholders(catalog.texts[key]) - names
        if unknown:
            allowed = ", ".join(sorted(names)) or "none"
            problems.append(
                f"{key} uses unknown placeholders {sorted(unknown)} (allowed: {allowed})"
            )
    spaces = set(declared)
    for key in sorted(catalog.texts):
        if key.split(".")[0] in spaces and key not in expected:
            problems.append(f"{key} is in the catalog but no code declares it")
    if problems:
        raise CatalogError("message catalog: " + "; ".join(problems))


@lru_cache
def load_catalog(directory: Path = MESSAGES_DIR) -> MessageCatalog:
    """The process-wide catalog, read once (start-up hooks call :func:`validate` on it)."""
    return read_catalog(directory)
