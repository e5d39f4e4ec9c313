"""One search box over every field and the file name, plus quick filters. Emits `changed`
a moment after the person stops typing (results appear as you type, without a query per
keystroke on a big project)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QToolButton, QWidget

from caption_studio.core.project.search import Filters

_DEBOUNCE_MS = 120


class _LazyCombo(QComboBox):
    """Fills itself when opened: listing the photographers of 100,000 photos is not worth
    doing at start-up for a filter most sessions never open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: Callable[[], list[str]] | None = None
        self.fill: Callable[[list[str]], None] | None = None

    def showPopup(self) -> None:  # noqa: N802
        if self.source is not None and self.fill is not None:
            source, self.source = self.source, None
            self.fill(source())
        super().showPopup()


class SearchBar(QWidget):
    changed = Signal(str, object)  # query, core.search.Filters

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QLineEdit(self)
        self.box.setPlaceholderText(
            self.tr("Search captions, names, places, keywords, file names…"))
        self.box.setClearButtonEnabled(True)
        self.box.setMinimumWidth(280)
        self.unpaired = self._toggle(self.tr("Unpaired"), self.tr("Photos without a caption"))
        self.review = self._toggle(self.tr("Needs review"), "")
        self.approved = self._toggle(self.tr("Approved"), "")
        self.photographer = _LazyCombo(self)
        self.photographer.fill = self.set_photographers
        self.photographer.setMinimumContentsLength(8)
        self.photographer.setToolTip(self.tr("Only this photographer's photos"))
        self.photographer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.set_photographers([])
        self.date = QLineEdit(self)
        self.date.setPlaceholderText(self.tr("Date: 2024-05"))
        self.date.setToolTip(self.tr("Year, month or day: 2024, 2024-05 or 2024-05-03"))
        self.date.setClearButtonEnabled(True)
        self.date.setFixedWidth(self.fontMetrics().horizontalAdvance("Date: 2024-05-03") + 40)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.box, 1)
        for w in (self.unpaired, self.review, self.approved, self.photographer, self.date):
            layout.addWidget(w)

        self._timer = QTimer(self, singleShot=True, interval=_DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self.box.textChanged.connect(self._timer.start)
        self.date.textChanged.connect(self._timer.start)
        self.photographer.currentIndexChanged.connect(self._emit)
        self.review.toggled.connect(lambda on: on and self.approved.setChecked(False))
        self.approved.toggled.connect(lambda on: on and self.review.setChecked(False))

    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self, text=text, checkable=True)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.toggled.connect(self._emit)
        return button

    def set_photographers(self, names: list[str]) -> None:
        current = self.photographer.currentData()
        self.photographer.blockSignals(True)
        self.photographer.clear()
        self.photographer.addItem(self.tr("All photographers"), None)
        for name in names:
            self.photographer.addItem(name, name)
        index = self.photographer.findData(current)
        self.photographer.setCurrentIndex(max(0, index))
        self.photographer.blockSignals(False)

    def set_photographer_source(self, source: Callable[[], list[str]] | None) -> None:
        """Where the photographer list comes from; it is read when the list is opened."""
        self.photographer.source = source

    def query(self) -> str:
        return self.box.text()

    def filters(self) -> Filters:
        status = "needs_review" if self.review.isChecked() else \
            "approved" if self.approved.isChecked() else None
        date = self.date.text().strip() or None
        return Filters(unpaired=self.unpaired.isChecked(), status=status,
                       photographer=self.photographer.currentData(), date=date)

    def clear(self) -> None:
        for w in (self.unpaired, self.review, self.approved):
            w.setChecked(False)
        self.box.clear()
        self.date.clear()
        self.photographer.setCurrentIndex(0)

    def focus(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def flush(self) -> None:
        """Apply what is typed now (Enter, tests)."""
        self._timer.stop()
        self._emit()

    def _emit(self) -> None:
        self._timer.stop()
        self.changed.emit(self.query(), self.filters())
