"""Run core work off the GUI thread (after Picard's `run_task(func, next_func)`).

    handle = run_task(func, on_done, on_error=..., on_progress=...)
    handle.cancel()

`func(progress, cancel)` is a plain core-style function: it reports `progress(done, total,
label)` and checks `cancel` (a core.tasks.CancelToken). Each task ends with exactly one of
`on_done(result)` (it returned, also after stopping early for a cancel: its result says how
far it got), `on_cancelled()` (it raised core.errors.Cancelled) or `on_error(exc)` (default:
the application's error dialog), on the GUI thread.

Project writes run on the open project's `Writer` (the controller owns it): one thread, so
they are serialised (SQLite has one writer anyway): `writer.run(func, on_done, ...)`, with
`writer.connection()` inside `func`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from caption_studio.core.errors import Cancelled
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken

log = logging.getLogger(__name__)

TaskFunc = Callable[[Callable[[int, int | None, str], None], CancelToken], Any]


class TaskSignals(QObject):
    progress = Signal(int, object, str)  # done, total (int or None), label
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()  # after done/failed/cancelled


class TaskHandle:
    def __init__(self, signals: TaskSignals, token: CancelToken) -> None:
        self.signals = signals
        self.token = token
        self.running = True
        signals.finished.connect(self._finish)

    def cancel(self) -> None:
        self.token.cancel()

    def _finish(self) -> None:
        self.running = False


class _Task(QRunnable):
    def __init__(self, func: TaskFunc, signals: TaskSignals, token: CancelToken) -> None:
        super().__init__()
        self.func = func
        self.signals = signals
        self.token = token

    def run(self) -> None:
        try:
            self._run()
        except RuntimeError:
            # The window closed while this task ran: its signals object is gone, and nobody
            # is left to tell.
            log.debug("background task finished after its receiver was deleted")

    def _run(self) -> None:
        try:
            result = self.func(self._progress, self.token)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread as a message
            log.exception("background task failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)
        self.signals.finished.emit()

    def _progress(self, done: int, total: int | None, label: str = "") -> None:
        self.signals.progress.emit(done, total, label)


# Handles of running tasks: a caller may drop its handle, and the signals it owns must live
# until the task has finished.
_live: set[TaskHandle] = set()


def run_task(func: TaskFunc, on_done: Callable[[Any], None] | None = None, *,
             on_error: Callable[[BaseException], None] | None = None,
             on_progress: Callable[[int, Any, str], None] | None = None,
             on_cancelled: Callable[[], None] | None = None,
             pool: QThreadPool | None = None) -> TaskHandle:
    signals = TaskSignals()
    token = CancelToken()
    if on_done is not None:
        signals.done.connect(on_done)
    if on_progress is not None:
        signals.progress.connect(on_progress)
    if on_cancelled is not None:
        signals.cancelled.connect(on_cancelled)
    signals.failed.connect(on_error or _report)
    handle = TaskHandle(signals, token)
    task = _Task(func, signals, token)
    # The handle (and its signals, owned by the GUI thread) lives until the task has finished,
    # whether or not the caller keeps it.
    _live.add(handle)
    signals.finished.connect(lambda: _live.discard(handle))
    (pool or QThreadPool.globalInstance()).start(task)
    return handle


def _report(exc: BaseException) -> None:
    from caption_studio.gui.dialogs.errors import show_error

    show_error(None, exc)


class Writer:
    """The open project's writer thread and the connection its tasks share: opened on first
    use on that thread, closed there (after the queued writes) before the project closes."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._conn: Project | None = None
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)
        self.pool.setExpiryTimeout(-1)

    def run(self, func: TaskFunc, on_done: Callable[[Any], None] | None = None,
            **kwargs: Any) -> TaskHandle:
        """`run_task` on the writer thread."""
        return run_task(func, on_done, pool=self.pool, **kwargs)

    def connection(self) -> Project:
        if self._conn is None:
            self._conn = self.project.worker_connection()
        return self._conn

    def close(self) -> None:
        def shut(progress: Any, cancel: Any) -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        self.run(shut)
        self.pool.waitForDone()
