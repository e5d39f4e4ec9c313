"""Everything of the article and pairing workflow in the main window, installed with one
call from main_window: the article pane (dock), the pairing view (a tab beside the contact
sheet), the keyword panel (dock), Tools > Roster / Templates / Code Replacements, pairing
actions, code replacement in every text field, and View > Language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from caption_studio.gui import i18n
from caption_studio.gui.article.host import Host
from caption_studio.gui.article.pane import ArticlePane
from caption_studio.gui.keywords.panel import KeywordPanel
from caption_studio.gui.pairing.view import PairingView
from caption_studio.gui.templates.code_replacement import install_app_wide, lookup_for


def install_article_features(window: QMainWindow) -> Host:
    w: Any = window
    host = Host.for_controller(w.controller)
    w.article_host = host
    w.article_pane = ArticlePane(host)
    w.article_dock = w.add_pane(w.article_pane, QCoreApplication.translate("ArticleFeatures", "Article"),
                                Qt.DockWidgetArea.LeftDockWidgetArea)
    w.article_dock.setObjectName("dock-article")
    w.pairing_view = PairingView(host)
    w.add_center_tab(w.pairing_view, QCoreApplication.translate("ArticleFeatures", "Pairing"))
    w.keyword_panel = KeywordPanel(host)
    w.keyword_dock = w.add_pane(w.keyword_panel, QCoreApplication.translate("ArticleFeatures", "Keywords"),
                                Qt.DockWidgetArea.RightDockWidgetArea)
    w.keyword_dock.setObjectName("dock-keywords")
    w.keyword_dock.hide()  # the editor has keyword chips; the tree is for tagging sessions
    w.code_replacement_filter = install_app_wide(lookup_for(host), window)

    actions = w.actions
    m = _insert_menu(window, "pairing", QCoreApplication.translate("ArticleFeatures", "P&airing"), before="view")
    actions.add(m, "auto_pair", QCoreApplication.translate("ArticleFeatures", "&Auto-pair"), w.pairing_view.auto_pair, "Ctrl+Shift+P")
    actions.add(m, "confirm_sure", QCoreApplication.translate("ArticleFeatures", "Confirm All &Sure Pairs"),
                w.pairing_view.confirm_all_sure)
    actions.add(m, "unpair", QCoreApplication.translate("ArticleFeatures", "&Unpair Selected"), w.pairing_view.unpair_selected)
    actions.add(m, "why", QCoreApplication.translate("ArticleFeatures", "&Why This Pair?"), w.pairing_view.explain_selected)
    m.addSeparator()
    actions.add(m, "paste_article", QCoreApplication.translate("ArticleFeatures", "&Paste Article"), w.article_pane.paste_article,
                "Ctrl+Shift+V")
    actions.add(m, "show_pairing", QCoreApplication.translate("ArticleFeatures", "Show &Pairing View"),
                lambda: w.center_tabs.setCurrentWidget(w.pairing_view), "Ctrl+3")

    tools = _insert_menu(window, "tools", QCoreApplication.translate("ArticleFeatures", "&Tools"), before="window")
    actions.add(tools, "roster", QCoreApplication.translate("ArticleFeatures", "&Roster…"), lambda: _roster(w, host))
    actions.add(tools, "templates", QCoreApplication.translate("ArticleFeatures", "&Templates…"), lambda: _templates(w, host), "Ctrl+T")
    actions.add(tools, "replacements", QCoreApplication.translate("ArticleFeatures", "&Code Replacements…"),
                lambda: _replacements(w, host))
    tools.addSeparator()
    tools.addAction(w.keyword_dock.toggleViewAction())

    _language_menu(window, actions.menus["view"])
    _learn_names_as_they_come(w, host)
    return host


# What brings new names: imports, articles and pairing (the caption credits reach the photos).
_NAME_ACTIONS = ("import", "import_article", "import article", "pair")
_LEARN_DELAY_MS = 1500


def _learn_names_as_they_come(w: Any, host: Host) -> None:
    from caption_studio.core.desk import roster
    from caption_studio.gui.workers import run_task

    def learn(changes: Any = None) -> None:
        writer = host.writer()
        if writer is None or host.project is None or host.project.readonly:
            return
        if changes is not None and getattr(changes, "action", "") not in _NAME_ACTIONS:
            return
        run_task(lambda _p, _c: roster.learn_from_project(writer.connection()), writer=True,
                 on_error=lambda exc: host.failed.emit(str(exc)))

    w.controller.projectChanged.connect(learn)
    # On open, after the first screen: on a big project learning takes a third of a second of
    # the writer thread, which would compete with the first thumbnails.
    w.controller.projectOpened.connect(
        lambda _project: QTimer.singleShot(_LEARN_DELAY_MS, learn))


def _insert_menu(window: QMainWindow, name: str, title: str, *, before: str) -> QMenu:
    actions: Any = window.actions  # type: ignore[attr-defined]
    menu = QMenu(title, window)
    menu.setObjectName(f"{name}Menu")
    window.menuBar().insertMenu(actions.menus[before].menuAction(), menu)
    actions.menus[name] = menu
    return menu


def _roster(w: Any, host: Host) -> None:
    from caption_studio.gui.roster.dialog import RosterDialog

    if host.project is not None:
        RosterDialog(host, w).open()


def _templates(w: Any, host: Host) -> None:
    from caption_studio.gui.templates.dialog import TemplatesDialog

    if host.project is not None:
        TemplatesDialog(host, w).open()


def _replacements(w: Any, host: Host) -> None:
    from caption_studio.gui.templates.replacements_dialog import ReplacementsDialog

    if host.project is not None:
        ReplacementsDialog(host, w).open()


def _language_menu(window: QMainWindow, view_menu: Any) -> None:
    view_menu.addSeparator()
    menu = view_menu.addMenu(QCoreApplication.translate("ArticleFeatures", "&Language"))
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    settings = getattr(getattr(window, "settings", None), "q", None)  # the window's QSettings
    current = str((settings or i18n.QSettings()).value(i18n.SETTINGS_KEY, "") or "")
    for code, label in (("", QCoreApplication.translate("ArticleFeatures", "System Language")), *i18n.LANGUAGES.items()):
        action = QAction(label, menu)
        action.setCheckable(True)
        action.setChecked(code == current)
        action.setData(code)
        group.addAction(action)
        menu.addAction(action)

    def chosen(action: QAction) -> None:
        i18n.set_language_setting(action.data(), settings)
        QMessageBox.information(window, QCoreApplication.translate("ArticleFeatures", "Language"),
                                QCoreApplication.translate("ArticleFeatures", "The new language is used the next time Caption Studio "
                                    "starts."))

    group.triggered.connect(chosen)
