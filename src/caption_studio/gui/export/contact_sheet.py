"""File > Contact Sheet…: the core contact sheet on a QThreadPool worker, with a progress
dialog and Cancel. The worker reads through its own connection (a SQLite connection belongs
to one thread); the GUI thread only draws progress."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from caption_studio.core.errors import Cancelled
from caption_studio.core.export.contact_sheet import contact_sheet
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken


def _tr(text: str) -> str:
    # One fixed context: the strings are listed for lupdate in gui/i18n_labels.py.
    return QCoreApplication.translate("ContactSheetExport", text)


class ContactSheetJob(QObject):
    progress = Signal(int, int, str)  # done, total, file name
    finished = Signal(str)  # the PDF written
    failed = Signal(str)  # one line for a person
    cancelled = Signal()

    def __init__(self, project: Project, out_path: str | os.PathLike[str], *,
                 article_id: int | None = None, columns: int = 4,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.out_path = Path(out_path)
        self.article_id = article_id
        self.columns = columns
        self.token = CancelToken()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def cancel(self) -> None:
        self.token.cancel()

    def run(self) -> None:  # on the worker thread
        try:
            with self.project.worker_connection() as conn:
                written = contact_sheet(
                    conn, self.out_path, article_id=self.article_id, columns=self.columns,
                    progress=lambda done, total, label: self.progress.emit(done, total or 0, label),
                    cancel=self.token)
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - shown to the user as one line
            self.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.finished.emit(str(written))


class _Runner(QRunnable):
    def __init__(self, job: ContactSheetJob) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job.run()


def make_contact_sheet(parent: QWidget, project: Project, *, article_id: int | None = None,
                       columns: int = 4, out_path: str | None = None) -> ContactSheetJob | None:
    """Ask for the PDF file (unless given), then build it in the background with progress."""
    if out_path is None:
        suggested = str(project.folder / f"{project.name}-contact-sheet.pdf")
        out_path, _ = QFileDialog.getSaveFileName(
            parent, _tr("Save Contact Sheet"), suggested, _tr("PDF files (*.pdf)"))
        if not out_path:
            return None
        if not out_path.lower().endswith(".pdf"):
            out_path += ".pdf"
    job = ContactSheetJob(project, out_path, article_id=article_id, columns=columns,
                          parent=parent)
    dialog = QProgressDialog(_tr("Making the contact sheet…"), _tr("Cancel"), 0, 0,
                             parent)
    dialog.setWindowTitle(_tr("Contact Sheet"))
    dialog.setMinimumDuration(300)
    dialog.canceled.connect(job.cancel)

    def on_progress(done: int, total: int, label: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(_tr("Making the contact sheet… {name}").format(name=label))

    def close(*_: Any) -> None:
        dialog.reset()
        dialog.deleteLater()

    job.progress.connect(on_progress)
    for signal in (job.finished, job.failed, job.cancelled):
        signal.connect(close)
    job.failed.connect(lambda message: QMessageBox.warning(
        parent, _tr("Contact Sheet"),
        _tr("The contact sheet could not be made: {error}").format(error=message)))
    job.start()
    return job
