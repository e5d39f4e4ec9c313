"""Paints one contact-sheet cell: the thumbnail (or a placeholder while it loads), the file
name with a status dot, and badges for pairing, rating and warnings."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from caption_studio.gui.models import roles

STATUS_COLOURS = {"new": QColor("#9aa0a6"), "needs_review": QColor("#e8a317"),
                  "approved": QColor("#2e9d4f")}
PAIRING_COLOURS = {"confirmed": QColor("#2e7d32"), "sure": QColor("#1f6fb2"),
                   "ambiguous": QColor("#d08400")}
WARNING_COLOUR = QColor("#d93025")
_PAD = 6
_TEXT_LINES = 1


class ThumbnailDelegate(QStyledItemDelegate):
    def __init__(self, parent=None, thumb_size: int = 160) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.thumb_size = thumb_size

    def set_thumb_size(self, size: int) -> None:
        self.thumb_size = size

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        line = option.fontMetrics.height()
        return QSize(self.thumb_size + 2 * _PAD, self.thumb_size + 2 * _PAD + line * _TEXT_LINES + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        cell = option.rect.adjusted(2, 2, -2, -2)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(70)
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(cell), 6, 6)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(cell), 6, 6)

        size = min(self.thumb_size, cell.width() - 2 * _PAD)
        box = QRect(cell.left() + (cell.width() - size) // 2, cell.top() + _PAD, size, size)
        pixmap = index.data(roles.THUMBNAIL)
        if pixmap is not None and not pixmap.isNull():
            scaled = pixmap.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(box.center())
            painter.drawPixmap(target, pixmap)
            frame = target
        else:
            frame = box.adjusted(size // 10, size // 10, -size // 10, -size // 10)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Midlight))
            painter.drawRoundedRect(QRectF(frame), 4, 4)
            if index.data(roles.THUMBNAIL_ERROR):
                # A missing or damaged file: say so where the picture would be.
                painter.setPen(WARNING_COLOUR)
                painter.drawText(frame, Qt.AlignmentFlag.AlignCenter,
                                 QCoreApplication.translate("ThumbnailDelegate", "no picture"))

        painter.save()
        self._badges(painter, frame, index)
        painter.restore()

        line = option.fontMetrics.height()
        text_rect = QRect(cell.left() + _PAD, box.bottom() + 4, cell.width() - 2 * _PAD, line)
        status = index.data(roles.STATUS) or "new"
        dot = line // 2
        name = index.data(roles.FILE_NAME) or ""
        elided = option.fontMetrics.elidedText(name, Qt.TextElideMode.ElideMiddle,
                                               text_rect.width() - dot - 6)
        width = option.fontMetrics.horizontalAdvance(elided) + dot + 6
        left = text_rect.left() + max(0, (text_rect.width() - width) // 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(STATUS_COLOURS.get(status, STATUS_COLOURS["new"]))
        painter.drawEllipse(QRectF(left, text_rect.center().y() - dot / 2 + 1, dot, dot))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(QRect(left + dot + 6, text_rect.top(), width, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()

    def _badges(self, painter: QPainter, frame: QRect, index: QModelIndex) -> None:
        font = QFont(painter.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        font.setBold(True)
        painter.setFont(font)
        h = painter.fontMetrics().height() + 2
        pairing = index.data(roles.PAIRING)
        if pairing:
            mark = "?" if pairing == "ambiguous" else "✓"
            self._pill(painter, QRect(frame.left() + 4, frame.top() + 4, h + 4, h),
                       PAIRING_COLOURS.get(pairing, PAIRING_COLOURS["sure"]), mark)
        warnings = index.data(roles.WARNINGS)
        if warnings:
            self._pill(painter, QRect(frame.right() - h - 3, frame.top() + 4, h, h),
                       WARNING_COLOUR, "!")
        rating = index.data(roles.RATING) or 0
        if rating:
            text = "★" * rating
            w = painter.fontMetrics().horizontalAdvance(text) + 8
            self._pill(painter, QRect(frame.left() + 4, frame.bottom() - h - 3, w, h),
                       QColor(0, 0, 0, 150), text, QColor("#ffd54f"))

    @staticmethod
    def _pill(painter: QPainter, rect: QRect, colour: QColor, text: str,
              ink: QColor | None = None) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect), rect.height() / 2, rect.height() / 2)
        painter.fillPath(path, colour)
        painter.setPen(ink or QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
