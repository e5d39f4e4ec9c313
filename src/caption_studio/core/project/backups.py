"""Consistent copies of a project file through SQLite's backup API: the backup taken before
a migration, and Save As."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from caption_studio.core.errors import ProjectError

if TYPE_CHECKING:
    from caption_studio.core.project.file import Project


def backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    backup = path.with_name(f"{path.name}.v{version}.bak")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.v{version}.{counter}.bak")
        counter += 1
    target = sqlite3.connect(backup)
    try:
        conn.backup(target)
    finally:
        target.close()
    return backup


def save_as(project: Project, target: str | os.PathLike[str]) -> Path:
    """Copy the open project to a new file (consistent snapshot through SQLite's backup)."""
    dest = Path(target)
    if dest.exists():
        raise ProjectError(f"{dest} already exists")
    tmp = dest.with_name(f".{dest.name}.tmp")
    out = sqlite3.connect(tmp)
    try:
        project.conn.backup(out)
    finally:
        out.close()
    os.replace(tmp, dest)
    if project.cache_dir.is_dir():
        shutil.copytree(project.cache_dir, dest.with_name(dest.stem + ".cache"),
                        dirs_exist_ok=True)
    return dest
