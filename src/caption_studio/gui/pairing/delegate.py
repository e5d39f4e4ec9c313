"""Compact pairing rows: thumbnail, state chip, caption excerpt, photographer and date, so
twenty pairs fit on a screen and can be checked at a glance."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from caption_studio.gui.pairing.model import ROW, THUMBNAIL, PairRow

ROW_HEIGHT = 42  # twenty rows in a 900-pixel list
THUMB = 34
CHIP_WIDTH = 64

STATE_COLORS = {
    "confirmed": QColor("#2e7d32"),
    "sure": QColor("#1e88e5"),
    "ambiguous": QColor("#ef8f00"),
    "unmatched": QColor("#c62828"),
}


def state_label(state: str) -> str:
    labels = {
        "confirmed": QCoreApplication.translate("PairingView", "Confirmed"),
        "sure": QCoreApplication.translate("PairingView", "Sure"),
        "ambiguous": QCoreApplication.translate("PairingView", "Ambiguous"),
        "unmatched": QCoreApplication.translate("PairingView", "Unmatched"),
    }
    return labels.get(state, state)


class PairingDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(400, ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: PairRow | None = index.data(ROW)
        if row is None:
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                                option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = QColor(text_color)
        dim.setAlpha(150)
        r = option.rect.adjusted(4, 3, -4, -3)
        color = STATE_COLORS.get(row.state, QColor("#888"))
        painter.fillRect(QRect(r.left(), r.top(), 4, r.height()), color)

        thumb_rect = QRect(r.left() + 8, r.top(), THUMB, THUMB)
        pixmap = index.data(THUMBNAIL)
        if row.photo_id is None:
            painter.setPen(dim)
            painter.drawRect(thumb_rect.adjusted(0, 0, -1, -1))
            painter.drawText(thumb_rect, Qt.AlignmentFlag.AlignCenter, "?")
        elif pixmap is not None and not pixmap.isNull():
            scaled = pixmap.scaled(thumb_rect.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
            x = thumb_rect.left() + (THUMB - scaled.width()) // 2
            y = thumb_rect.top() + (THUMB - scaled.height()) // 2
            painter.drawPixmap(x, y, scaled)
        else:
            painter.fillRect(thumb_rect, QColor(128, 128, 128, 40))

        chip = QRect(thumb_rect.right() + 8, r.top() + (r.height() - 16) // 2, CHIP_WIDTH, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawRoundedRect(chip, 8, 8)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        painter.setFont(small)
        painter.setPen(QColor("white"))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, state_label(row.state))

        text_left = chip.right() + 10
        width = r.right() - text_left
        fm = QFontMetrics(option.font)
        small_fm = QFontMetrics(small)
        top = r.top() + max(0, (r.height() - fm.height() - small_fm.height()) // 2)
        painter.setFont(option.font)
        painter.setPen(text_color)
        if row.caption_id is not None:
            number = f"{row.position}. " if row.position else ""
            caption = fm.elidedText(number + row.caption, Qt.TextElideMode.ElideRight, width)
        else:
            caption = QCoreApplication.translate("PairingView", "No caption")
            painter.setPen(dim)
        painter.drawText(QRect(text_left, top, width, fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, caption)
        details = [row.file_name or QCoreApplication.translate("PairingView", "No photo"),
                   row.photographers, row.date]
        if row.score is not None and row.state != "confirmed":
            details.append(f"{row.score:.2f}")
        painter.setFont(small)
        painter.setPen(dim)
        painter.drawText(QRect(text_left, top + fm.height(), width, small_fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small_fm.elidedText("  ·  ".join(d for d in details if d),
                                             Qt.TextElideMode.ElideRight, width))
        painter.restore()

