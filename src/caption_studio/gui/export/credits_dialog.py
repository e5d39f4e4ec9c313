"""File > Export Credits…: filters, a preview of the rows and the printable credit line, and
Save in the chosen format. Reading credit rows is one SQL query over the `credits` view, fast
enough to run on the GUI thread for a month of pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.export.credit_files import credit_lines_text, write_credits
from caption_studio.core.export.credit_rows import credit_rows, summarize
from caption_studio.core.fields import STATUS_CHOICES
from caption_studio.core.project.file import Project
from caption_studio.gui.export.credits_model import CreditRowsModel


class CreditsDialog(QDialog):
    saved = Signal(str)  # the path written

    def __init__(self, project: Project, parent: QWidget | None = None, *,
                 article_id: int | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Export Credits"))
        self.model = CreditRowsModel(self)

        self.article = QComboBox()
        self.article.addItem(self.tr("All articles"), None)
        for aid, headline, date in project.conn.execute(
                "SELECT id, headline, date FROM articles ORDER BY date, id"):
            label = headline or self.tr("Article {id}").format(id=aid)
            self.article.addItem(f"{label} ({date})" if date else label, aid)
        if article_id is not None:
            self.article.setCurrentIndex(max(0, self.article.findData(article_id)))
        self.use_from, self.date_from = self._date_filter()
        self.use_to, self.date_to = self._date_filter()
        self.status = QComboBox()
        self.status.addItem(self.tr("Any status"), None)
        labels = {"new": self.tr("New"), "needs_review": self.tr("Needs review"),
                  "approved": self.tr("Approved")}
        for choice in STATUS_CHOICES:
            self.status.addItem(labels.get(choice, choice), choice)
        self.format = QComboBox()
        for fmt, label in (("csv", self.tr("CSV (Excel, WPS)")), ("xlsx", self.tr("Excel workbook")),
                           ("json", self.tr("JSON")), ("md", self.tr("Markdown table")),
                           ("txt", self.tr("Printable credit lines (text)"))):
            self.format.addItem(label, fmt)

        form = QFormLayout()
        form.addRow(self.tr("Article:"), self.article)
        form.addRow(self.tr("From:"), self._pair(self.use_from, self.date_from))
        form.addRow(self.tr("To:"), self._pair(self.use_to, self.date_to))
        form.addRow(self.tr("Status:"), self.status)
        form.addRow(self.tr("Format:"), self.format)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        self.lines = QPlainTextEdit()
        self.lines.setReadOnly(True)
        self.lines.setPlaceholderText(self.tr("The printable credit line appears here."))
        self.summary = QLabel()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.lines)
        splitter.setStretchFactor(0, 3)
        splitter.setSizes([420, 110])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.choose_file_and_save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

        for combo in (self.article, self.status):
            combo.currentIndexChanged.connect(self.refresh)
        for box in (self.use_from, self.use_to):
            box.toggled.connect(self.refresh)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.refresh)
        self.resize(1000, 640)
        self.refresh()

    def _date_filter(self) -> tuple[QCheckBox, QDateEdit]:
        box = QCheckBox()
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        box.toggled.connect(edit.setEnabled)
        return box, edit

    @staticmethod
    def _pair(box: QCheckBox, edit: QDateEdit) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(box)
        row.addWidget(edit, 1)
        return holder

    def filters(self) -> dict[str, object]:
        return {
            "article_id": self.article.currentData(),
            "date_from": self.date_from.date().toString("yyyy-MM-dd")
            if self.use_from.isChecked() else None,
            "date_to": self.date_to.date().toString("yyyy-MM-dd")
            if self.use_to.isChecked() else None,
            "status": self.status.currentData(),
        }

    def refresh(self) -> None:
        try:
            rows = credit_rows(self.project, **self.filters())  # type: ignore[arg-type]
        except CaptionStudioError as exc:
            rows = []
            self.summary.setText(str(exc))
        else:
            totals = summarize(rows)
            self.summary.setText(self.tr(
                "Photos: {photos} · photographers: {people} · agencies: {agencies}").format(
                photos=totals.photos, people=len(totals.photographers),
                agencies=len(totals.agencies)))
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.lines.setPlainText(credit_lines_text(rows))
        self.save_button.setEnabled(bool(rows))

    def choose_file_and_save(self) -> None:
        fmt = self.format.currentData()
        filters = {"csv": self.tr("CSV files (*.csv)"), "xlsx": self.tr("Excel workbooks (*.xlsx)"),
                   "json": self.tr("JSON files (*.json)"), "md": self.tr("Markdown files (*.md)"),
                   "txt": self.tr("Text files (*.txt)")}
        suggested = str(self.project.folder / f"{self.project.name}-credits.{fmt}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save Credits"), suggested,
                                              filters[fmt])
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> Path | None:
        fmt = self.format.currentData()
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        try:
            written = write_credits(self.model.rows(), path, fmt)
        except (CaptionStudioError, OSError) as exc:
            QMessageBox.critical(self, self.tr("Export Credits"),
                                 self.tr("The credits could not be saved: {error}").format(
                                     error=str(exc)))
            return None
        self.saved.emit(str(written))
        return written
