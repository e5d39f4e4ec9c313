"""The roster as a table model: edits write straight to the project (the roster is project
data, not photo metadata, so it has no undo of its own; merges ask first)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from caption_studio.core.desk import roster
from caption_studio.core.errors import CaptionStudioError

COLUMNS = ("name", "kind", "role", "agency", "latin_name", "status", "aliases")


def column_title(key: str) -> str:
    titles = {
        "name": QCoreApplication.translate("RosterModel", "Name"),
        "kind": QCoreApplication.translate("RosterModel", "Kind"),
        "role": QCoreApplication.translate("RosterModel", "Role"),
        "agency": QCoreApplication.translate("RosterModel", "Agency"),
        "latin_name": QCoreApplication.translate("RosterModel", "Latin name"),
        "status": QCoreApplication.translate("RosterModel", "Status"),
        "aliases": QCoreApplication.translate("RosterModel", "Also written"),
    }
    return titles[key]


def choice_label(value: str | None) -> str:
    labels = {
        "person": QCoreApplication.translate("RosterModel", "Person"),
        "organisation": QCoreApplication.translate("RosterModel", "Organisation"),
        "staff": QCoreApplication.translate("RosterModel", "Staff"),
        "freelance": QCoreApplication.translate("RosterModel", "Freelance"),
        "agency": QCoreApplication.translate("RosterModel", "Agency"),
    }
    return labels.get(value or "", value or "")


class RosterModel(QAbstractTableModel):
    def __init__(self, project: Any = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.project = project
        self.rows: list[dict[str, Any]] = []
        self.error_handler: Any = None
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = roster.people(self.project) if self.project is not None else []
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return column_title(COLUMNS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()]
        value = row[key]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "aliases":
                return "、".join(value)
            if key in ("kind", "status"):
                return choice_label(value)
            return value or ""
        if role == Qt.ItemDataRole.EditRole:
            return "、".join(value) if key == "aliases" else (value or "")
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and COLUMNS[index.column()] != "aliases":
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.project is None:
            return False
        row = self.rows[index.row()]
        key = COLUMNS[index.column()]
        try:
            roster.update(self.project, row["id"], **{key: value if value != "" else None})
        except CaptionStudioError as exc:
            if self.error_handler:
                self.error_handler(str(exc))
            return False
        self.rows[index.row()] = roster.get(self.project, row["id"])
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), len(COLUMNS) - 1))
        return True
