"""Exception handlers that turn every error into ``application/problem+json``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from py_nodes.core.errors import (
    PROBLEM_CONTENT_TYPE,
    BadRequest,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    Problem,
    UnsupportedMediaType,
    ValidationFailed,
)
from py_nodes.core.logging import REQUEST_ID
from py_nodes.core.state import app_state

log = logging.getLogger(__name__)

_BY_STATUS: dict[int, type[Problem]] = {
    400: BadRequest,
    404: NotFound,
    405: MethodNotAllowed,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
}

# Spanish wording for pydantic's error types; anything else keeps pydantic's message.
_SPANISH: dict[str, str] = {
    "missing": "Falta este campo.",
    "extra_forbidden": "Este campo no existe; revisá el nombre.",
    "json_invalid": "El cuerpo no es JSON válido.",
    "dict_type": "Se esperaba un objeto JSON.",
    "model_type": "Se esperaba un objeto JSON.",
    "string_type": "Se esperaba un texto.",
    "int_type": "Se esperaba un número entero.",
    "int_parsing": "Se esperaba un número entero.",
    "decimal_parsing": "Se esperaba un número.",
    "decimal_type": "Se esperaba un número.",
    "finite_number": "El número debe ser finito (no NaN ni infinito).",
    "bool_type": "Se esperaba verdadero o falso.",
    "bool_parsing": "Se esperaba verdadero o falso.",
    "list_type": "Se esperaba una lista.",
    "literal_error": "Valor no permitido.",
    "enum": "Valor no permitido.",
    "greater_than": "Debe ser mayor que {gt}.",
    "greater_than_equal": "Debe ser mayor o igual que {ge}.",
    "less_than": "Debe ser menor que {lt}.",
    "less_than_equal": "Debe ser como máximo {le}.",
    "too_short": "Tiene menos elementos de los necesarios.",
    "too_long": "Tiene más elementos de los permitidos.",
    "string_too_long": "El texto es demasiado largo (máximo {max_length} caracteres).",
    "string_pattern_mismatch": "El formato no es válido.",
    "decimal_max_digits": "El número tiene demasiados dígitos.",
    "date_parsing": "Se esperaba una fecha AAAA-MM-DD.",
    "datetime_parsing": "Se esperaba una fecha y hora ISO 8601.",
}


def problem_response(problem: Problem, request: Request) -> JSONResponse:
    type_base = app_state(request.app).settings.problem_type_base
    body = problem.to_dict(type_base, REQUEST_ID.get())
    return JSONResponse(
        body, status_code=problem.status, headers=problem.headers, media_type=PROBLEM_CONTENT_TYPE
    )


def pointer(location: tuple[Any, ...] | list[Any]) -> str:
    """FastAPI's ``loc`` (``("body", "roof", 0)``) as a JSON Pointer (``#/roof/0``)."""
    parts = list(location)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        source, parts = parts[0], parts[1:]
        if source != "body":
            return f"{source}:{'/'.join(str(p) for p in parts)}"
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def spanish_message(error: dict[str, Any]) -> str:
    template = _SPANISH.get(error.get("type", ""))
    if template is None:
        message = str(error.get("msg", "Valor no válido."))
        return message.removeprefix("Value error, ")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def validation_problem(errors: list[dict[str, Any]]) -> ValidationFailed:
    items = [{"pointer": pointer(e.get("loc", ())), "detail": spanish_message(e)} for e in errors]
    fields = ", ".join(item["pointer"] for item in items[:5])
    return ValidationFailed(f"Revisá estos campos: {fields}.", errors=items)


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    if exc.status >= 500:
        log.error("problem", extra={"type": exc.type_slug, "detail": exc.detail})
    return problem_response(exc, request)


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    problem_class = _BY_STATUS.get(exc.status_code, Problem)
    problem = problem_class(headers=dict(exc.headers or {}))
    if problem_class is Problem:
        problem.extensions["status_code"] = exc.status_code
    response = problem_response(problem, request)
    if problem_class is Problem:
        response.status_code = exc.status_code
    return response


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(validation_problem(list(exc.errors())), request)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"path": request.url.path})
    return problem_response(Problem(), request)


def install_problem_handlers(app: FastAPI) -> None:
    """Register the four handlers; the MRO lookup makes ``Problem`` cover every subclass."""
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)
