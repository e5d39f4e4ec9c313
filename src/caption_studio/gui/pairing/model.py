"""Rows of the pairing view: one per photo (with its caption, if any) and one per caption no
photo has. The rows needing a person come first: ambiguous, then unmatched, then sure, then
confirmed. The model holds ids and small facts only; thumbnails come from a loader."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, Qt

from caption_studio.core.fields import text_list
from caption_studio.core.project.file import Project

MIME_CAPTION = "application/x-caption-studio-caption"

_BASE = int(Qt.ItemDataRole.UserRole) + 100
ROW = _BASE + 1  # the PairRow
STATE = _BASE + 2  # confirmed | sure | ambiguous | unmatched
PHOTO_ID = _BASE + 3
CAPTION_ID = _BASE + 4
THUMBNAIL = _BASE + 5

STATE_ORDER = {"ambiguous": 0, "unmatched": 1, "sure": 2, "confirmed": 3}
# An archive may hold 100,000 photos no article mentions; the view lists the first of them
# (loading all would take seconds on every refresh) and says how many more there are.
MAX_UNPAIRED_PHOTOS = 500


@dataclass
class PairRow:
    photo_id: int | None
    caption_id: int | None
    state: str  # confirmed | sure | ambiguous | unmatched
    file_name: str = ""
    fingerprint: str | None = None
    path: str | None = None
    orientation: int | None = None
    caption: str = ""
    position: int | None = None
    photographers: str = ""
    date: str = ""
    score: float | None = None
    margin: float | None = None
    reasons: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[int | None, int | None]:
        return (self.photo_id, self.caption_id)


def unpaired_photo_count(project: Project) -> int:
    return int(project.conn.execute(
        "SELECT count(*) FROM photos ph WHERE ph.missing = 0 AND NOT EXISTS "
        "(SELECT 1 FROM pairings p WHERE p.photo_id = ph.id)").fetchone()[0])


def load_rows(project: Project, article_id: int | None = None) -> list[PairRow]:
    where, args = ("WHERE c.article_id = ?", [article_id]) if article_id is not None else ("", [])
    rows: list[PairRow] = []
    paired_photos: set[int] = set()
    for r in project.conn.execute(
            f"SELECT c.id, c.position, c.description, c.text, c.photographers, c.date, "
            f"p.photo_id, p.state, p.score, p.margin, p.reasons, ph.file_name, ph.fingerprint, "
            f"ph.path, ph.orientation, ph.capture_time FROM captions c "
            f"LEFT JOIN pairings p ON p.caption_id = c.id "
            f"LEFT JOIN photos ph ON ph.id = p.photo_id {where} "
            f"{'AND' if where else 'WHERE'} (c.dismissed = 0 OR p.photo_id IS NOT NULL) "
            f"ORDER BY c.article_id, c.position", args):
        (cid, position, description, text, people, cdate, pid, state, score, margin, reasons,
         file_name, fingerprint, path, orientation, capture) = r
        rows.append(PairRow(
            pid, cid, state or "unmatched", file_name or "", fingerprint, path, orientation,
            (description or text or "").replace("\n", " "), position, _names(people),
            cdate or (capture or "")[:10], score, margin, tuple(text_list(reasons))))
        if pid is not None:
            paired_photos.add(pid)
    for pid, file_name, fingerprint, path, orientation, capture in project.conn.execute(
            "SELECT ph.id, ph.file_name, ph.fingerprint, ph.path, ph.orientation, "
            "ph.capture_time FROM photos ph LEFT JOIN pairings p ON p.photo_id = ph.id "
            "WHERE p.photo_id IS NULL AND ph.missing = 0 ORDER BY ph.file_name, ph.id LIMIT ?",
            (MAX_UNPAIRED_PHOTOS,)):
        if pid not in paired_photos:
            rows.append(PairRow(pid, None, "unmatched", file_name, fingerprint, path,
                                orientation, date=(capture or "")[:10]))
    _fill_creators(project, rows)
    order = {id(r): i for i, r in enumerate(rows)}
    rows.sort(key=lambda r: (STATE_ORDER[r.state], r.caption_id is None, order[id(r)]))
    return rows


def _fill_creators(project: Project, rows: list[PairRow]) -> None:
    # A photo without a caption still shows who took it (from its own metadata).
    wanted = [r.photo_id for r in rows if r.photo_id is not None and not r.photographers]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found = dict(project.conn.execute(
            f"SELECT photo_id, value FROM field_values WHERE field = 'creator' "
            f"AND photo_id IN ({marks})", chunk))
        for r in rows:
            if r.photo_id in found and not r.photographers:
                r.photographers = "、".join(text_list(found[r.photo_id]))


def _names(text: str | None) -> str:
    try:
        people = json.loads(text or "[]")
    except ValueError:
        return ""
    return "、".join(str(p.get("name")) for p in people if isinstance(p, dict) and p.get("name"))


class PairingModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PairRow] = []
        self.thumbnails: Any = None  # row -> QPixmap or None (loads it); asked lazily
        self.drop_handler: Any = None  # callable(photo_id, caption_id) -> bool

    def reset(self, rows: list[PairRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.caption or row.file_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(row.reasons) or None
        if role == ROW:
            return row
        if role == STATE:
            return row.state
        if role == PHOTO_ID:
            return row.photo_id
        if role == CAPTION_ID:
            return row.caption_id
        if role == THUMBNAIL:
            return self.thumbnails(row) if self.thumbnails is not None else None
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        row = self.rows[index.row()]
        if row.caption_id is not None:
            base |= Qt.ItemFlag.ItemIsDragEnabled
        if row.photo_id is not None:
            base |= Qt.ItemFlag.ItemIsDropEnabled
        return base

    def index_of(self, photo_id: int | None = None, caption_id: int | None = None
                 ) -> QModelIndex:
        for i, r in enumerate(self.rows):
            if (photo_id is not None and r.photo_id == photo_id) or (
                    caption_id is not None and r.caption_id == caption_id):
                return self.index(i)
        return QModelIndex()

    def photo_changed(self, photo_id: int) -> None:
        index = self.index_of(photo_id=photo_id)
        if index.isValid():
            self.dataChanged.emit(index, index, [THUMBNAIL])

    # -- drag a caption onto a photo -----------------------------------------------------------

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [MIME_CAPTION]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802 - Qt override
        mime = QMimeData()
        ids = [self.rows[i.row()].caption_id for i in indexes if i.isValid()]
        ids = [i for i in ids if i is not None]
        if ids:
            mime.setData(MIME_CAPTION, QByteArray(str(ids[0]).encode()))
            mime.setText(self.rows[indexes[0].row()].caption)
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: QModelIndex) -> bool:
        return (data.hasFormat(MIME_CAPTION) and parent.isValid()
                and self.rows[parent.row()].photo_id is not None)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: QModelIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            caption_id = int(bytes(data.data(MIME_CAPTION).data()).decode())
        except ValueError:
            return False
        target = self.rows[parent.row()]
        if target.caption_id == caption_id or self.drop_handler is None:
            return False
        # False: the view must not remove the dragged row itself; the refresh rebuilds rows.
        self.drop_handler(target.photo_id, caption_id)
        return False
