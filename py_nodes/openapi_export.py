"""Write the OpenAPI description of every node to ``docs/openapi.json``.

Usage: ``python -m py_nodes.openapi_export [OUTPUT]``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from py_nodes.core.config import Settings
from py_nodes.main import create_app

DEFAULT_OUTPUT = Path("docs/openapi.json")


def render() -> str:
    """The OpenAPI document as stable, pretty JSON (no start-up needed: routes are static)."""
    with tempfile.TemporaryDirectory() as data_dir:
        app = create_app(Settings(env="dev", data_dir=Path(data_dir), log_level="WARNING"))
        return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else DEFAULT_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {output}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
