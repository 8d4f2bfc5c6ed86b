"""One error hierarchy for every node, rendered as RFC 9457 ``application/problem+json``.

Each subclass fixes ``status``, ``title`` and ``type_slug`` (the stable part of its ``type``
URI) and documents its meaning in ``meaning``; an instance carries only a Spanish ``detail`` a
person can act on, plus optional extension members. Every concrete class registers itself, so
the catalogue of error types served in the OpenAPI description can never drift from the code.
"""

from __future__ import annotations

from typing import Any, ClassVar

PROBLEM_CONTENT_TYPE = "application/problem+json"

#: slug -> class, filled by ``Problem.__init_subclass__``; read by the docs and the OpenAPI export.
PROBLEM_TYPES: dict[str, type[Problem]] = {}


class Problem(Exception):
    """Base of every error a client can see. Unknown errors become ``internal-error``."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"
    type_slug: ClassVar[str] = "internal-error"
    meaning: ClassVar[str] = "An unexpected failure inside the node; the request can be retried."
    default_detail: ClassVar[str] = "Ocurrió un error interno. Probá de nuevo en unos minutos."

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        self.detail = detail or self.default_detail
        self.headers = headers or {}
        self.extensions = extensions
        super().__init__(self.detail)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "type_slug" in cls.__dict__:
            PROBLEM_TYPES[cls.type_slug] = cls

    def to_dict(self, type_base: str, request_id: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"{type_base.rstrip('/')}/{self.type_slug}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        body.update(self.extensions)
        if request_id:
            body["request_id"] = request_id
        return body


PROBLEM_TYPES[Problem.type_slug] = Problem


class BadRequest(Problem):
    status = 400
    title = "Bad request"
    type_slug = "bad-request"
    meaning = "The request is malformed (for example not JSON, or a body the node cannot read)."
    default_detail = "La solicitud no tiene un formato válido."


class Unauthorized(Problem):
    status = 401
    title = "Unauthorized"
    type_slug = "unauthorized"
    meaning = "Credentials are missing or not valid."
    default_detail = "Faltan credenciales o no son válidas."


class Forbidden(Problem):
    status = 403
    title = "Forbidden"
    type_slug = "forbidden"
    meaning = "The credentials are valid but do not allow this operation."
    default_detail = "No tenés permiso para esta operación."


class NotFound(Problem):
    status = 404
    title = "Not found"
    type_slug = "not-found"
    meaning = "The resource or route does not exist."
    default_detail = "No encontramos lo que buscás."


class MethodNotAllowed(Problem):
    status = 405
    title = "Method not allowed"
    type_slug = "method-not-allowed"
    meaning = "The route exists but not with this HTTP method."
    default_detail = "Este método no está permitido en esta ruta."


class Conflict(Problem):
    status = 409
    title = "Conflict"
    type_slug = "conflict"
    meaning = "The request conflicts with the current state of the resource."
    default_detail = "La operación choca con el estado actual del recurso."


class PayloadTooLarge(Problem):
    status = 413
    title = "Payload too large"
    type_slug = "payload-too-large"
    meaning = "The body is larger than the node accepts."
    default_detail = "El cuerpo de la solicitud es demasiado grande."


class UnsupportedMediaType(Problem):
    status = 415
    title = "Unsupported media type"
    type_slug = "unsupported-media-type"
    meaning = "The body's content type is not one the route accepts."
    default_detail = "El tipo de contenido no es válido para esta ruta."


class ValidationFailed(Problem):
    status = 422
    title = "Unprocessable content"
    type_slug = "validation-error"
    meaning = (
        "One or more fields are invalid; `errors` lists each with a JSON pointer and a reason."
    )
    default_detail = "Algunos datos no son válidos; revisá los campos indicados en 'errors'."


class TooManyRequests(Problem):
    status = 429
    title = "Too many requests"
    type_slug = "rate-limited"
    meaning = "The caller exceeded its rate limit; wait the seconds given in `Retry-After`."
    default_detail = "Demasiadas solicitudes. Esperá un momento y volvé a intentar."


class UpstreamError(Problem):
    status = 502
    title = "Upstream error"
    type_slug = "upstream-error"
    meaning = "A service this node depends on answered with an error."
    default_detail = "Un servicio externo respondió con un error. Probá de nuevo en unos minutos."


class ServiceUnavailable(Problem):
    status = 503
    title = "Service unavailable"
    type_slug = "service-unavailable"
    meaning = (
        "A dependency (database, cache, vector store) is not reachable right now; `failed` "
        "names each with the reason."
    )
    default_detail = "El servicio no está disponible en este momento."


class UpstreamTimeout(UpstreamError):
    status = 504
    title = "Upstream timeout"
    type_slug = "upstream-timeout"
    meaning = "A service this node depends on did not answer in time."
    default_detail = "Un servicio externo no respondió a tiempo."


class ConfigurationError(Exception):
    """Raised at start-up when settings or data files are invalid; never reaches a client."""
