"""Private PostgreSQL and Redis servers for n8n's queue mode: free loopback ports, temp data dirs.

Debian's ``postgresql`` and ``redis-server``. PostgreSQL refuses to run as root, so under root
its processes run as the ``postgres`` system user (which owns the data directory).
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from workflows.processes import ManagedProcess


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bin_dir() -> Path | None:
    """``/usr/lib/postgresql/<newest>/bin`` (Debian keeps initdb and postgres off the PATH)."""
    root = Path("/usr/lib/postgresql")
    versions = sorted(
        (p for p in root.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return versions[-1] if versions else None


def redis_process(port: int, log_dir: Path) -> ManagedProcess:
    """A private, memory-only redis-server (a restart loses everything, the worst case)."""
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--protected-mode", "yes"]  # fmt: skip
    return ManagedProcess("redis", command, dict(os.environ), log_dir / "redis.log")


def wait_redis(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                                text=True, check=False)  # fmt: skip
        if result.stdout.strip() == "PONG":
            return
        time.sleep(0.1)
    raise TimeoutError(f"redis on {port} did not start")


@dataclass
class PrivatePostgres:
    """One PostgreSQL cluster in a temp dir with database ``database`` owned by ``user``.

    ``fsync=off``: the data is thrown away at the end, and fsync on a shared disk is what would
    make it slow; every other setting is the server's default.
    """

    user: str = "n8n"
    database: str = "n8n"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    port: int = field(default_factory=free_port)
    directory: Path | None = None
    process: ManagedProcess | None = None

    def _run_as(self) -> str | None:
        return "postgres" if os.geteuid() == 0 else None

    def start(self, timeout: float = 60) -> PrivatePostgres:
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (Debian package: postgresql)")
        # Not under pytest's tmp dirs: those are private to root, the postgres user cannot enter.
        self.directory = Path(tempfile.mkdtemp(prefix="bmc-postgres-"))
        data, pwfile = self.directory / "data", self.directory / "pwfile"
        pwfile.write_text(self.password)
        run_as = self._run_as()
        if run_as is not None:
            owner = pwd.getpwnam(run_as)
            for path in (self.directory, pwfile):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", self.user, f"--pwfile={pwfile}",
             "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
            user=run_as, capture_output=True, text=True, check=True, timeout=120,
        )  # fmt: skip
        pwfile.unlink()
        command = [str(bin_dir / "postgres"), "-D", str(data), "-p", str(self.port),
                   "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                   "-c", "fsync=off"]  # fmt: skip
        self.process = ManagedProcess(
            "postgres", command, dict(os.environ), self.directory / "postgres.log", user=run_as
        )
        self.process.start()
        self._wait_ready(bin_dir, timeout)
        subprocess.run(
            [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
             self.database],
            env={**os.environ, "PGPASSWORD": self.password}, capture_output=True, text=True,
            check=True, timeout=60,
        )  # fmt: skip
        return self

    def _wait_ready(self, bin_dir: Path, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"],
                check=False,
            )
            if ready.returncode == 0:
                return
            started = self.process.process if self.process is not None else None
            if started is not None and started.poll() is not None:
                raise RuntimeError(f"postgres exited; see {self.directory}/postgres.log")
            time.sleep(0.2)
        raise TimeoutError(f"postgres on {self.port} not ready after {timeout}s")

    def n8n_env(self) -> dict[str, str]:
        """n8n's database settings (the names compose/n8n.env sets in production)."""
        return {
            "DB_TYPE": "postgresdb",
            "DB_POSTGRESDB_HOST": "127.0.0.1",
            "DB_POSTGRESDB_PORT": str(self.port),
            "DB_POSTGRESDB_DATABASE": self.database,
            "DB_POSTGRESDB_USER": self.user,
            "DB_POSTGRESDB_PASSWORD": self.password,
        }

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop(timeout=30)
            self.process = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None
