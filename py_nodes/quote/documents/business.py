"""The company data printed on customer documents, from ``business.yaml`` (the business edits it).

Empty fields are never printed; the bank block needs an account number to appear at all.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from py_nodes.quote.errors import CatalogInvalid

DEFAULT_BUSINESS_PATH: Final = Path(__file__).with_name("business.yaml")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Bank(_Model):
    name: str = ""
    account_type: str = ""
    account: str = ""
    holder: str = ""

    @property
    def printable(self) -> bool:
        """A bank block without an account number tells the customer nothing: not printed."""
        return bool(self.account)


class Business(_Model):
    brand: str
    legal_name: str = ""
    rut: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    web: str = ""
    logo: str = ""
    bank: Bank = Bank()
    #: Where the file was read from; the logo path is relative to it.
    base_dir: Path = DEFAULT_BUSINESS_PATH.parent

    @property
    def logo_path(self) -> Path | None:
        if not self.logo:
            return None
        path = self.base_dir / self.logo
        return path if path.is_file() else None

    @property
    def contact_line(self) -> str:
        """``bmcuruguay.com.uy · 092 663 245 · Metalog SAS`` without the empty parts."""
        parts = (self.web, self.phone, self.email, self.legal_name)
        return " · ".join(part for part in parts if part)


def load_business(path: Path | None = None) -> Business:
    """Read and validate the company file; a broken file names its problem in Spanish."""
    path = path or DEFAULT_BUSINESS_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogInvalid(f"{path.name}: no se pudo leer: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogInvalid(f"{path.name}: el archivo debe ser un mapa de campos")
    try:
        return Business.model_validate({**_texts(raw), "base_dir": path.parent})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise CatalogInvalid(f"{path.name}: {problems}") from exc


def _texts(raw: dict[str, object]) -> dict[str, object]:
    """YAML reads ``092 663 245`` as text but a bare RUT as a number: every leaf becomes text."""
    return {
        key: _texts(value) if isinstance(value, dict) else ("" if value is None else str(value))
        for key, value in raw.items()
    }


@lru_cache(maxsize=1)
def default_business() -> Business:
    """The packaged company file, read once per process."""
    return load_business()
