"""Credit lists and contact sheets in the GUI: File > Export Credits… and File > Contact Sheet…"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from caption_studio.core.project.file import Project


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportActions", text)


def _file_menu(window: QMainWindow) -> QMenu:
    menu = getattr(window, "file_menu", None)
    if isinstance(menu, QMenu):
        return menu
    for action in window.menuBar().actions():
        sub = action.menu()
        if isinstance(sub, QMenu) and (sub.objectName() == "fileMenu" or sub.title().replace(
                "&", "") in ("File", _tr("File"), "文件")):
            return sub
    return window.menuBar().addMenu(_tr("&File"))


def _current_project(window: QMainWindow) -> Project | None:
    controller = getattr(window, "controller", None)
    project = getattr(controller, "project", None) or getattr(window, "project", None)
    return project if isinstance(project, Project) else None


def install_export_actions(window: QMainWindow,
                           project: Callable[[], Project | None] | None = None) -> list[QAction]:
    """Add the two export actions to the window's File menu; returns them."""
    from caption_studio.gui.export.contact_sheet import make_contact_sheet
    from caption_studio.gui.export.credits_dialog import CreditsDialog

    get_project = project or (lambda: _current_project(window))

    def need_project() -> Project | None:
        current = get_project()
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

    menu = _file_menu(window)
    credits_action = QAction(_tr("Export &Credits…"), window)
    credits_action.setObjectName("exportCreditsAction")
    credits_action.triggered.connect(export_credits)
    sheet_action = QAction(_tr("Contact Sheet (&PDF)…"), window)
    sheet_action.setObjectName("contactSheetAction")
    sheet_action.triggered.connect(sheet)
    # Above Close/Quit when the window's action registry has them, else at the end.
    by_name = getattr(getattr(window, "actions", None), "by_name", None)
    before = by_name.get("close") if isinstance(by_name, dict) else None
    if before is not None and before in menu.actions():
        menu.insertActions(before, [credits_action, sheet_action])
        menu.insertSeparator(before)
    else:
        menu.addSeparator()
        menu.addActions([credits_action, sheet_action])
    if isinstance(by_name, dict):
        by_name["export_credits"] = credits_action
        by_name["contact_sheet_pdf"] = sheet_action
    return [credits_action, sheet_action]
