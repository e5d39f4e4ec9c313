"""Bulk import: photo files and their embedded metadata into the project.

How it behaves, in the order a person would ask:

- **Re-running** on the same folder is cheap: a file whose size, mtime and sidecars are as
  recorded is `unchanged` and not even opened. A changed file is read again and its
  `embedded` values replaced; values a person typed (`manual`) and values that came from a
  paired caption or a template are never overwritten by re-import.
- **Identity** is a content fingerprint (`core.media.fingerprint`). A new path whose content is
  already in the project is either the same photo **moved** (the recorded file is gone: the
  photo is relinked to the new path, its metadata and pairing kept) or a **duplicate** (the
  recorded file is still there: it is not imported a second time; the summary warns
  `duplicate of photo #N (path)`). `relink(project, folder)` finds missing photos in a
  moved folder (`core.media.relink`).
- **Batches**: files are probed in forked worker processes, one a core (the CLI;
  `core.media.forked`), or on a few threads (the app, which must not fork), and written
  `batch_size` at a time, each batch in one transaction; a crash or Ctrl-C loses at most the
  batch in flight and a re-run finishes the rest.
- **Bad files never stop an import**: each becomes a `skipped` entry (not a photo, empty,
  unreadable, link loop, ...) or a photo with a warning (PNG named `.jpg`, truncated JPEG,
  unreadable metadata, name not valid UTF-8, ...).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from caption_studio.core.errors import Cancelled, CaptionStudioError
from caption_studio.core.media import scanning
from caption_studio.core.media.fingerprint import is_legacy
from caption_studio.core.media.forked import ForkPool, WorkerDied
from caption_studio.core.media.paths import absolute_bytes, photo_file, stored_path
from caption_studio.core.media.probe import Probed, probe, probe_packed, unpack
from caption_studio.core.media.scanning import Candidate, display
from caption_studio.core.project import operations, search
from caption_studio.core.project.file import Project, now_iso
from caption_studio.core.tasks import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from concurrent.futures import Executor, ThreadPoolExecutor

DEFAULT_WORKERS = min(4, (os.cpu_count() or 2) * 2)


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    relinked: int = 0
    duplicates: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    photo_ids: list[int] = field(default_factory=list)  # new or changed photos
    articles: list[int] = field(default_factory=list)
    interrupted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
            "relinked": self.relinked, "duplicates": self.duplicates,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "warnings": [{"path": p, "warning": w} for p, w in self.warnings],
            "photo_ids": self.photo_ids, "articles": self.articles,
            "interrupted": self.interrupted,
        }


def import_paths(project: Project, paths: Iterable[str | bytes | os.PathLike[str]], *,
                 recursive: bool = True, progress: Progress = no_progress,
                 cancel: CancelToken | None = None, batch_size: int = 500,
                 workers: int = DEFAULT_WORKERS, processes: bool = False) -> ImportSummary:
    """`processes=True` probes in forked worker processes (one a core) instead of threads:
    reading metadata is mostly Python that holds the GIL, so threads use one core. Only for
    a process that has no other threads (the CLI): forking the GUI is unsafe."""
    summary = ImportSummary()
    # The workers start first: each loads the metadata reader (the exiv2 binding, 30-40 ms)
    # while this process walks the folders, and this one never needs it.
    pool: ForkPool | ThreadPoolExecutor | None = \
        _fork_pool(os.cpu_count() or 2, project) if processes and _CAN_FORK else None
    try:
        progress(0, None, "scanning")
        candidates, summary.skipped = scanning.scan(
            paths, recursive=recursive, exclude=[project.cache_dir], cancel=cancel)
        own = {os.fsencode(project.path.resolve())}
        candidates = [c for c in candidates if c.path not in own]
        state = _State.load(project)
        progress(0, len(candidates), "importing")
        if isinstance(pool, ForkPool):
            pool.share(functools.partial(probe_packed, legacy=state.legacy), candidates)
        else:
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=max(1, workers))
        try:
            with pool:
                _run_batches(project, state, candidates, pool, summary, batch_size,
                             progress, cancel)
        except WorkerDied:
            # A file crashed the metadata reader itself (libexiv2 on a hostile file): what was
            # committed stays, and the rest is read one file at a time so that only the
            # culprit is skipped. Threads would not survive such a crash at all.
            _run_isolated(project, candidates, summary, batch_size, progress, cancel)
    except (KeyboardInterrupt, Cancelled):
        summary.interrupted = True
    finally:
        if isinstance(pool, ForkPool):
            pool.close(kill=True)  # a no-op after `with pool`; the walk may have failed
    return summary


_CAN_FORK = hasattr(os, "fork")


def _fork_pool(count: int, project: Project) -> ForkPool:
    """Forked worker processes. Measured on 2,000 12-24 MP JPEGs (2 cores): threads 1.2 s
    wall = 1.2 s CPU (the GIL serialises the Python half of every read), two forked
    processes about half."""
    return ForkPool(count, initializer=functools.partial(_worker_init, os.getpid(),
                                                         project.lock_fd))


def _worker_init(parent: int, lock_fd: int | None) -> None:
    # Ctrl-C goes to the whole process group: the parent decides (it keeps whole batches),
    # the workers must not die with a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    if lock_fd is not None:  # the parent's write lock is the parent's, not a worker's
        with contextlib.suppress(OSError):
            os.close(lock_fd)
    from caption_studio.core.media import metadata  # noqa: F401 - loaded once, not on the first file


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this worker when the import that forked it dies, even by
    SIGKILL. An orphan would wait on its task queue for ever, keeping the dead import's
    output pipes open (a script waiting for its output would hang)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: orphans end when their queue breaks
        return
    if os.getppid() != parent:  # it died before the call above took effect
        os._exit(1)


def _map(pool: ForkPool | Executor, candidates: list[Candidate], todo: list[int],
         legacy: bool) -> Iterator[Probed]:
    """Probe `candidates[i]` for i in `todo`, starting now; the results in that order."""
    if isinstance(pool, ForkPool):
        packed = pool.submit(todo)
        return (unpack(candidates[i], r) for i, r in zip(todo, packed, strict=True))
    return pool.map(functools.partial(probe, legacy=legacy), [candidates[i] for i in todo])


_MIN_BATCH = 32


def _batches(total: int, batch_size: int) -> Iterator[range]:
    """`batch_size` at a time, then halving toward the end: the last batch is written after
    the workers have finished, with the other core idle, so a small one keeps that tail
    short (on 2,000 press photos the tail went from a tenth of the import to nearly none)."""
    start = 0
    while start < total:
        remaining = total - start
        size = batch_size if remaining >= 2 * batch_size else \
            min(batch_size, max(_MIN_BATCH, remaining // 2))
        yield range(start, min(total, start + size))
        start += size


def _run_batches(project: Project, state: _State, candidates: list[Candidate],
                 pool: ForkPool | Executor, summary: ImportSummary, batch_size: int,
                 progress: Progress, cancel: CancelToken | None) -> None:
    # Pipelined: the workers probe batch k+1 while this thread writes batch k.
    total = len(candidates)
    pending: tuple[Iterator[Probed], int] | None = None
    done = 0
    for batch in [*_batches(total, batch_size), None]:
        if cancel is not None:
            cancel.raise_if_cancelled()
        submitted = None
        if batch:
            todo = [i for i in batch if not state.unchanged(project, candidates[i])]
            summary.unchanged += len(batch) - len(todo)
            submitted = (_map(pool, candidates, todo, state.legacy), len(batch))
        if pending is not None:
            results, size = pending
            _write_batch(project, state, list(results), summary)
            done += size
            progress(done, total, "importing")
        pending = submitted
        if pending is None:
            break


def _run_isolated(project: Project, candidates: list[Candidate], summary: ImportSummary,
                  batch_size: int, progress: Progress, cancel: CancelToken | None) -> None:
    state = _State.load(project)  # what the batches before the crash committed
    todo = [i for i, c in enumerate(candidates) if not state.unchanged(project, c)]
    total = len(candidates)
    done = total - len(todo)
    probe_one = functools.partial(probe_packed, legacy=state.legacy)
    pool = _fork_pool(1, project)
    pool.share(probe_one, candidates)
    probed: list[Probed] = []
    try:
        for index in todo:
            if cancel is not None:
                cancel.raise_if_cancelled()
            try:
                probed.extend(_map(pool, candidates, [index], state.legacy))
            except WorkerDied:
                probed.append(Probed(candidates[index], skip="crashed the metadata reader "
                                                              "(a damaged or hostile file)"))
                pool.close(kill=True)
                pool = _fork_pool(1, project)
                pool.share(probe_one, candidates)
            if len(probed) >= batch_size:
                _write_batch(project, state, probed, summary)
                done += len(probed)
                probed = []
                progress(done, total, "importing")
        if probed:
            _write_batch(project, state, probed, summary)
            progress(total, total, "importing")
    finally:
        pool.close(kill=True)


# -- writing (the caller's thread, one transaction per batch) --------------------------------

@dataclass
class _State:
    """What the project already holds, loaded once, kept current as batches are written."""

    by_path: dict[bytes, tuple[int, int | None, float | None, str | None]]
    by_fingerprint: dict[str, int]
    folder: bytes
    legacy: bool = False  # the project holds v1 fingerprints: compute those too
    operation_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def load(cls, project: Project) -> _State:
        folder = os.fsencode(os.path.abspath(project.folder))
        by_path = {}
        by_fp: dict[str, int] = {}
        for pid, path, raw, size, mtime, sig, fp in project.conn.execute(
                "SELECT id, path, path_bytes, size, mtime, sidecar_sig, fingerprint FROM photos"):
            absolute = absolute_bytes(folder, path, raw)
            by_path[absolute] = (pid, size, mtime, sig)
            if fp:
                by_fp.setdefault(fp, pid)
        return cls(by_path, by_fp, folder, legacy=any(map(is_legacy, by_fp)))

    def unchanged(self, project: Project, c: Candidate) -> bool:
        known = self.by_path.get(c.path)
        return known is not None and known[1] == c.size and known[2] == c.mtime \
            and known[3] == c.sidecar_sig


def _write_batch(project: Project, state: _State, probed: list[Probed],
                 summary: ImportSummary) -> None:
    if not probed:
        return
    stamp = now_iso()
    pending_ids: list[int] = []
    counts = {"imported": 0, "updated": 0, "relinked": 0, "duplicates": 0}
    notes: list[tuple[str, str]] = []
    skips: list[tuple[str, str]] = []
    # Deferred search rows: write_embedded's refresh_text makes each photo's row once, new
    # photos' included (migration 8).
    with project.transaction() as conn, search.deferred(conn):
        writes: list[tuple[int, dict[str, Any], bool]] = []
        # New photos are inserted together (one executemany, not a statement each), with the
        # ids SQLite would give them; flushed before anything reads the photos table.
        inserts: list[tuple[Any, ...]] = []
        next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM photos").fetchone()[0]

        def flush() -> None:
            conn.executemany(
                "INSERT INTO photos (id, path, file_name, size, mtime, width, height, "
                "format, orientation, capture_time, camera, gps_lat, gps_lon, "
                "fingerprint, warnings, sidecar_caption, sidecar_sig, path_bytes, "
                "imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", inserts)
            inserts.clear()

        for p in probed:
            c = p.candidate
            shown = display(c.path)
            if p.skip:
                skips.append((shown, p.skip))
                continue
            stored, raw = stored_path(state.folder, c.path)
            row = (stored, display(os.path.basename(c.path)), c.size, c.mtime, p.width, p.height, p.format,
                   getattr(p.meta, "orientation", None), getattr(p.meta, "capture_time", None),
                   getattr(p.meta, "camera", None), getattr(p.meta, "gps_lat", None),
                   getattr(p.meta, "gps_lon", None), p.fingerprint,
                   json.dumps(p.warnings, ensure_ascii=False) if p.warnings else None,
                   p.sidecar_caption, c.sidecar_sig, raw)
            known = state.by_path.get(c.path)
            fresh = False
            if known is not None:
                pid = known[0]
                _update_photo(conn, pid, row)
                counts["updated"] += 1
            else:
                other = state.by_fingerprint.get(p.fingerprint or "")
                if other is None and p.legacy_fingerprint:  # a photo of an older project
                    other = state.by_fingerprint.get(p.legacy_fingerprint)
                if other is not None:
                    flush()
                if other is not None and not _file_exists(project, other):
                    pid = other
                    old = _old_path_key(project, state, pid)
                    _update_photo(conn, pid, row)
                    state.by_path.pop(old, None)
                    counts["relinked"] += 1
                    notes.append((shown, f"relinked photo #{pid} (its file had moved here)"))
                elif other is not None:
                    counts["duplicates"] += 1
                    notes.append((shown, f"duplicate of photo #{other} "
                                         f"({_path_of(project, other)}); not imported again"))
                    continue
                else:
                    pid = next_id
                    next_id += 1
                    inserts.append((pid, *row, stamp))
                    counts["imported"] += 1
                    fresh = True
            for warning in p.warnings:
                notes.append((shown, warning))
            writes.append((pid, p.values, fresh))
            pending_ids.append(pid)
            # The state is updated at once (a copy later in the same batch is a duplicate);
            # a batch that fails ends the whole import, so the state is never reused then.
            state.by_path[c.path] = (pid, c.size, c.mtime, c.sidecar_sig)
            if p.fingerprint:
                state.by_fingerprint.setdefault(p.fingerprint, pid)
        flush()
        operations.write_embedded(project, writes, operation_id=state.operation_id,
                                  stamp=stamp)
        # Keyword trees from the files (Lightroom's lr:hierarchicalSubject) join the
        # project's vocabulary, in the same transaction.
        tree = {path for p in probed if p.meta is not None and not p.skip
                for path in getattr(p.meta, "keyword_paths", None) or []}
        if tree:
            from caption_studio.core.desk import keywords

            keywords.add_file_paths(project, sorted(tree))
        # A camera's Latin spelling of a name the file also holds in characters (metadata
        # rule 4) is that person's Latin name in the roster.
        spellings = {name: latin for p in probed if p.meta is not None and not p.skip
                     for name, latin in (getattr(p.meta, "latin_names", None) or {}).items()}
        if spellings:
            from caption_studio.core.desk import roster

            roster.learn(project, [roster.Entry(name, latin_name=latin)
                                   for name, latin in spellings.items()])
    # Counted only after COMMIT: a rolled-back batch is not in the summary.
    for key, value in counts.items():
        setattr(summary, key, getattr(summary, key) + value)
    summary.skipped.extend(skips)
    summary.warnings.extend(notes)
    summary.photo_ids.extend(pending_ids)


def _update_photo(conn: Any, pid: int, row: tuple[Any, ...]) -> None:
    conn.execute(
        "UPDATE photos SET path=?, file_name=?, size=?, mtime=?, width=?, height=?, format=?, "
        "orientation=?, capture_time=?, camera=?, gps_lat=?, gps_lon=?, fingerprint=?, "
        "warnings=?, sidecar_caption=?, sidecar_sig=?, path_bytes=?, missing=0 WHERE id=?",
        (*row, pid))


def _path_of(project: Project, pid: int) -> str:
    row = project.conn.execute("SELECT path FROM photos WHERE id = ?", (pid,)).fetchone()
    return row[0] if row else "?"


def _old_path_key(project: Project, state: _State, pid: int) -> bytes:
    row = project.conn.execute("SELECT path, path_bytes FROM photos WHERE id = ?",
                               (pid,)).fetchone()
    return absolute_bytes(state.folder, row[0], row[1])


def _file_exists(project: Project, pid: int) -> bool:
    try:
        return photo_file(project, pid).is_file()
    except CaptionStudioError:
        return False


