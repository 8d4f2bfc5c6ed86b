"""Sign-in, sessions, CSRF and sign-out of the desk."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner

from py_nodes.core.errors import ConfigurationError
from py_nodes.desk import hash_password
from py_nodes.desk.accounts import HASHER, authenticate, parse_accounts
from py_nodes.desk.sessions import COOKIE, SessionCodec
from py_nodes.main import create_app
from tests.desk.desk_helpers import PASSWORDS, csrf_of, desk_settings, page_csrf, sign_in


def test_sign_in_with_the_right_password_opens_the_inbox(client: TestClient) -> None:
    response = sign_in(client)

    assert (response.status_code, response.headers["location"]) == (303, "/desk/conversaciones")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/desk" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback in tests
    assert "Ana Pérez" in client.get("/desk/conversaciones").text


def test_session_cookie_is_secure_outside_dev_and_test(tmp_path: Path) -> None:
    secret = "s" * 40  # staging refuses secrets under 32 characters  # pragma: allowlist secret
    app = create_app(desk_settings(
        tmp_path, env="staging", api_keys="k" * 40, desk_quote_client=f"desk:{secret}",
        auth_clients=f"desk:{secret}:quotes:read quotes:write export",
    ))  # fmt: skip
    with TestClient(app, base_url="https://desk.test") as client:
        response = sign_in(client)

    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"]


@pytest.mark.parametrize(
    ("user", "password"), [("ana", "clave-equivocada"), ("nadie", "clave-de-ana-2026"), ("", "")]
)
def test_wrong_credentials_are_refused_without_a_session(
    client: TestClient, user: str, password: str
) -> None:
    response = sign_in(client, user, password)

    assert response.status_code == 401
    assert "Usuario o contraseña incorrectos" in response.text
    assert COOKIE not in client.cookies
    assert client.get("/desk/conversaciones", follow_redirects=False).status_code == 303


def test_sign_in_without_the_form_token_is_refused(client: TestClient) -> None:
    client.get("/desk/ingresar")
    data = {"user": "ana", "password": PASSWORDS["ana"]}

    missing = client.post("/desk/ingresar", data=data)
    wrong = client.post("/desk/ingresar", data={**data, "csrf": "forged"})

    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert "Recargá la página" in wrong.text
    assert COOKIE not in client.cookies


def test_failed_sign_ins_lock_the_user_even_with_the_right_password(client: TestClient) -> None:
    for _ in range(5):
        assert sign_in(client, "ana", "clave-equivocada").status_code == 401

    locked = sign_in(client, "ana")
    other_user = sign_in(client, "beto")

    assert locked.status_code == 429
    assert locked.headers["retry-after"] == "900"
    assert "Demasiados intentos" in locked.text
    assert other_user.status_code == 303


def test_failed_sign_ins_lock_the_address_across_users(tmp_path: Path) -> None:
    app = create_app(desk_settings(tmp_path, desk_login_max_attempts_address=3))
    with TestClient(app) as client:
        for user in ("x1", "x2", "x3"):
            assert sign_in(client, user, "adivinando").status_code == 401
        blocked = sign_in(client, "beto")

    assert blocked.status_code == 429


def test_a_right_password_clears_the_users_failures(client: TestClient) -> None:
    for _ in range(4):
        sign_in(client, "ana", "clave-equivocada")
    assert sign_in(client, "ana").status_code == 303
    for _ in range(4):
        assert sign_in(client, "ana", "clave-equivocada").status_code == 401

    assert sign_in(client, "ana").status_code == 303


def test_pages_without_a_session_send_to_the_sign_in(client: TestClient) -> None:
    for path in ("/desk/conversaciones", "/desk/cotizaciones", "/desk/exportar"):
        response = client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/desk/ingresar")


def test_an_altered_cookie_is_no_session(client: TestClient) -> None:
    sign_in(client)
    altered = client.cookies[COOKIE][:-2] + "xx"
    client.cookies.clear()
    client.cookies.set(COOKIE, altered, path="/desk")

    assert client.get("/desk/conversaciones", follow_redirects=False).status_code == 303


def test_a_session_older_than_its_lifetime_has_expired(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    eleven_hours_ago = int(time.time()) - 11 * 3600  # the lifetime is 10 hours
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: eleven_hours_ago)
        assert sign_in(client).status_code == 303

    assert client.get("/desk/conversaciones", follow_redirects=False).status_code == 303


def test_a_session_signed_with_the_previous_key_still_works(tmp_path: Path) -> None:
    old = SessionCodec(["desk-key-old"], 3600)
    _, cookie = old.issue("ana")
    app = create_app(desk_settings(tmp_path, desk_session_keys="desk-key-new,desk-key-old"))
    with TestClient(app) as client:
        client.cookies.set(COOKIE, cookie, path="/desk")
        rotated = client.get("/desk/conversaciones", follow_redirects=False)
    app = create_app(desk_settings(tmp_path, desk_session_keys="desk-key-new"))
    with TestClient(app) as client:
        client.cookies.set(COOKIE, cookie, path="/desk")
        retired = client.get("/desk/conversaciones", follow_redirects=False)

    assert (rotated.status_code, retired.status_code) == (200, 303)


def test_sign_out_ends_the_session_even_for_a_copied_cookie(client: TestClient) -> None:
    sign_in(client)
    copied = client.cookies[COOKIE]

    response = client.post("/desk/salir", data={"csrf": page_csrf(client)}, follow_redirects=False)
    notice = client.get("/desk/ingresar").text
    client.cookies.clear()
    client.cookies.set(COOKIE, copied, path="/desk")

    assert (response.status_code, response.headers["location"]) == (303, "/desk/ingresar")
    assert "Cerraste la sesión" in notice
    assert client.get("/desk/conversaciones", follow_redirects=False).status_code == 303


def test_sign_out_without_the_form_token_is_refused(client: TestClient) -> None:
    sign_in(client)

    response = client.post("/desk/salir", data={"csrf": "forged"})

    assert response.status_code == 403
    assert client.get("/desk/conversaciones").status_code == 200


def test_a_removed_account_loses_its_session(tmp_path: Path) -> None:
    app = create_app(desk_settings(tmp_path))
    with TestClient(app) as client:
        sign_in(client)
        cookie = client.cookies[COOKIE]
    only_beto = desk_settings(tmp_path).desk_accounts
    assert only_beto is not None
    lines = [line for line in only_beto.get_secret_value().splitlines() if "ana:" not in line]
    app = create_app(desk_settings(tmp_path, desk_accounts="\n".join(lines)))
    with TestClient(app) as client:
        client.cookies.set(COOKIE, cookie, path="/desk")
        response = client.get("/desk/conversaciones", follow_redirects=False)

    assert response.status_code == 303


def test_the_sign_in_page_carries_a_form_token_and_strict_headers(client: TestClient) -> None:
    response = client.get("/desk/ingresar")

    assert csrf_of(response.text)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "text",
    [
        "ana:not-a-hash:Ana",
        "Ana Mayúscula:$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA:Ana",
        "ana:$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA:",
        "ana:$argon2id$x:Ana\nana:$argon2id$y:Ana otra",
    ],
)
def test_malformed_accounts_stop_the_start_naming_the_line(text: str) -> None:
    with pytest.raises(ConfigurationError, match="DESK_ACCOUNTS line"):
        parse_accounts(text)


def test_hash_password_tool_makes_a_line_that_signs_in(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("una-clave-larga\n"))

    code = hash_password.main(["--stdin", "--user", "carla", "--name", "Carla Ruiz"])
    line = capsys.readouterr().out.strip()
    sellers = parse_accounts(line)

    assert code == 0
    assert sellers["carla"].name == "Carla Ruiz"
    assert authenticate(sellers, "carla", "una-clave-larga") is not None
    assert authenticate(sellers, "carla", "otra-clave-larga") is None


def test_hash_password_tool_refuses_a_short_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("corta\n"))

    assert hash_password.main(["--stdin"]) == 1


def test_argon2_hashes_are_salted() -> None:
    assert HASHER.hash("misma-clave") != HASHER.hash("misma-clave")
