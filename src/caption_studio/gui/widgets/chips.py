"""A list value (keywords, people, photographers) as removable chips plus a box to add more,
with autocomplete. Emits `added(text)` and `removed(text)`; the editor decides what that
means for each selected photo."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLayout, QLineEdit, QToolButton, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to the next line (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QWidgetItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802, ANN001
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802, ANN201
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802, ANN201
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._layout(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _layout(self, rect: QRect, *, apply: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


class ChipsEdit(QWidget):
    added = Signal(str)
    removed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flow = FlowLayout(self)
        self._chips: list[QToolButton] = []
        self.entry = QLineEdit(self)
        self.entry.setMinimumWidth(170)
        self.entry.setPlaceholderText(self.tr("Add…"))
        self.entry.returnPressed.connect(self._add_typed)
        self._flow.addWidget(self.entry)
        self.setFocusProxy(self.entry)

    def set_completer(self, completer: QCompleter) -> None:
        self.entry.setCompleter(completer)

    def set_items(self, items: list[str], *, mixed: bool = False) -> None:
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.hide()  # gone now, not when the event loop gets to deleting it
            chip.deleteLater()
        self._chips = []
        for text in items:
            chip = QToolButton(self)
            chip.setText(f"{text}  ×")
            chip.setProperty("chip", text)
            chip.setToolTip(self.tr("Remove “{text}”").format(text=text))
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.setStyleSheet("QToolButton { border: 1px solid palette(mid); border-radius: 9px;"
                               " padding: 1px 8px; background: palette(alternate-base); }"
                               "QToolButton:hover { border-color: palette(highlight); }")
            chip.clicked.connect(lambda _=False, t=text: self.removed.emit(t))
            self._chips.append(chip)
        # Chips before the entry box.
        self._flow.removeWidget(self.entry)
        for chip in self._chips:
            self._flow.addWidget(chip)
        self._flow.addWidget(self.entry)
        self.entry.setPlaceholderText(self.tr("(multiple values) add…") if mixed
                                      else self.tr("Add…"))
        self.updateGeometry()

    def items(self) -> list[str]:
        return [c.property("chip") for c in self._chips]

    def _add_typed(self) -> None:
        for part in self.entry.text().split(";"):
            text = part.strip()
            if text:
                self.added.emit(text)
        self.entry.clear()
