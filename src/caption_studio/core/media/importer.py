"""Bulk import: photo files and their embedded metadata into the project.

How it behaves, in the order a person would ask:

- **Re-running** on the same folder is cheap: a file whose size, mtime and sidecars are as
  recorded is `unchanged` and not even opened. A changed file is read again and its
  `embedded` values replaced; values a person typed (`manual`) and values that came from a
  paired caption or a template are never overwritten by re-import.
- **Identity** is a content fingerprint (`core.fingerprint`). A new path whose content is
  already in the project is either the same photo **moved** (the recorded file is gone: the
  photo is relinked to the new path, its metadata and pairing kept) or a **duplicate** (the
  recorded file is still there: it is not imported a second time; the summary warns
  `duplicate of photo #N (path)`). `relink(project, folder)` finds missing photos in a
  moved folder.
- **Batches**: files are probed in forked worker processes, one a core (the CLI;
  `core.forked`), or on a few threads (the app, which must not fork), and written
  `batch_size` at a time, each batch in one transaction; a crash or Ctrl-C loses at most the
  batch in flight and a re-run finishes the rest.
- **Bad files never stop an import**: each becomes a `skipped` entry (not a photo, empty,
  unreadable, link loop, ...) or a photo with a warning (PNG named `.jpg`, truncated JPEG,
  unreadable metadata, name not valid UTF-8, ...).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import signal
import sys
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from caption_studio.core import fields as registry
from caption_studio.core.errors import Cancelled, CaptionStudioError, InputError
from caption_studio.core.fields import Provenance
from caption_studio.core.media import scanning
from caption_studio.core.media.fingerprint import (
    describe_non_image,
    expected_format,
    is_legacy,
    probe_fd,
)
from caption_studio.core.media.forked import ForkPool, WorkerDied
from caption_studio.core.media.scanning import Candidate, display
from caption_studio.core.project import search
from caption_studio.core.project.file import Project, now_iso
from caption_studio.core.tasks import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from concurrent.futures import Executor, ThreadPoolExecutor

MAX_SIDECAR_TEXT = 256 * 1024
_PIL_DEFAULT_LIMIT = int(1024 * 1024 * 1024 // 4 // 3)  # PIL.Image.MAX_IMAGE_PIXELS
DEFAULT_WORKERS = min(4, (os.cpu_count() or 2) * 2)

_PILLOW_JPEG_HEAD = 1 << 20
_FORMAT_NAMES = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "webp": "WebP", "heif": "HEIF",
                 "raw": "RAW"}


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


@dataclass
class _Probed:
    candidate: Candidate
    skip: str | None = None
    fingerprint: str | None = None
    format: str | None = None
    meta: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sidecar_caption: str | None = None
    width: int | None = None
    height: int | None = None
    legacy_fingerprint: str | None = None  # v1, while the project holds v1 fingerprints


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
            pool.share(functools.partial(_probe_packed, legacy=state.legacy), candidates)
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
         legacy: bool) -> Iterator[_Probed]:
    """Probe `candidates[i]` for i in `todo`, starting now; the results in that order."""
    if isinstance(pool, ForkPool):
        packed = pool.submit(todo)
        return (_unpack(candidates[i], r) for i, r in zip(todo, packed, strict=True))
    return pool.map(functools.partial(_probe, legacy=legacy), [candidates[i] for i in todo])


class _Facts(NamedTuple):
    """What the writer needs of a file's EmbeddedMetadata besides its field values."""

    orientation: int | None
    capture_time: str | None
    camera: str | None
    gps_lat: float | None
    gps_lon: float | None
    keyword_paths: list[str] | None


def _probe_packed(candidate: Candidate, legacy: bool = False) -> tuple[Any, ...]:
    # In a worker process: only what the writer needs crosses the pipe, as plain data. A whole
    # _Probed (the candidate the parent already has, the reader's sources and conflicts)
    # took the parent nearly as long to unpickle as a worker took to read the file's EXIF.
    p = _probe(candidate, legacy)
    m = p.meta
    facts = None if m is None else (m.orientation, m.capture_time, m.camera, m.gps_lat,
                                     m.gps_lon, m.keyword_paths or None)
    return (p.skip, p.fingerprint, p.format, p.values or None, p.warnings or None,
            p.sidecar_caption, p.width, p.height, facts, p.legacy_fingerprint)


def _unpack(candidate: Candidate, packed: tuple[Any, ...]) -> _Probed:
    skip, fingerprint, fmt, values, warnings, sidecar, width, height, facts, legacy = packed
    return _Probed(candidate, skip, fingerprint, fmt, None if facts is None else _Facts(*facts),
                   values or {}, warnings or [], sidecar, width, height, legacy)


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
    pending: tuple[Iterator[_Probed], int] | None = None
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
    probe = functools.partial(_probe_packed, legacy=state.legacy)
    pool = _fork_pool(1, project)
    pool.share(probe, candidates)
    probed: list[_Probed] = []
    try:
        for index in todo:
            if cancel is not None:
                cancel.raise_if_cancelled()
            try:
                probed.extend(_map(pool, candidates, [index], state.legacy))
            except WorkerDied:
                probed.append(_Probed(candidates[index], skip="crashed the metadata reader "
                                                              "(a damaged or hostile file)"))
                pool.close(kill=True)
                pool = _fork_pool(1, project)
                pool.share(probe, candidates)
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


# -- probing (worker threads: no database access here) ---------------------------------------

def _probe(candidate: Candidate, legacy: bool = False) -> _Probed:
    try:
        return _probe_file(candidate, legacy)
    except Exception as exc:  # noqa: BLE001 - a bug met on one odd file must not stop the rest
        return _Probed(candidate, skip=f"could not be read ({type(exc).__name__}: {exc})")


def _probe_file(candidate: Candidate, legacy: bool) -> _Probed:
    result = _Probed(candidate)
    try:
        fd = os.open(candidate.path, os.O_RDONLY | os.O_CLOEXEC)
    except PermissionError:
        result.skip = "cannot be read (permission denied)"
        return result
    except OSError as exc:
        result.skip = f"cannot be read: {exc.strerror or exc}"
        return result
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            result.skip = "empty file (0 bytes)"
            return result
        try:
            probe = probe_fd(fd, size, legacy=legacy)
        except OSError as exc:
            result.skip = f"cannot be read: {exc.strerror or exc}"
            return result
        name = os.path.basename(candidate.path)
        wanted = expected_format(name)
        fmt = probe.format
        if fmt is None and wanted == "raw":
            fmt = "raw"  # many RAW formats have no magic we know; exiv2 decides below
        if fmt == "tiff" and wanted == "raw":
            fmt = "raw"
        if fmt is None:
            result.skip = describe_non_image(os.pread(fd, 512, 0))
            return result
        result.fingerprint = probe.fingerprint
        result.legacy_fingerprint = probe.legacy_fingerprint
        result.format = fmt
        misnamed = None
        if fmt != wanted and not (fmt == "tiff" and wanted in ("raw", "tiff")):
            misnamed = (f"is a {_FORMAT_NAMES.get(fmt, fmt)} file named "
                        f".{display(name).rsplit('.', 1)[-1]}")
        if probe.truncated:
            result.warnings.append("JPEG file is truncated (no end marker); "
                                   "the picture may be incomplete")
        try:
            os.fsdecode(candidate.path).encode("utf-8")
            readable_path = os.fsdecode(candidate.path)
        except UnicodeEncodeError:
            result.warnings.append("file name is not valid UTF-8")
            readable_path = f"/proc/self/fd/{fd}"  # exiv2 wants a str path
        _read_metadata(result, readable_path, size, probe.head)
        if misnamed and not (result.meta is not None and any(
                "named" in w for w in result.meta.warnings or [])):  # or the reader said so
            result.warnings.insert(0, misnamed)
        if fmt == "raw" and result.meta is None:
            result.skip = result.warnings.pop() if result.warnings else "unreadable RAW file"
            return result
        _read_sidecar_text(result)
        return result
    finally:
        os.close(fd)


def _read_metadata(result: _Probed, path: str, size: int, head: bytes) -> None:
    from caption_studio.core.media import metadata

    xmp = result.candidate.sidecar("xmp")
    try:
        meta = metadata.read_embedded(path, sidecar_xmp=os.fsdecode(xmp.path) if xmp else None,
                                      size=size, head=head)
    except InputError as exc:
        result.warnings.append(f"metadata not read: {exc}")
        _pillow_size(result, path)
        _check_pixels(result)
        return
    except Exception as exc:  # noqa: BLE001 - one odd file must never stop an import
        result.warnings.append(f"metadata not read: {type(exc).__name__}: {exc}")
        _pillow_size(result, path)
        _check_pixels(result)
        return
    result.meta = meta
    result.width, result.height = meta.width, meta.height
    result.warnings.extend(meta.warnings or [])
    # The reader already gives each value in the field's canonical form (fields.normalize).
    result.values = {k: v for k, v in (meta.fields or {}).items()
                     if v is not None and k in registry.BY_KEY}
    if not result.width:
        _pillow_size(result, path)
    _check_pixels(result)


def _check_pixels(result: _Probed) -> None:
    # Pillow's limit when Pillow is loaded; importing it just for a constant costs start-up.
    pil = sys.modules.get("PIL.Image")
    # getattr: another worker thread may be importing PIL.Image right now (half initialised)
    limit = getattr(pil, "MAX_IMAGE_PIXELS", _PIL_DEFAULT_LIMIT) or 0
    if limit and result.width and result.height and result.width * result.height > limit:
        result.warnings.append(f"picture is too large to show ({result.width}x{result.height}"
                               " pixels); it has no thumbnail")


def _pillow_size(result: _Probed, path: str) -> None:
    from PIL import Image

    from caption_studio.core.media.thumbnails import quiet_pillow

    quiet_pillow()  # _check_pixels does the refusing
    try:
        source: Any = path
        if result.format == "jpeg":
            # Pillow skips junk before a JPEG marker one byte at a time: a big file of zeros
            # (a preallocated download) took many minutes. The frame header is near the start.
            with open(path, "rb") as fh:
                source = io.BytesIO(fh.read(_PILLOW_JPEG_HEAD))
        with Image.open(source) as img:
            result.width, result.height = img.size
    except Image.DecompressionBombError:
        result.warnings.append("picture is too large to show; it has no thumbnail")
    except Exception:  # noqa: BLE001 - size stays unknown; the thumbnail step reports it
        return


def _read_sidecar_text(result: _Probed) -> None:
    txt = result.candidate.sidecar("txt")
    if txt is None:
        return
    try:
        with open(txt.path, "rb") as fh:
            data = fh.read(MAX_SIDECAR_TEXT + 1)
    except OSError as exc:
        result.warnings.append(f"caption sidecar not read: {exc.strerror or exc}")
        return
    if len(data) > MAX_SIDECAR_TEXT:
        result.warnings.append("caption sidecar is too large; ignored")
        return
    try:
        from caption_studio.core.article.decode import read_article_bytes

        text = read_article_bytes(data, os.fsdecode(os.path.basename(txt.path)))
    except CaptionStudioError as exc:
        result.warnings.append(f"caption sidecar not read: {exc}")
        return
    text = registry.normalize("description", text)
    if text:
        result.sidecar_caption = text
        result.values.setdefault("description", text)


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
            absolute = _absolute_bytes(folder, path, raw)
            by_path[absolute] = (pid, size, mtime, sig)
            if fp:
                by_fp.setdefault(fp, pid)
        return cls(by_path, by_fp, folder, legacy=any(map(is_legacy, by_fp)))

    def unchanged(self, project: Project, c: Candidate) -> bool:
        known = self.by_path.get(c.path)
        return known is not None and known[1] == c.size and known[2] == c.mtime \
            and known[3] == c.sidecar_sig


def _absolute_bytes(folder: bytes, path: str, raw: bytes | None) -> bytes:
    rel = raw if raw is not None else os.fsencode(path)
    return os.path.normpath(os.path.join(folder, rel))


@functools.lru_cache(maxsize=4096)
def _relative_folder(head: bytes, folder: bytes) -> bytes:
    # relpath is slow, and a folder of photos shares its head: once per folder, not per file
    rel = os.path.relpath(head, folder).replace(os.sep.encode(), b"/")
    return b"" if rel == b"." else rel + b"/"


def _stored_path(folder: bytes, absolute: bytes) -> tuple[str, bytes | None]:
    prefix = folder.rstrip(b"/") + b"/"
    if absolute.startswith(prefix):  # the common case, without relpath's cost
        rel = absolute[len(prefix):]
    else:
        head, name = os.path.split(absolute)
        rel = _relative_folder(head, folder) + name
    try:
        return rel.decode("utf-8"), None
    except UnicodeDecodeError:
        return rel.decode("utf-8", "backslashreplace"), rel


def photo_file(project: Project, photo_id: int) -> Path:
    """The file of a photo, also when its name is not valid UTF-8."""
    row = project.conn.execute("SELECT path, path_bytes FROM photos WHERE id = ?",
                               (photo_id,)).fetchone()
    if row is None:
        raise CaptionStudioError(f"no photo with id {photo_id} in this project")
    return Path(os.fsdecode(_absolute_bytes(os.fsencode(os.path.abspath(project.folder)),
                                            row[0], row[1])))


def photo_files(project: Project, photo_ids: Iterable[int] | None = None
                ) -> list[tuple[int, Path, str | None, int | None]]:
    """(id, file, fingerprint, orientation) of the given photos (all when None), in id order."""
    folder = os.fsencode(os.path.abspath(project.folder))
    sql = "SELECT id, path, path_bytes, fingerprint, orientation FROM photos"
    if photo_ids is None:
        rows = project.conn.execute(sql + " ORDER BY id").fetchall()
    else:
        ids = list(photo_ids)
        rows = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows += project.conn.execute(
                sql + f" WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk)
    return [(pid, Path(os.fsdecode(_absolute_bytes(folder, path, raw))), fp, orientation)
            for pid, path, raw, fp, orientation in rows]


def _write_batch(project: Project, state: _State, probed: list[_Probed],
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
            stored, raw = _stored_path(state.folder, c.path)
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
        write_embedded(project, writes, operation_id=state.operation_id, stamp=stamp)
        # Keyword trees from the files (Lightroom's lr:hierarchicalSubject) join the
        # project's vocabulary, in the same transaction.
        tree = {path for p in probed if p.meta is not None and not p.skip
                for path in getattr(p.meta, "keyword_paths", None) or []}
        if tree:
            from caption_studio.core.desk import keywords

            keywords.add_file_paths(project, sorted(tree))
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
    return _absolute_bytes(state.folder, row[0], row[1])


def _file_exists(project: Project, pid: int) -> bool:
    try:
        return photo_file(project, pid).is_file()
    except CaptionStudioError:
        return False


def write_embedded(project: Project, writes: list[tuple[int, dict[str, Any], bool]], *,
                   operation_id: str, stamp: str, action: str = "import") -> None:
    """Embedded values for many photos at once, with the same rules and history rows as
    `operations.set_fields(provenance=embedded)`, except that a value from a caption or a
    template is not replaced either (the file's value is kept as its alternative).

    `writes` holds (photo id, {field: normalized value}, is_new_photo). Fields the file no
    longer carries lose their `embedded` value. Must run inside the caller's transaction,
    with search rows deferred (`search.deferred`) when it inserted the new photos.

    A new photo gets one history row (`action`, no field): the file itself holds what it
    brought, and a row per value made the history the biggest cost of an import. A changed
    value of a known photo gets its row, as an edit does.
    """
    conn = project.conn
    existing_ids = [pid for pid, _, fresh in writes if not fresh]
    current: dict[int, dict[str, tuple[str, str]]] = {pid: {} for pid in existing_ids}
    for start in range(0, len(existing_ids), 500):
        chunk = existing_ids[start:start + 500]
        rows = conn.execute(
            f"SELECT photo_id, field, value, provenance FROM field_values "
            f"WHERE photo_id IN ({','.join('?' * len(chunk))})", chunk)
        for pid, key, value, prov in rows:
            current[pid][key] = (value, prov)
    upserts, deletes, history, alternatives = [], [], [], []
    embedded = Provenance.EMBEDDED.value
    for pid, values, fresh in writes:
        encoded = {k: registry.encode(k, v) for k, v in values.items()}
        if fresh:
            upserts.extend((pid, key, new, embedded, stamp) for key, new in encoded.items()
                           if new is not None and key in registry.BY_KEY)
            history.append((operation_id, stamp, project.user, action, pid, None, None, None,
                            None, None))
            continue
        have = current.get(pid, {})
        for key in encoded.keys() | {k for k, (_, p) in have.items() if p == embedded}:
            if key not in registry.BY_KEY:
                continue
            new = encoded.get(key)
            old, old_prov = have.get(key, (None, None))
            if old_prov is not None and old_prov != embedded:
                if new is not None:
                    alternatives.append((new, pid, key))
                continue
            if old == new:
                continue
            if new is None:
                deletes.append((pid, key))
            else:
                upserts.append((pid, key, new, embedded, stamp))
            history.append((operation_id, stamp, project.user, action, pid, key, old, old_prov,
                            new, embedded if new is not None else None))
    conn.executemany("DELETE FROM field_values WHERE photo_id = ? AND field = ?", deletes)
    conn.executemany(
        "INSERT INTO field_values (photo_id, field, value, provenance, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (photo_id, field) DO UPDATE SET "
        "value = excluded.value, provenance = excluded.provenance, "
        "updated_at = excluded.updated_at", upserts)
    search.refresh_text(conn, (pid for pid, _, _ in writes))
    conn.executemany(
        "UPDATE field_alternatives SET value = ? WHERE photo_id = ? AND field = ? "
        "AND provenance = 'embedded'", alternatives)
    conn.executemany(
        "INSERT INTO history (operation_id, at, user, action, photo_id, field, old_value,"
        " old_provenance, new_value, new_provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        history)


# -- relinking a moved folder ----------------------------------------------------------------

@dataclass
class RelinkSummary:
    relinked: list[tuple[int, str, str]] = field(default_factory=list)  # (id, old, new)
    still_missing: list[tuple[int, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"relinked": [{"photo": i, "old": o, "new": n} for i, o, n in self.relinked],
                "still_missing": [{"photo": i, "path": p} for i, p in self.still_missing]}


def relink(project: Project, new_folder: str | os.PathLike[str], *,
           progress: Progress = no_progress, cancel: CancelToken | None = None) -> RelinkSummary:
    """Point photos whose files are gone at files with the same content under `new_folder`."""
    folder = os.fsencode(os.path.abspath(project.folder))
    missing: dict[str, list[int]] = {}
    sizes: set[int] = set()
    old_paths: dict[int, str] = {}
    for pid, path, raw, size, fp in project.conn.execute(
            "SELECT id, path, path_bytes, size, fingerprint FROM photos"):
        if fp and not os.path.isfile(_absolute_bytes(folder, path, raw)):
            missing.setdefault(fp, []).append(pid)
            sizes.add(size)
            old_paths[pid] = path
    summary = RelinkSummary()
    legacy = any(map(is_legacy, missing))
    if missing:
        candidates, _ = scanning.scan([new_folder], cancel=cancel)
        candidates = [c for c in candidates if c.size in sizes]
        stamp_rows = []
        for done, c in enumerate(candidates, 1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            try:
                fd = os.open(c.path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                probe = probe_fd(fd, c.size, legacy=legacy)
            finally:
                os.close(fd)
            # The stored fingerprint stays as it is (the content is the same), and so do the
            # thumbnails cached under it.
            fp = probe.fingerprint if missing.get(probe.fingerprint) else probe.legacy_fingerprint
            if fp and missing.get(fp):
                pid = missing[fp].pop(0)
                stored, raw = _stored_path(folder, c.path)
                stamp_rows.append((stored, raw, c.mtime, pid))
                summary.relinked.append((pid, old_paths.pop(pid), stored))
            progress(done, len(candidates), "relinking")
        with project.transaction() as conn:
            conn.executemany("UPDATE photos SET path = ?, path_bytes = ?, mtime = ?, missing = 0 "
                             "WHERE id = ?", stamp_rows)
            conn.executemany("UPDATE photos SET missing = 1 WHERE id = ?",
                             [(pid,) for pid in old_paths])
    summary.still_missing = sorted(old_paths.items())
    return summary


# -- articles ----------------------------------------------------------------------------------

def import_article(project: Project, path: str | os.PathLike[str], *, year: int | None = None,
                   default_date: Any = None) -> int:
    """Store an article and its captions; returns the article id.

    Importing the same file again (same stored path) updates the article in place. Its new
    captions are matched to the old ones by text: a match keeps its id (so a pairing stays),
    unmatched parsed captions that nobody paired are replaced, and a paired caption that
    vanished from the text is kept (span cleared) so the person's work is not lost. Captions
    a person added by hand are always kept.
    """
    from caption_studio.core.article.captions import parse_article_file

    parsed = parse_article_file(path, year=year, default_date=default_date)
    stored = display(project.relative(path))  # a name that is not UTF-8 cannot go to SQLite
    stamp = now_iso()
    article = (stored, parsed.headline, parsed.date.isoformat() if parsed.date else None,
               json.dumps([w.to_json() for w in parsed.writers], ensure_ascii=False),
               parsed.text)
    with project.transaction() as conn:
        row = conn.execute("SELECT id FROM articles WHERE path = ?", (stored,)).fetchone()
        if row is None:
            article_id = conn.execute(
                "INSERT INTO articles (path, headline, date, writers, text, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", (*article, stamp)).lastrowid
            old: dict[str, list[int]] = {}
        else:
            article_id = row[0]
            conn.execute("UPDATE articles SET path=?, headline=?, date=?, writers=?, text=?, "
                         "imported_at=? WHERE id=?", (*article, stamp, article_id))
            old = {}
            for cid, text in conn.execute("SELECT id, text FROM captions WHERE article_id = ? "
                                          "AND origin = 'parsed' ORDER BY position",
                                          (article_id,)):
                old.setdefault(text, []).append(cid)
        for position, caption in enumerate(parsed.captions, 1):
            values = _caption_row(caption)
            reuse = old.get(caption.text)
            if reuse:
                conn.execute("UPDATE captions SET position=?, text=?, description=?, date=?, "
                             "date_source=?, location=?, photographers=?, credit=?, "
                             "span_start=?, span_end=?, extra=? WHERE id=?",
                             (position, *values, reuse.pop(0)))
            else:
                conn.execute("INSERT INTO captions (article_id, position, text, description, "
                             "date, date_source, location, photographers, credit, span_start,"
                             " span_end, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                             (article_id, position, *values))
        for cid in (cid for ids in old.values() for cid in ids):
            paired = conn.execute("SELECT 1 FROM pairings WHERE caption_id = ?",
                                  (cid,)).fetchone()
            if paired:
                conn.execute("UPDATE captions SET span_start = NULL, span_end = NULL "
                             "WHERE id = ?", (cid,))
            else:
                conn.execute("DELETE FROM captions WHERE id = ?", (cid,))
    return int(article_id)


def _caption_row(caption: Any) -> tuple[Any, ...]:
    # The same JSON shapes as core.article_store, so both writers' rows read alike.
    extra = {"field_spans": {k: list(v) for k, v in caption.field_spans.items()},
             "style": caption.style, "flag": caption.flag, "date_text": caption.date_text}
    return (caption.text, caption.description,
            caption.date.isoformat() if caption.date else None, caption.date_source,
            caption.location,
            json.dumps([p.to_json() for p in caption.photographers], ensure_ascii=False),
            caption.credit, caption.span[0], caption.span[1],
            json.dumps(extra, ensure_ascii=False))
