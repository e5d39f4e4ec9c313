"""What the main window's actions do: opening, importing, and the keyboard workflow; every
method is a menu action's slot, so that main_window.py stays composition only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from caption_studio import __version__
from caption_studio.core.errors import CaptionStudioError, ProjectLockedError
from caption_studio.core.project.file import SUFFIX
from caption_studio.gui.dialogs import confirm, errors
from caption_studio.gui.dialogs.import_summary import ImportSummaryDialog, summary_text

ARTICLE_SUFFIXES = {".txt", ".docx", ".html", ".htm", ".md", ".rtf", ".pdf"}
PHOTO_FILTER = "Photos (*.jpg *.jpeg *.tif *.tiff *.png *.heic *.heif *.dng *.cr2 *.cr3 *.nef " \
               "*.arw *.orf *.rw2 *.raf *.webp);;All files (*)"


class WindowFlows(QObject):
    """The slots of the main window's actions, as a collaborator of the window (which
    composes the widgets these work on) rather than a base class sharing its state."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.w = window
        self._import_task: Any = None
        self._preview: Any = None
        self.import_summary: Any = None
        self.publish_dialog: Any = None

    # -- opening ------------------------------------------------------------------------------

    def open_path(self, path: Path) -> None:
        """A project file opens; a folder offers to become a project and is imported.
        Raises CaptionStudioError when it cannot be opened (run_app shows it)."""
        path = Path(path)
        if path.is_dir():
            self.open_folder(path)
            return
        try:
            self.w.controller.open_project(path)
        except ProjectLockedError as exc:
            if confirm.ask(self.w, self.tr("Project in use"),
                           self.tr("{why}\n\nOpen it read-only? You can look and search, "
                                   "but not change anything.").format(why=exc),
                           self.tr("Open Read-Only")):
                self.w.controller.open_project(path, readonly=True)

    def open_folder(self, folder: Path) -> None:
        """Offer to make the folder a project: on the start page when no project is open (the
        window's own page, also at start-up), else in a dialog."""
        target = folder.parent / f"{folder.name}{SUFFIX}"
        if self.w.controller.project is None:
            self.w.start_page.offer_folder(folder, target.name, target.exists())
            return
        if target.exists():
            text = self.tr("Open the project {name} beside this folder and import any new "
                           "photos from it?").format(name=target.name)
        else:
            text = self.tr("{folder} is a folder of photos. Create the project {name} beside "
                           "it and import the folder?").format(folder=folder.name,
                                                               name=target.name)
        if confirm.ask(self.w, self.tr("Open a folder"), text, self.tr("Import")):
            self.make_project_of(folder)

    def make_project_of(self, folder: Path) -> None:
        """Open the project beside the folder (or create it) and import the folder."""
        target = folder.parent / f"{folder.name}{SUFFIX}"
        if target.exists():
            self.open_path(target)
        else:
            self.w.controller.create_project(target)
        if self.w.controller.project is not None and not self.w.controller.readonly:
            self.import_paths([folder])

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.w, self.tr("Open Project"), self.w.settings.last_folder,
            self.tr("Caption Studio projects (*{suffix})").format(suffix=SUFFIX))
        if name:
            self.w.settings.last_folder = str(Path(name).parent)
            self._guarded(lambda: self.open_path(Path(name)))

    def open_recent(self, path: str) -> None:
        if not Path(path).exists():
            self.w.settings.remove_recent(path)
            self._fill_recent()
            self.show_message_error(self.tr("{path} is no longer there (moved or deleted)")
                                    .format(path=path))
            return
        self._guarded(lambda: self.open_path(Path(path)))

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.w, self.tr("New Project"), str(Path(self.w.settings.last_folder) / f"desk{SUFFIX}"),
            self.tr("Caption Studio projects (*{suffix})").format(suffix=SUFFIX))
        if name:
            self.w.settings.last_folder = str(Path(name).parent)
            self._guarded(lambda: self.w.controller.create_project(Path(name)))

    def close_project(self) -> None:
        self.w.editor.commit_pending()
        self.cancel_import()
        self.w.controller.close_project()

    def publish_to_archive(self) -> None:
        """File > Publish to Archive…: the dialog publishes what is saved, which is all of it
        once the editor's pending typing is committed."""
        project = self.w.controller.project
        if project is None:
            return
        self.w.editor.commit_pending()
        from caption_studio.gui.archive.publish_dialog import PublishDialog  # loads psycopg

        self.publish_dialog = PublishDialog(project.path, self.w.settings, self.w)
        self.publish_dialog.setModal(True)
        self.publish_dialog.open()

    def _fill_recent(self) -> None:
        menu = self.w.actions.recent_menu
        menu.clear()
        recent = self.w.settings.recent_projects()
        for path in recent:
            action = menu.addAction(Path(path).name)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        menu.setEnabled(bool(recent))
        self.w.start_page.set_recent(recent)

    # -- importing ----------------------------------------------------------------------------

    def import_photos_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.w, self.tr("Import Photos"),
                                                self.w.settings.last_folder, self.tr(PHOTO_FILTER))
        if names:
            self.w.settings.last_folder = str(Path(names[0]).parent)
            self.import_paths([Path(n) for n in names])

    def import_folder_dialog(self) -> None:
        name = QFileDialog.getExistingDirectory(self.w, self.tr("Import Folder"),
                                                self.w.settings.last_folder)
        if name:
            self.w.settings.last_folder = name
            self.import_paths([Path(name)])

    def import_article_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.w, self.tr("Import Article"), self.w.settings.last_folder,
            self.tr("Articles (*.txt *.docx *.html *.htm *.md *.pdf);;All files (*)"))
        if name:
            self.import_article(Path(name))

    def import_paths(self, paths: list[Path]) -> None:
        if self.w.controller.project is None:
            self.show_message_error(self.tr("Open or create a project first"))
            return
        if self._import_task is not None and self._import_task.running:
            self.show_message_error(self.tr("An import is already running"))
            return
        try:
            self._import_task = self.w.controller.import_paths(paths)
        except CaptionStudioError as exc:
            self.show_message_error(str(exc))
            return
        self.w.status_label.setText(self.tr("Looking for photos…"))
        self.w.progress.setRange(0, 0)
        self.w.progress.show()
        self.w.cancel_button.setEnabled(True)
        self.w.cancel_button.show()

    def import_article(self, path: Path) -> None:
        self._guarded(lambda: self.w.controller.import_article(path))

    def cancel_import(self) -> None:
        if self._import_task is not None and self._import_task.running:
            self._import_task.cancel()
            self.w.cancel_button.setEnabled(False)
            self.w.status_label.setText(self.tr("Cancelling…"))

    def _import_progress(self, done: int, total: Any, label: str) -> None:
        if total:
            self.w.progress.setRange(0, int(total))
            self.w.progress.setValue(done)
            self.w.status_label.setText(self.tr("Importing {done} of {total} photos…").format(
                done=done, total=total))
        else:
            self.w.progress.setRange(0, 0)

    def _import_finished(self, summary: Any) -> None:
        self.w.progress.hide()
        self.w.cancel_button.hide()
        if summary is None:
            return
        self.w.status_label.setText(summary_text(summary, self.tr))
        if summary.skipped or summary.warnings or summary.interrupted:
            self.import_summary = ImportSummaryDialog(summary, self.w)
            self.import_summary.open()

    # -- the keyboard workflow ----------------------------------------------------------------

    def select_all(self) -> None:
        self.w.sheet.view.selectAll()

    def focus_search(self) -> None:
        self.w.search_bar.focus()

    def clear_search(self) -> None:
        self.w.search_bar.clear()
        self.w.search_bar.flush()

    def focus_editor(self) -> None:
        self.w.editor.focus_first()

    def step(self, n: int) -> None:
        self.w.sheet.move(n)
        self.w.sheet.view.setFocus()

    def set_rating(self, n: int) -> None:
        ids = self.w.sheet.selected_ids()
        if ids:
            self._guarded(lambda: self.w.controller.set_fields(
                ids, {"rating": n or None}, text=self.tr("Rate")))

    def mark_needs_review(self) -> None:
        ids = self.w.sheet.selected_ids()
        if ids:
            self._guarded(lambda: self.w.controller.set_fields(
                ids, {"status": "needs_review"}, text=self.tr("Mark as needs review")))

    def approve_and_next(self) -> None:
        ids = self.w.sheet.selected_ids()
        if not ids:
            return
        self.w.editor.commit_pending()
        if not self._guarded(lambda: self.w.controller.set_fields(
                ids, {"status": "approved"}, text=self.tr("Approve"))):
            return
        last = max(self.w.model.row_of(i) or 0 for i in ids)
        self.w.sheet.select_row(min(last + 1, self.w.model.rowCount() - 1))

    def remove_selected(self) -> None:
        ids = self.w.sheet.selected_ids()
        if not ids:
            return
        what = self.tr("this photo") if len(ids) == 1 else \
            self.tr("these {n} photos").format(n=len(ids))
        text = self.tr("Remove {what} from the project? The files stay on disk; only what the "
                       "project knows about them (captions, edits) goes. You can undo this."
                       ).format(what=what)
        if not confirm.ask(self.w, self.tr("Remove from project"), text, self.tr("Remove"),
                           destructive=True):
            return
        row = self.w.model.row_of(ids[0]) or 0
        if self._guarded(lambda: self.w.controller.remove_photos(ids)):
            self.w.sheet.select_row(min(row, self.w.model.rowCount() - 1))

    def preview(self) -> None:
        from caption_studio.gui.dialogs.preview import PreviewDialog

        project = self.w.controller.project
        pid = self.w.sheet.current_id()
        if project is None or pid is None:
            return
        if self._preview is None:
            self._preview = PreviewDialog(self.w, project.cache_dir, self._preview_step)
            self._preview.finished.connect(lambda _r: setattr(self, "_preview", None))
        self._show_in_preview()
        self._preview.show()
        self._preview.raise_()

    def _preview_step(self, n: int) -> None:
        self.w.sheet.move(n)
        self._show_in_preview()

    def _show_in_preview(self) -> None:
        row_number = self.w.model.row_of(self.w.sheet.current_id())
        row = self.w.model.photo(row_number) if row_number is not None else None
        if row is None or self._preview is None:
            return
        loader = self.w.controller.thumbnails
        pixmap = loader.pixmap(row) if loader is not None else None
        caption = row.values.get("description") or row.values.get("headline") or ""
        self._preview.show_photo(row.path, row.fingerprint, row.orientation, row.file_name,
                                 caption, pixmap)

    # -- view ---------------------------------------------------------------------------------

    def set_view_mode(self, mode: str) -> None:
        self.w.sheet.set_mode(mode)

    def zoom_thumbs(self, delta: int) -> None:
        self.w.sheet.set_thumb_size(self.w.sheet.thumb_size() + delta)

    def set_sort(self, key: str) -> None:
        if self.w.sheet.sort_key() != key:
            self.w.sheet.set_sort_key(key)  # emits sortChanged, which comes back here
            return
        self.w.refresh_ids()

    def about(self) -> None:
        QMessageBox.about(self.w, self.tr("About Caption Studio"), self.tr(
            "<b>Caption Studio</b> {version}<br>Pairs news photos with the captions printed "
            "in an article, and keeps their metadata right.").format(version=__version__))

    # -- messages -----------------------------------------------------------------------------

    def show_message_error(self, text: str) -> None:
        self.w.statusBar().showMessage(text, 8000)
        errors.show_error(self.w, text)

    def _show_selection_status(self, ids: list[int]) -> None:
        if len(ids) > 1:
            self.w.statusBar().showMessage(self.tr("%n photos selected", "", len(ids)), 3000)

    def _guarded(self, func) -> Any:  # noqa: ANN001
        try:
            return func() or True
        except (CaptionStudioError, OSError, ValueError) as exc:
            self.show_message_error(errors.message_for(exc) if isinstance(exc, OSError)
                                    else str(exc))
            return None
