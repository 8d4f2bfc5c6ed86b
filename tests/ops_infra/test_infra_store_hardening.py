"""Redis and Qdrant run as non-root users with every capability dropped (issue 12, item 5)."""

from __future__ import annotations

import pytest

from tests.ops_infra.test_infra_compose import COMBINATIONS, services


@pytest.mark.parametrize("combination", sorted(COMBINATIONS))
@pytest.mark.parametrize("service", ["redis", "qdrant"])
def test_store_runs_unprivileged(combination: str, service: str) -> None:
    found = services(combination)[service]
    user = str(found.get("user", "")).split(":")[0]

    assert user not in ("", "0", "root")
    assert found.get("cap_drop") == ["ALL"]
    assert "no-new-privileges:true" in found.get("security_opt", [])
