#!/usr/bin/env python3
"""Fail when a file holds a credential that ``.secrets.baseline`` does not list as reviewed.

    .venv/bin/python scripts/scan-secrets.py             # every file git would commit
    .venv/bin/python scripts/scan-secrets.py PATH...     # only these files or directories
    .venv/bin/python scripts/scan-secrets.py --update-baseline   # then: detect-secrets audit

Uses detect-secrets with the plugins and filters recorded in the baseline; the baseline itself is
never modified by a scan. Exit 0: nothing new; 1: a credential outside the baseline (file, line and
detector are printed, never the value).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

from detect_secrets.core import baseline
from detect_secrets.core.secrets_collection import SecretsCollection
from detect_secrets.settings import default_settings

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".secrets.baseline"
SKIP = re.compile(
    r"(^|/)(\.secrets\.baseline|package-lock\.json|uv\.lock)$"
    r"|\.(png|jpe?g|gif|ico|pdf|ttf|otf|woff2?|xlsx|zip|gz|sqlite|db)$"
)
SKIP_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "var",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "build",
    "dist",
}


def repo_files() -> list[str]:
    """Tracked and untracked files git would commit (ignored ones, like secrets/*, excluded)."""
    try:
        listed = (
            subprocess.run(
                ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            .stdout.decode()
            .split("\0")
        )
    except (OSError, subprocess.CalledProcessError):
        return walk([ROOT])
    return [name for name in listed if name and (ROOT / name).is_file()]


def walk(paths: list[Path]) -> list[str]:
    found: list[str] = []
    for path in paths:
        if path.is_file():
            found.append(str(path))
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
            found.extend(str(Path(folder) / name) for name in files)
    return found


def scan(files: list[str]) -> SecretsCollection:
    collection = SecretsCollection()
    for name in files:
        if not SKIP.search(name):
            collection.scan_file(name)
    return collection


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument(
        "--update-baseline",
        action="store_true",
        help="record every current finding in the baseline (review it after)",
    )
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    files = walk(args.paths) if args.paths else repo_files()
    if args.update_baseline:
        with default_settings():
            found = scan(files)
            baseline.save_to_file(found, str(BASELINE))
        print(
            f"baseline written with {len(list(found))} finding(s): review with "
            f"`detect-secrets audit {BASELINE.name}`"
        )
        return 0
    reviewed = baseline.load(baseline.load_from_file(str(BASELINE)), str(BASELINE))
    new = scan(files) - reviewed
    findings = sorted((secret.filename, secret.line_number or 0, secret.type) for _, secret in new)
    for filename, line, kind in findings:
        print(f"{filename}:{line}: {kind}", file=sys.stderr)
    if findings:
        print(
            f"secrets scan: {len(findings)} unreviewed credential(s). Remove them (use a "
            "NAME_FILE secret) or, for a test value, mark the line `# pragma: allowlist "
            "secret` / update and audit the baseline.",
            file=sys.stderr,
        )
        return 1
    print(f"secrets scan: {len(files)} file(s), nothing outside the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
