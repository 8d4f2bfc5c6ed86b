"""The part of the OpenAPI description that lists every problem ``type`` and its meaning."""

from __future__ import annotations

from py_nodes.core.errors import PROBLEM_TYPES


def describe_problems(type_base: str) -> str:
    """Markdown for the API description: one row per registered problem type."""
    rows = [
        f"| `{type_base.rstrip('/')}/{slug}` | {cls.status} | {cls.title} | {cls.meaning} |"
        for slug, cls in sorted(PROBLEM_TYPES.items())
    ]
    return "\n".join(
        [
            "Python nodes of BMC Bot, called by the n8n flows. Every error is "
            "`application/problem+json` (RFC 9457) with a Spanish `detail` and a `request_id`.",
            "",
            "| type | status | title | meaning |",
            "|---|---|---|---|",
            *rows,
        ]
    )
