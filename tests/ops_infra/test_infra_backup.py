"""Backup and restore of the embedded stores (the drill these machines can run), and retention."""

from __future__ import annotations

import asyncio
import io
import shutil
import subprocess
import sys
import tarfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from py_nodes.core.config import Settings
from py_nodes.core.storage import open_store
from tests.ops_infra.infra_helpers import REPO

BACKUP_SCRIPTS = REPO / "scripts" / "backup"
sys.path.insert(0, str(BACKUP_SCRIPTS))
import retention  # noqa: E402

QUOTES = [
    {
        "_id": f"BMC-2026-{n:05d}",
        "total_usd": f"{n * 101}.50",
        "status": "sent",
        "phone": f"5989{n:07d}",
        "timestamp": 1_790_000_000.0 + n,
    }
    for n in range(1, 41)
]
CONVERSATIONS = [
    {
        "_id": f"c{n}",
        "phone": f"5989{n:07d}",
        "turns": [
            {"role": "user", "text": "Hola, precio de panel 100 mm"},
            {"role": "assistant", "text": "¡Hola! ¿Para techo o pared?"},
        ],
    }
    for n in range(1, 11)
]


def _settings(data_dir: Path) -> Settings:
    return Settings(env="test", data_dir=data_dir, log_level="WARNING")


def _write(data_dir: Path, collection: str, documents: list[dict[str, Any]]) -> None:
    store = open_store(_settings(data_dir))
    try:
        asyncio.run(store.run(lambda db: db[collection].insert_many(documents)))
    finally:
        store.close()


def _read(data_dir: Path, collection: str) -> list[dict[str, Any]]:
    store = open_store(_settings(data_dir))
    try:
        found: list[dict[str, Any]] = asyncio.run(
            store.run(lambda db: list(db[collection].find({}, sort=[("_id", 1)])))
        )
    finally:
        store.close()
    return found


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BACKUP_SCRIPTS / "embedded_store.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _backup(data_dir: Path, dest: Path) -> Path:
    result = _cli("backup", "--data-dir", str(data_dir), "--dest", str(dest))
    assert result.returncode == 0, result.stderr
    (archive,) = dest.glob("embedded-*.tar.gz")
    return archive


def test_embedded_drill_restores_the_same_quotes_and_conversations(tmp_path: Path) -> None:
    data_dir, dest = tmp_path / "data", tmp_path / "backups"
    _write(data_dir, "quotes", QUOTES)
    _write(data_dir, "conversations", CONVERSATIONS)
    archive = _backup(data_dir, dest)
    before = (_read(data_dir, "quotes"), _read(data_dir, "conversations"))

    for store in ("mongo", "qdrant"):
        shutil.rmtree(data_dir / store, ignore_errors=True)
    wiped = not (data_dir / "mongo").exists()
    result = _cli("restore", "--archive", str(archive), "--data-dir", str(data_dir))

    assert wiped
    assert result.returncode == 0, result.stderr
    assert (_read(data_dir, "quotes"), _read(data_dir, "conversations")) == before
    assert len(before[0]) == len(QUOTES)


def test_embedded_backup_while_the_store_is_written_is_consistent(tmp_path: Path) -> None:
    data_dir, dest = tmp_path / "data", tmp_path / "backups"
    _write(data_dir, "quotes", QUOTES[:1])
    stop = threading.Event()

    def writer() -> None:
        store = open_store(_settings(data_dir))
        n = 0
        while not stop.is_set():
            n += 1
            document = {"_id": f"live-{n}"}

            def insert(db: Any, doc: dict[str, str] = document) -> Any:
                return db["quotes"].insert_one(doc)

            asyncio.run(store.run(insert))
        store.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        archive = _backup(data_dir, dest)
    finally:
        stop.set()
        thread.join()
    restored_dir = tmp_path / "restored"
    result = _cli("restore", "--archive", str(archive), "--data-dir", str(restored_dir))
    restored = _read(restored_dir, "quotes")

    assert result.returncode == 0, result.stderr
    assert restored[0]["_id"] == QUOTES[0]["_id"]
    assert all(set(doc) >= {"_id"} for doc in restored)


def test_embedded_restore_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    data_dir, dest = tmp_path / "data", tmp_path / "backups"
    _write(data_dir, "quotes", QUOTES[:3])
    archive = _backup(data_dir, dest)

    refused = _cli("restore", "--archive", str(archive), "--data-dir", str(data_dir))
    forced = _cli("restore", "--archive", str(archive), "--data-dir", str(data_dir), "--force")

    assert refused.returncode != 0
    assert "--force" in refused.stderr
    assert forced.returncode == 0, forced.stderr
    assert list(data_dir.glob(".pre-restore-*/mongo"))


def test_embedded_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    data_dir, dest = tmp_path / "data", tmp_path / "backups"
    _write(data_dir, "quotes", QUOTES[:3])
    archive = _backup(data_dir, dest)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            handle = source.extractfile(member) if member.isfile() else None
            if handle is not None and member.name.endswith("quotes.collection"):
                content = bytearray(handle.read())
                content[-1] ^= 0xFF
                member.size = len(content)
                target.addfile(member, io.BytesIO(bytes(content)))
            else:
                target.addfile(member, handle)

    result = _cli("restore", "--archive", str(damaged), "--data-dir", str(tmp_path / "new"))

    assert result.returncode != 0
    assert "checksum" in result.stderr
    assert not (tmp_path / "new" / "mongo").exists()


def test_embedded_backup_applies_retention(tmp_path: Path) -> None:
    data_dir, dest = tmp_path / "data", tmp_path / "backups"
    _write(data_dir, "quotes", QUOTES[:1])
    dest.mkdir()
    old = datetime.now(UTC) - timedelta(days=90)
    for hours in range(3):
        (dest / f"embedded-{retention.stamp(old + timedelta(hours=hours))}.tar.gz").write_bytes(b"")

    result = _cli(
        "backup",
        "--data-dir",
        str(data_dir),
        "--dest",
        str(dest),
        "--keep-last",
        "2",
        "--keep-daily",
        "30",
    )

    assert result.returncode == 0, result.stderr
    assert len(list(dest.glob("embedded-*.tar.gz"))) == 2


NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _backups(*ages_hours: float) -> list[retention.Backup]:
    return [retention.Backup(Path(f"full-{h}"), NOW - timedelta(hours=h)) for h in ages_hours]


@pytest.mark.parametrize(
    ("ages", "keep_last", "keep_daily", "expired"),
    [
        pytest.param([0, 1, 2, 3], 2, 0, [2, 3], id="keeps-the-newest-n"),
        pytest.param([0, 0.25, 24, 24.5, 48], 1, 30, [0.25, 24.5], id="one-per-day"),
        pytest.param([0, 24 * 40, 24 * 41], 1, 30, [24 * 40, 24 * 41], id="older-than-days"),
        pytest.param([0], 1, 0, [], id="never-the-last"),
    ],
)
def test_retention_select_expired(
    ages: list[float], keep_last: int, keep_daily: int, expired: list[float]
) -> None:
    backups = _backups(*ages)

    chosen = retention.select_expired(backups, keep_last=keep_last, keep_daily=keep_daily, now=NOW)

    assert [b.path.name for b in chosen] == [f"full-{h}" for h in expired]


def test_retention_ignores_foreign_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "full-20200101T000000Z").mkdir()
    (tmp_path / "full-20200102T000000Z").mkdir()

    deleted = retention.prune(tmp_path, prefix="full", keep_last=1, keep_daily=0, now=NOW)

    assert [p.name for p in deleted] == ["full-20200101T000000Z"]
    assert (tmp_path / "notes.txt").exists()


@pytest.mark.parametrize("script", ["backup.sh", "restore.sh", "n8n.sh"])
def test_backup_shell_scripts_are_valid_bash(script: str) -> None:
    result = subprocess.run(
        ["bash", "-n", str(BACKUP_SCRIPTS / script)], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
