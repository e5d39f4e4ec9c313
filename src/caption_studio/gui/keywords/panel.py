"""The keyword panel: browse the controlled vocabulary as a tree, find a keyword by name or
synonym, assign it (with its ancestors) to the selected photos, import and export the
Lightroom / Photo Mechanic keyword text file."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core.desk import keywords as kw
from caption_studio.core.errors import CaptionStudioError
from caption_studio.gui.commands import FieldsCommand
from caption_studio.gui.controller import Controller
from caption_studio.gui.widgets.buttons import tool_button

PATH_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class KeywordPanel(QWidget):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("keywordPanel")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a keyword or synonym"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.assign_current)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.doubleClicked.connect(lambda _i: self.assign_current())
        self.assign_button = tool_button(self.tr("Assign"),
                                          self.tr("Add the keyword to the selected photos"),
                                          self.assign_current)
        self.import_button = tool_button(self.tr("Import…"),
                                          self.tr("Import a tab-indented keyword list"),
                                          self.import_file)
        self.export_button = tool_button(self.tr("Export…"),
                                          self.tr("Export the keyword list"), self.export_file)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        for b in (self.assign_button, self.import_button, self.export_button):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        controller.projectReplaced.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.model.clear()
        project = self.controller.project
        items: dict[int, QStandardItem] = {}
        rows = kw.all_keywords(project) if project else []
        for k in sorted(rows, key=lambda r: r["path"].count(kw.SEP)):
            label = k["name"] if k["exportable"] else f"[{k['name']}]"
            item = QStandardItem(label)
            item.setData(k["path"], PATH_ROLE)
            if k["synonyms"]:
                item.setToolTip("、".join(k["synonyms"]))
            parent = items.get(k["parent_id"]) if k["parent_id"] else None
            (parent or self.model.invisibleRootItem()).appendRow(item)
            items[k["id"]] = item
        self.model.sort(0)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        project = self.controller.project
        if not text.strip() or project is None:
            self._show_all(self.model.invisibleRootItem())
            self.tree.collapseAll()
            return
        matches = {k["path"] for k in kw.search(project, text)}
        keep = {kw.SEP.join(p.split(kw.SEP)[:i]) for p in matches
                for i in range(1, p.count(kw.SEP) + 2)}
        self._apply_filter(self.model.invisibleRootItem(), keep)
        self.tree.expandAll()
        first = self._first_match(self.model.invisibleRootItem(), matches)
        if first is not None:
            self.tree.setCurrentIndex(first)

    def _show_all(self, item: QStandardItem) -> None:
        for r in range(item.rowCount()):
            self.tree.setRowHidden(r, item.index(), False)
            self._show_all(item.child(r))

    def _apply_filter(self, item: QStandardItem, keep: set[str]) -> None:
        for r in range(item.rowCount()):
            child = item.child(r)
            self.tree.setRowHidden(r, item.index(), child.data(PATH_ROLE) not in keep)
            self._apply_filter(child, keep)

    def _first_match(self, item: QStandardItem, matches: set[str]) -> QModelIndex | None:
        for r in range(item.rowCount()):
            child = item.child(r)
            if child.data(PATH_ROLE) in matches:
                return child.index()
            found = self._first_match(child, matches)
            if found is not None:
                return found
        return None

    def selected_paths(self) -> list[str]:
        indexes = self.tree.selectionModel().selectedIndexes()
        if not indexes and self.tree.currentIndex().isValid():
            indexes = [self.tree.currentIndex()]
        return [i.data(PATH_ROLE) for i in indexes if i.data(PATH_ROLE)]

    def assign_current(self) -> bool:
        project = self.controller.project
        paths = self.selected_paths()
        photos = list(self.controller.selected_ids)
        if project is None or not paths:
            return False
        if not photos:
            self.status.setText(self.tr("Select photos first."))
            return False
        names = "、".join(p.split(kw.SEP)[-1] for p in paths)
        ok = self.controller.push(FieldsCommand(
            self.controller, self.tr("Assign keywords {names}").format(names=names),
            lambda: kw.assign(project, photos, paths)))
        if ok:
            self.status.setText(self.tr("{names} added to {n} photos").format(
                names=names, n=len(photos)))
        return ok

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import Keywords"), "",
                                              self.tr("Text files (*.txt);;All files (*)"))
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> int:
        try:
            added = kw.import_file(self.controller.project, path)
        except CaptionStudioError as exc:
            self.status.setText(str(exc))
            self.controller.error.emit(str(exc))
            return 0
        self.reload()
        self.status.setText(self.tr("{n} keywords added").format(n=added))
        return added

    def export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Keywords"), "keywords.txt",
                                              self.tr("Text files (*.txt)"))
        if path:
            kw.export_file(self.controller.project, path)
