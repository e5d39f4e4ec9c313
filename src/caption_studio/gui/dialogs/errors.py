"""Errors a person sees: one clear sentence in a dialog, the details in the log file. Also the
last-resort hook, so an unexpected exception is a message, never a dead window."""

from __future__ import annotations

import logging
import sqlite3
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from caption_studio.core.errors import CaptionStudioError

log = logging.getLogger("caption_studio")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def message_for(exc: BaseException) -> str:
    """A sentence a person understands, for any exception."""
    if isinstance(exc, CaptionStudioError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return _tr("The file {name} is missing: it was moved, renamed or deleted.").format(
            name=Path(exc.filename or "").name or "?")
    if isinstance(exc, PermissionError):
        return _tr("Caption Studio is not allowed to use {name} (permission denied).").format(
            name=exc.filename or "?")
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return _tr("A file could not be read or written: {why}").format(
            why=f"{exc.strerror or exc}{where}")
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc)
        if "malformed" in text or "not a database" in text:
            return _tr("The project file is damaged ({why}). Open a backup copy "
                       "(*.bak beside it) or import the photos into a new project.").format(
                why=text)
        if "readonly" in text or "read-only" in text:
            return _tr("The project file cannot be written (read-only file or folder).")
        return _tr("The project file could not be used: {why}").format(why=text)
    if isinstance(exc, MemoryError):
        return _tr("There is not enough memory for this; close other programs and try again.")
    return _tr("Something went wrong that Caption Studio did not expect ({kind}: {why}). "
               "Your edits so far are saved. Details are in {log}.").format(
        kind=type(exc).__name__, why=exc, log=log_path())


def show_error(parent: QWidget | None, exc: BaseException | str, title: str | None = None) -> None:
    text = exc if isinstance(exc, str) else message_for(exc)
    if isinstance(exc, BaseException) and not isinstance(exc, CaptionStudioError):
        log.error("error shown to the user", exc_info=exc)
    if QApplication.instance() is None:
        print(text, file=sys.stderr)
        return
    present(parent, title or _tr("Caption Studio"), text)


def present(parent: QWidget | None, title: str, text: str) -> None:
    """Show the message (tests replace this, as nobody can click a modal box there)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.exec()


def log_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) \
        if QApplication.instance() is not None else ""
    base = Path(folder or Path.home() / ".caption-studio")
    return base / "caption-studio.log"


def setup_logging() -> Path:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_excepthook() -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        try:
            show_error(QApplication.activeWindow(), exc)
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            traceback.print_exception(kind, exc, tb)

    sys.excepthook = hook
