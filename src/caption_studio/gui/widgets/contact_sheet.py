"""The contact sheet: a thumbnail grid and a list with columns over the same model and the
same selection, with a small bar for view mode, sort order and thumbnail size."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QSlider,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from caption_studio.gui.delegates.thumbnail_delegate import ThumbnailDelegate
from caption_studio.gui.models import roles
from caption_studio.gui.models.photo_model import PhotoModel

MIN_THUMB, MAX_THUMB, DEFAULT_THUMB = 96, 256, 160


class _Grid(QListView):
    activatedPhoto = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)  # no per-row sizeHint: 100,000 rows lay out at once
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(2000)
        self.setSpacing(4)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setWordWrap(False)
        self._cell = QSize(180, 200)

    def set_cell(self, size: QSize) -> None:
        self._cell = size
        self._spread()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        # The viewport also narrows when the scroll bar appears, without a resize of the view.
        if event.type() == QEvent.Type.Resize:
            self._spread()
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._spread()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        # Sized while hidden (a tab in the back, the start page in front, a dock coming
        # back), the view may not see its viewport's resize: the grid kept a one-column width.
        super().showEvent(event)
        self._spread()
        QTimer.singleShot(0, self._relayout)  # and once its layout has given it the final size

    def _relayout(self) -> None:
        self._spread()
        self.doItemsLayout()  # a layout made while hidden used the old viewport width

    def _spread(self) -> None:
        # Share the leftover width between the columns, so the sheet has no ragged gap on
        # the right whatever the window width.
        # The icon layout puts `spacing` before every cell and after the last one, and while
        # the scroll bar is hidden it keeps room for it (QListView's prepareItemsLayout): a
        # grid that fitted the bare viewport wrapped into one column.
        space = self.spacing()
        width = self.viewport().width() - space
        if not self.verticalScrollBar().isVisible():
            width -= self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        columns = max(1, width // (self._cell.width() + space))
        grid = QSize(max(self._cell.width(), width // columns - space), self._cell.height())
        if grid != self.gridSize():
            self.setGridSize(grid)


class ContactSheet(QWidget):
    """Emits `selectionChanged(ids)` and `photoActivated(id)` (double-click / Enter)."""

    selectionChanged = Signal(list)
    photoActivated = Signal(int)
    sortChanged = Signal(str, bool)

    # Marked for lupdate here; translated with self.tr() where the combo box is filled.
    SORTS = (("name", QT_TRANSLATE_NOOP("ContactSheet", "File name")),
             ("capture_time", QT_TRANSLATE_NOOP("ContactSheet", "Capture time")),
             ("photographer", QT_TRANSLATE_NOOP("ContactSheet", "Photographer")),
             ("status", QT_TRANSLATE_NOOP("ContactSheet", "Status")))

    def __init__(self, model: PhotoModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.delegate = ThumbnailDelegate(self, DEFAULT_THUMB)
        self.grid = _Grid(self)
        self.grid.setModel(model)
        self.grid.setItemDelegate(self.delegate)
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionModel(self.grid.selectionModel())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.horizontalHeader().resizeSection(0, 220)
        self.table.horizontalHeader().resizeSection(1, 260)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setFrameShape(QTableView.Shape.NoFrame)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.table)

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        self.grid_button = QToolButton(self, text=self.tr("Grid"), checkable=True, checked=True)
        self.list_button = QToolButton(self, text=self.tr("List"), checkable=True)
        group = QButtonGroup(self)
        group.addButton(self.grid_button)
        group.addButton(self.list_button)
        self.grid_button.toggled.connect(lambda on: self.set_mode("grid" if on else "list"))
        self.count_label = QLabel(self)
        self.sort_combo = QComboBox(self)
        for key, label in self.SORTS:
            self.sort_combo.addItem(self.tr(label), key)
        self.sort_combo.currentIndexChanged.connect(self._sort_changed)
        self.size_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.size_slider.setRange(MIN_THUMB, MAX_THUMB)
        self.size_slider.setValue(DEFAULT_THUMB)
        self.size_slider.setFixedWidth(120)
        self.size_slider.setToolTip(self.tr("Thumbnail size"))
        self.size_slider.valueChanged.connect(self.set_thumb_size)
        bar.addWidget(self.grid_button)
        bar.addWidget(self.list_button)
        bar.addSpacing(12)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("Sort by"), self))
        bar.addWidget(self.sort_combo)
        bar.addSpacing(12)
        bar.addWidget(self.size_slider)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self.grid.selectionModel().selectionChanged.connect(self._selection_changed)
        self.grid.doubleClicked.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        model.modelReset.connect(self._update_count)
        self.set_thumb_size(DEFAULT_THUMB)
        self._update_count()

    # -- view state ---------------------------------------------------------------------------

    @property
    def view(self) -> QAbstractItemView:
        return self.grid if self.stack.currentIndex() == 0 else self.table

    def mode(self) -> str:
        return "grid" if self.stack.currentIndex() == 0 else "list"

    def set_mode(self, mode: str) -> None:
        self.stack.setCurrentIndex(0 if mode == "grid" else 1)
        (self.grid_button if mode == "grid" else self.list_button).setChecked(True)
        current = self.grid.selectionModel().currentIndex()
        if current.isValid():
            self.view.scrollTo(current)

    def set_thumb_size(self, size: int) -> None:
        size = max(MIN_THUMB, min(MAX_THUMB, int(size)))
        self.delegate.set_thumb_size(size)
        if self.size_slider.value() != size:
            self.size_slider.setValue(size)
        line = self.fontMetrics().height()
        self.grid.set_cell(QSize(size + 20, size + line + 22))

    def thumb_size(self) -> int:
        return self.delegate.thumb_size

    def sort_key(self) -> str:
        return self.sort_combo.currentData()

    def set_sort_key(self, key: str) -> None:
        index = self.sort_combo.findData(key)
        if index >= 0:
            self.sort_combo.setCurrentIndex(index)

    # -- selection ----------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.grid.selectionModel().selectedRows())
        return [self.model.photo_id(r) for r in rows if r < self.model.rowCount()]

    def current_id(self) -> int | None:
        index = self.grid.selectionModel().currentIndex()
        return self.model.photo_id(index.row()) if index.isValid() else None

    def select_ids(self, ids: list[int]) -> None:
        selection = QItemSelection()
        rows = sorted(r for r in (self.model.row_of(pid) for pid in ids) if r is not None)
        for row in rows:
            selection.select(self.model.index(row, 0),
                             self.model.index(row, self.model.columnCount() - 1))
        sm = self.grid.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        sm.select(selection, flags.ClearAndSelect)
        if rows:
            sm.setCurrentIndex(self.model.index(rows[0], 0), flags.NoUpdate)
            self.view.scrollTo(self.model.index(rows[0], 0))
        self._selection_changed()

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag
        self.grid.selectionModel().setCurrentIndex(
            index, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(index)

    def move(self, step: int) -> None:
        current = self.grid.selectionModel().currentIndex()
        row = current.row() + step if current.isValid() else 0
        self.select_row(max(0, min(self.model.rowCount() - 1, row)))

    def _selection_changed(self, *args: object) -> None:
        self.selectionChanged.emit(self.selected_ids())

    def _activated(self, index: QModelIndex) -> None:
        pid = index.data(roles.PHOTO_ID)
        if pid is not None:
            self.photoActivated.emit(pid)

    def _sort_changed(self) -> None:
        self.sortChanged.emit(self.sort_key(), False)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(self.tr("1 photo") if n == 1
                                 else self.tr("{n} photos").format(n=f"{n:,}"))
