"""What the reliability trials share: the real CLI in a subprocess, digests, project checks."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from caption_studio.core.project.file import Project, now_iso

ROOT = Path(__file__).resolve().parents[2]
# The CLI as an installed user runs it; `-m` keeps it independent of the venv's bin/.
CLI = [sys.executable, "-m", "caption_studio"]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def one_line_error(self) -> bool:
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        return (len(lines) == 1 and lines[0].startswith("caption-studio: error: ")
                and "Traceback" not in self.stderr)


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("COLUMNS", None)
    return env


def run_cli(*args: object, timeout: float = 60, cwd: Path | None = None,
            user: int | None = None) -> Run:
    """The real `caption-studio` in its own process, bounded in time (a hang fails the test)."""
    preexec = None
    if user is not None:
        def preexec() -> None:
            os.setgid(user)
            os.setuid(user)
    proc = subprocess.run([*CLI, *map(os.fsdecode, args)], capture_output=True, timeout=timeout,
                          env=cli_env(), cwd=cwd, preexec_fn=preexec)
    # surrogateescape: file names that are not UTF-8 come back as the same str as os.fsdecode
    return Run(proc.returncode, proc.stdout.decode("utf-8", "surrogateescape"),
               proc.stderr.decode("utf-8", "surrogateescape"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def project_with_rows(path: Path, photos: int = 5, meta_rows: int = 40) -> Path:
    """A real project file with some content (photo rows without images, metadata rows)."""
    with Project.create(path) as project, project.transaction() as conn:
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                         [(f"note{i}", "x" * 200) for i in range(meta_rows)])
        conn.executemany(
            "INSERT INTO photos (path, file_name, imported_at) VALUES (?, ?, ?)",
            [(f"photos/p{i:03}.jpg", f"p{i:03}.jpg", now_iso()) for i in range(photos)])
    return path


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)
