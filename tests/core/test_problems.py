"""Every error leaves as application/problem+json; no stack trace reaches a client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from py_nodes.core.config import Settings
from py_nodes.core.errors import PROBLEM_TYPES, Conflict
from py_nodes.core.problems import install_problem_handlers, pointer
from py_nodes.core.state import install_app_state

router = APIRouter()


class Body(BaseModel):
    quantity: int = Field(gt=0)


@router.post("/things")
async def create_thing(body: Body) -> dict[str, int]:
    return {"quantity": body.quantity}


@router.get("/conflict")
async def get_conflict() -> None:
    raise Conflict("Ya existe.", resource="x")


@router.get("/boom")
async def get_boom() -> None:
    raise RuntimeError("secret internals /etc/passwd")


@pytest.fixture
def problem_client() -> Iterator[TestClient]:
    app = FastAPI()
    install_app_state(app, Settings(env="test", problem_type_base="https://p.test/problems"))
    install_problem_handlers(app)
    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_problem_validation_error_has_pointers_and_spanish(problem_client: TestClient) -> None:
    response = problem_client.post("/things", json={"quantity": 0})

    body = response.json()
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert body["type"] == "https://p.test/problems/validation-error"
    assert body["errors"] == [{"pointer": "#/quantity", "detail": "Debe ser mayor que 0."}]


def test_problem_invalid_json_is_validation_problem(problem_client: TestClient) -> None:
    response = problem_client.post(
        "/things", content=b"{not json", headers={"content-type": "application/json"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["detail"] == "El cuerpo no es JSON válido."


def test_problem_domain_error_keeps_extensions(problem_client: TestClient) -> None:
    response = problem_client.get("/conflict")

    assert response.status_code == 409
    assert response.json() == {
        "type": "https://p.test/problems/conflict",
        "title": "Conflict",
        "status": 409,
        "detail": "Ya existe.",
        "resource": "x",
    }


def test_problem_unexpected_error_leaks_nothing(problem_client: TestClient) -> None:
    response = problem_client.get("/boom")

    assert response.status_code == 500
    assert "passwd" not in response.text
    assert "Traceback" not in response.text
    assert response.json()["type"].endswith("/internal-error")


def test_problem_method_not_allowed_keeps_allow_header(problem_client: TestClient) -> None:
    response = problem_client.delete("/things")

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["type"].endswith("/method-not-allowed")


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        pytest.param(
            ("body", "roof", "zones", 0, "length_m"), "#/roof/zones/0/length_m", id="body"
        ),
        pytest.param(("query", "limit"), "query:limit", id="query"),
        pytest.param(("body", "a/b"), "#/a~1b", id="escaped"),
    ],
)
def test_pointer_from_location(loc: tuple[object, ...], expected: str) -> None:
    assert pointer(loc) == expected


def test_problem_types_have_spanish_default_and_meaning() -> None:
    for slug, cls in PROBLEM_TYPES.items():
        assert cls.meaning, slug
        assert cls.default_detail, slug
        assert 400 <= cls.status <= 599, slug
