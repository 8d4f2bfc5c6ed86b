"""The keyed storage's JSON codec writes and reads exactly what montydb's own codec does."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from montydb.types._nobson import NoBSON

from py_nodes.core.monty_keyed import encode_json, plain_json

DOCUMENTS = [
    pytest.param(
        {"_id": "BMC-2026-0001", "n": 1, "x": 1.5, "ok": True, "none": None}, id="scalars"
    ),
    pytest.param(
        {"_id": "q", "quote": {"lines": [{"group": "PANELES", "amount": "1345.53"}] * 3}},
        id="nested",
    ),
    pytest.param({"_id": "ñ", "name": "Ana Pérez 😀", "text": 'a "quoted" \\ line\n'}, id="text"),
    pytest.param({"_id": "d", "at": datetime(2026, 5, 20, 14, 3, tzinfo=UTC)}, id="datetime"),
    pytest.param({"_id": "t", "rows": [[1, "a"], ("b", 2.25)], "empty": {}}, id="lists"),
    pytest.param({"_id": "k", "1": {"2": [{"3": None}]}}, id="digit-keys"),
    pytest.param({"_id": "v", "price": "$ 12", "note": "costs $"}, id="dollar-in-values"),
]
PLAIN = {"scalars", "nested", "text", "lists", "digit-keys"}


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("check_keys", [True, False])
def test_codec_encodes_the_same_bytes(document: dict[str, Any], check_keys: bool) -> None:
    assert encode_json(document, check_keys) == NoBSON.document_encode(document, check_keys)


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d.id in PLAIN])
def test_codec_plain_text_decodes_as_montydb(document: dict[str, Any]) -> None:
    text = NoBSON.document_encode(document).decode()

    assert plain_json(text, dict)
    assert json.loads(text) == NoBSON.document_decode(text)


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d.id not in PLAIN])
def test_codec_dollar_text_is_left_to_montydb(document: dict[str, Any]) -> None:
    """A ``$`` key (a datetime's ``$date``) or value: montydb's hooks decode it."""
    assert not plain_json(NoBSON.document_encode(document).decode(), dict)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param({"a.b": 1}, "key 'a.b' must not contain '.'", id="dot"),
        pytest.param({"ok": [{"$set": 1}]}, "key '$set' must not start with '$'", id="dollar"),
        pytest.param({1.5: "x"}, "key '1.5' must not contain '.'", id="float-key"),
    ],
)
def test_codec_refuses_the_keys_montydb_refuses(document: dict[Any, Any], message: str) -> None:
    with pytest.raises(NoBSON.InvalidDocument) as montydb:
        NoBSON.document_encode(document, check_keys=True)
    with pytest.raises(NoBSON.InvalidDocument) as ours:
        encode_json(document, check_keys=True)

    assert str(ours.value) == str(montydb.value) == message


def test_codec_other_document_classes_take_montydbs_path() -> None:
    assert not plain_json('{"a": 1}', list)
    assert plain_json(b'{"a": 1}', dict)
    assert not plain_json(b'{"$date": 1}', dict)
