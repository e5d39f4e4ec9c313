"""What a project file must pass before we write a byte to it, and the single-writer lock.

A project file from someone else is untrusted input. Before SQLite writes a single byte we
check the header (SQLite magic, our application id, a format version we understand, a size
that matches the header), then refuse views and triggers we did not create, and any object
with one of our names whose SQL is not what our migrations wrote.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import struct
from pathlib import Path

from caption_studio.core.errors import ProjectError, ProjectLockedError, ProjectTooNewError
from caption_studio.core.project.connection import one_line
from caption_studio.core.project.migrations import (
    KNOWN_TRIGGERS,
    KNOWN_VIEWS,
    latest_version,
    reference_schema,
)

APPLICATION_ID = 0x43537464  # "CStd": marks a SQLite file as a Caption Studio project
_SQLITE_MAGIC = b"SQLite format 3\x00"


def read_header(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(100)


def _has_wal(path: Path) -> bool:
    try:
        return os.path.getsize(f"{path}-wal") > 0
    except OSError:
        return False


def inspect_file(path: Path) -> int:
    """Check, without SQLite touching the file, that it is a project we can open.
    Returns its format version."""
    if not path.exists():
        raise ProjectError(f"{path} does not exist")
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a Caption Studio project")
    try:
        size = path.stat().st_size
        header = read_header(path)
    except PermissionError:
        raise ProjectError(f"{path} cannot be read (permission denied)") from None
    except OSError as exc:
        raise ProjectError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if size == 0:
        raise ProjectError(f"{path} is empty, not a Caption Studio project")
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise ProjectError(f"{path} is not a Caption Studio project (not an SQLite database)")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    (user_version,) = struct.unpack(">I", header[60:64])
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != APPLICATION_ID:
        raise ProjectError(
            f"{path} is an SQLite database of another application, not a Caption Studio project")
    # A kill during a checkpoint leaves page 1 (with the new size) written before the pages
    # that extend the file: not damage while the WAL still holds them (SQLite finishes it)
    if valid_for == change_counter and page_count * page_size > size and not _has_wal(path):
        raise ProjectError(f"{path} is damaged (truncated: {size} of "
                           f"{page_count * page_size} bytes)")
    if user_version > latest_version():
        raise ProjectTooNewError(
            f"{path.name} was saved by a newer Caption Studio (format {user_version}; this "
            f"version reads up to {latest_version()}); update Caption Studio to open it")
    if user_version < 1:
        raise ProjectError(f"{path} is damaged (no format version)")
    return user_version


def check_writable(path: Path) -> None:
    # SQLite would open it anyway and fail at the first write with "attempt to write a
    # readonly database"; say what is wrong and what to do. (os.access also sees read-only
    # mounts, for root too.)
    folder = path.resolve().parent
    if not os.access(path, os.W_OK):
        raise ProjectError(f"{path.name} is read-only; open it read-only, or make the file "
                           "writable to edit it")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ProjectError(f"{path.name} cannot be edited where it is: its folder {folder} is "
                           "read-only; open it read-only, or copy it to a writable folder")


def acquire_write_lock(path: Path) -> int:
    # flock on the project file itself: no extra file to clean up, released by the kernel
    # when the process dies, and independent of SQLite's own fcntl locks.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as exc:
        raise ProjectError(f"{path} cannot be opened: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise ProjectLockedError(
            f"{path.name} is open in another Caption Studio window or command; "
            "close it there first (or open this one read-only)") from None
    return fd


def release_lock(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def check_schema(conn: sqlite3.Connection, path: Path) -> None:
    try:
        rows = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # names that are not UTF-8
        raise ProjectError(f"{path} is damaged: {one_line(exc)}") from exc
    if version > latest_version():
        raise ProjectTooNewError(
            f"{path.name} was saved by a newer Caption Studio (format {version}); "
            "update Caption Studio to open it")
    names = {name for kind, name in rows if kind == "table"}
    if not {"meta", "photos", "field_values"} <= names:
        raise ProjectError(f"{path} is not a Caption Studio project (tables missing)")
    for kind, name in rows:
        if (kind == "trigger" and name not in KNOWN_TRIGGERS) or (
                kind == "view" and name not in KNOWN_VIEWS):
            raise ProjectError(
                f"{path} contains a {kind} ({name}) that Caption Studio did not create; "
                "it is refused so that nothing in it runs")
    # A known name is not enough: a forged file could give one of our triggers another body
    # (one that deletes or copies data), or one of our tables a CHECK or conflict clause of its
    # own. Whatever has the name of something our migrations made must be exactly what they
    # wrote.
    expected = reference_schema(version)
    try:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise ProjectError(f"{path} is damaged: {one_line(exc)}") from exc
    for kind, name, sql in schema:
        if (kind, name) in expected and expected[kind, name] != sql:
            raise ProjectError(
                f"{path} contains a {kind} ({name}) that Caption Studio did not write; "
                "it is refused so that nothing in it runs")
