"""Timed restore drill for the parts that run on this machine: the embedded document store (with
a realistic volume of quotes, conversations and sessions) and n8n's flows and credentials.

Each part is timed end to end, as an operator would live it after losing the data: backup →
the data gone → restore → the service started and answering with the restored data. Prints a
table; the figures go to docs/disaster-recovery.md (RTO budget 30 minutes).

    .venv/bin/python -m bench.restore_drill                 # default volume
    .venv/bin/python -m bench.restore_drill --quotes 20000 --messages 200000 --skip-n8n
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.core.state import app_state
from py_nodes.main import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts" / "backup"))
import embedded_store

T = TypeVar("T")
API_KEY = "drill-key-0123456789abcdef0123456789abcdef"  # pragma: allowlist secret
HEADERS = {"X-API-Key": API_KEY}
EXAMPLE_A = {
    "scenario": "solo_techo",
    "roof": {"product": "ISODEC_EPS", "thickness_mm": 100, "structure": "metal",
             "zones": [{"length_m": "5", "width_m": "5.6"}]},
    "delivery": {"zone": "Maldonado"},
    "customer": {"phone": "59899000000", "name": "Drill"},
    "origin": "WA",
}  # fmt: skip


def settings_for(data_dir: Path) -> Settings:
    return Settings(env="test", data_dir=data_dir, log_level="WARNING", api_keys=API_KEY)


@contextmanager
def timed(figures: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    figures[name] = time.perf_counter() - started


def seed(data_dir: Path, quotes: int, messages: int) -> str:
    """``quotes`` stored quotes (one priced through the API, the rest copies of it), ``messages``
    conversation messages and one session per quote's phone; returns a quote number to check."""
    app = create_app(settings_for(data_dir), nodes=["quote", "ai", "ops"])
    with TestClient(app) as client:
        portal = client.portal
        assert portal is not None  # open while the client's context is
        response = client.post("/quotes", headers=HEADERS, json=EXAMPLE_A)
        response.raise_for_status()
        number: str = response.json()["number"]
        store = app_state(app).resources.store
        original = portal.call(store.run, lambda db: db.quotes.find_one({"number": number}))
        batch = 1000

        def copies(start: int) -> list[dict[str, Any]]:
            rows = []
            for index in range(start, min(start + batch, quotes)):
                row = {k: v for k, v in original.items() if k != "_id"}
                row.update(number=f"DRILL-{index:06d}", user_phone=f"5989{index:07d}")
                rows.append(row)
            return rows

        for start in range(1, quotes, batch):
            rows = copies(start)
            portal.call(store.run, lambda db, rows=rows: db.quotes.insert_many(rows))
        for start in range(0, messages, batch * 5):
            rows = [{"phone": f"5989{i % max(quotes, 1):07d}", "direction": ("in", "out")[i % 2],
                     "timestamp": 1_760_000_000 + i, "text": "isodec 100 para un techo de 5 x 4"}
                    for i in range(start, min(start + batch * 5, messages))]  # fmt: skip
            portal.call(store.run, lambda db, rows=rows: db.conversations.insert_many(rows))
    return number


def restored_app_answers(data_dir: Path, number: str) -> None:
    app = create_app(settings_for(data_dir), nodes=["quote", "ai", "ops"])
    with TestClient(app) as client:
        portal = client.portal
        assert portal is not None  # open while the client's context is
        assert client.get("/health/ready").status_code == 200
        store = app_state(app).resources.store
        found = portal.call(store.run, lambda db: db.quotes.find_one({"number": number}))
        assert found is not None, f"{number} is not in the restored store"


def embedded_drill(work: Path, quotes: int, messages: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    data, backups = work / "data", work / "backups"
    with timed(figures, "seed (not part of the RTO)"):
        number = seed(data, quotes, messages)
    figures["store size MB"] = sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 1e6
    with timed(figures, "backup"):
        archive = embedded_store.backup(data, backups)
    shutil.rmtree(data)  # the loss
    with timed(figures, "restore"):
        embedded_store.restore(archive, data)
    with timed(figures, "start and answer from the restored data"):
        restored_app_answers(data, number)
    figures["RTO (restore + start)"] = (
        figures["restore"] + figures["start and answer from the restored data"]
    )
    return figures


def n8n_drill(work: Path) -> dict[str, float]:
    import socket
    import subprocess

    from workflows.credentials import CredentialSecrets
    from workflows.install import find_install
    from workflows.runtime import N8nInstance

    install = find_install()
    if install is None:
        raise SystemExit("n8n is not installed: scripts/install-n8n.sh, or pass --skip-n8n")

    def free_port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])

    figures: dict[str, float] = {}
    instance = N8nInstance(install, work / "n8n-home", free_port(), free_port())
    instance.provision(CredentialSecrets(api_key=API_KEY, graph_token="drill-graph-token"))
    script = Path(__file__).resolve().parents[1] / "scripts" / "backup" / "n8n.sh"
    env = instance.env() | {"N8N_CMD": f"{install.node} {install.n8n}"}

    def run(*args: str) -> None:
        subprocess.run(["bash", str(script), *args], env=env, check=True,
                       capture_output=True, timeout=600)  # fmt: skip

    with timed(figures, "backup"):
        run("backup", str(work / "n8n-backup"))
    key = instance._encryption_key()
    shutil.rmtree(instance.user_folder)  # the loss (the encryption key lives in the secrets)
    instance.user_folder.mkdir(parents=True)
    (instance.user_folder / "encryption.key").write_text(key)
    with timed(figures, "restore (import + publish)"):
        run("restore", str(work / "n8n-backup"))
    with timed(figures, "start until the webhook answers"):
        instance.start(timeout=180)
    instance.stop()
    figures["RTO (restore + start)"] = (
        figures["restore (import + publish)"] + figures["start until the webhook answers"]
    )
    return figures


def show(title: str, figures: dict[str, float]) -> None:
    print(f"\n{title}")
    for name, value in figures.items():
        unit = "" if name.endswith("MB") else " s"
        print(f"  {name:<42} {value:8.1f}{unit}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--skip-n8n", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bmc-drill-") as tmp:
        work = Path(tmp)
        show(f"embedded store: {args.quotes} quotes, {args.messages} messages",
             embedded_drill(work / "embedded", args.quotes, args.messages))  # fmt: skip
        if not args.skip_n8n:
            show("n8n flows and credentials (CLI export)", n8n_drill(work / "n8n"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
