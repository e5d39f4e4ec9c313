"""A throw-away PostgreSQL cluster for the archive tests and benchmark.

initdb + pg_ctl in a temporary folder, on a free local port, its unix socket in that folder.
initdb refuses to run as root (CI runs as root), so as root the cluster belongs to the
unprivileged `postgres` user that Debian's package creates, and runs through `runuser`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "archive_admin"


def bindir() -> Path:
    """Where initdb and pg_ctl are: `pg_config --bindir`, else the newest Debian server."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                            key=lambda p: int(Path(p).parent.name), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                               check=True).stdout.strip()
        if (Path(found) / "initdb").exists():
            return Path(found)
    raise RuntimeError("PostgreSQL's server is not installed: run scripts/ensure-system-deps.sh")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int

    def url(self, database: str = "archive", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{database}?host={self.folder}&port={self.port}"


def _as_owner() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@contextlib.contextmanager
def running_cluster(settings: dict[str, str] | None = None) -> Iterator[Cluster]:
    """Start a cluster with one database `archive` (UTF-8, C.UTF-8 so pg_trgm sees CJK
    characters as word characters); stop and delete it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="capstudio-pg-"))
    prefix = _as_owner()
    if prefix:  # /tmp/capstudio-pg-* must belong to the user that runs the server
        entry = pwd.getpwnam("postgres")
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    data = folder / "data"
    binaries = bindir()
    port = free_port()
    options = {"port": str(port), "listen_addresses": "127.0.0.1",
               "unix_socket_directories": str(folder), "fsync": "off",
               "synchronous_commit": "off", "full_page_writes": "off", **(settings or {})}
    started = False
    try:
        subprocess.run([*prefix, str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER,
                        "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
                       check=True, capture_output=True)
        with open(data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{key} = '{value}'\n" for key, value in options.items())
        subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-l",
                        str(folder / "server.log"), "-w", "-t", "60", "start"],
                       check=True, capture_output=True)
        started = True
        subprocess.run([*prefix, str(binaries / "createdb"), "-h", str(folder), "-p", str(port),
                        "-U", SUPERUSER, "archive"], check=True, capture_output=True)
        yield Cluster(folder, port)
    except subprocess.CalledProcessError as exc:
        log = folder / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"{exc.cmd[len(prefix)]} failed: {exc.stderr!r} {detail}") from exc
    finally:
        if started:
            subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate",
                            "-w", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
