"""Thumbnails for the contact sheet and the pairing view (one loader per open project, owned
by the controller), loaded by workers and never on the GUI thread.

A view asks for a pixmap while painting; if it is not in memory the loader queues the photo
and returns None (the delegate draws a placeholder), so scrolling never waits. The most
recently asked-for photos load first and the queue forgets photos scrolled past long ago.
Workers build a QImage (from the cached thumbnail, made by core.thumbnails if missing); the
GUI thread turns it into a QPixmap.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.media import thumbnails

log = logging.getLogger(__name__)

_MEMORY = 400  # pixmaps kept (256 px JPEG thumbnails: ~200 KB each)
_QUEUE = 300  # requests kept; older ones were scrolled past
_THREADS = 2


class _Signals(QObject):
    loaded = Signal(int, QImage)
    failed = Signal(int, str)


class _Load(QRunnable):
    def __init__(self, signals: _Signals, photo_id: int, cache_dir: Path, source: str,
                 fingerprint: str | None, orientation: int | None) -> None:
        super().__init__()
        self.signals, self.photo_id, self.cache_dir = signals, photo_id, cache_dir
        self.source, self.fingerprint, self.orientation = source, fingerprint, orientation

    def run(self) -> None:
        try:
            image = load_thumbnail(self.cache_dir, self.source, self.fingerprint,
                                   self.orientation)
        except CaptionStudioError as exc:
            self.signals.failed.emit(self.photo_id, str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the sheet
            log.warning("thumbnail of %s: %s", self.source, exc)
            self.signals.failed.emit(self.photo_id, str(exc))
        else:
            self.signals.loaded.emit(self.photo_id, image)


def load_thumbnail(cache_dir: Path, source: str, fingerprint: str | None,
                   orientation: int | None, size: int = thumbnails.THUMB_SIZE) -> QImage:
    if fingerprint:
        cached = thumbnails.thumbnail_path(cache_dir, fingerprint, size)
        if not cached.exists():
            if not Path(source).exists():
                raise CaptionStudioError(f"{Path(source).name}: the file is missing")
            cached = thumbnails.ensure_thumbnail(cache_dir, source, fingerprint,
                                                 orientation=orientation, size=size)
        image = QImage(str(cached))
    else:
        picture = thumbnails.load_scaled(source, size, orientation=orientation)
        data = picture.tobytes("raw", "RGB")
        image = QImage(data, picture.width, picture.height, picture.width * 3,
                       QImage.Format.Format_RGB888).copy()
    if image.isNull():
        raise CaptionStudioError(f"{Path(source).name}: the thumbnail cannot be read")
    return image


class ThumbnailLoader(QObject):
    ready = Signal(int)  # photo id

    def __init__(self, cache_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache_dir = cache_dir
        self._pixmaps: OrderedDict[int, QPixmap] = OrderedDict()
        self._failed: dict[int, str] = {}
        self._queue: OrderedDict[int, tuple[str, str | None, int | None]] = OrderedDict()
        self._running: set[int] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(_THREADS)
        self._signals = _Signals(self)
        self._signals.loaded.connect(self._loaded)
        self._signals.failed.connect(self._failed_one)

    def pixmap(self, row) -> QPixmap | None:  # noqa: ANN001 - a models.PhotoRow
        return self.pixmap_for(row.id, row.path, row.fingerprint, row.orientation)

    def pixmap_for(self, photo_id: int, source: str, fingerprint: str | None,
                   orientation: int | None) -> QPixmap | None:
        """The photo's thumbnail if it is in memory; else None, and it is queued (most
        recently asked first): `ready(photo_id)` says when to ask again."""
        pixmap = self._pixmaps.get(photo_id)
        if pixmap is not None:
            self._pixmaps.move_to_end(photo_id)
            return pixmap
        if photo_id not in self._failed and photo_id not in self._running:
            self._queue[photo_id] = (source, fingerprint, orientation)
            self._queue.move_to_end(photo_id)
            while len(self._queue) > _QUEUE:
                self._queue.popitem(last=False)
            self._pump()
        return None

    def error(self, photo_id: int) -> str | None:
        return self._failed.get(photo_id)

    def forget(self, photo_ids) -> None:  # noqa: ANN001
        for pid in photo_ids:
            self._pixmaps.pop(pid, None)
            self._failed.pop(pid, None)

    def pending(self) -> int:
        return len(self._queue) + len(self._running)

    def wait(self) -> None:
        self._pool.waitForDone()

    def clear(self) -> None:
        self._queue.clear()
        self._pool.clear()
        self._pool.waitForDone()
        self._pixmaps.clear()
        self._failed.clear()
        self._running.clear()

    def _pump(self) -> None:
        while self._queue and len(self._running) < _THREADS * 2:
            pid, (source, fingerprint, orientation) = self._queue.popitem(last=True)
            self._running.add(pid)
            self._pool.start(_Load(self._signals, pid, self.cache_dir, source, fingerprint,
                                   orientation))

    def _loaded(self, photo_id: int, image: QImage) -> None:
        self._running.discard(photo_id)
        self._pixmaps[photo_id] = QPixmap.fromImage(image)
        while len(self._pixmaps) > _MEMORY:
            self._pixmaps.popitem(last=False)
        self._pump()
        self.ready.emit(photo_id)

    def _failed_one(self, photo_id: int, message: str) -> None:
        self._running.discard(photo_id)
        self._failed[photo_id] = message
        self._pump()
        self.ready.emit(photo_id)
