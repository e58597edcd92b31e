"""A throwaway PostgreSQL server for the schema pattern's demo and tests: the server binaries
the system has (Debian's ``postgresql`` package puts them under
``/usr/lib/postgresql/<major>/bin``), a data directory under the system's temporary folder,
trust authentication on 127.0.0.1 and a private socket folder, and durability turned off
(nothing here must survive the process).

PostgreSQL refuses to run as root; as root the server runs as the ``postgres`` user
(``runuser``), which owns the data directory."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: where Debian and Ubuntu install the server binaries, one folder per major version
_DEBIAN_BINARIES = Path("/usr/lib/postgresql")
_OWNER = "postgres"  #: the user the server runs as when refcoord runs as root


class PostgresUnavailable(Exception):
    """No server could be started here; the message says why and what would fix it."""


@dataclass(frozen=True, slots=True)
class Server:
    """A running throwaway server."""

    data: Path  #: its data directory (removed when it stops)
    port: int
    binaries: Path
    log: Path

    def url(self, database: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        """A SQLAlchemy URL for ``database`` on this server (user ``postgres``, no password)."""
        return f"{driver}://postgres@127.0.0.1:{self.port}/{database}"


def server_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: the newest Debian-style install, else the
    one ``pg_config --bindir`` names, else the folder of an ``initdb`` on PATH; None when
    there is none."""
    installed = sorted(
        _DEBIAN_BINARIES.glob("*/bin/initdb"), key=lambda p: _major(p.parents[1].name)
    )
    if installed:
        return installed[-1].parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found and (Path(found) / "initdb").is_file():
            return Path(found)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _major(name: str) -> int:
    return int(name) if name.isdigit() else -1


def start_server() -> Server:
    """Start a throwaway server on a free port; PostgresUnavailable says why not."""
    binaries = server_binaries()
    if binaries is None:
        raise PostgresUnavailable(
            "no PostgreSQL server binaries found (initdb); install them, e.g. "
            "`apt-get install postgresql` on Debian or Ubuntu"
        )
    data = Path(tempfile.mkdtemp(prefix="refcoord-pg-"))
    as_owner = _as_owner(data)
    log = data.with_name(data.name + ".log")
    log.touch()
    if as_owner:
        shutil.chown(log, _OWNER, _OWNER)
    port = _free_port()
    options = (
        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    steps = [
        [str(binaries / "initdb"), "-D", str(data / "db"), "-U", "postgres", "--auth=trust",
         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
        [str(binaries / "pg_ctl"), "-D", str(data / "db"), "-l", str(log), "-w", "-t", "30",
         "-o", options, "start"],
    ]  # fmt: skip
    for argv in steps:
        ran = subprocess.run([*as_owner, *argv], capture_output=True, text=True, check=False)
        if ran.returncode != 0:
            shutil.rmtree(data, ignore_errors=True)
            detail = (ran.stderr or ran.stdout).strip().splitlines()
            raise PostgresUnavailable(
                f"{Path(argv[0]).name} failed (exit code {ran.returncode}): "
                f"{detail[-1] if detail else 'no output'}; server log: {log}"
            )
    return Server(data, port, binaries, log)


def _as_owner(data: Path) -> list[str]:
    """The command prefix that runs the server's programs as their owner: as root, ``runuser
    -u postgres --`` (and the data directory given to that user); else nothing."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise PostgresUnavailable(
            "running as root needs `runuser` (util-linux) to start PostgreSQL"
        )
    try:
        shutil.chown(data, _OWNER, _OWNER)
    except LookupError:
        raise PostgresUnavailable(
            f"running as root, PostgreSQL must run as the `{_OWNER}` user, which does not exist"
        ) from None
    return ["runuser", "-u", _OWNER, "--"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop_server(server: Server) -> None:
    """Stop the server (fast shutdown) and remove its data directory and log."""
    subprocess.run(
        [*_owner_prefix(), str(server.binaries / "pg_ctl"), "-D", str(server.data / "db"),
         "-m", "fast", "-w", "stop"],
        capture_output=True, check=False,
    )  # fmt: skip
    shutil.rmtree(server.data, ignore_errors=True)
    server.log.unlink(missing_ok=True)


def _owner_prefix() -> list[str]:
    return ["runuser", "-u", _OWNER, "--"] if os.geteuid() == 0 else []


@contextmanager
def running_server() -> Iterator[Server]:
    """A throwaway server for the ``with`` block."""
    server = start_server()
    try:
        yield server
    finally:
        stop_server(server)


def run_sql(server: Server, sql: str, database: str = "postgres") -> str:
    """Run ``sql`` with the server's ``psql`` (stopping at the first error); its output.
    PostgresUnavailable when it fails."""
    ran = subprocess.run(
        [str(server.binaries / "psql"), "-h", "127.0.0.1", "-p", str(server.port),
         "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if ran.returncode != 0:
        raise PostgresUnavailable(f"psql failed: {ran.stderr.strip() or ran.stdout.strip()}")
    return ran.stdout


def create_database(server: Server, name: str) -> str:
    """Create an empty database ``name`` (from ``template0``); its SQLAlchemy URL."""
    run_sql(server, f'CREATE DATABASE "{name}" TEMPLATE template0')
    return server.url(name)


def drop_database(server: Server, name: str) -> None:
    """Drop ``name``, closing its connections first."""
    run_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
