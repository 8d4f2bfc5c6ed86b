"""The CI/CD workflow runs every gate the issue names, in the right order."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
import yaml

from tests.ops_infra.infra_helpers import REPO

WORKFLOW = REPO / ".github" / "workflows" / "ci-cd.yml"


def _workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def _commands(job: str) -> str:
    return "\n".join(
        step.get("run", "") + str(step.get("uses", ""))
        for step in _workflow()["jobs"][job]["steps"]
    )


@pytest.mark.parametrize(
    ("job", "command"),
    [
        pytest.param("checks", "scripts/check", id="static-gates"),
        pytest.param("checks", "pip-audit", id="pip-audit"),
        pytest.param("checks", "actionlint", id="workflow-lint"),
        pytest.param("checks", "config -q", id="compose-config"),
        pytest.param("checks", "promtool test rules", id="rule-tests"),
        pytest.param("tests", "coverage report", id="coverage-report"),
        pytest.param("image", "docker/build-push-action", id="image-push"),
        pytest.param("deploy-staging", "deploy.sh staging", id="staging"),
        pytest.param("deploy-production", "deploy.sh prod", id="production"),
    ],
)
def test_ci_job_runs_the_gate(job: str, command: str) -> None:
    assert command in _commands(job)


def test_ci_tests_run_against_a_real_mongodb_service() -> None:
    tests = _workflow()["jobs"]["tests"]

    assert tests["services"]["mongodb"]["image"].startswith("mongo:")
    assert tests["env"]["BMC_REQUIRE_MONGODB"] == "1"


def test_ci_production_waits_for_staging_and_an_approved_environment() -> None:
    production = _workflow()["jobs"]["deploy-production"]

    assert "deploy-staging" in production["needs"]
    assert production["environment"]["name"] == "production"


def test_ci_coverage_gate_is_the_one_in_pyproject() -> None:
    """One gate, in pyproject: the pipeline and scripts/test.sh run `coverage report` without
    their own `--fail-under` (a filtered local run passes 0: it covers only its part)."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))

    assert pyproject["tool"]["coverage"]["report"]["fail_under"] == 90
    assert "--fail-under" not in _commands("tests")
