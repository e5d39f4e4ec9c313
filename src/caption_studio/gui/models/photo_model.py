"""The contact sheet's model (after Anki's browser table model): it holds only the photo ids
in display order and fetches the rows the views ask for, a block at a time, so a
100,000-photo project opens without loading 100,000 rows or thumbnails.

Searching and sorting happen in SQL (core.search) and hand the model a new id list; a
QSortFilterProxyModel would need every row loaded to filter it, which is what we avoid.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)

from caption_studio.core import fields as registry
from caption_studio.core.fields import text_list
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import Changes, get_fields_many
from caption_studio.gui.models import roles

_BLOCK = 200
_CACHE_ROWS = 4000

# The list view's columns: the file name, then registry fields under the registry's labels.
COLUMNS: tuple[str, ...] = ("file_name", "headline", "creator", "date_created", "city", "status",
                            "rating")


@dataclass
class PhotoRow:
    id: int
    file_name: str
    path: str
    fingerprint: str | None
    orientation: int | None
    capture_time: str | None
    missing: bool
    pairing: str | None
    values: dict[str, Any] = field(default_factory=dict)
    file_warnings: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.values.get("status") or "new"

    @property
    def rating(self) -> int:
        return int(self.values.get("rating") or 0)

    def warnings(self) -> list[str]:
        tr = QCoreApplication.translate
        found = list(self.file_warnings)
        if self.missing:
            found.insert(0, tr("PhotoModel", "The file is missing"))
        for f in registry.fields_with_iim():
            if f.type is registry.FieldType.DATE:  # written as CCYYMMDD, always fits
                continue
            value = self.values.get(f.key)
            if value is not None and registry.over_iim_limit(f.key, value):
                found.append(tr("PhotoModel", "{field} is longer than IPTC allows ({n}/{max} "
                                "bytes)").format(field=tr("fields", f.label),
                                                 n=registry.iim_bytes(f.key, value),
                                                 max=f.max_bytes))
        date = self.values.get("date_created")
        if date and self.capture_time and date[:10] != self.capture_time[:10]:
            found.append(tr("PhotoModel", "Date taken {date} differs from the camera's date "
                            "{camera}").format(date=date[:10], camera=self.capture_time[:10]))
        return found


class PhotoModel(QAbstractTableModel):
    """Rows are photos, in the order of the id list it is given."""

    thumbnailWanted = Signal(object)  # PhotoRow; answered by ThumbnailLoader

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self._ids: list[int] = []
        self._rows: OrderedDict[int, PhotoRow] = OrderedDict()
        self._row_of: dict[int, int] | None = None
        self.thumbnails: Any = None  # a ThumbnailLoader, set by whoever owns the views

    # -- feeding -----------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        self.beginResetModel()
        self.project = project
        self._ids = []
        self._rows.clear()
        self._row_of = None
        self.endResetModel()

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        self.endResetModel()

    @property
    def ids(self) -> list[int]:
        return self._ids

    def row_of(self, photo_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {pid: r for r, pid in enumerate(self._ids)}
        return self._row_of.get(photo_id)

    def photo_id(self, row: int) -> int:
        return self._ids[row]

    def photo(self, row: int) -> PhotoRow | None:
        if not 0 <= row < len(self._ids) or self.project is None:
            return None
        pid = self._ids[row]
        cached = self._rows.get(pid)
        if cached is None:
            start = row - row % _BLOCK
            self._fetch(self._ids[start:start + _BLOCK])
            cached = self._rows.get(pid)
        return cached

    def apply_changes(self, changes: Changes) -> None:
        """Refresh only the rows a core operation touched; drop removed ones."""
        if changes.photos_removed:
            gone = changes.photos_removed
            for pid in gone:
                self._rows.pop(pid, None)
            keep = [pid for pid in self._ids if pid not in gone]
            if len(keep) != len(self._ids):
                self.set_ids(keep)
        for pid in changes.photos:
            self._rows.pop(pid, None)
            row = self.row_of(pid)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, self.columnCount() - 1))

    def thumbnail_ready(self, photo_id: int) -> None:
        row = self.row_of(photo_id)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [roles.THUMBNAIL])

    # -- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            key = COLUMNS[section]
            if key == "file_name":
                return self.tr("File")
            return QCoreApplication.translate(registry.LABEL_CONTEXT, registry.field(key).label)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable \
            | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == roles.PHOTO_ID:
            return self._ids[index.row()]
        row = self.photo(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()] if 0 <= index.column() < len(COLUMNS) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            broken = self.thumbnails.error(row.id) if self.thumbnails is not None else None
            lines = [row.file_name, *row.warnings(), *([broken] if broken else [])]
            return "\n".join(lines)
        if role == roles.FILE_NAME:
            return row.file_name
        if role == roles.STATUS:
            return row.status
        if role == roles.RATING:
            return row.rating
        if role == roles.PAIRING:
            return row.pairing
        if role == roles.WARNINGS:
            return row.warnings()
        if role == roles.MISSING:
            return row.missing
        if role == roles.THUMBNAIL:
            return self.thumbnails.pixmap(row) if self.thumbnails is not None else None
        if role == roles.THUMBNAIL_ERROR:
            return self.thumbnails.error(row.id) if self.thumbnails is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "rating":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: PhotoRow, key: str) -> str:
        if key == "file_name":
            return row.file_name
        if key == "status":
            label = registry.STATUS_LABELS.get(row.status, row.status)
            return QCoreApplication.translate("fields", label)
        if key == "rating":
            return "★" * row.rating
        if key == "date_created":
            value = row.values.get("date_created") or row.capture_time or ""
            return value[:16].replace("T", " ")
        return registry.display(key, row.values.get(key)).replace("\n", " ")

    # -- fetching ----------------------------------------------------------------------------

    def _fetch(self, ids: list[int]) -> None:
        assert self.project is not None
        marks = ",".join("?" * len(ids))
        rows = self.project.conn.execute(
            "SELECT p.id, p.file_name, p.path, p.fingerprint, p.orientation, p.capture_time,"
            " p.missing, p.warnings, (SELECT state FROM pairings WHERE photo_id = p.id)"
            f" FROM photos p WHERE p.id IN ({marks})", ids).fetchall()
        values = get_fields_many(self.project, [r[0] for r in rows])
        for pid, name, path, fp, orient, taken, missing, warnings, pairing in rows:
            self._rows[pid] = PhotoRow(
                pid, name, str(self.project.absolute(path)), fp, orient, taken, bool(missing),
                pairing, {k: v for k, (v, _p) in values.get(pid, {}).items()},
                text_list(warnings))
        while len(self._rows) > _CACHE_ROWS:
            self._rows.popitem(last=False)

