"""The article pane: the article text with every caption highlighted from its span.

Clicking a caption selects its photo (through `Controller.select_photos`); selecting a photo
elsewhere highlights its caption. A caption's fields are corrected in the form below the
text; selected text can be marked as a caption the parser missed; a false caption can be
dismissed. Every change is an undo step on the controller's stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QDrag,
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core.article import store
from caption_studio.core.errors import CaptionStudioError
from caption_studio.gui.article.caption_form import CaptionForm
from caption_studio.gui.article.highlights import Utf16Map, highlights
from caption_studio.gui.commands import CallCommand, changes_for
from caption_studio.gui.controller import Controller
from caption_studio.gui.pairing.model import MIME_CAPTION
from caption_studio.gui.widgets.buttons import tool_button

ARTICLE_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".md", ".text", ".pdf")

class ArticlePane(QWidget):
    captionActivated = Signal(int)  # caption id  # noqa: N815 - Qt naming

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("articlePane")
        self.setAcceptDrops(True)
        self.article_id: int | None = None
        self.current_caption: int | None = None
        self._captions: list[dict[str, Any]] = []
        self._pairs: dict[int, tuple[int, str]] = {}  # caption id -> (photo id, state)
        self._map = Utf16Map("")

        self.articles = QComboBox()
        self.articles.setMinimumContentsLength(20)
        self.articles.currentIndexChanged.connect(self._article_chosen)
        self.import_button = tool_button(self.tr("Import…"), self.tr("Import an article file"),
                                          self.import_file)
        self.paste_button = tool_button(self.tr("Paste"),
                                         self.tr("Import the article text on the clipboard"),
                                         self.paste_article)
        self.mark_button = tool_button(self.tr("Mark as caption"),
                                        self.tr("Make the selected text a caption"),
                                        self.mark_selection)
        self.dismiss_button = tool_button(self.tr("Not a caption"),
                                           self.tr("Dismiss the current caption, or restore it"),
                                           self.toggle_dismissed)
        bar = QHBoxLayout()
        bar.addWidget(self.articles, 1)
        for b in (self.import_button, self.paste_button, self.mark_button, self.dismiss_button):
            bar.addWidget(b)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAcceptDrops(False)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.cursorPositionChanged.connect(self._cursor_moved)
        self.text.viewport().installEventFilter(self)  # drag a caption onto a photo
        self._press: Any = None
        self.placeholder = QLabel(self.tr("Drop an article here, paste it, or import a file."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.form = CaptionForm(controller)
        self.form.bind_keys(self.text)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.form)
        paste = QShortcut(QKeySequence("Ctrl+Shift+V"), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste_article)

        controller.projectChanged.connect(self._project_changed)
        controller.projectReplaced.connect(self.reload)
        controller.articleImported.connect(self.show_article_id)
        controller.selectionChanged.connect(self._photos_selected)
        self.reload()

    # -- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        project = self.controller.project
        wanted = self.article_id
        self.articles.blockSignals(True)
        self.articles.clear()
        rows = store.articles(project) if project else []
        for row in rows:
            label = row["headline"] or (Path(row["path"]).name if row["path"] else "")
            self.articles.addItem(label or self.tr("Article {n}").format(n=row["id"]), row["id"])
        self.articles.blockSignals(False)
        ids = [r["id"] for r in rows]
        if wanted not in ids:
            wanted = ids[-1] if ids else None
        if wanted is not None:
            self.articles.setCurrentIndex(ids.index(wanted))
        self.show_article(wanted)

    def _article_chosen(self, index: int) -> None:
        self.show_article(self.articles.itemData(index) if index >= 0 else None)

    def show_article(self, article_id: int | None) -> None:
        project = self.controller.project
        self.article_id = article_id
        enabled = project is not None
        for b in (self.import_button, self.paste_button):
            b.setEnabled(enabled)
        self.mark_button.setEnabled(article_id is not None)
        self.placeholder.setVisible(article_id is None)
        self.text.setVisible(article_id is not None)
        if article_id is None or project is None:
            self._captions = []
            self.text.setPlainText("")
            self._map = Utf16Map("")
            self.set_current(None)
            return
        text = store.article(project, article_id)["text"]
        self._map = Utf16Map(text)
        self.text.blockSignals(True)
        self.text.setPlainText(text)
        self.text.blockSignals(False)
        self._load_captions()

    def _load_captions(self) -> None:
        project = self.controller.project
        if project is None or self.article_id is None:
            return
        self._captions = store.captions(project, self.article_id)
        ids = [c["id"] for c in self._captions]
        self._pairs = {}
        if ids:
            marks = ",".join("?" * len(ids))
            for pid, cid, state in project.conn.execute(
                    f"SELECT photo_id, caption_id, state FROM pairings "
                    f"WHERE caption_id IN ({marks})", ids):
                self._pairs[cid] = (pid, state)
        if self.current_caption not in ids:
            self.current_caption = None
        self._paint()
        self.set_current(self.current_caption, scroll=False)

    # -- highlighting --------------------------------------------------------------------------

    def caption_state(self, caption: dict[str, Any]) -> str:
        if caption["dismissed"]:
            return "dismissed"
        pair = self._pairs.get(caption["id"])
        if pair is None:
            return "unpaired"
        return "ambiguous" if pair[1] == "ambiguous" else "paired"

    def _paint(self) -> None:
        self.text.setExtraSelections(highlights(
            self.text.document(), self._captions, self.caption_state, self.current_caption,
            self._map))

    def caption_at(self, pos: int) -> int | None:
        for c in self._captions:
            if c["span_start"] is not None and c["span_start"] <= pos < c["span_end"]:
                return int(c["id"])
        return None

    def set_current(self, caption_id: int | None, *, scroll: bool = True) -> None:
        changed = caption_id != self.current_caption
        self.current_caption = caption_id
        row = next((c for c in self._captions if c["id"] == caption_id), None)
        self.form.show_caption(row)
        pair = self._pairs.get(caption_id) if caption_id is not None else None
        if row is not None and pair is not None and pair[1] == "ambiguous":
            self.form.show_proposal(pair[0], self._file_name(pair[0]))
        self.dismiss_button.setEnabled(row is not None)
        self.dismiss_button.setText(self.tr("Restore caption") if row and row["dismissed"]
                                    else self.tr("Not a caption"))
        if changed:
            self._paint()
        if row is not None and scroll and row["span_start"] is not None:
            cursor = self.text.textCursor()
            self.text.blockSignals(True)
            cursor.setPosition(self._map.to_qt(row["span_start"]))
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()
            self.text.blockSignals(False)

    def _file_name(self, photo_id: int) -> str:
        project = self.controller.project
        row = project.conn.execute("SELECT file_name FROM photos WHERE id = ?",
                                   (photo_id,)).fetchone() if project is not None else None
        return row[0] if row else ""

    def _cursor_moved(self) -> None:
        cursor = self.text.textCursor()
        if cursor.hasSelection():
            return
        caption_id = self.caption_at(self._map.from_qt(cursor.position()))
        if caption_id is None:
            return
        self.set_current(caption_id, scroll=False)
        self.captionActivated.emit(caption_id)
        pair = self._pairs.get(caption_id)
        if pair is not None:
            self.controller.select_photos([pair[0]])

    def _photos_selected(self, photo_ids: list[int]) -> None:
        if not photo_ids:
            return
        for cid, (pid, _state) in self._pairs.items():
            if pid == photo_ids[0]:
                self.set_current(cid)
                return
        project = self.controller.project
        if project is None:
            return
        row = project.conn.execute(
            "SELECT c.article_id, c.id FROM pairings p JOIN captions c ON c.id = p.caption_id "
            "WHERE p.photo_id = ?", (photo_ids[0],)).fetchone()
        if row is not None:
            self.articles.setCurrentIndex(self.articles.findData(row[0]))
            self.set_current(row[1])

    def _project_changed(self, changes: Any) -> None:
        if changes.articles:
            self.reload()
        elif changes.captions or changes.pairings:
            self._load_captions()

    # -- actions -------------------------------------------------------------------------------

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import Article"), "",
            self.tr("Articles (*.txt *.docx *.html *.htm *.md *.pdf);;All files (*)"))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        if self.controller.project is not None:
            self._import(self.tr("Import article {name}").format(name=path.name), path=path)

    def paste_article(self) -> None:
        text = QGuiApplication.clipboard().text()
        if self.controller.project is None:
            return
        if not text.strip():
            self.controller.error.emit(self.tr("The clipboard holds no text."))
            return
        self._import(self.tr("Paste article"), text=text)

    def _import(self, label: str, *, path: Path | None = None, text: str | None = None) -> None:
        """Through the controller, like File > Import Article: on the writer thread, one undo
        step; the article is shown when it is stored (articleImported)."""
        try:
            self.controller.import_article(path, text=text, label=label)
        except CaptionStudioError as exc:
            self.controller.error.emit(str(exc))

    def show_article_id(self, article_id: int) -> None:
        index = self.articles.findData(article_id)
        if index < 0:
            self.reload()
            index = self.articles.findData(article_id)
        self.articles.setCurrentIndex(index)

    def mark_selection(self) -> int | None:
        project = self.controller.project
        cursor = self.text.textCursor()
        if project is None or self.article_id is None:
            return None
        if not cursor.hasSelection():
            self.controller.error.emit(self.tr("Select the caption's text first."))
            return None
        start = self._map.from_qt(cursor.selectionStart())
        end = self._map.from_qt(cursor.selectionEnd())
        article_id = self.article_id
        command = CallCommand(
            self.controller, self.tr("Mark caption"),
            lambda: store.add_manual_caption(project, article_id, start, end),
            lambda cid: store.delete_caption(project, cid),
            lambda cid: changes_for("mark caption", captions={cid}))
        if not self.controller.push(command):
            return None
        self.set_current(command._state)
        return int(command._state)

    def toggle_dismissed(self) -> None:
        project = self.controller.project
        cid = self.current_caption
        if project is None or cid is None:
            return
        row = store.caption(project, cid)
        wanted = not row["dismissed"]
        label = self.tr("Dismiss caption") if wanted else self.tr("Restore caption")
        self.controller.push(CallCommand(
            self.controller, label,
            lambda: store.set_dismissed(project, cid, wanted),
            lambda old: store.set_dismissed(project, cid, old),
            lambda _old: changes_for("dismiss caption", captions={cid})))
        self.set_current(cid, scroll=False)

    # -- drag and drop -------------------------------------------------------------------------

    def caption_mime(self, caption_id: int) -> QMimeData:
        """What dragging a caption carries: the pairing view pairs it with the photo it is
        dropped on."""
        mime = QMimeData()
        mime.setData(MIME_CAPTION, QByteArray(str(caption_id).encode()))
        row = next((c for c in self._captions if c["id"] == caption_id), None)
        if row is not None:
            mime.setText(row["description"] or row["text"])
        return mime

    def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # A press on a highlighted caption followed by a move starts a drag of that caption;
        # anywhere else the mouse selects text as usual (to mark a missed caption).
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            pos = self._map.from_qt(self.text.cursorForPosition(event.position().toPoint())
                                    .position())
            cid = self.caption_at(pos)
            self._press = (event.position().toPoint(), cid) if cid is not None else None
        elif kind == QEvent.Type.MouseMove and self._press is not None and (
                event.buttons() & Qt.MouseButton.LeftButton):
            start, cid = self._press
            if (event.position().toPoint() - start).manhattanLength() >= \
                    QApplication.startDragDistance():
                self._press = None
                drag = QDrag(self)
                drag.setMimeData(self.caption_mime(cid))
                drag.exec(Qt.DropAction.CopyAction)
                return True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._press = None
        return False

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self.controller.project is not None and self._accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        event.acceptProposedAction()
        self.drop_mime(mime)

    def _accepts(self, mime: QMimeData) -> bool:
        if mime.hasUrls():
            return any(u.isLocalFile() and u.toLocalFile().lower().endswith(ARTICLE_SUFFIXES)
                       for u in mime.urls())
        return mime.hasText()

    def drop_mime(self, mime: QMimeData) -> None:
        if mime.hasUrls():
            for url in mime.urls():
                if url.isLocalFile() and url.toLocalFile().lower().endswith(ARTICLE_SUFFIXES):
                    self.import_path(Path(url.toLocalFile()))
        elif mime.hasText() and mime.text().strip():
            self._import(self.tr("Drop article text"), text=mime.text())

