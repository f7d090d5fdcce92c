"""A throwaway PostgreSQL cluster for the test session.

initdb and pg_ctl refuse to run as root, and CI runs as root: then the server runs as the
unprivileged `postgres` user through runuser, on a folder that user owns. As a normal user
they run directly.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass


def _bindir() -> str:
    found = shutil.which("pg_ctl")
    if found:
        return os.path.dirname(os.path.realpath(found))
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not candidates:
        raise RuntimeError(
            "PostgreSQL server binaries not found: install the 'postgresql' package "
            "(make test does this when run as root)."
        )
    return os.path.dirname(candidates[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running cluster; `url(db)` gives a SQLAlchemy URL for one of its databases."""

    base: str
    port: int
    bindir: str
    as_root: bool

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(
                os.path.join(self.bindir, "pg_ctl"), "-D", f"{self.base}/data", "-m", "fast", "stop"
            )
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb + start on a free 127.0.0.1 port; about two seconds."""
    bindir = _bindir()
    as_root = os.geteuid() == 0
    base = tempfile.mkdtemp(prefix="pasar-ikm-pg-", dir="/tmp")
    os.chmod(base, 0o755)  # noqa: S103 (the postgres user must traverse it)
    if as_root:
        shutil.chown(base, "postgres", "postgres")
    cluster = Cluster(base=base, port=_free_port(), bindir=bindir, as_root=as_root)
    try:
        cluster._run(
            os.path.join(bindir, "initdb"),
            "-D",
            f"{base}/data",
            "-U",
            "postgres",
            "--auth=trust",
            "-N",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-p {cluster.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={base} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        cluster._run(
            os.path.join(bindir, "pg_ctl"),
            "-D",
            f"{base}/data",
            "-l",
            f"{base}/server.log",
            "-w",
            "-o",
            options,
            "start",
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {exc.stderr or exc.stdout}") from exc
    return cluster
