"""Every action of the main window, with its shortcut, in a menu (the menu shows the
shortcut), all declared here: `actions[name]` finds one, `actions.menus["file" | "edit" |
"photo" | "pairing" | "view" | "tools" | "window" | "help"]` the menus. The slots belong to
the window's parts: `window.flows` (opening, importing, the keyboard workflow),
`window.tools` (roster, templates, language), the pairing view and the article pane."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from caption_studio.gui.export import export_actions

SK = QKeySequence.StandardKey
Shortcut = QKeySequence.StandardKey | str | QKeySequence | list | None


def _features(text: str) -> str:
    # The pairing and tools menus keep the translation context they were written in.
    return QCoreApplication.translate("ArticleFeatures", text)


class Actions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.by_name: dict[str, QAction] = {}
        bar = window.menuBar()
        self.menus: dict[str, QMenu] = {
            "file": bar.addMenu(self.tr("&File")),
            "edit": bar.addMenu(self.tr("&Edit")),
            "photo": bar.addMenu(self.tr("&Photo")),
            "pairing": bar.addMenu(_features("P&airing")),
            "view": bar.addMenu(self.tr("&View")),
            "tools": bar.addMenu(_features("&Tools")),
            "window": bar.addMenu(self.tr("&Window")),
            "help": bar.addMenu(self.tr("&Help")),
        }
        for key, menu in self.menus.items():  # found by name, whatever the language
            menu.setObjectName(f"{key}Menu")
        w: Any = window
        f: Any = window.flows
        m = self.menus
        add = self.add
        add(m["file"], "new", self.tr("&New Project…"), f.new_project, SK.New)
        add(m["file"], "open", self.tr("&Open…"), f.open_dialog, SK.Open)
        self.recent_menu = m["file"].addMenu(self.tr("Open &Recent"))
        m["file"].addSeparator()
        add(m["file"], "import_photos", self.tr("Import &Photos…"), f.import_photos_dialog,
            "Ctrl+I")
        add(m["file"], "import_folder", self.tr("Import &Folder…"), f.import_folder_dialog,
            "Ctrl+Shift+I")
        add(m["file"], "import_article", self.tr("Import &Article…"), f.import_article_dialog,
            "Ctrl+Shift+A")
        m["file"].addSeparator()
        for action in export_actions(window, lambda: w.controller.project):
            m["file"].addAction(action)
            self.by_name[{"exportCreditsAction": "export_credits",
                          "contactSheetAction": "contact_sheet_pdf"}[action.objectName()]] = action
        add(m["file"], "publish_archive", self.tr("Publish to &Archive…"), f.publish_to_archive)
        m["file"].addSeparator()
        add(m["file"], "close", self.tr("&Close Project"), f.close_project, SK.Close)
        add(m["file"], "quit", self.tr("&Quit"), w.close, SK.Quit,
            role=QAction.MenuRole.QuitRole)

        undo = w.controller.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(SK.Undo)
        redo = w.controller.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts(SK.Redo)
        for name, action in (("undo", undo), ("redo", redo)):
            self.by_name[name] = action
            m["edit"].addAction(action)
        m["edit"].addSeparator()
        add(m["edit"], "select_all", self.tr("Select &All"), f.select_all, SK.SelectAll)
        add(m["edit"], "find", self.tr("&Find…"), f.focus_search, SK.Find)
        add(m["edit"], "clear_search", self.tr("Show All Photos"), f.clear_search,
            "Ctrl+Shift+F")
        m["edit"].addSeparator()
        add(m["edit"], "remove", self.tr("&Remove from Project…"), f.remove_selected,
            SK.Delete)

        add(m["photo"], "preview", self.tr("&Preview"), f.preview, "Space")
        add(m["photo"], "approve_next", self.tr("&Approve and Next"), f.approve_and_next,
            ["Ctrl+Return", "Ctrl+Enter"])
        add(m["photo"], "needs_review", self.tr("Mark as &Needs Review"), f.mark_needs_review,
            "Ctrl+Shift+R")
        add(m["photo"], "edit_fields", self.tr("&Edit Caption"), f.focus_editor, "Ctrl+E")
        rating = m["photo"].addMenu(self.tr("&Rating"))
        for n in range(6):
            label = "★" * n if n else self.tr("No rating")
            add(rating, f"rating_{n}", label, lambda _=False, n=n: f.set_rating(n), f"Ctrl+{n}")
        m["photo"].addSeparator()
        add(m["photo"], "next", self.tr("Next Photo"), lambda: f.step(1), "Ctrl+]")
        add(m["photo"], "previous", self.tr("Previous Photo"), lambda: f.step(-1), "Ctrl+[")

        add(m["view"], "grid", self.tr("&Grid"), lambda: f.set_view_mode("grid"), "Ctrl+G")
        add(m["view"], "list", self.tr("&List"), lambda: f.set_view_mode("list"), "Ctrl+L")
        add(m["view"], "bigger", self.tr("&Larger Thumbnails"), lambda: f.zoom_thumbs(24),
            SK.ZoomIn)
        add(m["view"], "smaller", self.tr("&Smaller Thumbnails"), lambda: f.zoom_thumbs(-24),
            SK.ZoomOut)
        sort = m["view"].addMenu(self.tr("&Sort By"))
        for key, label in (("name", self.tr("File Name")), ("capture_time",
                           self.tr("Capture Time")), ("photographer", self.tr("Photographer")),
                           ("status", self.tr("Status"))):
            add(sort, f"sort_{key}", label, lambda _=False, k=key: f.set_sort(k))

        pv: Any = window.pairing_view
        add(m["pairing"], "auto_pair", _features("&Auto-pair"), pv.auto_pair, "Ctrl+Shift+P")
        add(m["pairing"], "confirm_sure", _features("Confirm All &Sure Pairs"),
            pv.confirm_all_sure)
        add(m["pairing"], "unpair", _features("&Unpair Selected"), pv.unpair_selected)
        add(m["pairing"], "why", _features("&Why This Pair?"), pv.explain_selected)
        m["pairing"].addSeparator()
        add(m["pairing"], "paste_article", _features("&Paste Article"),
            window.article_pane.paste_article, "Ctrl+Shift+V")
        add(m["pairing"], "show_pairing", _features("Show &Pairing View"),
            lambda: w.center_tabs.setCurrentWidget(pv), "Ctrl+3")

        m["view"].addSeparator()
        language = m["view"].addMenu(_features("&Language"))
        language.setObjectName("languageMenu")
        window.tools.fill_language_menu(language, window.settings.q)

        t: Any = window.tools
        add(m["tools"], "roster", _features("&Roster…"), t.roster)
        add(m["tools"], "templates", _features("&Templates…"), t.templates, "Ctrl+T")
        add(m["tools"], "replacements", _features("&Code Replacements…"), t.replacements)
        m["tools"].addSeparator()
        m["tools"].addAction(window.keyword_dock.toggleViewAction())

        for dock in (window.article_dock, window.keyword_dock):
            m["window"].addAction(dock.toggleViewAction())

        add(m["help"], "about", self.tr("&About Caption Studio"), f.about,
            role=QAction.MenuRole.AboutRole)

    def add(self, menu: QMenu, name: str, text: str, slot: Callable[..., Any],
            shortcut: Shortcut = None, *, role: QAction.MenuRole | None = None,
            context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QAction:
        action = QAction(text, self.window)
        if isinstance(shortcut, list):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        elif isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(context)
        if role is not None:
            action.setMenuRole(role)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.window.addAction(action)
        self.by_name[name] = action
        return action

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def set_project_actions_enabled(self, open_: bool, writable: bool) -> None:
        for name in ("close", "import_photos", "import_folder", "import_article", "find",
                     "publish_archive",
                     "select_all", "preview", "clear_search", "next", "previous"):
            self.by_name[name].setEnabled(open_)
        for name in ("remove", "approve_next", "needs_review", "import_photos",
                     "import_folder", "import_article",
                     *(f"rating_{n}" for n in range(6))):
            self.by_name[name].setEnabled(open_ and writable)
