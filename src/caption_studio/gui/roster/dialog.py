"""The roster dialog: the project's photographers, writers, agencies and papers. Names are
learnt from captions and files; Latin forms, staff/freelance/agency and variants are
corrected here and feed autocomplete and the credit lists."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core.desk import roster
from caption_studio.core.errors import CaptionStudioError
from caption_studio.gui.controller import Controller
from caption_studio.gui.roster.model import COLUMNS, RosterModel, choice_label


class _ChoiceDelegate(QStyledItemDelegate):
    def __init__(self, choices: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:  # noqa: N802
        box = QComboBox(parent)
        for value in self.choices:
            box.addItem(choice_label(value) or "—", value)
        return box

    def setEditorData(self, editor: QComboBox, index: Any) -> None:  # noqa: N802
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QComboBox, model: Any, index: Any) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class RosterDialog(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("rosterDialog")
        self.setWindowTitle(self.tr("Roster"))
        self.resize(860, 480)
        self.model = RosterModel(controller.project, self)
        self.model.error_handler = self._error
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter names, agencies, Latin forms…"))
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(COLUMNS.index("kind"),
                                            _ChoiceDelegate(roster.KINDS, self.table))
        self.table.setItemDelegateForColumn(COLUMNS.index("status"),
                                            _ChoiceDelegate(("", *roster.STATUSES), self.table))
        self.learn_button = QPushButton(self.tr("Learn from project"))
        self.learn_button.setToolTip(self.tr("Add the names found in captions, articles and "
                                             "photo credits"))
        self.learn_button.clicked.connect(self.learn)
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.clicked.connect(self.add)
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.setToolTip(self.tr("Merge the selected entries into the current one"))
        self.merge_button.clicked.connect(self.merge_selected)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.status = QLabel()
        buttons = QHBoxLayout()
        for b in (self.learn_button, self.add_button, self.merge_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addWidget(self.status, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.table.resizeColumnsToContents()
        self.model.modelReset.connect(self.table.resizeColumnsToContents)

    def _error(self, message: str) -> None:
        self.status.setText(message)
        self.controller.error.emit(message)

    def selected_ids(self) -> list[int]:
        """Selected entries, the current one (the row clicked last) first."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})
        current = self.table.currentIndex().row()
        if current in rows:
            rows.remove(current)
            rows.insert(0, current)
        return [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def learn(self) -> int:
        project = self.controller.project
        if project is None:
            return 0
        result = roster.learn_from_project(project)
        self.model.reload()
        self.status.setText(self.tr("{added} added, {updated} completed").format(
            added=len(result.added), updated=len(result.updated)))
        return len(result.added)

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add to roster"), self.tr("Name"))
        if ok and name.strip():
            self.add_name(name)

    def add_name(self, name: str, kind: str = "person") -> int | None:
        try:
            pid = roster.add(self.controller.project, name, kind)
        except CaptionStudioError as exc:
            self._error(str(exc))
            return None
        self.model.reload()
        return pid

    def merge_selected(self, *, ask: bool = True) -> bool:
        ids = self.selected_ids()
        if len(ids) < 2:
            self._error(self.tr("Select two or more entries to merge."))
            return False
        keep = roster.get(self.controller.project, ids[0])
        others = [roster.get(self.controller.project, i)["name"] for i in ids[1:]]
        if ask and QMessageBox.question(
                self, self.tr("Merge"),
                self.tr("Merge {others} into {keep}? Their names become variants of it.")
                .format(others="、".join(others), keep=keep["name"])
        ) != QMessageBox.StandardButton.Yes:
            return False
        roster.merge(self.controller.project, ids[0], ids[1:])
        self.model.reload()
        return True

    def delete_selected(self) -> None:
        for pid in self.selected_ids():
            roster.delete(self.controller.project, pid)
        self.model.reload()
