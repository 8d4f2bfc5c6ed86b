"""A bounded flood through the real ingress (HAProxy) and a real n8n (issue 12, item 4).

One source posts forged deliveries (bad signatures) at FORGED_PER_S for FLOOD_S seconds while
Meta (another loopback source) posts real signed deliveries: every real one is acknowledged with
200 and answered on WhatsApp, no forged one is, and the forger meets the ingress's per-source
budget. The Python nodes run with their rate limits on, as in production.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator

import httpx
import pytest

from bench.load.system import LoadStack, StackOptions
from tests.e2e.whatsapp import sign, text_message
from workflows.ingress import Ingress
from workflows.install import find_install
from workflows.stack import free_port

FORGED_PER_S = 30
FLOOD_S = 8.0
REAL_EVERY_S = 0.5
INGRESS_RATE_10S = 60
FORGER_PHONE = "59899000000"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LoadStack, Ingress]]:
    """The load stack (Python nodes with rate limits, real n8n, the repository's flows) behind
    the real ingress with a per-source budget of INGRESS_RATE_10S."""
    if find_install() is None and not os.environ.get("BMC_REQUIRE_N8N"):
        pytest.skip("n8n is not installed (run scripts/install-n8n.sh, or set BMC_REQUIRE_N8N=1)")
    with LoadStack(StackOptions(rate_limits=True, ingress=False)) as running:
        assert running.n8n is not None
        log = tmp_path_factory.mktemp("flood") / "haproxy.log"
        ingress = Ingress(f"127.0.0.1:{running.n8n.port}", free_port(), free_port(), log,
                          rate_10s=INGRESS_RATE_10S).start()  # fmt: skip
        try:
            ingress.wait_upstream()
            yield running, ingress
        finally:
            ingress.stop()


def post(client: httpx.Client, url: str, payload: dict[str, object], secret: str) -> int:
    raw = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(secret, raw)}
    try:
        return client.post(url, content=raw, headers=headers, timeout=40).status_code
    except httpx.HTTPError:
        return 0


async def forge(url: str, forged: Counter[int]) -> None:
    """FORGED_PER_S posts a second for FLOOD_S, each sent without waiting for the last."""
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    limits = httpx.Limits(max_connections=400)
    async with httpx.AsyncClient(transport=transport, limits=limits, timeout=40) as forger:

        async def one() -> None:
            raw = json.dumps(text_message(FORGER_PHONE, "forged")).encode()
            headers = {"Content-Type": "application/json",
                       "X-Hub-Signature-256": sign("not-the-app-secret", raw)}  # fmt: skip
            try:
                forged[(await forger.post(url, content=raw, headers=headers)).status_code] += 1
            except httpx.HTTPError:
                forged[0] += 1

        tasks = []
        for _ in range(int(FORGED_PER_S * FLOOD_S)):
            tasks.append(asyncio.create_task(one()))
            await asyncio.sleep(1 / FORGED_PER_S)
        await asyncio.gather(*tasks)


def test_real_deliveries_are_answered_during_a_forged_flood(
    stack: tuple[LoadStack, Ingress], record_property: Callable[[str, object], None]
) -> None:
    system, ingress = stack
    url = ingress.webhook_url()
    forged: Counter[int] = Counter()
    flooder = threading.Thread(target=lambda: asyncio.run(forge(url, forged)))
    flooder.start()
    real: dict[str, int] = {}
    with httpx.Client() as meta:
        started = time.monotonic()
        number = 0
        while time.monotonic() - started < FLOOD_S:
            phone = f"5989810{number:04d}"
            real[phone] = post(meta, url, text_message(phone, "Hola"), system.secrets.app_secret)
            number += 1
            time.sleep(REAL_EVERY_S)
    flooder.join(timeout=120)

    record_property("forged_statuses", dict(forged))
    record_property("real_statuses", dict(Counter(real.values())))
    answered = system.graph.state.wait_for(
        lambda state: all(state.texts_to(phone) for phone in real), timeout=90
    )
    assert set(real.values()) == {200}, real
    assert answered, [phone for phone in real if not system.graph.state.texts_to(phone)]
    assert forged[200] == 0, forged
    assert forged[429] > 0, forged  # the per-source budget stopped the forger at the ingress
    assert not system.graph.state.texts_to(FORGER_PHONE)
