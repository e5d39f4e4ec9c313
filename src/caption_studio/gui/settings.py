"""Per-user UI state in QSettings: window geometry, splitters, recent projects, thumbnail size,
view mode. Project data never goes here; it lives in the project file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class Settings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings()

    def _get(self, key: str, default: Any, kind: type) -> Any:
        value = self.q.value(key, default)
        try:
            return kind(value) if value is not None else default
        except (TypeError, ValueError):
            return default

    # -- window ------------------------------------------------------------------------------

    def bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self.q.setValue(key, value)

    @property
    def thumb_size(self) -> int:
        return self._get("view/thumb_size", 160, int)

    @thumb_size.setter
    def thumb_size(self, size: int) -> None:
        self.q.setValue("view/thumb_size", int(size))

    @property
    def view_mode(self) -> str:
        mode = self._get("view/mode", "grid", str)
        return mode if mode in ("grid", "list") else "grid"

    @view_mode.setter
    def view_mode(self, mode: str) -> None:
        self.q.setValue("view/mode", mode)

    @property
    def sort_key(self) -> str:
        return self._get("view/sort", "name", str)

    @sort_key.setter
    def sort_key(self, key: str) -> None:
        self.q.setValue("view/sort", key)

    @property
    def last_folder(self) -> str:
        return self._get("paths/last_folder", str(Path.home()), str)

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self.q.setValue("paths/last_folder", folder)

    # -- recent projects ---------------------------------------------------------------------

    def recent_projects(self) -> list[str]:
        value = self.q.value("recent/projects", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [str(i) for i in items if i][:MAX_RECENT]

    def add_recent(self, path: Path) -> list[str]:
        text = str(Path(path).resolve())
        items = [text, *(i for i in self.recent_projects() if i != text)][:MAX_RECENT]
        self.q.setValue("recent/projects", items)
        return items

    def remove_recent(self, path: str) -> None:
        self.q.setValue("recent/projects", [i for i in self.recent_projects() if i != path])

    def sync(self) -> None:
        self.q.sync()
