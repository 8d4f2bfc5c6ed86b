"""Editor access for BMC staff, in a real browser, on the real n8n behind the real ingress.

The ingress (Debian's HAProxy, ``compose/ingress/haproxy.cfg``) serves the editor over TLS with a
self-signed certificate made as the dev-secrets script makes it; the owner invites a staff member
with ``python -m workflows staff invite`` (n8n's REST API; no SMTP, so n8n hands back the link);
the staff member opens the link in Chromium, chooses a password, and signs in again later.
Then the data table *Configuración BMC* is changed in the editor, cell by cell as a person does,
and the next WhatsApp conversation (signed, through the ingress's webhook entry) answers with the
new opening hours: nothing restarted. n8n without a licence shares nothing with a member, so the
account that holds the flows and the table (the owner) makes that change (docs/workflows.md).

Screenshots are kept in ``artifacts/editor-*.png`` (paths printed).
"""

from __future__ import annotations

import re
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.e2e.conftest import Stack, unique_phone
from tests.e2e.whatsapp import post_signed, text_message
from tests.support.browser import chromium, screenshot
from tests.support.waiting import wait_until
from workflows import staff
from workflows.ingress import EditorEntry, Ingress, haproxy_binary
from workflows.settings import TABLE
from workflows.stack import free_port
from workflows.tls import certificate_of, self_signed_pem

pytestmark = pytest.mark.n8n
VIEWPORT = {"width": 1360, "height": 860}
STAFF_PASSWORD = "Ventas-2026-bmc"  # pragma: allowlist secret


def shot(page: Any, name: str) -> Path:
    return screenshot(page, f"editor-{name}")


@pytest.fixture(scope="module")
def ingress(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingress]:
    """HAProxy in front of the e2e n8n: Meta's webhook entry and the editor's TLS entry."""
    if haproxy_binary() is None:
        pytest.fail("haproxy is not installed (Debian package: haproxy)")
    root = tmp_path_factory.mktemp("editor-ingress")
    cert = root / "n8n_editor_tls"
    cert.write_text(self_signed_pem())
    cert.chmod(0o600)
    upstream = f"127.0.0.1:{stack.n8n.port}"
    editor = EditorEntry(free_port(), upstream, cert)
    proxy = Ingress(upstream, free_port(), free_port(), root / "haproxy.log", editor=editor)
    proxy.start()
    try:
        proxy.wait_upstream(backend="n8n_editor", timeout=30)
        proxy.wait_upstream(backend="n8n_webhook", timeout=30)
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture(scope="module")
def editor(ingress: Ingress) -> EditorEntry:
    assert ingress.editor is not None
    return ingress.editor


@pytest.fixture(scope="module")
def trust(editor: EditorEntry) -> ssl.SSLContext:
    return ssl.create_default_context(cadata=certificate_of(editor.cert.read_text()))


@pytest.fixture(scope="module")
def browser(stack: Stack) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile; the self-signed certificate is accepted as a person would."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="es-UY", ignore_https_errors=True)
    try:
        yield ctx
    finally:
        ctx.close()


def invite_with_the_command(
    stack: Stack,
    editor: EditorEntry,
    email: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> str:
    """``python -m workflows staff invite`` as the owner, through the TLS entry; the link."""
    owner_email, owner_password = stack.editor_login
    password_file = tmp_path / "n8n_owner_password"
    password_file.write_text(owner_password)
    code = staff.main(["--url", editor.base_url, "--owner-email", owner_email,
                       "--password-file", str(password_file), "--ca-file", str(editor.cert),
                       "invite", email])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    links = re.findall(r"^https?://\S+/signup\?token=\S+$", out, re.MULTILINE)
    assert len(links) == 1, out
    return str(links[0])


def through_the_editor_entry(link: str, editor: EditorEntry) -> str:
    """The link on the editor's TLS address (the e2e n8n's own base URL is its loopback port;
    compose sets N8N_EDITOR_BASE_URL to the public editor address, so the link is right as is)."""
    parts = urlsplit(link)
    return f"{editor.base_url}{parts.path}?{parts.query}"


def sign_in(page: Any, editor: EditorEntry, email: str, password: str) -> None:
    page.goto(editor.base_url + "/signin", wait_until="networkidle")
    page.fill("input[name=emailOrLdapLoginId]", email)
    page.fill("input[name=password]", password)
    page.click("[data-test-id=form-submit-button]")
    page.wait_for_url("**/home/**", timeout=30_000)


def rest(page: Any, path: str) -> Any:
    """GET ``/rest{path}`` from inside the signed-in page (n8n ties its session cookie to the
    ``browser-id`` header the editor sends, so the browser's own fetch is the honest client)."""
    script = """async (path) => {
        const headers = {"browser-id": localStorage.getItem("n8n-browserId") ?? ""};
        const response = await fetch("/rest" + path, {headers, credentials: "include"});
        return {status: response.status, body: await response.json()};
    }"""
    answer = page.evaluate(script, path)
    assert answer["status"] == 200, answer
    return answer["body"]["data"]


def current_user(page: Any) -> dict[str, Any]:
    user: dict[str, Any] = rest(page, "/login")
    return user


def test_editor_entry_serves_n8n_over_tls_and_no_webhook(
    stack: Stack, editor: EditorEntry, trust: ssl.SSLContext
) -> None:
    signin = httpx.get(editor.base_url + "/signin", verify=trust, timeout=30)
    webhook = httpx.get(editor.base_url + "/webhook/whatsapp", verify=trust, timeout=30)

    assert (signin.status_code, "text/html" in signin.headers["content-type"]) == (200, True)
    assert (webhook.status_code, webhook.headers["content-type"]) == (
        404, "application/problem+json")  # fmt: skip


def test_a_staff_member_invited_by_the_owner_signs_up_and_signs_in(
    stack: Stack,
    editor: EditorEntry,
    context: Any,
    browser: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    email = f"ana.{time.time_ns()}@bmc.test"
    link = invite_with_the_command(stack, editor, email, tmp_path, capsys)
    assert urlsplit(link).path == "/signup"

    page = context.new_page()
    page.goto(through_the_editor_entry(link, editor), wait_until="networkidle")
    page.fill("input[name=firstName]", "Ana")
    page.fill("input[name=lastName]", "Pereira")
    page.fill("input[name=password]", STAFF_PASSWORD)
    shot(page, "signup")
    page.click("[data-test-id=form-submit-button]")
    page.wait_for_url("**/home/**", timeout=30_000)
    user = current_user(page)
    assert (user["email"], user["role"]) == (email, "global:member")

    later = browser.new_context(viewport=VIEWPORT, locale="es-UY", ignore_https_errors=True)
    try:
        again = later.new_page()
        sign_in(again, editor, email, STAFF_PASSWORD)
        user = current_user(again)
        assert (user["email"], user["firstName"], user["isPending"]) == (email, "Ana", False)
        assert again.url.startswith(editor.base_url + "/home/")
        again.wait_for_load_state("networkidle")
        again.wait_for_selector("#sidebar, [data-test-id=main-sidebar]", timeout=30_000)
        shot(again, "staff-home")
        # n8n without a licence: a member sees only their own project, none of the owner's flows
        # or tables (sharing and team projects are licensed; docs/workflows.md, "Editor access").
        assert rest(again, "/workflows") == []
        assert rest(again, "/data-tables-global")["count"] == 0
    finally:
        later.close()


def test_an_invitation_link_works_once(
    stack: Stack,
    editor: EditorEntry,
    trust: ssl.SSLContext,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    email = f"bruno.{time.time_ns()}@bmc.test"
    token = urlsplit(invite_with_the_command(stack, editor, email, tmp_path, capsys)).query
    body = {"token": token.removeprefix("token="), "firstName": "Bruno", "lastName": "Silva",
            "password": STAFF_PASSWORD}  # fmt: skip
    url = editor.base_url + "/rest/invitations/accept"

    first = httpx.post(url, json=body, verify=trust, timeout=30)
    second = httpx.post(url, json={**body, "password": "Otra-clave-123"}, verify=trust, timeout=30)

    assert first.status_code == 200, first.text
    assert (second.status_code, "accepted already" in second.text) == (400, True)


def edit_setting_in_the_editor(page: Any, editor: EditorEntry, key: str, value: str) -> None:
    """Open the data table from the editor's list and change ``key``'s ``valor`` cell."""
    page.goto(editor.base_url + "/home/datatables", wait_until="networkidle")
    card = page.locator("[data-test-id=data-table-card]").filter(has_text=TABLE)
    try:
        card.first.click(timeout=60_000)
    except Exception:
        shot(page, "datatables-failure")
        raise
    page.wait_for_selector("[data-test-id=data-table-grid] .ag-row", timeout=30_000)
    headers = page.locator("[data-test-id=data-table-column-header]")
    column = {headers.nth(i).inner_text().strip(): headers.nth(i) for i in range(headers.count())}
    key_col = column["clave"].locator("xpath=ancestor::*[@col-id][1]").get_attribute("col-id")
    value_col = column["valor"].locator("xpath=ancestor::*[@col-id][1]").get_attribute("col-id")
    key_cell = page.locator(f".ag-cell[col-id='{key_col}']").filter(
        has_text=re.compile(rf"^\s*{re.escape(key)}\s*$")
    )
    row = key_cell.locator("xpath=ancestor::*[@row-index][1]").get_attribute("row-index")
    cell = page.locator(f".ag-row[row-index='{row}'] .ag-cell[col-id='{value_col}']").first
    cell.dblclick()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(value)
    page.keyboard.press("Enter")


def test_opening_hours_changed_in_the_editor_answer_the_next_whatsapp_question(
    stack: Stack, ingress: Ingress, editor: EditorEntry, context: Any
) -> None:
    hours = f"Atendemos de lunes a viernes de 8 a 17 y sábados de 9 a 12 (cambio {time.time_ns()})."
    with stack.settings() as table:
        before = (table.values() or {})["horario_atencion"]
        page = context.new_page()
        try:
            sign_in(page, editor, *stack.editor_login)
            edit_setting_in_the_editor(page, editor, "horario_atencion", hours)
            changed = wait_until(lambda: (table.values() or {}).get("horario_atencion") == hours)
            shot(page, "configuracion-bmc")
            assert changed, (table.values() or {}).get("horario_atencion")

            phone = unique_phone()
            message = text_message(phone, "hola, ¿en qué horario atienden?")
            response = post_signed(ingress.webhook_url(), message, stack.secrets.app_secret)
            assert response.status_code == 200, response.text
            assert wait_until(lambda: bool(stack.graph.state.texts_to(phone)), timeout=45)
            assert hours in stack.graph.state.texts_to(phone)[-1]
        finally:
            table.set_value("horario_atencion", before)
