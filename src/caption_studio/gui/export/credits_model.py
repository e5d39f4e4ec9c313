"""The credit rows of an export as a read-only table model (column constants, translatable
headers, a sort role: after Vorta's archive table model)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from caption_studio.core.export.credit_rows import COLUMNS, CreditRow, cell

PHOTO_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


# The same labels as core.credits_export.COLUMNS, spelled out so lupdate finds them.
_HEADERS = {
    "article_id": QT_TRANSLATE_NOOP("CreditRowsModel", "Article"), "headline": QT_TRANSLATE_NOOP("CreditRowsModel", "Headline"), "article_date": QT_TRANSLATE_NOOP("CreditRowsModel", "Date"),
    "page": QT_TRANSLATE_NOOP("CreditRowsModel", "Page"), "edition": QT_TRANSLATE_NOOP("CreditRowsModel", "Edition"), "caption_no": QT_TRANSLATE_NOOP("CreditRowsModel", "Caption no."),
    "file_name": QT_TRANSLATE_NOOP("CreditRowsModel", "File"), "photographers": QT_TRANSLATE_NOOP("CreditRowsModel", "Photographer"),
    "latin_names": QT_TRANSLATE_NOOP("CreditRowsModel", "Photographer (Latin)"), "role": QT_TRANSLATE_NOOP("CreditRowsModel", "Role"),
    "agency": QT_TRANSLATE_NOOP("CreditRowsModel", "Agency"),
    "credit_line": QT_TRANSLATE_NOOP("CreditRowsModel", "Credit line"), "source": QT_TRANSLATE_NOOP("CreditRowsModel", "Source"),
    "employment": QT_TRANSLATE_NOOP("CreditRowsModel", "Staff/freelance/agency"), "date_taken": QT_TRANSLATE_NOOP("CreditRowsModel", "Date taken"),
    "status": QT_TRANSLATE_NOOP("CreditRowsModel", "Status"), "pairing_state": QT_TRANSLATE_NOOP("CreditRowsModel", "Pairing"), "photo_id": QT_TRANSLATE_NOOP("CreditRowsModel", "Photo ID"),
}

Index = QModelIndex | QPersistentModelIndex


class CreditRowsModel(QAbstractTableModel):
    KEYS = tuple(key for key, _ in COLUMNS)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CreditRow] = []

    def set_rows(self, rows: Sequence[CreditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[CreditRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.KEYS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = self.KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = cell(row, key)
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            value = cell(row, key)
            return value if isinstance(value, int) else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.ToolTipRole and key in ("file_name", "headline"):
            return row.description or None
        if role == PHOTO_ID_ROLE:
            return row.photo_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.KEYS):
            return QCoreApplication.translate("CreditRowsModel", _HEADERS[self.KEYS[section]])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None
