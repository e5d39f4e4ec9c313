"""Long work (import, thumbnails, pairing, write-back, export) is a plain function that takes a
`progress` callback and a `cancel` token. The CLI draws a progress bar; the GUI runs the same
function on a worker thread and shows it in the status bar with a Cancel button."""

from __future__ import annotations

import threading
from collections.abc import Callable

from caption_studio.core.errors import Cancelled

# progress(done, total, label): total is None while unknown (e.g. still scanning folders).
Progress = Callable[[int, int | None, str], None]


def no_progress(done: int, total: int | None, label: str = "") -> None:
    """The default when nobody is watching."""


class CancelToken:
    """Set from any thread; long work checks it between items and stops cleanly."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled")
