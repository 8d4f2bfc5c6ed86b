"""Jinja2 templates of the desk, rendered with autoescape and strict headers."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from jinja2 import ChainableUndefined, Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse, Response

from py_nodes.desk import display

TEMPLATES: Final = Path(__file__).resolve().parent / "templates"
SECURITY_HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@lru_cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(when=display.when, day=display.day, money=display.money)
    return env


def page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


def secure(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response
