"""BMC's business settings: the n8n data table *Configuración BMC* and its versioned seed.

Staff change their settings (opening hours, holding and follow-up texts, sales recipients) in the
editor, in one data table with string columns ``clave``, ``valor``, ``descripcion``. The flows
read it on every execution (a *Set* node named ``Configuración BMC`` holds one field per key the
flow reads), so a change takes effect at once. ``workflows/settings/configuracion-bmc.yaml``
is the seed: ``settings`` creates the table when absent and adds the keys it lacks, never
overwriting a value staff changed; ``pull`` writes the live values back into it; the lint checks
every key a flow reads is in it with a sane value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import yaml

SEED_PATH = Path(__file__).resolve().parent / "settings" / "configuracion-bmc.yaml"
TABLE = "Configuración BMC"
COLUMNS = ("clave", "valor", "descripcion")
#: The node of a flow that holds the settings as ``{clave: valor}`` (its expressions read it).
SETTINGS_NODE = "Configuración BMC"
#: Public API scopes seeding and pulling the settings need.
SETTINGS_SCOPES = (
    "dataTable:list", "dataTable:create", "dataTableRow:read", "dataTableRow:create",
    "dataTableRow:update",
)  # fmt: skip
TYPES = ("text", "number", "emails", "phone", "channels")
CHANNELS = {"email", "whatsapp"}
EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")
PHONE = re.compile(r"^[1-9][0-9]{7,14}$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
READ = re.compile(
    r"\$\(\s*['\"]" + re.escape(SETTINGS_NODE) + r"['\"]\s*\)\s*\.\s*(?:first\(\)|last\(\)|item)"
    r"\s*\.\s*json\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['\"]([^'\"]+)['\"]\s*\])"
)
#: A field of the settings node: the table's value, else the versioned fallback (the table is
#: missing, e.g. before the first seeding, or the key is absent or blank).
FIELD = re.compile(
    r"^=\{\{ \$input\.all\(\)\.find\(row => row\.json\.clave === '([a-z_]+)'\)\?\.json\.valor"
    r' \|\| ("(?:[^"\\]|\\.)*") \}\}$'
)
HEADER = """\
# The business settings BMC's staff change in the n8n editor (data table "Configuración BMC").
# These are the starting values: a deploy creates the table when absent and adds missing keys,
# never overwriting a value changed in the editor; `python -m workflows pull` writes the live
# values back here. Secrets and infrastructure (URLs, phone number id, templates) stay in the
# environment (compose/n8n-flows.env). docs/workflows.md, "Business settings".
"""


@dataclass(frozen=True)
class Setting:
    """One key of the table: its value and what a sane value is."""

    key: str
    value: str
    description: str
    type: str
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    placeholders: tuple[str, ...] = ()
    required_placeholders: tuple[str, ...] = ()

    def problems(self, value: str | None = None) -> list[str]:
        """Why ``value`` (default: the seed's) is not a sane value of this setting."""
        text = self.value if value is None else value
        where = f"setting {self.key!r}"
        if not text.strip():
            return [f"{where}: empty"]
        if self.type == "text":
            return [f"{where}: {p}" for p in self._text_problems(text)]
        if self.type == "number":
            return [f"{where}: {p}" for p in self._number_problems(text)]
        items = [text] if self.type == "phone" else [i.strip() for i in text.split(",")]
        bad = [item for item in items if not self._fits(item)]
        return [f"{where}: not {self.type}: {', '.join(bad)}"] if bad else []

    def _fits(self, item: str) -> bool:
        """One item of a comma-separated list setting."""
        if self.type == "emails":
            return bool(EMAIL.match(item))
        if self.type == "phone":
            return bool(PHONE.match(item))
        return item in CHANNELS

    def _text_problems(self, text: str) -> Iterable[str]:
        if self.max_length is not None and len(text) > self.max_length:
            yield f"{len(text)} characters, at most {self.max_length}"
        used = PLACEHOLDER.findall(text)
        unknown = sorted(set(used) - set(self.placeholders))
        if unknown:
            yield "unknown placeholders " + ", ".join("{" + name + "}" for name in unknown)
        for name in self.required_placeholders:
            if name not in used:
                yield f"needs the placeholder {{{name}}}"

    def _number_problems(self, text: str) -> Iterable[str]:
        try:
            number = float(text)
        except ValueError:
            yield f"not a number: {text!r}"
            return
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            yield f"{text} is outside {self.min:g}–{self.max:g}"


@dataclass(frozen=True)
class Seed:
    table: str
    settings: dict[str, Setting] = field(default_factory=dict)

    def problems(self) -> list[str]:
        found = [p for s in self.settings.values() for p in s.problems()]
        found += [f"setting {s.key!r}: unknown type {s.type!r}" for s in self.settings.values()
                  if s.type not in TYPES]  # fmt: skip
        return found

    def rows(self, values: Mapping[str, str] | None = None) -> list[dict[str, str]]:
        """Table rows of every key (``values`` replacing the seed's, e.g. a test instance's)."""
        values = values or {}
        return [
            {"clave": key, "valor": values.get(key, s.value), "descripcion": s.description}
            for key, s in self.settings.items()
        ]

    def with_values(self, values: Mapping[str, str]) -> Seed:
        changed = {k: replace(s, value=values.get(k, s.value)) for k, s in self.settings.items()}
        return Seed(self.table, changed)


def load_seed(path: Path = SEED_PATH) -> Seed:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings = {}
    for key, spec in raw["settings"].items():
        spec = dict(spec)
        spec["value"] = str(spec["value"])
        for name in ("placeholders", "required_placeholders"):
            spec[name] = tuple(spec.get(name, ()))
        settings[key] = Setting(key=key, **spec)
    return Seed(str(raw["table"]), settings)


def render_seed(seed: Seed) -> str:
    """The seed file's text (what ``pull`` writes; the committed file is exactly this)."""
    settings: dict[str, dict[str, Any]] = {}
    for key, setting in seed.settings.items():
        spec: dict[str, Any] = {"value": setting.value, "description": setting.description,
                                "type": setting.type}  # fmt: skip
        for name in ("min", "max", "max_length"):
            if (number := getattr(setting, name)) is not None:
                spec[name] = int(number) if float(number).is_integer() else number
        for name in ("placeholders", "required_placeholders"):
            if names := getattr(setting, name):
                spec[name] = list(names)
        settings[key] = spec
    body = yaml.safe_dump({"table": seed.table, "settings": settings}, allow_unicode=True,
                          sort_keys=False, width=96)  # fmt: skip
    return HEADER + body


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def keys_read(flow: Mapping[str, Any]) -> set[str]:
    """The settings a flow's expressions read from its ``Configuración BMC`` node."""
    return {dotted or quoted for text in _strings(flow) for dotted, quoted in READ.findall(text)}


def field_expression(key: str, fallback: str) -> str:
    """The settings node's field ``key``: the table's value, else ``fallback``."""
    literal = json.dumps(fallback, ensure_ascii=False)
    return (f"={{{{ $input.all().find(row => row.json.clave === '{key}')?.json.valor"
            f" || {literal} }}}}")  # fmt: skip


def field_problems(name: str, expression: str, seed: Seed) -> list[str]:
    """Why a settings-node field is not "the table's value, else a sane fallback"."""
    match = FIELD.match(expression)
    if match is None:
        return [f"field {name!r} must read the table with a fallback, as "
                f"{field_expression(name, '…')}"]  # fmt: skip
    key, literal = match.group(1), json.loads(match.group(2))
    if key != name:
        return [f"field {name!r} reads the key {key!r}"]
    if "{{" in literal or "}}" in literal:
        return [f"field {name!r}: the fallback may not contain '{{{{' or '}}}}'"]
    setting = seed.settings.get(key)
    return [] if setting is None else [f"fallback of {p}" for p in setting.problems(literal)]


def flow_problems(flow: Mapping[str, Any], seed: Seed) -> list[str]:
    """Keys a flow reads that the seed lacks."""
    return [f"reads setting {key!r}, which is not in the seed ({SEED_PATH.name})"
            for key in sorted(keys_read(flow) - set(seed.settings))]  # fmt: skip


@dataclass
class SyncReport:
    created: bool = False
    added: list[str] = field(default_factory=list)
    #: Other tables whose name contains the settings table's: n8n's Data table node looks a table
    #: up "by name" with ``LIKE '%name%'`` (most recently updated first), so they may be read.
    shadows: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        made = f"created the data table {TABLE!r}; " if self.created else ""
        added = ", ".join(self.added) or "none"
        text = f"{made}settings added: {added} (values changed in the editor are kept)"
        if self.shadows:
            names = ", ".join(repr(name) for name in self.shadows)
            text += (f"\nWARNING: the flows may read {names} instead of {TABLE!r} (n8n finds "
                     "the table by a part of its name): rename or delete them")  # fmt: skip
        return text


class SettingsTable:
    """The data table through n8n's public API (``/api/v1/data-tables``, an API key)."""

    def __init__(self, url: str, api_key: str, timeout: float = 30) -> None:
        self.api = httpx.Client(base_url=url.rstrip("/") + "/api/v1",
                                headers={"X-N8N-API-KEY": api_key}, timeout=timeout)  # fmt: skip

    def __enter__(self) -> SettingsTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.api.close()

    def _named(self, name: str) -> list[dict[str, Any]]:
        """Tables whose name contains ``name`` (n8n's filter), every page."""
        # n8n wants the filter URL-encoded (``{`` and ``"`` are reserved), which httpx leaves.
        url = "/data-tables?limit=100&filter=" + quote(json.dumps({"name": name}), safe="")
        tables: list[dict[str, Any]] = []
        cursor = ""
        while True:
            response = self.api.get(url + (f"&cursor={quote(cursor)}" if cursor else ""))
            response.raise_for_status()
            page = response.json()
            tables.extend(page["data"])
            if not (cursor := page.get("nextCursor") or ""):
                return tables

    def table_id(self, name: str = TABLE) -> str | None:
        return next((str(t["id"]) for t in self._named(name) if t["name"] == name), None)

    def rows(self, table_id: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        params: dict[str, str | int] = {"limit": 250}
        while True:
            response = self.api.get(f"/data-tables/{table_id}/rows", params=params)
            response.raise_for_status()
            page = response.json()
            rows.extend(page["data"])
            if not page.get("nextCursor"):
                return rows
            params = {"limit": 250, "cursor": page["nextCursor"]}

    def sync(self, seed: Seed, initial: Mapping[str, str] | None = None) -> SyncReport:
        """Create the table when absent and add the keys it lacks; never change a value."""
        report = SyncReport()
        table_id = self.table_id(seed.table)
        if table_id is None:
            columns = [{"name": name, "type": "string"} for name in COLUMNS]
            created = self.api.post("/data-tables", json={"name": seed.table, "columns": columns})
            created.raise_for_status()
            table_id, report.created = str(created.json()["id"]), True
        present = {str(row.get("clave")) for row in self.rows(table_id)}
        missing = [row for row in seed.rows(initial) if row["clave"] not in present]
        if missing:
            added = self.api.post(f"/data-tables/{table_id}/rows",
                                  json={"data": missing, "returnType": "count"})  # fmt: skip
            added.raise_for_status()
        report.added = [row["clave"] for row in missing]
        report.shadows = sorted(
            t["name"] for t in self._named(seed.table) if t["name"] != seed.table
        )
        return report

    def values(self, name: str = TABLE) -> dict[str, str] | None:
        """``{clave: valor}`` of the live table, or None when there is no such table."""
        table_id = self.table_id(name)
        if table_id is None:
            return None
        return {str(r["clave"]): str(r.get("valor") or "") for r in self.rows(table_id)}

    def set_value(self, key: str, value: str, name: str = TABLE) -> None:
        """Change one value, as staff do in the editor (tests, operators)."""
        table_id = self.table_id(name)
        if table_id is None:
            raise LookupError(f"no data table {name!r}")
        where = {"type": "and", "filters": [{"columnName": "clave", "condition": "eq",
                                             "value": key}]}  # fmt: skip
        response = self.api.patch(f"/data-tables/{table_id}/rows/update",
                                  json={"filter": where, "data": {"valor": value}})  # fmt: skip
        response.raise_for_status()


def write_back(live: Mapping[str, str], path: Path = SEED_PATH) -> list[str]:
    """Write the live values into the seed file; the keys whose value changed."""
    seed = load_seed(path)
    changed = [k for k, s in seed.settings.items() if k in live and live[k] != s.value]
    if changed:
        path.write_text(render_seed(seed.with_values(live)), encoding="utf-8")
    return changed
