"""After an import: what came in, and every skipped file with the reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core.media.importer import ImportSummary


def summary_text(summary: ImportSummary, tr) -> str:  # noqa: ANN001
    parts = [tr("{n} photos imported").format(n=summary.imported)]
    counts = ((summary.updated, tr("{n} updated")),
              (summary.unchanged, tr("{n} already in the project")),
              (summary.relinked, tr("{n} found at a new place")),
              (summary.duplicates, tr("{n} duplicates")))
    for n, text in counts:
        if n:
            parts.append(text.format(n=n))
    if summary.skipped:
        parts.append(tr("{n} skipped").format(n=len(summary.skipped)))
    text = ", ".join(parts)
    if summary.interrupted:
        text = tr("Import cancelled: {what}").format(what=text)
    return text


class ImportSummaryDialog(QDialog):
    def __init__(self, summary: ImportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import finished"))
        layout = QVBoxLayout(self)
        self.headline = QLabel(summary_text(summary, self.tr), self)
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        rows = [(p, r, self.tr("skipped")) for p, r in summary.skipped]
        rows += [(p, w, self.tr("warning")) for p, w in summary.warnings]
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Why"), ""])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        for r, (path, reason, kind) in enumerate(rows):
            for c, text in enumerate((str(path), str(reason), kind)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(0, 320)
        self.table.setVisible(bool(rows))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(820, 420 if rows else 140)
