"""A small pool of forked worker processes: `fn` over a list of items, by index.

Why not `concurrent.futures.ProcessPoolExecutor`: a future per chunk, every item pickled on
its way out and the executor's manager and feeder threads cost the importing process about
13 us a photo (27 ms of 2,000 press photos' 85 ms of writing), on the core the workers need.
Here the items are written once to a shared in-memory file (`share`), which each worker reads
once; a task is a fixed-size record of item indices on one pipe that every worker reads (a
pipe write of at most PIPE_BUF bytes is atomic, so each read takes one whole record); each
worker sends its results back on a pipe of its own. The pool can start before the items are
known, so the workers' own start-up (the importer's: loading the metadata reader) overlaps
whatever the caller does meanwhile.

Linux and other systems with `fork` only. The process must have no other threads when the
pool starts. A worker that dies (a hostile file crashing a C library) makes the pool raise
`WorkerDied`; the caller decides what to do with the items in flight.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import Any

CHUNK = 32  # indices a task record holds at most
# where the shared items are (offset, length), task id, count, indices: 152 bytes < PIPE_BUF
_TASK = struct.Struct(f"<QQII{CHUNK}I")
_HEAD = struct.Struct("<IIB")  # task id, payload length, 1 = the payload is an exception
_ERROR = 1


class WorkerDied(RuntimeError):
    """A worker process ended without answering (killed, or crashed in native code)."""


class ForkPool:
    """`share(fn, items)`, then `submit(indices)` queues `fn(items[i])` for each index and
    returns an iterator of the results in that order; the work starts at once, on all
    workers."""

    def __init__(self, workers: int, initializer: Callable[[], None] | None = None) -> None:
        self._pids: list[int] = []
        self._results: dict[int, int] = {}  # result pipe -> worker pid
        self._done: dict[int, list[Any] | BaseException] = {}
        self._outstanding: set[int] = set()
        self._next_task = 0
        self._shared: tuple[int, int] | None = None  # offset, length of the items' pickle
        self._store = _shared_file()
        task_read, self._tasks = os.pipe()
        try:
            for _ in range(max(1, workers)):
                result_read, result_write = os.pipe()
                pid = os.fork()
                if pid == 0:  # the worker: it never returns from here
                    os.close(self._tasks)
                    os.close(result_read)
                    for fd in self._results:
                        os.close(fd)
                    _serve(self._store, initializer, task_read, result_write)
                os.close(result_write)
                self._pids.append(pid)
                self._results[result_read] = pid
        except BaseException:
            self.close(kill=True)
            raise
        finally:
            os.close(task_read)
        # A full queue must not block us while the workers wait for us to read their results.
        os.set_blocking(self._tasks, False)

    def share(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> None:
        """What the next tasks work on: `fn` (a module-level function or a partial of one)
        and `items`, pickled once for all workers."""
        data = pickle.dumps((fn, items), pickle.HIGHEST_PROTOCOL)
        offset = os.lseek(self._store, 0, os.SEEK_END)  # tasks queued before keep theirs
        _write_all(self._store, data)
        self._shared = (offset, len(data))

    def submit(self, indices: Sequence[int]) -> Iterator[Any]:
        if self._shared is None:
            raise RuntimeError("share() the items before submitting work")
        tasks = []
        for start in range(0, len(indices), CHUNK):
            chunk = list(indices[start:start + CHUNK])
            task = self._next_task
            self._next_task += 1
            record = _TASK.pack(*self._shared, task, len(chunk),
                                *chunk, *[0] * (CHUNK - len(chunk)))
            while True:
                try:
                    os.write(self._tasks, record)  # all or nothing: a record < PIPE_BUF
                    break
                except BlockingIOError:
                    self._receive()  # a worker that answers takes the next record
            self._outstanding.add(task)
            tasks.append(task)
        return self._collect(tasks)

    def _collect(self, tasks: list[int]) -> Iterator[Any]:
        for task in tasks:
            while task not in self._done:
                self._receive()
            results = self._done.pop(task)
            if isinstance(results, BaseException):
                raise results
            yield from results

    def _receive(self) -> None:
        if not self._results:
            raise WorkerDied("no worker process is left")
        ready, _, _ = select.select(list(self._results), [], [])
        for fd in ready:
            head = _read_exactly(fd, _HEAD.size)
            if head is None:  # end of file: that worker is gone
                pid = self._results.pop(fd)
                os.close(fd)
                _reap(pid)
                self._pids.remove(pid)
                raise WorkerDied(f"worker process {pid} ended unexpectedly")
            task, length, kind = _HEAD.unpack(head)
            payload = _read_exactly(fd, length)
            if payload is None:
                raise WorkerDied("a worker process ended half way through its answer")
            self._outstanding.discard(task)
            value = pickle.loads(payload)
            self._done[task] = value if kind != _ERROR else \
                RuntimeError(f"in a worker process: {value}")

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers: at once with `kill`, else after the tasks they hold."""
        if self._tasks >= 0:
            os.close(self._tasks)  # the workers see end of file when the queue runs dry
            self._tasks = -1
        for pid in self._pids:
            if kill:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        for fd in self._results:
            os.close(fd)
        self._results.clear()
        for pid in self._pids:
            _reap(pid)
        self._pids.clear()
        if self._store >= 0:
            os.close(self._store)
            self._store = -1

    def __enter__(self) -> ForkPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        # Leaving early (Ctrl-C, an error, a dead worker): the queued work is not wanted.
        self.close(kill=kind is not None or bool(self._outstanding))


def _shared_file() -> int:
    """An unnamed file in memory that the workers inherit."""
    if hasattr(os, "memfd_create"):  # Linux
        return os.memfd_create("caption-studio-pool", os.MFD_CLOEXEC)
    import tempfile

    with tempfile.TemporaryFile() as file:  # unlinked already; the duplicate keeps it
        return os.dup(file.fileno())


def _serve(store: int, initializer: Callable[[], None] | None, tasks: int,
           results: int) -> None:
    status = 0
    loaded: tuple[int, int] | None = None
    fn: Callable[[Any], Any] = repr
    items: Sequence[Any] = ()
    try:
        if initializer is not None:
            initializer()
        while True:
            record = _read_exactly(tasks, _TASK.size)
            if record is None:
                break
            offset, length, task, count, *indices = _TASK.unpack(record)
            if loaded != (offset, length):
                fn, items = pickle.loads(_read_at(store, length, offset))
                loaded = (offset, length)
            try:
                payload, kind = pickle.dumps([fn(items[i]) for i in indices[:count]],
                                             pickle.HIGHEST_PROTOCOL), 0
            except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
                payload, kind = pickle.dumps(f"{type(exc).__name__}: {exc}"), _ERROR
            _write_all(results, _HEAD.pack(task, len(payload), kind) + payload)
    except BaseException:  # noqa: BLE001 - a worker must never go back into the caller's code
        status = 1
    finally:
        os._exit(status)


def _read_exactly(fd: int, size: int) -> bytes | None:
    """`size` bytes, or None at end of file (a short record counts as end of file)."""
    data = os.read(fd, size)
    if len(data) == size:
        return data
    parts = [data]
    got = len(data)
    while got < size:
        if not data:
            return None
        data = os.read(fd, size - got)
        parts.append(data)
        got += len(data)
    return b"".join(parts)


def _read_at(fd: int, length: int, offset: int) -> bytes:
    parts = []
    while length > 0:
        part = os.pread(fd, length, offset)
        if not part:
            raise EOFError("the shared items are shorter than recorded")
        parts.append(part)
        offset += len(part)
        length -= len(part)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
