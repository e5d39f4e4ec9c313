"""The controller owns the open project and its undo stack. Every GUI part edits through it.

API for the rest of the GUI (article pane, pairing view, roster, templates, keywords):

    controller.project                 the open core Project, or None
    controller.undo_stack              QUndoStack; push your own QUndoCommand subclasses
    controller.readonly                True when the project was opened read-only

    controller.set_fields(ids, values, provenance="manual", merge_key=None) -> Changes | None
        one undo step (typing with the same merge_key merges into one step)
    controller.set_fields_each({id: values}, text=...) -> Changes | None   per-photo values
    controller.run_operation(text, func, *args, **kwargs) -> Changes | None
        any core operation that returns a Changes, made undoable through operations.revert
        (e.g. templates.apply, pairing); `with controller.macro(text):` groups several
    controller.remove_photos(ids)      after the caller confirmed
    controller.push(command)           a gui.commands command whose first step is still to
                                       do: runs it (a core error becomes `error`), then stacks it
    controller.apply(changes)          after you changed the project yourself: emits projectChanged
    controller.select_photos(ids)      ask the contact sheet to select these photos
    controller.selected_ids            the photos selected now
    controller.writer                  the writer thread's connection holder (None when the
                                       project was attached without one: work runs inline)
    controller.thumbnails              the open project's ThumbnailLoader (pixmaps for views)

Signals:
    projectOpened(project), projectClosed(), projectReplaced() (after either)
    projectChanged(changes)            a core Changes: refresh only what it names
    selectionChanged(ids)              the photos selected in the contact sheet (list[int])
    selectionRequested(ids)            someone asked to select these (the sheet follows)
    error(message)                     a one-line message for the status bar / a dialog
    importProgress(done, total, label), importFinished(summary or None), articleImported(id)
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMetaMethod, QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.fields import Provenance
from caption_studio.core.project import operations, photo_ops, search
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import Changes
from caption_studio.gui import commands
from caption_studio.gui.thumbnails import ThumbnailLoader
from caption_studio.gui.workers import TaskHandle, Writer

log = logging.getLogger(__name__)


class Controller(QObject):
    projectOpened = Signal(object)
    projectClosed = Signal()
    projectReplaced = Signal()  # after projectOpened or projectClosed  # noqa: N815
    projectChanged = Signal(object)
    selectionChanged = Signal(list)
    selectionRequested = Signal(list)
    error = Signal(str)
    importProgress = Signal(int, object, str)  # done, total or None, label
    importFinished = Signal(object)  # core.importer.ImportSummary
    articleImported = Signal(int)  # article id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.writer: Writer | None = None
        self.thumbnails: ThumbnailLoader | None = None  # the open project's, for every view
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self.selected_ids: list[int] = []
        self.selectionChanged.connect(self._remember_selection)
        # Edits leave their rows to be searched directly; a few seconds after the last one the
        # writer folds them into the FTS index, so that list never grows long.
        self._sync_timer = QTimer(self, singleShot=True, interval=3000)
        self._sync_timer.timeout.connect(self.sync_search_index)
        self.projectChanged.connect(lambda _changes: self._sync_timer.start())

    # -- the project -------------------------------------------------------------------------

    @property
    def readonly(self) -> bool:
        return self.project is not None and self.project.readonly

    def open_project(self, path: Path, *, readonly: bool = False) -> Project:
        project = Project.open(path, readonly=readonly)  # raises before we close the old one
        self.attach(project, writer=True)
        self.sync_search_index()
        return project

    def attach(self, project: Project | None, *, writer: bool = False) -> None:
        """Work on a project opened elsewhere (a test, a dialog shown on its own). Without a
        writer thread, background work such as auto-pairing runs inline."""
        self.close_project()
        if project is None:
            return
        self.project = project
        self.writer = Writer(project) if writer else None
        self.thumbnails = ThumbnailLoader(project.cache_dir, self)
        self.projectOpened.emit(project)
        self.projectReplaced.emit()

    def create_project(self, path: Path) -> Project:
        project = Project.create(path)
        project.close()
        return self.open_project(project.path)

    def close_project(self) -> None:
        if self.project is None:
            return
        self.undo_stack.clear()
        owned = self.writer is not None  # opened here; an attached project is its owner's
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self._sync_timer.stop()
        if self.thumbnails is not None:
            self.thumbnails.clear()
            self.thumbnails.deleteLater()
            self.thumbnails = None
        project, self.project = self.project, None
        self.selected_ids = []
        self.projectClosed.emit()
        self.projectReplaced.emit()
        if owned:
            project.close()

    # -- edits -------------------------------------------------------------------------------

    def set_fields(self, photo_ids: list[int], values: Mapping[str, Any], *,
                   provenance: Provenance | str = Provenance.MANUAL,
                   merge_key: str | None = None, text: str | None = None) -> Changes | None:
        project = self._writable()
        changes = operations.set_fields(project, photo_ids, values, provenance=provenance)
        if not changes:
            return None
        label = text or self.tr("Edit {fields}").format(fields=", ".join(sorted(values)))
        self.undo_stack.push(commands.ChangesCommand(self, changes, label, merge_key=merge_key))
        return changes

    def set_fields_each(self, values_by_photo: Mapping[int, Mapping[str, Any]], *,
                        text: str, provenance: Provenance | str = Provenance.MANUAL
                        ) -> Changes | None:
        """Different values per photo (add a keyword to each photo's own list), one undo step."""
        project = self._writable()
        changes = operations.new_changes("edit")
        with project.transaction():
            for pid, values in values_by_photo.items():
                operations.set_fields(project, [pid], values, provenance=provenance,
                                      changes=changes)
        if not changes:
            return None
        self.undo_stack.push(commands.ChangesCommand(self, changes, text))
        return changes

    def run_operation(self, text: str, func: Callable[..., Changes], *args: Any,
                      **kwargs: Any) -> Changes | None:
        changes = func(self._writable(), *args, **kwargs)
        if changes:
            self.undo_stack.push(commands.ChangesCommand(self, changes, text))
        return changes or None

    @contextlib.contextmanager
    def macro(self, text: str) -> Iterator[None]:
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    def remove_photos(self, photo_ids: list[int]) -> Changes | None:
        project = self._writable()
        saved = photo_ops.snapshot(project, photo_ids)
        changes = photo_ops.remove_photos(project, photo_ids)
        if not changes:
            return None
        self.undo_stack.push(commands.RemovePhotosCommand(self, saved, changes))
        return changes

    def apply(self, changes: Changes) -> None:
        if changes:
            self.projectChanged.emit(changes)

    def push(self, command: QUndoCommand) -> bool:
        """Do the command's first step now, so a core error becomes a message (an exception
        inside QUndoCommand.redo would only be printed by Qt), then put it on the stack."""
        try:
            if hasattr(command, "first"):
                command.first()
        except CaptionStudioError as exc:
            self.error.emit(str(exc))
            return False
        self.undo_stack.push(command)
        return True

    # -- selection ---------------------------------------------------------------------------

    def select_photos(self, photo_ids: list[int]) -> None:
        """The contact sheet follows a request and reports its selection back; with no view
        to follow (a pane shown on its own) the request is the selection."""
        if list(photo_ids) == self.selected_ids:
            return
        if self.isSignalConnected(QMetaMethod.fromSignal(self.selectionRequested)):
            self.selectionRequested.emit(list(photo_ids))
        else:
            self.selectionChanged.emit(list(photo_ids))

    def _remember_selection(self, ids: list[int]) -> None:
        self.selected_ids = list(ids)

    # -- import ------------------------------------------------------------------------------

    def import_paths(self, paths: list[Path]) -> TaskHandle:
        """Import photos on the writer thread; importProgress while it runs, then
        projectChanged (photos added) and importFinished(summary). Cancel with the handle."""
        self._writable()
        writer = self.writer
        assert writer is not None

        def work(progress: Any, cancel: Any) -> Any:
            from caption_studio.core.media import importer

            return importer.import_paths(writer.connection(), [str(p) for p in paths],
                                         progress=progress, cancel=cancel)

        return writer.run(work, self._imported, on_progress=self.importProgress.emit,
                          on_error=self._import_failed)

    def _imported(self, summary: Any) -> None:
        changes = operations.new_changes("import")
        changes.photos_added = set(summary.photo_ids)
        self.apply(changes)
        self.sync_search_index()
        self.importFinished.emit(summary)

    def _import_failed(self, exc: BaseException) -> None:
        from caption_studio.gui.dialogs.errors import message_for

        self.error.emit(message_for(exc))
        self.importFinished.emit(None)

    def import_article(self, path: Path | None = None, *, text: str | None = None,
                       label: str | None = None) -> TaskHandle | None:
        """Store an article file (or pasted `text`) on the writer thread (inline when there
        is none), then announce it (articleImported) and put it on the undo stack: undo
        removes an article this import created. Importing a file already in the project
        updates it in place (pairings kept) and is not undone."""
        project = self._writable()
        writer = self.writer
        if label is None:  # the undo step's text, in the article pane's words
            label = (QCoreApplication.translate("ArticlePane", "Import article {name}")
                     .format(name=Path(path).name) if path is not None
                     else QCoreApplication.translate("ArticlePane", "Paste article"))

        def work(progress: Any, cancel: Any) -> tuple[int, bool]:
            from caption_studio.core.article import store

            target = writer.connection() if writer is not None else project
            known = {r[0] for r in target.conn.execute("SELECT id FROM articles")}
            article_id = (store.import_article(target, path) if path is not None
                          else store.import_article_text(target, text or ""))
            return article_id, article_id not in known

        if writer is None:
            try:
                self._article_imported(label, path, text, work(None, None))
            except CaptionStudioError as exc:
                self.error.emit(str(exc))
            return None
        return writer.run(work, lambda result: self._article_imported(label, path, text, result),
                          on_error=self._import_failed)

    def _article_imported(self, label: str, path: Path | None, text: str | None,
                          result: tuple[int, bool]) -> None:
        from caption_studio.core.article import store

        article_id, created = result
        project = self.project
        if project is None:
            return
        if created:
            def again() -> int:  # redo, after an undo removed it
                return (store.import_article(project, path) if path is not None
                        else store.import_article_text(project, text or ""))

            self.undo_stack.push(commands.CallCommand.done(  # announces the changes
                self, label, article_id, again, lambda aid: store.remove_article(project, aid),
                self._article_changes))
        else:
            self.apply(self._article_changes(article_id))
        self.articleImported.emit(article_id)

    def _article_changes(self, article_id: int) -> Changes:
        changes = commands.changes_for("import article", articles={article_id})
        if self.project is not None:
            changes.captions = {r[0] for r in self.project.conn.execute(
                "SELECT id FROM captions WHERE article_id = ?", (article_id,))}
        return changes

    # -- background --------------------------------------------------------------------------

    def sync_search_index(self) -> None:
        """Index rows changed since the last sync (after an import, say) on the writer."""
        if self.project is None or self.project.readonly or self.writer is None:
            return
        writer = self.writer

        def sync(progress: Any, cancel: Any) -> int:
            return search.sync_index(writer.connection())

        writer.run(sync, on_error=lambda exc: log.warning("search sync: %s", exc))

    def _writable(self) -> Project:
        if self.project is None:
            raise CaptionStudioError(self.tr("No project is open"))
        if self.project.readonly:
            raise CaptionStudioError(
                self.tr("{name} is open read-only; nothing can be changed").format(
                    name=self.project.path.name))
        return self.project
