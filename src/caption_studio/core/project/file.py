"""Open, create and guard the project file (`*.capstudio`, plain SQLite).

A project file from someone else is untrusted input. Before SQLite writes a single byte we
check the header (SQLite magic, our application id, a format version we understand, a size
that matches the header), then refuse views and triggers we did not create, and switch off
the schema features that could run code. Nothing is written until all of that passed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import getpass
import os
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caption_studio import __version__
from caption_studio.core.errors import ProjectError, ProjectLockedError, ProjectTooNewError
from caption_studio.core.project.migrations import (
    KNOWN_TRIGGERS,
    KNOWN_VIEWS,
    MIGRATIONS,
    Migration,
    latest_version,
)

if TYPE_CHECKING:
    import sqlite_utils

SUFFIX = ".capstudio"
APPLICATION_ID = 0x43537464  # "CStd": marks a SQLite file as a Caption Studio project
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BUSY_TIMEOUT_MS = 5000


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
                _migrate(conn, 0)
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
            _check_writable(target)
        lock_fd = None if readonly else _acquire_write_lock(target)
        try:
            conn = _connect(target, readonly=readonly)
            backup = None
            try:
                _check_schema(conn, target)
                if version < latest_version():
                    if readonly:
                        raise ProjectError(
                            f"{target.name} was made by an older Caption Studio; "
                            "open it for writing once to upgrade it")
                    backup = backup_before_migration(conn, target, version)
                    _migrate(conn, version)
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
                    raise _write_error(target, exc) from exc
                if isinstance(exc, (sqlite3.Error, UnicodeDecodeError)):
                    # A damaged or forged file fails here (a header claiming an old format
                    # over a newer schema, a corrupt page): one line, never a traceback.
                    raise ProjectError(f"{target} is damaged or cannot be upgraded: "
                                       f"{_one_line(exc)}") from exc
                raise
        except BaseException:
            _release_lock(lock_fd)
            raise
        return cls(target, conn, readonly=readonly, lock_fd=lock_fd)

    @property
    def lock_fd(self) -> int | None:
        """The descriptor holding the single-writer lock (a forked child closes its copy)."""
        return self._lock_fd

    def worker_connection(self) -> Project:
        """A second connection to the same file for another thread of this process. It shares
        this project's write lock, so close it before closing this one."""
        conn = _connect(self.path, readonly=self.readonly)
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
        _release_lock(self._lock_fd)
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
            raise _write_error(self.path, exc) from exc
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
                raise _write_error(self.path, exc) from exc
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise _write_error(self.path, exc) from exc

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


# -- file checks, locks, connections --------------------------------------------------------

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


def _check_writable(path: Path) -> None:
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


def _acquire_write_lock(path: Path) -> int:
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


def _release_lock(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _connect(path: Path, *, readonly: bool, _recovered: bool = False,
             ) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                               timeout=_BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path} cannot be opened: {_one_line(exc)}") from exc
    try:
        # Defensive settings for a file that may come from anyone.
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA cell_size_check = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
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
            return _connect(path, readonly=True, _recovered=True)
        raise ProjectError(f"{path} is damaged: {_one_line(exc)}") from exc
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # a damaged name in the message
        conn.close()
        raise ProjectError(f"{path} is damaged: {_one_line(exc)}") from exc
    return conn


def _recover(path: Path) -> bool:
    """Let SQLite roll back what a crashed writer left (under its own locks)."""
    if not (os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)):
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                               timeout=_BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    try:
        rows = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # names that are not UTF-8
        raise ProjectError(f"{path} is damaged: {_one_line(exc)}") from exc
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
    expected = _reference_schema(version)
    try:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise ProjectError(f"{path} is damaged: {_one_line(exc)}") from exc
    for kind, name, sql in schema:
        if (kind, name) in expected and expected[kind, name] != sql:
            raise ProjectError(
                f"{path} contains a {kind} ({name}) that Caption Studio did not write; "
                "it is refused so that nothing in it runs")


def _reference_schema(version: int) -> dict[tuple[str, str], str | None]:
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
            _run_migration(conn, migration)
        conn.execute("COMMIT")
        return {(kind, name): sql for kind, name, sql
                in conn.execute("SELECT type, name, sql FROM sqlite_master")}
    finally:
        conn.close()


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


def _migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """All pending migrations in one transaction: a failure half way leaves the file exactly
    as it was, never at an in-between version."""
    pending = [(n, m) for n, m in sorted(MIGRATIONS.items()) if n > from_version]
    if not pending:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number, migration in pending:
            _run_migration(conn, migration)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _run_migration(conn: sqlite3.Connection, migration: Migration) -> None:
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


def backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    backup = path.with_name(f"{path.name}.v{version}.bak")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.v{version}.{counter}.bak")
        counter += 1
    target = sqlite3.connect(backup)
    try:
        conn.backup(target)
    finally:
        target.close()
    return backup


def _one_line(exc: BaseException) -> str:
    # SQLite quotes damaged schema text in its messages: keep a person's error to one line.
    text = " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:157] + "..."


def _write_error(path: Path, exc: sqlite3.OperationalError) -> ProjectError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return ProjectLockedError(
            f"{path.name} is busy: another program is writing to it; try again in a moment")
    if "readonly" in text or "read-only" in text:
        return ProjectError(f"{path.name} cannot be written (read-only file or folder)")
    if "full" in text:
        return ProjectError(f"{path.name} cannot be written: the disk is full; nothing was lost")
    return ProjectError(f"{path.name} cannot be written: {text}")


def save_as(project: Project, target: str | os.PathLike[str]) -> Path:
    """Copy the open project to a new file (consistent snapshot through SQLite's backup)."""
    dest = Path(target)
    if dest.exists():
        raise ProjectError(f"{dest} already exists")
    tmp = dest.with_name(f".{dest.name}.tmp")
    out = sqlite3.connect(tmp)
    try:
        project.conn.backup(out)
    finally:
        out.close()
    os.replace(tmp, dest)
    if project.cache_dir.is_dir():
        shutil.copytree(project.cache_dir, dest.with_name(dest.stem + ".cache"),
                        dirs_exist_ok=True)
    return dest
