"""Thumbnails for the pairing rows, made or read from the project's cache on a thread pool
(the GUI thread never decodes an image); QImage in the worker, QPixmap on the GUI thread."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap

from caption_studio.core.media import thumbnails

_CACHE_SIZE = 400


class _Signals(QObject):
    loaded = Signal(int, QImage)


class _Load(QRunnable):
    def __init__(self, signals: _Signals, photo_id: int, cache_dir: Path, source: Path,
                 fingerprint: str | None, orientation: int | None) -> None:
        super().__init__()
        self.signals = signals
        self.args = (photo_id, cache_dir, source, fingerprint, orientation)

    def run(self) -> None:
        photo_id, cache_dir, source, fingerprint, orientation = self.args
        try:
            if fingerprint:
                path = thumbnails.ensure_thumbnail(cache_dir, source, fingerprint,
                                                   orientation=orientation)
                image = QImage(str(path))
            else:
                pil = thumbnails.load_scaled(source, thumbnails.THUMB_SIZE,
                                             orientation=orientation)
                data = pil.tobytes("raw", "RGB")
                image = QImage(data, pil.width, pil.height, pil.width * 3,
                               QImage.Format.Format_RGB888).copy()
        except Exception:  # noqa: BLE001 - a photo that cannot be shown keeps its placeholder
            image = QImage()
        self.signals.loaded.emit(photo_id, image)


class ThumbLoader(QObject):
    ready = Signal(int)  # photo id

    def __init__(self, project_getter: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project_getter
        self._pixmaps: OrderedDict[int, QPixmap] = OrderedDict()
        self._pending: set[int] = set()
        self._failed: set[int] = set()
        self._signals = _Signals()
        self._signals.loaded.connect(self._loaded)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)

    def clear(self) -> None:
        self._pixmaps.clear()
        self._failed.clear()

    def pixmap(self, row: Any) -> QPixmap | None:
        pid = row.photo_id
        if pid is None:
            return None
        if pid in self._pixmaps:
            self._pixmaps.move_to_end(pid)
            return self._pixmaps[pid]
        project = self._project()
        if pid not in self._pending and pid not in self._failed and project and row.path:
            self._pending.add(pid)
            self.pool.start(_Load(self._signals, pid, project.cache_dir,
                                  project.absolute(row.path), row.fingerprint, row.orientation))
        return None

    def _loaded(self, photo_id: int, image: QImage) -> None:
        self._pending.discard(photo_id)
        if image.isNull():
            self._failed.add(photo_id)
            return
        self._pixmaps[photo_id] = QPixmap.fromImage(image)
        while len(self._pixmaps) > _CACHE_SIZE:
            self._pixmaps.popitem(last=False)
        self.ready.emit(photo_id)
