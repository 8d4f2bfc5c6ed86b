"""BMC's sellers, kept as data in ``py_nodes/sellers.yaml`` (code stored on quotes, name shown).

Shared by the quote node (checks an assignment, assigns new quotes by the file's default rule)
and the sales desk (lists sellers, assigns quotes). ``active: false`` keeps a seller's name for
old quotes while no new quote goes to them. The rule: by the request's origin, else ``default``
(else the first active seller).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Final

import yaml
from pydantic import Field

from py_nodes.core.errors import ConfigurationError

SELLERS_PATH: Final = Path(__file__).resolve().parent.parent / "sellers.yaml"
#: How a seller code may look where a request carries one (no query operators, no spaces first).
SellerCodeText = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[^$.{}\s][^${}]*$")]


@dataclass(frozen=True)
class SellerCode:
    code: str
    name: str
    active: bool = True


@dataclass(frozen=True)
class Roster:
    """The sellers and the assignment rule of new quotes."""

    sellers: tuple[SellerCode, ...]
    default: str
    by_origin: Mapping[str, str] = field(default_factory=dict)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(seller.code for seller in self.sellers)

    @property
    def active(self) -> tuple[SellerCode, ...]:
        return tuple(seller for seller in self.sellers if seller.active)

    def name(self, code: str) -> str:
        """The seller's display name; an unknown code (a seller since removed) as it is."""
        return next((seller.name for seller in self.sellers if seller.code == code), code)

    def assign(self, origin: str) -> str:
        """The seller a new quote from ``origin`` goes to when the request names none."""
        return self.by_origin.get(origin, self.default)


def _fail(path: Path, detail: str) -> ConfigurationError:
    return ConfigurationError(f"{path.name}: {detail}")


def _sellers(path: Path, entries: Any) -> tuple[SellerCode, ...]:
    if not isinstance(entries, list) or not entries:
        raise _fail(path, "expected 'sellers:' with at least one entry")
    sellers: list[SellerCode] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("code") or not entry.get("name"):
            raise _fail(path, f"seller {number} needs 'code' and 'name'")
        active = entry.get("active", True)
        if not isinstance(active, bool):
            raise _fail(path, f"seller {number}: 'active' is true or false")
        sellers.append(SellerCode(str(entry["code"]), str(entry["name"]), active))
    codes = [seller.code for seller in sellers]
    if len(set(codes)) != len(codes):
        raise _fail(path, "a seller code appears twice")
    return tuple(sellers)


def read_roster(path: Path = SELLERS_PATH) -> Roster:
    """Read and check the file; every problem names the file and what to fix."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(path, f"cannot be read: {exc}") from exc
    if not isinstance(raw, dict):
        raise _fail(path, "expected a mapping with 'sellers:'")
    sellers = _sellers(path, raw.get("sellers"))
    active = [seller.code for seller in sellers if seller.active]
    if not active:
        raise _fail(path, "at least one seller must be active")
    rule = raw.get("assignment") or {}
    if not isinstance(rule, dict):
        raise _fail(path, "'assignment' is a mapping (default, by_origin)")
    default = str(rule.get("default") or active[0])
    by_origin = {str(k): str(v) for k, v in (rule.get("by_origin") or {}).items()}
    unknown = sorted({code for code in [default, *by_origin.values()] if code not in active})
    if unknown:
        raise _fail(path, f"the assignment rule names sellers that are not active: {unknown}")
    return Roster(sellers, default, by_origin)


def read_sellers(path: Path = SELLERS_PATH) -> tuple[SellerCode, ...]:
    return read_roster(path).sellers


@lru_cache
def load_roster() -> Roster:
    """The process-wide roster, read once."""
    return read_roster()


def load_sellers() -> tuple[SellerCode, ...]:
    """The process-wide list, read once."""
    return load_roster().sellers


def known_seller(code: str) -> str:
    """Pydantic check for an assignment: the code must be an active seller of the file."""
    active = [seller.code for seller in load_roster().active]
    if code not in active:
        raise ValueError(f"vendedor desconocido {code!r}: usá uno de {', '.join(active)}")
    return code
