"""BMC's sellers, kept as data in ``py_nodes/sellers.yaml`` (code stored on quotes, name shown)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

import yaml

from py_nodes.core.errors import ConfigurationError

SELLERS_PATH: Final = Path(__file__).resolve().parent.parent / "sellers.yaml"


@dataclass(frozen=True)
class SellerCode:
    code: str
    name: str


def read_sellers(path: Path = SELLERS_PATH) -> tuple[SellerCode, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = raw.get("sellers") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConfigurationError(f"{path.name}: expected 'sellers:' with at least one entry")
    sellers: list[SellerCode] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("code") or not entry.get("name"):
            raise ConfigurationError(f"{path.name}: seller {number} needs 'code' and 'name'")
        sellers.append(SellerCode(str(entry["code"]), str(entry["name"])))
    codes = [seller.code for seller in sellers]
    if len(set(codes)) != len(codes):
        raise ConfigurationError(f"{path.name}: a seller code appears twice")
    return tuple(sellers)


@lru_cache
def load_sellers() -> tuple[SellerCode, ...]:
    """The process-wide list, read once."""
    return read_sellers()
