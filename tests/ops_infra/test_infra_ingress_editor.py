"""The editor's TLS entry of the ingress (real HAProxy, the repository's config) in front of a
stand-in n8n main process, and how compose publishes it.

The webhook entry and the editor entry are separate frontends on separate ports: the editor entry
serves n8n's editor paths only (never production webhooks or forms), the webhook entry serves
Meta's webhook only (tests/ops_infra/test_infra_ingress.py). The real n8n behind it, signed in
through a browser, is tests/e2e/test_editor_access.py.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from tests.ops_infra.infra_helpers import require_tool
from tests.ops_infra.test_infra_compose import COMBINATIONS, ENV, compose, services
from tests.ops_infra.test_infra_ingress import FakeN8n, _handler
from workflows.ingress import EditorEntry, Ingress
from workflows.loopback import LoopbackServer
from workflows.stack import free_port
from workflows.tls import certificate_of, self_signed_pem

EDITOR_HOST = "editor.bmc.test"


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tool("openssl", "openssl")
    path = tmp_path_factory.mktemp("tls") / "n8n_editor_tls"
    path.write_text(self_signed_pem((EDITOR_HOST,)))
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def trust(cert: Path) -> ssl.SSLContext:
    """A client that trusts only the secret's certificate."""
    return ssl.create_default_context(cadata=certificate_of(cert.read_text()))


#: The editor's request budget in these tests (compose keeps the default, 1,000 per 10 s).
RATE_10S = 30


def _start(cert: Path, host: str, tmp: Path) -> tuple[Ingress, FakeN8n, LoopbackServer]:
    require_tool("haproxy", "haproxy")
    state = FakeN8n()
    server = LoopbackServer(_handler(state)).start()
    upstream = f"127.0.0.1:{server.port}"
    editor = EditorEntry(free_port(), upstream, cert, host, rate_10s=RATE_10S)
    proxy = Ingress(upstream, free_port(), free_port(), tmp / "haproxy.log", editor=editor)
    proxy.start()
    proxy.wait_upstream(backend="n8n_editor")
    return proxy, state, server


@pytest.fixture(scope="module")
def entry(
    cert: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Ingress, FakeN8n]]:
    proxy, state, server = _start(cert, "", tmp_path_factory.mktemp("editor"))
    yield proxy, state
    proxy.stop()
    server.stop()


@pytest.fixture(scope="module")
def named_entry(
    cert: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Ingress, FakeN8n]]:
    proxy, state, server = _start(cert, EDITOR_HOST, tmp_path_factory.mktemp("named"))
    yield proxy, state
    proxy.stop()
    server.stop()


def editor_url(ingress: Ingress, path: str) -> str:
    assert ingress.editor is not None
    return ingress.editor.base_url + path


def test_editor_is_served_over_tls_with_the_secrets_certificate(
    entry: tuple[Ingress, FakeN8n], trust: ssl.SSLContext
) -> None:
    ingress, n8n = entry
    n8n.seen.clear()

    response = httpx.get(editor_url(ingress, "/signin"), verify=trust, timeout=10)

    assert response.status_code == 200
    method, path, _, headers = n8n.seen[-1]
    assert (method, path) == ("GET", "/signin")
    assert (headers["x-forwarded-proto"], headers["x-forwarded-for"]) == ("https", "127.0.0.1")


def test_editor_refuses_a_client_that_does_not_trust_the_certificate(
    entry: tuple[Ingress, FakeN8n],
) -> None:
    ingress, _ = entry

    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(editor_url(ingress, "/signin"), timeout=10)


def test_editor_entry_speaks_tls_only(entry: tuple[Ingress, FakeN8n]) -> None:
    ingress, n8n = entry
    assert ingress.editor is not None
    n8n.seen.clear()

    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{ingress.editor.port}/signin", timeout=10)
    assert n8n.seen == []


@pytest.mark.parametrize(
    "path", ["/webhook/whatsapp", "/webhook/followup/run", "/webhook-waiting/1", "/form/abc"]
)
def test_editor_entry_never_serves_production_webhooks_or_forms(
    entry: tuple[Ingress, FakeN8n], trust: ssl.SSLContext, path: str
) -> None:
    ingress, n8n = entry
    n8n.seen.clear()

    response = httpx.post(editor_url(ingress, path), content=b"{}", verify=trust, timeout=10)

    assert (response.status_code, response.headers["content-type"], n8n.seen) == (
        404, "application/problem+json", [])  # fmt: skip


@pytest.mark.parametrize("path", ["/signin", "/rest/login", "/home/workflows", "/signup"])
def test_webhook_entry_never_serves_the_editor(entry: tuple[Ingress, FakeN8n], path: str) -> None:
    ingress, n8n = entry
    n8n.seen.clear()

    response = httpx.get(ingress.base_url + path, timeout=10)

    assert (response.status_code, n8n.seen) == (404, [])


def test_editor_passes_forged_forwarding_headers_never(
    entry: tuple[Ingress, FakeN8n], trust: ssl.SSLContext
) -> None:
    ingress, n8n = entry
    forged = {"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.9", "Forwarded": "x"}

    httpx.get(editor_url(ingress, "/rest/settings"), headers=forged, verify=trust, timeout=10)

    headers = n8n.seen[-1][3]
    assert (headers["x-forwarded-proto"], headers["x-forwarded-for"]) == ("https", "127.0.0.1")
    assert "forwarded" not in headers


def test_named_editor_answers_only_to_its_host(
    named_entry: tuple[Ingress, FakeN8n], trust: ssl.SSLContext
) -> None:
    ingress, n8n = named_entry
    n8n.seen.clear()
    url = editor_url(ingress, "/signin")

    other = httpx.get(url, headers={"Host": "bot.bmc.test"}, verify=trust, timeout=10)
    own = httpx.get(url, headers={"Host": f"{EDITOR_HOST}:443"}, verify=trust, timeout=10)

    assert (other.status_code, other.headers["content-type"]) == (421, "application/problem+json")
    assert own.status_code == 200
    assert own.headers["strict-transport-security"] == "max-age=31536000"
    assert [seen[3]["host"] for seen in n8n.seen] == [f"{EDITOR_HOST}:443"]


def test_editor_on_localhost_sends_no_hsts(
    entry: tuple[Ingress, FakeN8n], trust: ssl.SSLContext
) -> None:
    ingress, _ = entry

    response = httpx.get(editor_url(ingress, "/signin"), verify=trust, timeout=10)

    assert "strict-transport-security" not in response.headers


def test_without_an_editor_entry_the_ingress_has_no_editor_backend(tmp_path: Path) -> None:
    require_tool("haproxy", "haproxy")
    proxy = Ingress(f"127.0.0.1:{free_port()}", free_port(), free_port(), tmp_path / "h.log")
    proxy.start()
    try:
        metrics = httpx.get(proxy.metrics_url, timeout=10).text
    finally:
        proxy.stop()

    assert 'proxy="n8n_webhook"' in metrics
    assert 'proxy="n8n_editor"' not in metrics


@pytest.mark.parametrize("combination", ["dev", "staging", "prod", "prod+monitoring"])
def test_compose_editor_entry_fronts_n8n_main_with_the_certificate_secret(
    combination: str,
) -> None:
    ingress = services(combination)["ingress"]
    env = ingress["environment"]

    assert env["BMC_N8N_EDITOR_UPSTREAM"] == "n8n:5678"
    assert env["BMC_EDITOR_CERT"] == "/run/secrets/n8n_editor_tls"
    assert "n8n_editor_tls" in {secret["source"] for secret in ingress["secrets"]}
    assert env["BMC_INGRESS_USER"] == "haproxy"
    assert ingress["cap_drop"] == ["ALL"]


@pytest.mark.parametrize("combination", ["dev", "staging", "prod"])
def test_compose_publishes_the_editor_on_loopback_by_default(combination: str) -> None:
    # docker-compose v1 renders a published port as "address:published:target/tcp"
    ports = [str(port) for port in services(combination)["ingress"]["ports"]]

    assert "127.0.0.1:8443:8443/tcp" in ports


def test_compose_prod_editor_address_and_invitation_links_follow_the_settings() -> None:
    env = {**ENV, "N8N_EDITOR_BIND": "10.8.0.1", "N8N_EDITOR_HOST": "editor.bmc.uy",
           "N8N_EDITOR_URL": "https://editor.bmc.uy/"}  # fmt: skip

    result = compose(COMBINATIONS["prod"], env=env)
    assert result.returncode == 0, result.stderr
    rendered = yaml.safe_load(result.stdout)["services"]

    ports = [str(port) for port in rendered["ingress"]["ports"]]
    assert "10.8.0.1:8443:8443/tcp" in ports
    assert rendered["ingress"]["environment"]["BMC_EDITOR_HOST"] == "editor.bmc.uy"
    assert rendered["n8n"]["environment"]["N8N_EDITOR_BASE_URL"] == "https://editor.bmc.uy/"


def test_a_cold_page_load_of_static_files_is_never_rate_limited(
    tmp_path: Path, cert: Path, trust: ssl.SSLContext
) -> None:
    """n8n's editor fetches several hundred files on a cold load; once the budget counted them and
    answered 429 to the editor's own scripts."""
    proxy, _, server = _start(cert, "", tmp_path)
    try:
        with httpx.Client(verify=trust, timeout=10) as client:
            statuses = {client.get(editor_url(proxy, f"/assets/chunk-{i}.js")).status_code
                        for i in range(RATE_10S * 3)}  # fmt: skip
            page = client.get(editor_url(proxy, "/home/workflows"))
    finally:
        proxy.stop()
        server.stop()

    assert (statuses, page.status_code) == ({200}, 200)


def test_a_flood_of_page_or_api_requests_gets_429(
    tmp_path: Path, cert: Path, trust: ssl.SSLContext
) -> None:
    proxy, _, server = _start(cert, "", tmp_path)
    try:
        with httpx.Client(verify=trust, timeout=10) as client:
            statuses = [client.get(editor_url(proxy, "/rest/settings")).status_code
                        for _ in range(RATE_10S * 2)]  # fmt: skip
    finally:
        proxy.stop()
        server.stop()

    assert statuses[:RATE_10S] == [200] * RATE_10S
    assert set(statuses[RATE_10S + 1 :]) == {429}
    assert statuses[-1] == 429
