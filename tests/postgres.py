"""A throwaway PostgreSQL cluster from Debian's packages, for the store tests and benchmark.

`postgres_cluster()` runs initdb on a temporary folder and starts the server on a free port
(as the `postgres` user when running as root: initdb refuses root), and stops it afterwards.
Without PostgreSQL installed, tests skip — or fail when REGIONDASH_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from regiondash import settings


def postgres_bin() -> Path | None:
    """Folder of initdb/pg_ctl (Debian puts them under /usr/lib/postgresql/<version>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def postgres_or_skip() -> Path:
    folder = postgres_bin()
    if folder is None:
        message = "PostgreSQL is not installed (apt-get install postgresql)"
        if settings.get("require_postgres") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def postgres_cluster(bin_dir: Path) -> Iterator[str]:
    """A running server; yields the URL of its `postgres` database (user postgres, no password)."""
    folder = Path(tempfile.mkdtemp(prefix="regiondash-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(
        _as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        **run,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on"
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log")]
    subprocess.run(_as_owner([*pg_ctl, "-o", options, "-w", "-t", "60", "start"]), **run)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def create_database(server_url: str, name: str, template: str | None = None) -> str:
    """A new database on the server (a copy of `template` when given); returns its URL."""
    import sqlalchemy as sa

    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        copy = f" TEMPLATE {template}" if template else ""
        connection.exec_driver_sql(f"CREATE DATABASE {name}{copy}")
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"
