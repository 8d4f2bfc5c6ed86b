"""The sellers quotes are assigned to, and the default assignment rule, from ``sellers.yaml``.

Data the business edits (the sales desk lists it): a quote request may name a seller; when it
does not, the rule picks one by the request's origin, else the default seller.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Final

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from py_nodes.quote.errors import CatalogInvalid

DEFAULT_SELLERS_PATH: Final = Path(__file__).with_name("sellers.yaml")
SellerCode = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[^$.{}\s][^${}]*$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Seller(_Model):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=80)
    active: bool = True


class Assignment(_Model):
    default: str
    by_origin: dict[str, str] = Field(default_factory=dict)


class Sellers(_Model):
    sellers: list[Seller] = Field(min_length=1)
    assignment: Assignment

    @model_validator(mode="after")
    def _rule_names_active_sellers(self) -> Sellers:
        active = {seller.code for seller in self.sellers if seller.active}
        named = [self.assignment.default, *self.assignment.by_origin.values()]
        unknown = sorted({code for code in named if code not in active})
        if unknown:
            raise ValueError(f"la regla de asignación nombra vendedores no activos: {unknown}")
        codes = [seller.code for seller in self.sellers]
        if len(codes) != len(set(codes)):
            raise ValueError("hay dos vendedores con la misma sigla")
        return self

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(seller.code for seller in self.sellers)

    @property
    def active(self) -> list[Seller]:
        return [seller for seller in self.sellers if seller.active]

    def name(self, code: str) -> str:
        """The seller's display name; an unknown code (a seller since removed) as it is."""
        return next((seller.name for seller in self.sellers if seller.code == code), code)

    def assign(self, origin: str) -> str:
        """The seller a new quote from ``origin`` goes to when the request names none."""
        return self.assignment.by_origin.get(origin, self.assignment.default)


def load_sellers(path: Path | None = None) -> Sellers:
    """Read and validate the sellers file; a broken file names its problem in Spanish."""
    path = path or DEFAULT_SELLERS_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Sellers.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogInvalid(f"{path.name}: no se pudo leer: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise CatalogInvalid(f"{path.name}: {problems}") from exc


@lru_cache(maxsize=1)
def default_sellers() -> Sellers:
    """The packaged sellers file, read once per process."""
    return load_sellers()


def known_seller(code: str) -> str:
    """Pydantic check for an assignment: the code must be an active seller of the file."""
    sellers = default_sellers()
    if code not in {seller.code for seller in sellers.active}:
        valid = ", ".join(seller.code for seller in sellers.active)
        raise ValueError(f"vendedor desconocido {code!r}: usá uno de {valid}")
    return code
