"""Open, create and close the project file (`*.capstudio`, plain SQLite): the `Project` every
operation takes, with its write transaction.

Opening runs the guard first (`core.project.guard`: header, write lock, schema), on a
connection with our defensive settings (`core.project.connection`), then migrates an older
file after a backup (`core.project.migrations`, `core.project.backups`). Nothing is written
until all of that passed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caption_studio import __version__
from caption_studio.core.errors import ProjectError
from caption_studio.core.project import connection
from caption_studio.core.project.backups import backup_before_migration, save_as
from caption_studio.core.project.connection import one_line, write_error
from caption_studio.core.project.guard import (
    APPLICATION_ID,
    acquire_write_lock,
    check_schema,
    check_writable,
    inspect_file,
    release_lock,
)
from caption_studio.core.project.migrations import apply_pending, latest_version

if TYPE_CHECKING:
    import sqlite_utils

# Part of this module's interface before it was split (issue 17): kept importable from here.
__all__ = ["APPLICATION_ID", "SUFFIX", "Project", "current_user", "inspect_file", "now_iso",
           "save_as", "sync_credit_terms"]

SUFFIX = ".capstudio"


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in a container, and the like
        return "unknown"


class Project:
    """An open project file. Use `Project.create` / `Project.open`, then `close()` (or `with`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool,
                 lock_fd: int | None) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self._lock_fd = lock_fd
        self.user = current_user()

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        # Imported on first use: sqlite-utils pulls in numpy, a sixth of a second of start-up
        # that `import` and most CLI commands never need.
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
              ) -> Iterator[dict[str, Any]]:
        """Rows as dicts, like `db.query`, without loading sqlite-utils on the start-up path."""
        cursor = self.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description or ()]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    # -- creating and opening -------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> Project:
        """Make a new, empty project. Refuses to overwrite anything."""
        target = Path(path)
        if target.suffix != SUFFIX:
            target = target.with_name(target.name + SUFFIX)
        if target.exists():
            raise ProjectError(f"{target} already exists; choose another name")
        if not target.parent.is_dir():
            raise ProjectError(f"folder {target.parent} does not exist")
        # Built under a temporary name and renamed, so a crash never leaves half a project.
        fd, tmp_name = tempfile.mkstemp(prefix=".new-", suffix=SUFFIX, dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute("PRAGMA journal_mode = WAL")
                apply_pending(conn, 0)
                sync_credit_terms(conn)
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('app', 'Caption Studio'),"
                    " ('created_at', ?), ('created_by_version', ?)",
                    (now_iso(), __version__),
                )
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
            if target.exists():
                raise ProjectError(f"{target} already exists; choose another name")
            os.replace(tmp, target)
        except sqlite3.Error as exc:
            raise ProjectError(f"cannot create {target}: {exc}") from exc
        except OSError as exc:
            raise ProjectError(f"cannot create {target}: {exc.strerror or exc}") from exc
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        return cls.open(target)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Project:
        """Open an existing project; migrate it (after a backup) if it is older than the app.

        Raises ProjectError with a one-line, human message for anything that is not a
        healthy project file; the file is then left exactly as it was.
        """
        target = Path(path)
        version = inspect_file(target)
        if not readonly:
            check_writable(target)
        lock_fd = None if readonly else acquire_write_lock(target)
        try:
            conn = connection.connect(target, readonly=readonly)
            backup = None
            try:
                check_schema(conn, target)
                if version < latest_version():
                    if readonly:
                        raise ProjectError(
                            f"{target.name} was made by an older Caption Studio; "
                            "open it for writing once to upgrade it")
                    backup = backup_before_migration(conn, target, version)
                    apply_pending(conn, version)
                if not readonly:
                    # Before WAL: the first read of these rows can meet a damaged page, and a
                    # refused file must keep its header (WAL mode is written into it).
                    sync_credit_terms(conn)
                    conn.execute("PRAGMA journal_mode = WAL")
            except BaseException as exc:
                conn.close()
                # A failed migration rolled back: the file is as it was, so its backup is noise.
                if backup is not None:
                    with contextlib.suppress(OSError):
                        backup.unlink()
                if isinstance(exc, sqlite3.OperationalError) and any(
                        word in str(exc) for word in ("readonly", "full", "locked", "busy")):
                    raise write_error(target, exc) from exc
                if isinstance(exc, (sqlite3.Error, UnicodeDecodeError)):
                    # A damaged or forged file fails here (a header claiming an old format
                    # over a newer schema, a corrupt page): one line, never a traceback.
                    raise ProjectError(f"{target} is damaged or cannot be upgraded: "
                                       f"{one_line(exc)}") from exc
                raise
        except BaseException:
            release_lock(lock_fd)
            raise
        return cls(target, conn, readonly=readonly, lock_fd=lock_fd)

    @property
    def lock_fd(self) -> int | None:
        """The descriptor holding the single-writer lock (a forked child closes its copy)."""
        return self._lock_fd

    def worker_connection(self) -> Project:
        """A second connection to the same file for another thread of this process. It shares
        this project's write lock, so close it before closing this one."""
        conn = connection.connect(self.path, readonly=self.readonly)
        return Project(self.path, conn, readonly=self.readonly, lock_fd=None)

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):
                if not self.readonly and self._lock_fd is not None:
                    self.conn.execute("PRAGMA optimize")
                    # Left in rollback-journal mode, the closed file needs no -wal/-shm beside
                    # it: readers (info, exports) leave nothing behind and a read-only folder
                    # stays readable. Skipped (busy) while a reader is still on it.
                    self.conn.execute("PRAGMA busy_timeout = 0")
                    self.conn.execute("PRAGMA journal_mode = DELETE")
            with contextlib.suppress(sqlite3.Error):
                self.conn.close()
            self.conn = None  # type: ignore[assignment]
        release_lock(self._lock_fd)
        self._lock_fd = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers every operation uses -----------------------------------------------------

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def cache_dir(self) -> Path:
        """Regenerable files (thumbnails, previews) live beside the project, never inside it."""
        return self.path.with_name(self.path.stem + ".cache")

    @property
    def format_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def relative(self, file_path: str | os.PathLike[str]) -> str:
        """How a photo or article path is stored: relative to the project folder, `/` separated."""
        absolute = os.path.abspath(os.fsdecode(file_path))
        return os.path.relpath(absolute, os.path.abspath(self.folder)).replace(os.sep, "/")

    def absolute(self, stored_path: str) -> Path:
        return (self.folder / stored_path).resolve() if not os.path.isabs(stored_path) \
            else Path(stored_path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. BEGIN IMMEDIATE takes the write lock up front, so two
        writers wait for each other (busy timeout) instead of failing half way."""
        if self.readonly:
            raise ProjectError(f"{self.path.name} is open read-only")
        if self.conn.in_transaction:  # nested: part of the caller's transaction
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise write_error(self.path, exc) from exc
        try:
            yield self.conn
        except BaseException as exc:
            # SQLite may already have rolled back (a full disk, I/O error): ROLLBACK would
            # then fail and hide the reason.
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and any(
                    word in str(exc) for word in ("full", "readonly", "locked", "busy")):
                raise write_error(self.path, exc) from exc
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise write_error(self.path, exc) from exc

    def counts(self) -> dict[str, int]:
        def count(sql: str) -> int:
            return int(self.conn.execute(sql).fetchone()[0])

        return {
            "articles": count("SELECT count(*) FROM articles"),
            "captions": count("SELECT count(*) FROM captions WHERE dismissed = 0"),
            "photos": count("SELECT count(*) FROM photos"),
            "pairings": count("SELECT count(*) FROM pairings"),
        }

    def info(self) -> dict[str, object]:
        meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        return {
            "path": str(self.path.resolve()),
            "name": self.name,
            "format_version": self.format_version,
            "created_at": meta.get("created_at"),
            **self.counts(),
        }


def sync_credit_terms(conn: sqlite3.Connection) -> None:
    """Make the file's `credit_terms` rows (what the credits view joins) the app's
    core.credit_terms table, writing only when they differ: a new agency reaches every
    project the next time it is opened for writing."""
    from caption_studio.core.credit_terms import table_rows

    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                    "name = 'credit_terms'").fetchone() is None:
        return  # a file made by a build with fewer migrations (tests make such files)
    wanted = table_rows()
    if sorted(conn.execute("SELECT term, means FROM credit_terms")) == wanted:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM credit_terms")
        conn.executemany("INSERT INTO credit_terms (term, means) VALUES (?, ?)", wanted)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
