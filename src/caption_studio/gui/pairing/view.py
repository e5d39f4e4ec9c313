"""The pairing view: every photo with its caption and a colour for how sure the pairing is.

Drag a row's caption onto another row's photo to pair (or re-pair) them; Unpair, Confirm,
Confirm all sure, Auto-pair (one undo step) and Why? act on the selection. Pairing goes
through core.pairing, which never overwrites a value typed by hand."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core.project.operations import Changes
from caption_studio.gui.commands import PairingCommand
from caption_studio.gui.controller import Controller
from caption_studio.gui.pairing.delegate import PairingDelegate, state_label
from caption_studio.gui.pairing.model import (
    MAX_UNPAIRED_PHOTOS,
    ROW,
    PairingModel,
    PairRow,
    load_rows,
    unpaired_photo_count,
)
from caption_studio.gui.widgets.buttons import tool_button


def _pairing() -> Any:
    # core.pairing and its scoring modules (~50 ms) load on the first pairing action, not at
    # start-up.
    from caption_studio.core.pairing import matcher as pairing

    return pairing


class PairingView(QWidget):
    rowsReloaded = Signal()  # noqa: N815 - Qt naming

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("pairingView")
        self.model = PairingModel(self)
        self.model.drop_handler = self.pair
        self.model.thumbnails = self._thumbnail

        self.articles = QComboBox()
        self.articles.currentIndexChanged.connect(lambda _i: self.reload())
        self.auto_button = tool_button(self.tr("Auto-pair"),
                                        self.tr("Pair the unconfirmed photos and captions"),
                                        self.auto_pair)
        self.confirm_button = tool_button(self.tr("Confirm"),
                                           self.tr("Confirm the selected pairs"),
                                           self.confirm_selected)
        self.confirm_all_button = tool_button(self.tr("Confirm all sure"),
                                               self.tr("Confirm every pair marked sure"),
                                               self.confirm_all_sure)
        self.unpair_button = tool_button(self.tr("Unpair"),
                                          self.tr("Take the selected photos out of their pairs"),
                                          self.unpair_selected)
        self.why_button = tool_button(self.tr("Why?"),
                                       self.tr("Show why the selected pair was proposed"),
                                       self.explain_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.articles, 1)
        for b in (self.auto_button, self.confirm_button, self.confirm_all_button,
                  self.unpair_button, self.why_button):
            bar.addWidget(b)

        self.list = QListView()
        self.list.setObjectName("pairingList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(PairingDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setDragDropOverwriteMode(True)
        self.list.setDropIndicatorShown(True)
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        self.summary = QLabel()
        self.summary.setObjectName("pairingSummary")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        for keys, slot in ((QKeySequence("Ctrl+Shift+A"), self.auto_pair),
                           (QKeySequence("Ctrl+Return"), self.confirm_selected),
                           (QKeySequence(Qt.Key.Key_Delete), self.unpair_selected)):
            shortcut = QShortcut(keys, self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        controller.projectChanged.connect(self._project_changed)
        controller.projectReplaced.connect(self._project_replaced)
        controller.selectionChanged.connect(self._photos_selected)
        self._syncing = False
        self._stale = False
        self._pending_selection: list[int] | None = None
        self._pairing_task: Any = None
        self._project_replaced()

    # -- loading -------------------------------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        return self.articles.currentData()

    def _thumbnail(self, row: Any) -> Any:
        loader, project = self.controller.thumbnails, self.controller.project
        if loader is None or project is None or row.photo_id is None or not row.path:
            return None
        return loader.pixmap_for(row.photo_id, str(project.absolute(row.path)), row.fingerprint,
                                 row.orientation)

    def _project_replaced(self) -> None:
        if self.controller.thumbnails is not None:  # a new loader with each project
            self.controller.thumbnails.ready.connect(self.model.photo_changed)
        self._fill_articles()
        self.reload()

    def _fill_articles(self) -> None:
        project = self.controller.project
        current = self.articles.currentData()
        self.articles.blockSignals(True)
        self.articles.clear()
        self.articles.addItem(self.tr("All articles"), None)
        if project is not None:
            for aid, headline, path in project.conn.execute(
                    "SELECT id, headline, path FROM articles ORDER BY id"):
                self.articles.addItem(headline or path or self.tr("Article {n}").format(n=aid),
                                      aid)
        index = self.articles.findData(current)
        self.articles.setCurrentIndex(max(index, 0))
        self.articles.blockSignals(False)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._ensure_loaded()
        pending, self._pending_selection = self._pending_selection, None
        if pending:
            self._photos_selected(pending)

    def _ensure_loaded(self) -> None:
        if self._stale:
            self.reload(force=True)

    def _hidden_in_window(self) -> bool:
        # A tab behind the contact sheet of a shown window: loading its rows (0.1-0.5 s on a
        # 100,000-photo project) would delay the first screen of thumbnails, so it waits to be
        # shown. A view nobody shows (a test, a dialog being built) loads at once as before.
        return not self.isVisible() and self.window().isVisible()

    def reload(self, force: bool = False) -> None:
        project = self.controller.project
        if not force and project is not None and not self.isVisible() and (
                self.model.rows or self._hidden_in_window()):
            self._stale = True  # a hidden tab refreshes when it is shown
            return
        self._stale = False
        selected = [r.key for r in self.selected_rows()]
        self.model.reset(load_rows(project, self.article_id) if project else [])
        self._syncing = True
        for key in selected:
            for i, r in enumerate(self.model.rows):
                if r.key == key:
                    self.list.selectionModel().select(
                        self.model.index(i), QItemSelectionModel.SelectionFlag.Select)
        self._syncing = False
        self._update_summary()
        self._update_buttons()
        self.rowsReloaded.emit()

    def _project_changed(self, changes: Changes) -> None:
        if changes.articles:
            self._fill_articles()
        if (changes.pairings or changes.captions or changes.photos_added
                or changes.photos_removed or "creator" in changes.fields):
            self.reload()

    def _update_summary(self) -> None:
        counts = {s: 0 for s in ("confirmed", "sure", "ambiguous", "unmatched")}
        for r in self.model.rows:
            counts[r.state] += 1
        text = "  ·  ".join(f"{state_label(s)} {n}" for s, n in counts.items())
        shown = sum(1 for r in self.model.rows if r.caption_id is None)
        if shown >= MAX_UNPAIRED_PHOTOS and self.controller.project is not None:
            more = unpaired_photo_count(self.controller.project) - shown
            if more > 0:
                text += "  ·  " + self.tr("{n} more photos without a caption (find them "
                                          "under Photos)").format(n=more)
        self.summary.setText(text)

    # -- selection -----------------------------------------------------------------------------

    def selected_rows(self) -> list[PairRow]:
        if self.list.selectionModel() is None:
            return []
        indexes = sorted(self.list.selectionModel().selectedIndexes(), key=lambda i: i.row())
        return [i.data(ROW) for i in indexes if i.data(ROW) is not None]

    def _selection_changed(self, *_args: Any) -> None:
        self._update_buttons()
        if self._syncing:
            return
        photos = [r.photo_id for r in self.selected_rows() if r.photo_id is not None]
        if photos:
            self.controller.select_photos(photos)

    def _photos_selected(self, photo_ids: list[int]) -> None:
        if self._syncing or not photo_ids:
            return
        if self._stale and not self.isVisible():
            self._pending_selection = list(photo_ids)  # selected on the fresh rows when shown
            return
        wanted = set(photo_ids)
        current = {r.photo_id for r in self.selected_rows()}
        if current == wanted:
            return
        self._syncing = True
        selection = self.list.selectionModel()
        selection.clearSelection()
        first = None
        for i, r in enumerate(self.model.rows):
            if r.photo_id in wanted:
                selection.select(self.model.index(i), QItemSelectionModel.SelectionFlag.Select)
                first = first if first is not None else i
        if first is not None:
            self.list.scrollTo(self.model.index(first))
        self._syncing = False

    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        has_project = self.controller.project is not None
        self.auto_button.setEnabled(has_project)
        self.confirm_all_button.setEnabled(any(r.state == "sure" for r in self.model.rows))
        self.confirm_button.setEnabled(any(r.state in ("sure", "ambiguous") for r in rows))
        self.unpair_button.setEnabled(any(r.photo_id and r.caption_id for r in rows))
        self.why_button.setEnabled(len(rows) == 1 and rows[0].caption_id is not None
                                   and rows[0].photo_id is not None)

    # -- actions -------------------------------------------------------------------------------

    def _run(self, text: str, do: Any) -> bool:
        if self.controller.project is None:
            return False
        return self.controller.push(PairingCommand(self.controller, text, do))

    def pair(self, photo_id: int, caption_id: int) -> bool:
        project = self.controller.project
        return self._run(self.tr("Pair photo and caption"),
                         lambda: _pairing().apply_pair(project, photo_id, caption_id,
                                                    state="confirmed",
                                                    reasons=[self.tr("paired by hand")]))

    def unpair_selected(self) -> bool:
        project = self.controller.project
        rows = [r for r in self.selected_rows() if r.photo_id and r.caption_id]
        if not rows:
            return False

        def do() -> Any:
            from caption_studio.core.pairing.apply import PairingChanges, snapshot

            # One snapshot over every row, so one undo restores all of them.
            with project.transaction():
                changes = PairingChanges.empty("unpair", snapshot(
                    project, [r.photo_id for r in rows], [r.caption_id for r in rows]))
                for r in rows:
                    _pairing().unpair(project, r.photo_id, changes=changes)
            return changes

        return self._run(self.tr("Unpair"), do)

    def confirm_selected(self) -> bool:
        project = self.controller.project
        photos = [r.photo_id for r in self.selected_rows()
                  if r.photo_id and r.state in ("sure", "ambiguous")]
        if not photos:
            return False
        return self._run(self.tr("Confirm pairs"), lambda: _pairing().confirm(project, photos))

    def confirm_all_sure(self) -> bool:
        self._ensure_loaded()  # the menu action works while the tab waits to be shown
        project = self.controller.project
        photos = [r.photo_id for r in self.model.rows if r.state == "sure" and r.photo_id]
        if not photos:
            return False
        return self._run(self.tr("Confirm all sure pairs"),
                         lambda: _pairing().confirm(project, photos))

    def auto_pair(self) -> bool:
        """Pair on the project's writer thread when the window has one (a whole archive may
        take seconds), then put the result on the undo stack as one step."""
        project = self.controller.project
        if project is None or self._pairing_task is not None:
            return False
        article_id = self.article_id
        label = self.tr("Auto-pair")
        writer = self.controller.writer
        if writer is None:
            return self._run(label, lambda: _pairing().pair_project(
                project, article_id=article_id)[1])

        def work(progress: Any, cancel: Any) -> Any:
            return _pairing().pair_project(writer.connection(), article_id=article_id,
                                        progress=progress, cancel=cancel)[1]

        def finished() -> None:
            self._pairing_task = None
            self.auto_button.setEnabled(True)

        def done(changes: Any) -> None:
            finished()
            self.controller.push(PairingCommand(self.controller, label, lambda: changes))

        def failed(exc: BaseException) -> None:
            finished()
            self.controller.error.emit(str(exc))
            self._update_summary()

        self.auto_button.setEnabled(False)
        self.summary.setText(self.tr("Pairing…"))
        self._pairing_task = writer.run(work, done, on_error=failed)
        return True

    def explain_selected(self) -> str | None:
        rows = self.selected_rows()
        if len(rows) != 1 or rows[0].caption_id is None or rows[0].photo_id is None:
            return None
        text = self.explanation(rows[0])
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Why this pair?"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("whyBox")
        box.open()
        return text

    def explanation(self, row: PairRow) -> str:
        lines = [self.tr("{file} ↔ caption {n}").format(file=row.file_name, n=row.position),
                 self.tr("State: {state}").format(state=state_label(row.state))]
        if row.score is not None:
            lines.append(self.tr("Score {score:.2f}, lead over the runner-up {margin:.2f}")
                         .format(score=row.score, margin=row.margin or 0.0))
        if row.reasons:
            lines.append(self.tr("Reasons:"))
            lines.extend(f"• {r}" for r in row.reasons)
        else:
            lines.append(self.tr("No reasons recorded."))
        return "\n".join(lines)

