"""Credit lists and contact sheets in the GUI: File > Export Credits… and File > Contact Sheet…"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from caption_studio.core.project.file import Project


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportActions", text)


def export_actions(window: QWidget, project: Callable[[], Project | None]) -> list[QAction]:
    """File > Export Credits… and File > Contact Sheet (PDF)… for `window`, on the project
    `project()` returns when triggered; the caller puts them in its menu."""
    from caption_studio.gui.export.contact_sheet import make_contact_sheet
    from caption_studio.gui.export.credits_dialog import CreditsDialog

    def need_project() -> Project | None:
        current = project()
        if current is None:
            QMessageBox.information(window, _tr("Export"), _tr("Open a project first."))
        return current

    def export_credits() -> None:
        current = need_project()
        if current is not None:
            dialog = CreditsDialog(current, window)
            dialog.setModal(True)
            dialog.open()

    def sheet() -> None:
        current = need_project()
        if current is not None:
            make_contact_sheet(window, current)

    credits_action = QAction(_tr("Export &Credits…"), window)
    credits_action.setObjectName("exportCreditsAction")
    credits_action.triggered.connect(export_credits)
    sheet_action = QAction(_tr("Contact Sheet (&PDF)…"), window)
    sheet_action.setObjectName("contactSheetAction")
    sheet_action.triggered.connect(sheet)
    return [credits_action, sheet_action]
