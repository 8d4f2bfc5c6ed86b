"""Desk failures as pages a seller can act on (not JSON), and the redirect to sign in."""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.responses import RedirectResponse, Response

from py_nodes.core.config import Settings
from py_nodes.core.errors import Problem
from py_nodes.desk.auth import CsrfRefused, SignInRequired
from py_nodes.desk.quote_api import DeskNotConfigured, QuoteApiRefused, QuoteNodeUnavailable
from py_nodes.desk.render import page, secure
from py_nodes.desk.sessions import COOKIE, PATH

PAGE_PROBLEMS = (CsrfRefused, QuoteApiRefused, DeskNotConfigured, QuoteNodeUnavailable)


async def _to_sign_in(request: Request, exc: Exception) -> Response:
    response = RedirectResponse(f"{PATH}/ingresar", status_code=303)
    if COOKIE in request.cookies:
        response.delete_cookie(COOKIE, path=PATH)
    return secure(response)


async def _problem_page(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return page("error.html", status_code=exc.status, title=exc.title, detail=exc.detail)


def install_pages(app: FastAPI, settings: Settings) -> None:
    app.add_exception_handler(SignInRequired, _to_sign_in)
    for problem in PAGE_PROBLEMS:
        app.add_exception_handler(problem, _problem_page)
