"""File > Publish to Archive…: copy the open project into the newsroom's PostgreSQL archive
on a worker thread, with progress, Cancel and a summary (`core.archive.publish`, the same
function as `caption-studio archive publish`).

The address is kept in the user settings; a password never is. An address that carries one
is refused with a pointer to ~/.pgpass or a libpq service file (`service=newsroom`), which
libpq reads by itself. psycopg is imported only when this dialog opens, so the window starts
as fast without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.fields import STATUS_CHOICES
from caption_studio.gui.settings import Settings
from caption_studio.gui.workers import TaskHandle, run_task

ADDRESS_KEY = "archive/address"
DESK_KEY = "archive/desk"


def password_in(address: str) -> bool:
    """Whether the connection string or URL carries a password (which must not be kept)."""
    from psycopg import conninfo

    try:
        return bool(conninfo.conninfo_to_dict(address).get("password"))
    except Exception:  # noqa: BLE001 - a malformed address: publish reports it
        return False


class PublishDialog(QDialog):
    def __init__(self, project_path: Path, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project_path = project_path
        self.settings = settings
        self.task: TaskHandle | None = None
        self.summary: Any = None
        self.setWindowTitle(self.tr("Publish to Archive"))
        self.setMinimumWidth(560)

        self.address = QLineEdit(str(settings.q.value(ADDRESS_KEY, "") or ""))
        self.address.setObjectName("archiveAddress")
        self.address.setPlaceholderText("service=newsroom  ·  postgresql://desk@archive/news")
        self.desk = QLineEdit(str(settings.q.value(DESK_KEY, "") or ""))
        self.desk.setPlaceholderText(self.tr("default: your PostgreSQL user name"))
        self.status = QComboBox()
        self.status.addItem(self.tr("All photos"), None)
        labels = {"new": self.tr("New"), "needs_review": self.tr("Needs review"),
                  "approved": self.tr("Approved")}
        for choice in STATUS_CHOICES:
            self.status.addItem(labels.get(choice, choice), choice)
        hint = QLabel(self.tr("Keep the password in ~/.pgpass or a libpq service file, never "
                              "in the address: it is saved in your settings."))
        hint.setWordWrap(True)
        hint.setObjectName("archiveHint")
        form = QFormLayout()
        form.addRow(self.tr("Archive"), self.address)
        form.addRow(self.tr("Desk"), self.desk)
        form.addRow(self.tr("Photos"), self.status)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("publishMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.publish_button = QPushButton(self.tr("Publish"))
        self.publish_button.setDefault(True)
        self.publish_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_or_close)
        self.buttons.addButton(self.publish_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)

        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(hint)
        column.addWidget(self.progress)
        column.addWidget(self.message)
        column.addWidget(self.buttons)

    # -- running -------------------------------------------------------------------------------

    def start(self) -> bool:
        address = self.address.text().strip()
        if not address:
            self._say(self.tr("Enter the archive's address first."), error=True)
            return False
        if password_in(address):
            self._say(self.tr("The address holds a password. Put the password in ~/.pgpass "
                              "(or use a service file) and leave it out of the address."),
                      error=True)
            return False
        self.settings.q.setValue(ADDRESS_KEY, address)
        self.settings.q.setValue(DESK_KEY, self.desk.text().strip())
        desk = self.desk.text().strip() or None
        status = self.status.currentData()
        path = self.project_path

        def work(progress: Any, cancel: Any) -> Any:
            from caption_studio.core.archive.publish import publish

            return publish(path, address, desk=desk, status=status, progress=progress,
                           cancel=cancel)

        self._running(True)
        self._say(self.tr("Publishing…"))
        self.task = run_task(work, self._done, on_error=self._failed,
                             on_progress=self._progress, on_cancelled=self._cancelled)
        return True

    def cancel_or_close(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()  # the publish rolls back: the archive stays as it was
            self.cancel_button.setEnabled(False)
            self._say(self.tr("Cancelling…"))
        else:
            self.reject()

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            self.cancel_or_close()  # Esc while publishing cancels first
            return
        super().reject()

    def _progress(self, done: int, total: Any, label: str) -> None:
        self.progress.setMaximum(int(total or 0))
        self.progress.setValue(done)
        self.progress.setFormat(label or "%p%")

    def _done(self, summary: Any) -> None:
        self.summary = summary
        self._running(False)
        text = self.tr("Published {photos} photos as desk {desk} in {seconds:.1f} s: {new} new "
                       "to the archive, {values} values changed, {conflicts} fields disagree "
                       "with another desk.").format(
            photos=summary.photos, desk=summary.desk, seconds=summary.seconds,
            new=summary.new_photos, values=summary.values_changed, conflicts=summary.conflicts)
        if not summary.changed:
            text = self.tr("The archive already had everything: {photos} photos, nothing "
                           "changed.").format(photos=summary.photos)
        self._say(text)

    def _failed(self, exc: BaseException) -> None:
        self._running(False)
        if isinstance(exc, CaptionStudioError):
            self._say(str(exc), error=True)
        else:
            self._say(self.tr("The publish failed: {error}").format(
                error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__), error=True)

    def _cancelled(self) -> None:
        self._running(False)
        self._say(self.tr("Cancelled: the archive is as it was."))

    def _running(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.publish_button.setEnabled(not on)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Cancel") if on else self.tr("Close"))
        for widget in (self.address, self.desk, self.status):
            widget.setEnabled(not on)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if error else "")
