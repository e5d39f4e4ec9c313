"""The desk's tools beside the photos: the roster, templates and code replacement dialogs,
the interface language, and learning the names new photos and articles bring. A collaborator
of the main window, like `WindowFlows`; its strings keep their translation context
(`ArticleFeatures`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox

from caption_studio.core.project.operations import Changes
from caption_studio.gui import i18n
from caption_studio.gui.controller import Controller

_LEARN_DELAY_MS = 1500


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArticleFeatures", text)


class DeskTools(QObject):
    def __init__(self, window: Any, controller: Controller) -> None:
        super().__init__(window)
        self.w = window
        self.controller = controller
        controller.projectChanged.connect(self.learn_names)
        # On open, after the first screen: on a big project learning takes a third of a
        # second of the writer thread, which would compete with the first thumbnails.
        controller.projectOpened.connect(
            lambda _project: QTimer.singleShot(_LEARN_DELAY_MS, self.learn_names))

    def learn_names(self, changes: Changes | None = None) -> None:
        """The roster learns the names that photos, articles and pairing (caption credits
        reaching the photos) bring, on the writer thread."""
        from caption_studio.core.desk import roster
        writer = self.controller.writer
        project = self.controller.project
        if writer is None or project is None or project.readonly:
            return
        if changes is not None and not (changes.photos_added or changes.articles
                                        or changes.pairings):
            return
        writer.run(lambda _p, _c: roster.learn_from_project(writer.connection()),
                   on_error=lambda exc: self.controller.error.emit(str(exc)))

    def roster(self) -> None:
        from caption_studio.gui.roster.dialog import RosterDialog

        if self.controller.project is not None:
            RosterDialog(self.controller, self.w).open()

    def templates(self) -> None:
        from caption_studio.gui.templates.dialog import TemplatesDialog

        if self.controller.project is not None:
            TemplatesDialog(self.controller, self.w).open()

    def replacements(self) -> None:
        from caption_studio.gui.templates.replacements_dialog import ReplacementsDialog

        if self.controller.project is not None:
            ReplacementsDialog(self.controller, self.w).open()

    def fill_language_menu(self, menu: QMenu, settings: Any) -> None:
        group = QActionGroup(menu)
        current = str(settings.value(i18n.SETTINGS_KEY, "") or "")
        for code, label in (("", _tr("System Language")), *i18n.LANGUAGES.items()):
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            group.addAction(action)
            menu.addAction(action)

        def chosen(action: QAction) -> None:
            i18n.set_language_setting(action.data(), settings)
            QMessageBox.information(self.w, _tr("Language"), _tr(
                "The new language is used the next time Caption Studio starts."))

        group.triggered.connect(chosen)
