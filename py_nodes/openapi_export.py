"""Write the OpenAPI description of every node to ``docs/openapi.json``.

Usage: ``python -m py_nodes.openapi_export [OUTPUT]``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from py_nodes.core.config import Settings
from py_nodes.main import available_nodes, create_app

DEFAULT_OUTPUT = Path("docs/openapi.json")


def render() -> str:
    """The OpenAPI document as stable, pretty JSON (no start-up needed: routes are static).

    Every node, and the default problem ``type`` base, whatever ``PY_NODES`` or
    ``PROBLEM_TYPE_BASE`` say in this environment: the same code always renders the same file.
    """
    type_base = Settings.model_fields["problem_type_base"].default
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            env="dev", data_dir=Path(data_dir), log_level="WARNING", problem_type_base=type_base
        )
        app = create_app(settings, nodes=list(available_nodes()))
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
