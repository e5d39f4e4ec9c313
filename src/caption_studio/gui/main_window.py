"""The main window: composition only. The search bar over a tab area (the contact sheet, then
the pairing view), the metadata editor on the right, the article pane and keyword panel in
docks, and the status bar with import progress and Cancel. What the actions do lives in its
collaborators `flows` (gui.window_flows) and `tools` (gui.desk_tools); the menus in
gui.actions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core.project import search
from caption_studio.core.project.file import SUFFIX, Project
from caption_studio.core.project.operations import Changes
from caption_studio.gui.actions import Actions
from caption_studio.gui.article.pane import ArticlePane
from caption_studio.gui.controller import Controller
from caption_studio.gui.desk_tools import DeskTools
from caption_studio.gui.keywords.panel import KeywordPanel
from caption_studio.gui.models.photo_model import PhotoModel
from caption_studio.gui.pairing.view import PairingView
from caption_studio.gui.settings import Settings
from caption_studio.gui.templates.code_replacement import install_app_wide, lookup_for
from caption_studio.gui.widgets.contact_sheet import ContactSheet
from caption_studio.gui.widgets.metadata_editor import MetadataEditor
from caption_studio.gui.widgets.search_bar import SearchBar
from caption_studio.gui.widgets.start_page import StartPage
from caption_studio.gui.window_flows import ARTICLE_SUFFIXES, WindowFlows


def _features(text: str) -> str:
    # The article and pairing parts keep the translation context they were written in.
    return QCoreApplication.translate("ArticleFeatures", text)


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.controller = Controller(self)
        self.model = PhotoModel(self)
        self.flows = WindowFlows(self)
        self.tools = DeskTools(self, self.controller)
        self.setWindowTitle(self.tr("Caption Studio"))
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)

        self.search_bar = SearchBar(self)
        self.sheet = ContactSheet(self.model, self)
        self.editor = MetadataEditor(self.controller, self)
        self.editor.setMinimumWidth(300)
        self.editor.proposal.bind_keys(self.sheet)  # Enter confirms a proposed pair
        self.pairing_view = PairingView(self.controller)
        self.center_tabs = QTabWidget(self)
        self.center_tabs.setDocumentMode(True)
        self.center_tabs.addTab(self.sheet, self.tr("Photos"))
        self.center_tabs.addTab(self.pairing_view, _features("Pairing"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.center_tabs)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([900, 380])

        work = QWidget(self)
        column = QVBoxLayout(work)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.search_bar)
        column.addWidget(self.splitter, 1)
        self.start_page = StartPage(self)
        self.start_page.openRequested.connect(self.flows.open_dialog)
        self.start_page.newRequested.connect(self.flows.new_project)
        self.start_page.folderAccepted.connect(self.flows.make_project_of)
        self.start_page.recentRequested.connect(self.flows.open_recent)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(work)
        self.setCentralWidget(self.pages)

        self.status_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setFixedWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.flows.cancel_import)
        self.mode_label = QLabel(self)
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.mode_label)
        self.progress.hide()
        self.cancel_button.hide()

        self.article_pane = ArticlePane(self.controller)
        self.article_dock = self._dock(self.article_pane, "dock-article", _features("Article"),
                                       Qt.DockWidgetArea.LeftDockWidgetArea)
        self.keyword_panel = KeywordPanel(self.controller)
        self.keyword_dock = self._dock(self.keyword_panel, "dock-keywords",
                                       _features("Keywords"), Qt.DockWidgetArea.RightDockWidgetArea)
        self.keyword_dock.hide()  # the editor has keyword chips; the tree is for tagging sessions
        self.code_replacement_filter = install_app_wide(lookup_for(self.controller), self)

        self._docks_shown: list[QDockWidget] | None = None  # set while no project is open
        self.actions = Actions(self)
        self._wire()
        self._restore()
        self._project_state_changed()

    def _dock(self, widget: QWidget, name: str, title: str,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # the saved window state finds it by this name
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        # A first-run width that leaves the contact sheet room for several columns; the saved
        # window state replaces it from then on.
        self.resizeDocks([dock], [360], Qt.Orientation.Horizontal)
        return dock

    # -- wiring -------------------------------------------------------------------------------

    def _wire(self) -> None:
        c = self.controller
        c.projectOpened.connect(self._opened)
        c.projectClosed.connect(self._closed)
        c.projectChanged.connect(self._changed)
        c.error.connect(self.flows.show_message_error)
        c.importProgress.connect(self.flows._import_progress)
        c.importFinished.connect(self.flows._import_finished)
        c.selectionRequested.connect(self.sheet.select_ids)
        self.sheet.selectionChanged.connect(c.selectionChanged)
        self.sheet.selectionChanged.connect(self.editor.show_photos)
        self.sheet.selectionChanged.connect(self.flows._show_selection_status)
        self.sheet.photoActivated.connect(lambda _pid: self.flows.preview())
        self.sheet.sortChanged.connect(lambda key, _desc: self.flows.set_sort(key))
        self.search_bar.changed.connect(lambda *_: self.refresh_ids())
        self.search_bar.box.returnPressed.connect(self.search_bar.flush)
        c.undo_stack.cleanChanged.connect(lambda _c: None)

    def _restore(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 880)
        state = self.settings.bytes("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.bytes("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.sheet.set_thumb_size(self.settings.thumb_size)
        self.sheet.set_mode(self.settings.view_mode)
        self.sheet.set_sort_key(self.settings.sort_key)
        self.flows._fill_recent()

    def _save_state(self) -> None:
        self.settings.set_bytes("window/geometry", self.saveGeometry())
        if self.project is not None:  # without one the docks are hidden, not closed by the user
            self.settings.set_bytes("window/state", self.saveState())
        self.settings.set_bytes("window/splitter", self.splitter.saveState())
        self.settings.thumb_size = self.sheet.thumb_size()
        self.settings.view_mode = self.sheet.mode()
        self.settings.sort_key = self.sheet.sort_key()
        self.settings.sync()

    # -- project life -------------------------------------------------------------------------

    @property
    def project(self) -> Project | None:
        return self.controller.project

    def _opened(self, project: Project) -> None:
        loader = self.controller.thumbnails
        assert loader is not None
        loader.ready.connect(self.model.thumbnail_ready)
        self.model.thumbnails = loader
        self.model.set_project(project)
        self.search_bar.blockSignals(True)
        self.search_bar.clear()
        self.search_bar.blockSignals(False)
        self.search_bar.set_photographers([])
        self.search_bar.set_photographer_source(lambda: search.photographers(project))
        self.refresh_ids()
        if not project.readonly:
            self.settings.add_recent(project.path)
            self.flows._fill_recent()
        self._project_state_changed()
        if self.model.rowCount():
            self.sheet.select_row(0)

    def _closed(self) -> None:
        self.model.thumbnails = None
        self.model.set_project(None)
        self.editor.show_photos([])
        self._project_state_changed()

    def _project_state_changed(self) -> None:
        project = self.project
        self.pages.setCurrentIndex(1 if project is not None else 0)
        self._show_docks(project is not None)
        if project is not None:
            self.start_page.clear_offer()
        self.actions.set_project_actions_enabled(project is not None,
                                                 project is not None and not project.readonly)
        if project is None:
            self.setWindowTitle(self.tr("Caption Studio"))
            self.mode_label.setText("")
            return
        self.setWindowTitle(self.tr("{name} – Caption Studio").format(name=project.name))
        self.mode_label.setText(self.tr("Read-only") if project.readonly else "")

    def _show_docks(self, project_open: bool) -> None:
        """The docks work on a project: without one the start page has the whole window. Each
        dock comes back as the user left it (closed stays closed)."""
        docks = (self.article_dock, self.keyword_dock)
        if not project_open:
            if self._docks_shown is None:
                self._docks_shown = [d for d in docks if d.isVisibleTo(self)]
                # Keep the layout the user made with the project, before the docks go.
                self.settings.set_bytes("window/state", self.saveState())
            for dock in docks:
                dock.hide()
                dock.toggleViewAction().setEnabled(False)
            return
        if self._docks_shown is not None:
            for dock in self._docks_shown:
                dock.show()
            self._docks_shown = None
        for dock in docks:
            dock.toggleViewAction().setEnabled(True)

    def refresh_ids(self, keep_selection: bool = True) -> None:
        project = self.project
        if project is None:
            return
        selected = self.sheet.selected_ids() if keep_selection else []
        try:
            ids = search.photo_ids(project, self.search_bar.query(), self.search_bar.filters(),
                                   self.sheet.sort_key())
        except ValueError as exc:
            self.flows.show_message_error(str(exc))
            return
        self.model.set_ids(ids)
        if selected:
            self.sheet.select_ids([i for i in selected if self.model.row_of(i) is not None])
        else:
            self.sheet.selectionChanged.emit([])

    def _changed(self, changes: Changes) -> None:
        loader = self.controller.thumbnails
        if loader is not None and changes.photos_added:
            loader.forget(changes.photos_added)
        if changes.photos_added or changes.photos_removed:
            self.model.apply_changes(changes)
            self.refresh_ids()
            project = self.project
            if project is not None and changes.photos_added:  # new photographers, maybe
                self.search_bar.set_photographer_source(lambda: search.photographers(project))
        else:
            self.model.apply_changes(changes)

    # -- window events -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.drop_paths(paths)

    def drop_paths(self, paths: list[Path]) -> None:
        projects = [p for p in paths if p.suffix == SUFFIX]
        if projects:
            self.flows.open_path(projects[0])
            return
        articles = [p for p in paths if p.suffix.lower() in ARTICLE_SUFFIXES]
        photos = [p for p in paths if p not in articles]
        if self.project is None and len(photos) == 1 and photos[0].is_dir():
            self.flows.open_folder(photos[0])
            return
        for article in articles:
            self.flows.import_article(article)
        if photos:
            self.flows.import_paths(photos)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.editor.commit_pending()
        self.flows.cancel_import()
        self._save_state()
        self.controller.close_project()
        super().closeEvent(event)
