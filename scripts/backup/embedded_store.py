"""Backup and restore of the embedded stores (montydb and Qdrant local mode, SQLite files on disk).

  backup  --data-dir DIR --dest DIR [--keep-last N --keep-daily D]   -> DEST/embedded-<stamp>.tar.gz
  restore --archive FILE --data-dir DIR [--force]

Every SQLite file is copied with SQLite's online backup API, so a backup taken while the Python
nodes write is consistent per file; other files are copied as they are. The archive holds a
manifest with each file's SHA-256, checked before a restore touches anything. A restore moves the
current stores aside (``DATA_DIR/.pre-restore-<stamp>/``) instead of deleting them.
Stop the Python nodes first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from retention import prune, stamp

STORES = ("mongo", "qdrant")
PREFIX = "embedded"
SQLITE_HEADER = b"SQLite format 3\x00"


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (online backup API)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def snapshot(data_dir: Path, staging: Path) -> dict[str, dict[str, object]]:
    """Copy every store file under ``data_dir`` into ``staging``; return the manifest entries."""
    files: dict[str, dict[str, object]] = {}
    for store in STORES:
        root = data_dir / store
        if not root.is_dir():
            continue
        for source in sorted(p for p in root.rglob("*") if p.is_file()):
            if source.name.endswith(("-wal", "-shm", "-journal")):
                continue  # folded into the main file by the backup API
            relative = source.relative_to(data_dir).as_posix()
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if _is_sqlite(source):
                _copy_sqlite(source, target)
            else:
                shutil.copy2(source, target)
            files[relative] = {"sha256": _sha256(target), "bytes": target.stat().st_size}
    return files


def backup(data_dir: Path, dest: Path, *, now: datetime | None = None) -> Path:
    """Write ``dest/embedded-<stamp>.tar.gz`` from the stores in ``data_dir``; return its path."""
    moment = now or datetime.now(UTC)
    dest.mkdir(parents=True, exist_ok=True)
    archive = dest / f"{PREFIX}-{stamp(moment)}.tar.gz"
    with tempfile.TemporaryDirectory(dir=dest, prefix=".staging-") as tmp:
        staging = Path(tmp)
        files = snapshot(data_dir, staging)
        if not files:
            raise SystemExit(f"no embedded store found under {data_dir} (looked for {STORES})")
        manifest = {"format": 1, "taken_at": moment.isoformat(), "files": files}
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for entry in sorted(staging.iterdir()):
                tar.add(entry, arcname=entry.name)
        partial.rename(archive)
    return archive


def _verify(extracted: Path) -> dict[str, dict[str, object]]:
    manifest = json.loads((extracted / "manifest.json").read_text(encoding="utf-8"))
    files: dict[str, dict[str, object]] = manifest["files"]
    for relative, meta in files.items():
        path = extracted / relative
        if not path.is_file() or _sha256(path) != meta["sha256"]:
            raise SystemExit(f"backup is damaged: {relative} is missing or its checksum differs")
    return files


def restore(archive: Path, data_dir: Path, *, force: bool = False) -> list[str]:
    """Put the stores of ``archive`` in ``data_dir``; return the restored files."""
    data_dir.mkdir(parents=True, exist_ok=True)
    present = [store for store in STORES if (data_dir / store).exists()]
    if present and not force:
        raise SystemExit(f"{data_dir} already holds {present}: pass --force to move them aside")
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restore-") as tmp:
        extracted = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(extracted, filter="data")
        files = _verify(extracted)
        aside = data_dir / f".pre-restore-{stamp(datetime.now(UTC))}"
        for store in present:
            aside.mkdir(exist_ok=True)
            (data_dir / store).rename(aside / store)
        for store in STORES:
            if (extracted / store).is_dir():
                (extracted / store).rename(data_dir / store)
    return sorted(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Embedded store backup and restore.")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup")
    make.add_argument("--data-dir", type=Path, required=True)
    make.add_argument("--dest", type=Path, required=True)
    make.add_argument("--keep-last", type=int, default=96)
    make.add_argument("--keep-daily", type=int, default=30)
    back = commands.add_parser("restore")
    back.add_argument("--archive", type=Path, required=True)
    back.add_argument("--data-dir", type=Path, required=True)
    back.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "backup":
        archive = backup(args.data_dir, args.dest)
        print(f"backup: wrote {archive}")
        now = datetime.now(UTC)
        for path in prune(
            args.dest, prefix=PREFIX, keep_last=args.keep_last, keep_daily=args.keep_daily, now=now
        ):
            print(f"retention: deleted {path}")
    else:
        restored = restore(args.archive, args.data_dir, force=args.force)
        print(f"restore: {len(restored)} files from {args.archive} into {args.data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
