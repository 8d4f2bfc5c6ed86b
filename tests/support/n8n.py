"""A real n8n (the pinned install) running probe flows, for tests outside the e2e stack."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from workflows.credentials import CredentialSecrets
from workflows.install import N8nInstall, ensure_install, find_install
from workflows.runtime import N8nInstance
from workflows.stack import free_port


def n8n_install() -> N8nInstall:
    """The pinned n8n; without it the test skips, unless ``BMC_REQUIRE_N8N`` says it must run."""
    install = find_install()
    if install is not None:
        return install
    if not os.environ.get("BMC_REQUIRE_N8N"):
        pytest.skip("n8n is not installed (run scripts/install-n8n.sh, or set BMC_REQUIRE_N8N=1)")
    return ensure_install()


@contextmanager
def probe_n8n(
    root: Path,
    flows: Mapping[str, dict[str, Any]],
    env: Mapping[str, str],
    credentials: CredentialSecrets,
    *,
    copied: tuple[Path, ...] = (),
) -> Iterator[N8nInstance]:
    """n8n with only ``flows`` (file stem -> flow JSON) and ``copied`` flow files, all published;
    started once every probe flow's webhook path answers, stopped on exit."""
    flows_dir = root / "flows"
    flows_dir.mkdir(parents=True)
    for stem, flow in flows.items():
        (flows_dir / f"{stem}.json").write_text(json.dumps(flow), encoding="utf-8")
    for path in copied:
        shutil.copy(path, flows_dir / path.name)
    instance = N8nInstance(n8n_install(), root / "n8n", free_port(), free_port(), dict(env))
    instance.provision(credentials, flows_dir=flows_dir)
    webhooks = tuple(
        node["parameters"]["path"]
        for flow in flows.values()
        for node in flow["nodes"]
        if node["type"] == "n8n-nodes-base.webhook"
    )
    instance.start(webhooks=webhooks)
    try:
        yield instance
    finally:
        instance.stop()
