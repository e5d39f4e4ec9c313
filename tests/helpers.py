"""Small builders shared by the tests (real files, real project files)."""

from __future__ import annotations

from pathlib import Path

from caption_studio.core.project.file import Project, now_iso


def add_photo_rows(project: Project, names: list[str]) -> list[int]:
    """Photo rows without image files, for tests of operations that only touch the database."""
    ids = []
    with project.transaction() as conn:
        for name in names:
            cur = conn.execute(
                "INSERT INTO photos (path, file_name, imported_at) VALUES (?, ?, ?)",
                (f"photos/{name}", Path(name).name, now_iso()))
            ids.append(cur.lastrowid)
    return ids
