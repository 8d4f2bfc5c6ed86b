"""One static-gates script for the local test command and the pipeline (issue 12, item 6)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from tests.ops_infra.infra_helpers import REPO

CHECK = REPO / "scripts" / "check"


@pytest.mark.parametrize(
    "gate",
    [
        "-m ruff check .",
        "-m ruff format --check .",
        "-m mypy py_nodes workflows bench tests",
        "-m bandit -q -c pyproject.toml -r py_nodes",
        "scripts/scan-secrets.py",
        "-m workflows lint",
        "-m workflows normalise --check",
    ],
)
def test_check_script_runs_every_gate(gate: str) -> None:
    assert f'"$PY" {gate}' in CHECK.read_text(encoding="utf-8")


def test_local_test_command_and_pipeline_both_call_the_check_script() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "ci-cd.yml").read_text())
    pipeline = "\n".join(step.get("run", "") for step in workflow["jobs"]["checks"]["steps"])

    assert "scripts/check" in (REPO / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "scripts/check" in pipeline
    assert "bandit" not in pipeline  # only through scripts/check, with its reviewed exclusions


def test_bandit_passes_with_the_reviewed_exclusions() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-c", "pyproject.toml", "-r", "py_nodes"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
