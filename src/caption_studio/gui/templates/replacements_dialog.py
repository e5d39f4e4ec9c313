"""Edit the project's code replacements; import and export Photo Mechanic's tab-separated
file."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core.desk import replacements
from caption_studio.core.errors import CaptionStudioError
from caption_studio.gui.commands import changes_for
from caption_studio.gui.controller import Controller


class ReplacementsDialog(QDialog):
    # A few dozen to a few hundred codes: an item table is the simple, right tool here.
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("replacementsDialog")
        self.setWindowTitle(self.tr("Code Replacements"))
        self.resize(620, 440)
        hint = QLabel(self.tr("Type =code= in any field to insert its text. "
                              "Codes are case-sensitive."))
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Replacement")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(lambda: self.add_row("", ""))
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove_selected)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.clicked.connect(self.import_file)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self.export_file)
        self.status = QLabel()
        row = QHBoxLayout()
        for b in (add, remove, self.import_button, self.export_button):
            row.addWidget(b)
        row.addWidget(self.status, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save_and_close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.load(replacements.table(controller.project) if controller.project else {})

    def load(self, codes: dict[str, str]) -> None:
        self.table.setRowCount(0)
        for code, text in sorted(codes.items()):
            self.add_row(code, text)

    def add_row(self, code: str, text: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(code))
        self.table.setItem(r, 1, QTableWidgetItem(text))

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)

    def codes(self) -> dict[str, str]:
        out = {}
        for r in range(self.table.rowCount()):
            code, text = self.table.item(r, 0), self.table.item(r, 1)
            if code and text and code.text().strip() and text.text().strip():
                out[code.text().strip()] = text.text()
        return out

    def save(self) -> bool:
        try:
            replacements.set_codes(self.controller.project, self.codes(), replace_all=True)
        except CaptionStudioError as exc:
            self.status.setText(str(exc))
            return False
        self.controller.apply(changes_for("code replacements", lists={"replacements"}))
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import Code Replacements"), "",
                                              self.tr("Text files (*.txt *.tsv);;All files (*)"))
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> int:
        try:
            codes = replacements.read_file(path)
        except CaptionStudioError as exc:
            self.status.setText(str(exc))
            return 0
        merged = {**self.codes(), **codes}
        self.load(merged)
        self.status.setText(self.tr("{n} codes read").format(n=len(codes)))
        return len(codes)

    def export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Code Replacements"),
                                              "codes.txt", self.tr("Text files (*.txt)"))
        if path:
            replacements.write_file(self.codes(), path)
