"""A connection to a project file with the defensive settings every one of ours gets, and
the one-line messages a person sees when SQLite refuses a write.

The file may come from anyone: `trusted_schema = OFF` keeps its views and triggers from
calling functions that are not innocuous, `cell_size_check` catches damaged pages early,
and the limits keep a forged value or an ATTACH from costing memory or reaching other files.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from caption_studio.core.errors import ProjectError, ProjectLockedError

BUSY_TIMEOUT_MS = 5000


def connect(path: Path, *, readonly: bool, _recovered: bool = False,
             ) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path} cannot be opened: {one_line(exc)}") from exc
    try:
        # Defensive settings for a file that may come from anyone.
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA cell_size_check = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: durable up to a checkpoint
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        if readonly:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        # A writer that died mid-transaction leaves a hot journal (or a WAL to recover) that
        # only a read-write connection may roll back: readers (info, exports) must not be
        # locked out until someone opens the project for writing.
        if readonly and "readonly" in str(exc) and not _recovered and _recover(path):
            return connect(path, readonly=True, _recovered=True)
        raise ProjectError(f"{path} is damaged: {one_line(exc)}") from exc
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # a damaged name in the message
        conn.close()
        raise ProjectError(f"{path} is damaged: {one_line(exc)}") from exc
    return conn


def _recover(path: Path) -> bool:
    """Let SQLite roll back what a crashed writer left (under its own locks)."""
    if not (os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)):
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


def one_line(exc: BaseException) -> str:
    # SQLite quotes damaged schema text in its messages: keep a person's error to one line.
    text = " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:157] + "..."


def write_error(path: Path, exc: sqlite3.OperationalError) -> ProjectError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return ProjectLockedError(
            f"{path.name} is busy: another program is writing to it; try again in a moment")
    if "readonly" in text or "read-only" in text:
        return ProjectError(f"{path.name} cannot be written (read-only file or folder)")
    if "full" in text:
        return ProjectError(f"{path.name} cannot be written: the disk is full; nothing was lost")
    return ProjectError(f"{path.name} cannot be written: {text}")
