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
- **Batches**: files are probed in forked worker processes, one a core (the CLI; a
  `concurrent.futures` process pool), or on a few threads (the app, which must not fork),
  and written `batch_size` at a time, each batch in one transaction
  (`core.media.import_writer`); a crash or Ctrl-C loses at most the batch in flight and a
  re-run finishes the rest.
- **Bad files never stop an import**: each becomes a `skipped` entry (not a photo, empty,
  unreadable, link loop, ...) or a photo with a warning (PNG named `.jpg`, truncated JPEG,
  unreadable metadata, name not valid UTF-8, ...).
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from caption_studio.core.errors import Cancelled
from caption_studio.core.media import scanning
from caption_studio.core.media.import_writer import ImportState, ImportSummary, write_batch
from caption_studio.core.media.probe import Probed, probe, probe_packed, unpack
from caption_studio.core.media.scanning import Candidate
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken, Progress, no_progress

__all__ = ["DEFAULT_WORKERS", "ImportSummary", "import_paths"]

DEFAULT_WORKERS = min(4, (os.cpu_count() or 2) * 2)


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
    pool: Executor | None = \
        _process_pool(os.cpu_count() or 2, project) if processes and _CAN_FORK else None
    try:
        progress(0, None, "scanning")
        candidates, summary.skipped = scanning.scan(
            paths, recursive=recursive, exclude=[project.cache_dir], cancel=cancel)
        own = {os.fsencode(project.path.resolve())}
        candidates = [c for c in candidates if c.path not in own]
        state = ImportState.load(project)
        progress(0, len(candidates), "importing")
        if pool is None:
            pool = ThreadPoolExecutor(max_workers=max(1, workers))
        try:
            _run_batches(project, state, candidates, pool, summary, batch_size,
                         progress, cancel)
        except BrokenProcessPool:
            # A file crashed the metadata reader itself (libexiv2 on a hostile file): what was
            # committed stays, and the rest is read one file at a time so that only the
            # culprit is skipped. Threads would not survive such a crash at all.
            _stop(pool)
            _run_isolated(project, candidates, summary, batch_size, progress, cancel)
    except (KeyboardInterrupt, Cancelled):
        summary.interrupted = True
    finally:
        if pool is not None:
            _stop(pool)
    return summary


_CAN_FORK = hasattr(os, "fork")


def _process_pool(count: int, project: Project) -> ProcessPoolExecutor:
    """Forked worker processes. Measured on 2,000 12-24 MP JPEGs (2 cores): threads 1.2 s
    wall = 1.2 s CPU (the GIL serialises the Python half of every read), two forked
    processes about half. Fork, not spawn or forkserver: those start a fresh interpreter
    that imports the app again, 0.15-0.2 s more of a 0.7 s import (README, Development)."""
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_init,
                               initargs=(os.getpid(), project.lock_fd))
    pool.submit(_ready)  # forks every worker now, before any thread of the pool exists
    return pool


def _ready() -> None:
    """Nothing: the first task, which makes the pool start its workers at once."""


def _stop(pool: Executor) -> None:
    """Leave no worker behind and wait for none: the work still queued is not wanted (the
    import ended, was cancelled or a worker died), and a worker stuck on a hostile file must
    not hold up the end of the import."""
    if isinstance(pool, ProcessPoolExecutor):
        # The executor keeps its processes in `_processes`: killing them is the only way to
        # stop a busy worker before Python 3.14's terminate_workers().
        for process in list((pool._processes or {}).values()):  # noqa: SLF001
            with contextlib.suppress(ProcessLookupError, ValueError):
                process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


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


def _chunksize(count: int) -> int:
    """Files a worker process takes at a time: few enough that every worker gets some of the
    last, small batches, many enough that the hand-over costs nothing (2,000 press photos:
    chunks of 32 or 64 imported as fast as the process pool of our own that this replaced)."""
    return max(1, min(64, count // (4 * (os.cpu_count() or 2))))


def _map(pool: Executor, candidates: list[Candidate], todo: list[int],
         legacy: bool) -> Iterator[Probed]:
    """Probe `candidates[i]` for i in `todo`, starting now; the results in that order."""
    chosen = [candidates[i] for i in todo]
    if isinstance(pool, ProcessPoolExecutor):
        # Only plain tuples cross back from a worker process (`probe_packed`).
        packed = pool.map(functools.partial(probe_packed, legacy=legacy), chosen,
                          chunksize=_chunksize(len(chosen)))
        return (unpack(c, r) for c, r in zip(chosen, packed, strict=True))
    return pool.map(functools.partial(probe, legacy=legacy), chosen)


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


def _run_batches(project: Project, state: ImportState, candidates: list[Candidate],
                 pool: Executor, summary: ImportSummary, batch_size: int,
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
            write_batch(project, state, list(results), summary)
            done += size
            progress(done, total, "importing")
        pending = submitted
        if pending is None:
            break


def _run_isolated(project: Project, candidates: list[Candidate], summary: ImportSummary,
                  batch_size: int, progress: Progress, cancel: CancelToken | None) -> None:
    state = ImportState.load(project)  # what the batches before the crash committed
    todo = [i for i, c in enumerate(candidates) if not state.unchanged(project, c)]
    total = len(candidates)
    done = total - len(todo)
    pool = _process_pool(1, project)
    probed: list[Probed] = []
    try:
        for index in todo:
            if cancel is not None:
                cancel.raise_if_cancelled()
            try:
                probed.extend(_map(pool, candidates, [index], state.legacy))
            except BrokenProcessPool:
                probed.append(Probed(candidates[index], skip="crashed the metadata reader "
                                                              "(a damaged or hostile file)"))
                _stop(pool)
                pool = _process_pool(1, project)
            if len(probed) >= batch_size:
                write_batch(project, state, probed, summary)
                done += len(probed)
                probed = []
                progress(done, total, "importing")
        if probed:
            write_batch(project, state, probed, summary)
            progress(total, total, "importing")
    finally:
        _stop(pool)
