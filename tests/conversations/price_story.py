"""Prices the `quote:` block of conversation stories through the quote node, in-process.

A story's `quote:` block says what the customer MEANT (see the header of
../shared/conversations/outsider-stories.yaml for the keys). This script turns that block into a
`QuoteRequest` by hand (never from the bot's output), POSTs it to /quotes in a fresh app and reads
back the freight line, panels, billed m², subtotal, IVA and total.

    .venv/bin/python tests/conversations/price_story.py FILE.yaml...          # print figures
    .venv/bin/python tests/conversations/price_story.py --check FILE.yaml...  # exit 1 on mismatch
    .venv/bin/python tests/conversations/price_story.py --fill FILE.yaml...   # write figures

`--fill` rewrites, in place, the figure keys of each quote block (freight_usd, panels, billed_m2,
subtotal_usd, iva_usd, total_usd) and the generated comment lines above the story (`# Inputs:`,
`# Freight:`, `# Priced:`); every other line, hand-written comments included, is kept.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from py_nodes.core.config import Settings  # noqa: E402
from py_nodes.main import create_app  # noqa: E402
from py_nodes.quote.catalog.models import load_catalog  # noqa: E402
from py_nodes.quote.engine.freight_zones import classify_zone  # noqa: E402
from py_nodes.quote.engine.models import QuoteRequest  # noqa: E402

HEADERS = {"X-API-Key": "story-pricing"}
PHONE = "59899000000"
FIGURES = ("freight_usd", "panels", "billed_m2", "subtotal_usd", "iva_usd", "total_usd")
GENERATED = re.compile(r"^\s*# (Inputs|Freight|Priced):")


def _metres(value: Any) -> str:
    return str(Decimal(str(value)))


def roof_request(quote: dict[str, Any]) -> dict[str, Any]:
    zone: dict[str, Any] = {
        "length_m": _metres(quote["length_m"]),
        "waters": quote.get("waters", "una_agua"),
        "edges": quote["edges"],
    }
    if "width_m" in quote:
        zone["width_m"] = _metres(quote["width_m"])
    else:
        zone["panels"] = quote["panels"]
    if "slope_mode" in quote:
        zone["slope_mode"] = quote["slope_mode"]
        if "slope_deg" in quote:
            zone["slope_deg"] = _metres(quote["slope_deg"])
        if "height_diff_m" in quote:
            zone["height_diff_m"] = _metres(quote["height_diff_m"])
    roof: dict[str, Any] = {
        "product": quote["product"],
        "thickness_mm": quote["thickness_mm"],
        "structure": quote["structure"],
        "zones": [zone],
    }
    if "color" in quote:
        roof["color"] = quote["color"]
    return {"roof": roof}


def wall_request(quote: dict[str, Any]) -> dict[str, Any]:
    wall: dict[str, Any] = {
        "product": quote["product"],
        "thickness_mm": quote["thickness_mm"],
        "structure": quote["structure"],
        "height_m": _metres(quote["height_m"]),
        "perimeter_m": _metres(quote["perimeter_m"]),
        "outside_corners": quote.get("outside_corners", 0),
        "inside_corners": quote.get("inside_corners", 0),
        "openings": [
            {
                "width_m": _metres(o["width_m"]),
                "height_m": _metres(o["height_m"]),
                "count": o.get("count", 1),
            }
            for o in quote.get("openings", [])
        ],
    }
    if "color" in quote:
        wall["color"] = quote["color"]
    return {"wall": wall}


def cold_room_request(quote: dict[str, Any]) -> dict[str, Any]:
    room: dict[str, Any] = {
        "product": quote["product"],
        "thickness_mm": quote["thickness_mm"],
        "length_m": _metres(quote["length_m"]),
        "width_m": _metres(quote["width_m"]),
        "height_m": _metres(quote["height_m"]),
    }
    if "color" in quote:
        room["color"] = quote["color"]
    return {"cold_room": room}


def quote_request(quote: dict[str, Any]) -> dict[str, Any]:
    """The QuoteRequest body the customer meant, built only from the story's quote block."""
    scenario = quote["scenario"]
    builders = {
        "solo_techo": roof_request,
        "solo_fachada": wall_request,
        "camara_frig": cold_room_request,
    }
    body: dict[str, Any] = {"scenario": scenario, **builders[scenario](quote)}
    where = quote["delivery"]
    body["delivery"] = {"pickup": True} if where.get("pickup") else {"zone": where["zone"]}
    body["customer"] = {"phone": PHONE}
    body["origin"] = "WA"
    QuoteRequest.model_validate(body)  # a malformed block fails here, by field
    return body


@dataclass
class Priced:
    figures: dict[str, Any]
    freight_text: str
    warnings: list[str]


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _money(text: str) -> float:
    return float(Decimal(text))


def freight_text(quote: dict[str, Any], amount: Decimal | None) -> str:
    where = quote["delivery"]
    if where.get("pickup"):
        return "pick-up, no freight line."
    zone = classify_zone(where["zone"], load_catalog().freight.zones)
    label = zone.label if zone else "unknown place"
    if amount is None:
        return f"{where['zone']} = {label}: a seller prices it (no line)."
    return f"{where['zone']} = {label} → USD {amount.normalize():f}."


def price(client: TestClient, quote: dict[str, Any]) -> Priced:
    response = client.post("/quotes", headers=HEADERS, json=quote_request(quote))
    if response.status_code != 201:
        raise ValueError(f"POST /quotes answered {response.status_code}: {response.text}")
    body = response.json()
    freight = [line for line in body["lines"] if line["group"] == "SERVICIOS"]
    amount = Decimal(freight[0]["amount"]) if freight else None
    if amount is None:
        freight_value: Any = 0 if quote["delivery"].get("pickup") else "manual"
    else:
        freight_value = int(amount) if amount == amount.to_integral() else float(amount)
    area = Decimal(body["figures"]["area_m2"])
    figures = {
        "freight_usd": freight_value,
        "panels": body["figures"]["panels"],
        "billed_m2": float(area),
        "subtotal_usd": _money(body["subtotal"]),
        "iva_usd": _money(body["iva"]),
        "total_usd": _money(body["total"]),
    }
    return Priced(figures, freight_text(quote, amount), body["warnings"])


def inputs_text(quote: dict[str, Any]) -> str:
    body = quote_request(quote)
    spec = body.get("roof") or body.get("wall") or body.get("cold_room")
    assert spec is not None
    parts = [quote["scenario"], f"{spec['product']} {spec['thickness_mm']}"]
    if "structure" in spec:
        parts.append(spec["structure"])
    if "color" in spec:
        parts.append(f"color {spec['color']}")
    if "zones" in spec:
        zone = spec["zones"][0]
        width = f"width {zone['width_m']}" if "width_m" in zone else f"{zone['panels']} panels"
        parts.append(f"length {zone['length_m']}, {width}, {zone['waters']}")
        if zone.get("slope_mode"):
            extra = zone.get("slope_deg") or zone.get("height_diff_m")
            parts.append(f"{zone['slope_mode']} {extra}")
        edges = zone["edges"]
        parts.append("edges {" + ", ".join(f"{k} {v}" for k, v in edges.items()) + "}")
    elif "perimeter_m" in spec:
        parts.append(f"height {spec['height_m']}, perimeter {spec['perimeter_m']}")
        parts.append(f"corners out {spec['outside_corners']} in {spec['inside_corners']}")
        openings = ", ".join(
            f"{o['count']}×{o['width_m']}×{o['height_m']}" for o in spec["openings"]
        )
        parts.append(f"openings [{openings}]")
    else:
        parts.append(f"inside {spec['length_m']} × {spec['width_m']} × {spec['height_m']}")
    return ", ".join(parts) + "."


def comment_lines(quote: dict[str, Any], priced: Priced, indent: str) -> list[str]:
    f = priced.figures
    return [
        f"{indent}# Inputs: {inputs_text(quote)}",
        f"{indent}# Freight: {priced.freight_text}",
        f"{indent}# Priced: POST /quotes → {f['panels']} panels, {f['billed_m2']} m², subtotal "
        f"{f['subtotal_usd']:.2f}, IVA {f['iva_usd']:.2f}, total {f['total_usd']:.2f}.",
    ]


def make_client(data_dir: Path) -> TestClient:
    settings = Settings(
        env="test", data_dir=data_dir, log_level="WARNING", api_keys=HEADERS["X-API-Key"]
    )
    return TestClient(create_app(settings, nodes=["quote"]))


def _format(key: str, value: Any) -> str:
    return f"{value:.2f}" if key.endswith("_usd") and isinstance(value, float) else str(value)


def fill(path: Path, client: TestClient) -> int:
    """Rewrite the figures and generated comments of every quote story of ``path``."""
    stories = yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"^\s*- story:", line)]
    assert len(starts) == len(stories), f"{path}: story lines and stories differ"
    # a story owns the comment lines directly above its `- story:` line
    tops = []
    for start in starts:
        top = start
        while top > 0 and lines[top - 1].lstrip().startswith("#"):
            top -= 1
        tops.append(top)
    out = lines[: tops[0]]
    for number, (start, story) in enumerate(zip(starts, stories, strict=True)):
        end = tops[number + 1] if number + 1 < len(starts) else len(lines)
        own = [line for line in lines[tops[number] : start] if not GENERATED.match(line)]
        body = lines[start:end]
        if "quote" not in story:
            out += own + body
            continue
        priced = price(client, story["quote"])
        indent = re.match(r"^(\s*)", lines[start]).group(1)  # type: ignore[union-attr]
        out += own + comment_lines(story["quote"], priced, indent)
        in_quote = False
        for line in body:
            if re.match(r"^\s*quote:\s*$", line):
                in_quote = True
            match = re.match(r"^(\s+)(\w+):\s*(.*)$", line)
            if in_quote and match and match.group(2) in FIGURES:
                key = match.group(2)
                line = f"{match.group(1)}{key}: {_format(key, priced.figures[key])}"
            out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


def check(path: Path, client: TestClient) -> int:
    """Print every quote story's figures; count the ones that differ from the block."""
    wrong = 0
    for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
        if "quote" not in story:
            continue
        priced = price(client, story["quote"])
        diff = {
            key: (story["quote"].get(key), value)
            for key, value in priced.figures.items()
            if story["quote"].get(key) != value
        }
        mark = "ok " if not diff else "BAD"
        say(f"{mark} {path.name}::{story['story']}: {priced.figures}")
        for warning in priced.warnings:
            say(f"    warning: {warning}")
        if diff:
            say(f"    differs (story, priced): {diff}")
            wrong += 1
    return wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 when a block's figures differ")
    mode.add_argument("--fill", action="store_true", help="write the figures into the files")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, make_client(Path(tmp)) as client:
        if args.fill:
            for path in args.files:
                fill(path, client)
            return 0
        wrong = sum(check(path, client) for path in args.files)
    if wrong:
        say(f"{wrong} quote block(s) differ from the quote node")
    return 1 if (args.check and wrong) else 0


if __name__ == "__main__":
    sys.exit(main())
