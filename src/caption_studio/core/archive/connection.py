"""Connecting to the archive: one-line errors, no password in any message."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import psycopg
from psycopg import conninfo

from caption_studio.core.errors import CaptionStudioError

SCHEMA = "capstudio"  # every archive table lives in this PostgreSQL schema


class ArchiveError(CaptionStudioError):
    """The archive cannot be reached, is not an archive, or refused the work."""


class ArchiveTooNewError(ArchiveError):
    """The archive's schema was made by a newer Caption Studio."""


def describe(address: str) -> str:
    """The address for messages and logs: host, port, database and user, never a password."""
    try:
        parts = conninfo.conninfo_to_dict(address)
    except psycopg.ProgrammingError:
        return "the archive"
    shown = [f"{key}={parts[key]}" for key in ("service", "host", "port", "dbname", "user")
             if parts.get(key)]
    return " ".join(shown) or "the archive"


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@contextlib.contextmanager
def connect(address: str, purpose: str = "caption-studio") -> Iterator[psycopg.Connection]:
    """A connection with the archive schema first on the search path. `address` is any libpq
    connection string (postgresql://…, `service=newsroom`); passwords belong in ~/.pgpass or
    the service file, not in the address."""
    try:
        conninfo.conninfo_to_dict(address)
    except psycopg.ProgrammingError as exc:
        raise ArchiveError(f"not a PostgreSQL address: {one_line(exc)}") from None
    try:
        conn = psycopg.connect(address, application_name=purpose, connect_timeout=15)
    except psycopg.Error as exc:
        raise ArchiveError(f"cannot connect to {describe(address)}: {one_line(exc)}") from None
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT set_config('search_path', %s, false)", (f"{SCHEMA}, public",))
        conn.commit()
        yield conn
    except psycopg.errors.InsufficientPrivilege as exc:
        raise ArchiveError(f"{describe(address)} refused: {one_line(exc)}") from None
    except psycopg.OperationalError as exc:
        raise ArchiveError(f"lost the archive ({describe(address)}): {one_line(exc)}") from None
    finally:
        conn.close()
