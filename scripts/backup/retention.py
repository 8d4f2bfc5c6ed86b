"""Backup retention: keep the newest N backups plus the newest backup of each of the last D days.

Backups are entries of one folder named ``<prefix>-YYYYmmddTHHMMSSZ[.ext]``; others are left alone.
Usage: python3 scripts/backup/retention.py DIR [--prefix P] [--keep-last 96] [--keep-daily 30]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
STAMP_PATTERN = re.compile(r"^(?P<prefix>.+)-(?P<stamp>\d{8}T\d{6}Z)(?:\..+)?$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime


def stamp(moment: datetime) -> str:
    """The UTC timestamp used in backup names."""
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)


def find_backups(folder: Path, prefix: str | None = None) -> list[Backup]:
    """Backups in ``folder`` (optionally only ``prefix``), newest first."""
    found = []
    for path in folder.iterdir() if folder.is_dir() else []:
        match = STAMP_PATTERN.match(path.name)
        if not match or (prefix is not None and match["prefix"] != prefix):
            continue
        taken_at = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
        found.append(Backup(path, taken_at))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def select_expired(
    backups: list[Backup], *, keep_last: int, keep_daily: int, now: datetime
) -> list[Backup]:
    """The backups the policy lets go (input newest first)."""
    keep = set(range(min(keep_last, len(backups))))
    days_seen: set[str] = set()
    oldest_day = (now - timedelta(days=keep_daily)).date()
    for index, backup in enumerate(backups):
        day = backup.taken_at.date()
        if day >= oldest_day and day.isoformat() not in days_seen:
            days_seen.add(day.isoformat())
            keep.add(index)
    return [backup for index, backup in enumerate(backups) if index not in keep]


def prune(
    folder: Path, *, prefix: str | None, keep_last: int, keep_daily: int, now: datetime
) -> list[Path]:
    """Delete expired backups in ``folder``; return what was deleted."""
    if keep_last < 1:
        raise ValueError("keep_last must be at least 1: the newest backup is never deleted")
    deleted = []
    for backup in select_expired(
        find_backups(folder, prefix), keep_last=keep_last, keep_daily=keep_daily, now=now
    ):
        if backup.path.is_dir():
            shutil.rmtree(backup.path)
        else:
            backup.path.unlink()
        deleted.append(backup.path)
    return deleted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--prefix", default=None)
    parser.add_argument("--keep-last", type=int, default=96, help="newest backups kept (96 = 24 h)")
    parser.add_argument("--keep-daily", type=int, default=30, help="days with one backup kept")
    args = parser.parse_args(argv)
    deleted = prune(
        args.folder,
        prefix=args.prefix,
        keep_last=args.keep_last,
        keep_daily=args.keep_daily,
        now=datetime.now(UTC),
    )
    for path in deleted:
        print(f"retention: deleted {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
