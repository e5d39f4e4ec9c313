"""Numbered schema migrations. The project file's `PRAGMA user_version` is the number of the
last migration applied; the app refuses files with a higher number than it knows.

Rules: never edit a migration that has shipped; add a new one. Each runs in one transaction.
A migration is either an SQL script (str) or a function that uses only `conn.execute`
(`executescript` would commit the migration's transaction half way).

The steps live in modules by what they build (`tables`, `search_index`, `credits_view`);
this module numbers them, runs them (`apply_pending`) and says what a file made by them
contains (`reference_schema`, `KNOWN_VIEWS`, `KNOWN_TRIGGERS`).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

from caption_studio.core.project.migrations.credits_view import M3_CREDITS, M10_CREDIT_TERMS
from caption_studio.core.project.migrations.search_index import (
    M2_SEARCH,
    M7_SEARCH_DEFERRED,
    M8_PHOTO_SEARCH_DEFERRED,
    M9_SEARCH_NAMES,
    SEARCH_TRIGGERS,
)
from caption_studio.core.project.migrations.tables import (
    M1_INITIAL,
    M4_KEYWORDS,
    M5_IMPORT,
    M6_EMBEDS,
)

Migration = str | Callable[[sqlite3.Connection], None]

MIGRATIONS: dict[int, Migration] = {
    1: M1_INITIAL,
    2: M2_SEARCH,
    3: M3_CREDITS,
    4: M4_KEYWORDS,
    5: M5_IMPORT,
    6: M6_EMBEDS,
    7: M7_SEARCH_DEFERRED,
    8: M8_PHOTO_SEARCH_DEFERRED,
    9: M9_SEARCH_NAMES,
    10: M10_CREDIT_TERMS,
}

# The tables and views a project file may contain: anything else (and any trigger we did not
# create) marks a file as foreign or tampered with, and it is refused on open.
KNOWN_VIEWS: frozenset[str] = frozenset({"credits"})
KNOWN_TRIGGERS: frozenset[str] = frozenset() | SEARCH_TRIGGERS


def latest_version() -> int:
    return max(MIGRATIONS)


def apply_pending(conn: sqlite3.Connection, from_version: int) -> None:
    """All pending migrations in one transaction: a failure half way leaves the file exactly
    as it was, never at an in-between version."""
    pending = [(n, m) for n, m in sorted(MIGRATIONS.items()) if n > from_version]
    if not pending:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number, migration in pending:
            run_one(conn, migration)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def run_one(conn: sqlite3.Connection, migration: Migration) -> None:
    if not isinstance(migration, str):
        migration(conn)
        return
    # Statement by statement (executescript would commit the open transaction first).
    start = 0
    for end, char in enumerate(migration):
        if char == ";" and sqlite3.complete_statement(migration[start:end + 1]):
            conn.execute(migration[start:end + 1])
            start = end + 1
    if migration[start:].strip():
        conn.execute(migration[start:])


def reference_schema(version: int) -> dict[tuple[str, str], str | None]:
    """{(type, name): sql} of what our migrations create up to `version`."""
    steps = tuple((n, m) for n, m in sorted(MIGRATIONS.items()) if n <= version)
    return _reference_schema_for(steps)


@functools.lru_cache(maxsize=8)
def _reference_schema_for(steps: tuple[tuple[int, Migration], ...],
                          ) -> dict[tuple[str, str], str | None]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        for _, migration in steps:
            run_one(conn, migration)
        conn.execute("COMMIT")
        return {(kind, name): sql for kind, name, sql
                in conn.execute("SELECT type, name, sql FROM sqlite_master")}
    finally:
        conn.close()
