"""The large preview: Space or double-click opens it, arrows move between photos, F toggles
fit / 100%, Space or Esc closes. The picture (EXIF orientation applied) is decoded by a
worker; the window shows the thumbnail scaled up until it arrives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from caption_studio.core.errors import CaptionStudioError
from caption_studio.gui.workers import run_task


def load_preview(path: str, fingerprint: str | None, cache_dir: Path,
                 orientation: int | None) -> QImage:
    """Full-resolution picture, upright; from the file (the preview cache for RAW files)."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)  # EXIF orientation
    image = reader.read()
    if image.isNull():
        from caption_studio.core.media import thumbnails

        if fingerprint and Path(path).exists():
            cached = thumbnails.ensure_preview(cache_dir, path, fingerprint,
                                               orientation=orientation)
            image = QImage(str(cached))
        if image.isNull():
            why = "the file is missing" if not Path(path).exists() else reader.errorString()
            raise CaptionStudioError(f"{Path(path).name}: {why}")
    return image


class PreviewDialog(QDialog):
    """`step(n)` asks the owner for the photo n places away; it answers with `show_photo`."""

    moved = Signal(int)

    def __init__(self, parent: QWidget | None, cache_dir: Path,
                 step: Callable[[int], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preview"))
        self.cache_dir = cache_dir
        self._step = step
        self._pixmap: QPixmap | None = None
        self.fit = True
        self._token = 0
        self.image_label = QLabel(self)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setStyleSheet("background: #1e1e1e; color: #bbbbbb;")
        self.scroll = QScrollArea(self)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setWidget(self.image_label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("background: #1e1e1e;")
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setContentsMargins(10, 6, 10, 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.caption)
        self.resize(1100, 800)

    def show_photo(self, path: str, fingerprint: str | None, orientation: int | None,
                   title: str, caption: str, placeholder: QPixmap | None = None) -> None:
        self.setWindowTitle(title)
        self.caption.setText(caption or self.tr("(no caption)"))
        self._pixmap = placeholder
        self._render()
        self._token += 1
        token = self._token

        def load(progress, cancel) -> QImage:  # noqa: ANN001
            return load_preview(path, fingerprint, self.cache_dir, orientation)

        run_task(load, lambda image: self._loaded(token, image),
                 on_error=lambda exc: self._failed(token, exc))

    def _loaded(self, token: int, image: QImage) -> None:
        if token == self._token:
            self._pixmap = QPixmap.fromImage(image)
            self._render()

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:
            self._pixmap = None
            self.image_label.setText(str(exc))

    def toggle_fit(self) -> None:
        self.fit = not self.fit
        self._render()

    def _render(self) -> None:
        if self._pixmap is None or self._pixmap.isNull():
            self.image_label.setPixmap(QPixmap())
            self.image_label.setText(self.tr("Loading…"))
            return
        self.scroll.setWidgetResizable(self.fit)
        if self.fit:
            area = self.scroll.viewport().size()
            self.image_label.setPixmap(self._pixmap.scaled(
                area, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.image_label.setPixmap(self._pixmap)
            self.image_label.adjustSize()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.fit:
            self._render()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._step(-1)
        elif key in (Qt.Key.Key_F, Qt.Key.Key_1, Qt.Key.Key_Z):
            self.toggle_fit()
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Escape):
            self.close()
        else:
            super().keyPressEvent(event)
