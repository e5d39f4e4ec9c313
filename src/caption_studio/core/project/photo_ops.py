"""Removing photos from a project (never from disk), and putting them back (undo)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from caption_studio.core.project.file import Project, now_iso
from caption_studio.core.project.operations import Changes, new_changes

# Everything that belongs to a photo row and goes with it (ON DELETE CASCADE).
_CHILD_TABLES = ("field_values", "field_alternatives", "pairings")


@dataclass
class RemovedPhotos:
    """The rows a removal deleted, enough to restore them exactly."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def photo_ids(self) -> list[int]:
        return [r["id"] for r in self.rows.get("photos", [])]


def snapshot(project: Project, photo_ids: Iterable[int]) -> RemovedPhotos:
    ids = list(dict.fromkeys(photo_ids))
    saved = RemovedPhotos({t: [] for t in ("photos", *_CHILD_TABLES)})
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        saved.rows["photos"] += _rows(project, f"SELECT * FROM photos WHERE id IN ({marks})", chunk)
        for table in _CHILD_TABLES:
            saved.rows[table] += _rows(
                project, f"SELECT * FROM {table} WHERE photo_id IN ({marks})", chunk)
    return saved


def remove_photos(project: Project, photo_ids: Iterable[int]) -> Changes:
    """Remove photos and everything the project knows about them; the files stay on disk.
    Pass the `snapshot` taken beforehand to be able to `restore_photos` them (undo)."""
    ids = list(dict.fromkeys(photo_ids))
    changes = new_changes("remove")
    with project.transaction() as conn:
        stamp = now_iso()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found = [r[0] for r in conn.execute(
                f"SELECT id FROM photos WHERE id IN ({marks})", chunk)]
            conn.execute(f"DELETE FROM photos WHERE id IN ({marks})", chunk)
            changes.photos_removed.update(found)
        conn.executemany(
            "INSERT INTO history (operation_id, at, user, action, photo_id) VALUES (?,?,?,?,?)",
            [(changes.operation_id, stamp, project.user, "remove", pid)
             for pid in sorted(changes.photos_removed)])
    return changes


def restore_photos(project: Project, saved: RemovedPhotos) -> Changes:
    """Put removed photos back with their ids, values and pairings. A photo whose path was
    imported again meanwhile, or whose caption is gone, is restored without that part."""
    changes = new_changes("restore")
    with project.transaction() as conn:
        stamp = now_iso()
        for row in saved.rows.get("photos", []):
            cur = conn.execute(_insert_sql("photos", row, ignore=True), list(row.values()))
            if cur.rowcount:
                changes.photos_added.add(row["id"])
        for table in ("field_values", "field_alternatives"):
            for row in saved.rows.get(table, []):
                if row["photo_id"] in changes.photos_added:
                    conn.execute(_insert_sql(table, row, ignore=True), list(row.values()))
        for row in saved.rows.get("pairings", []):
            if row["photo_id"] not in changes.photos_added:
                continue
            if conn.execute("SELECT 1 FROM captions WHERE id = ?", (row["caption_id"],)).fetchone():
                conn.execute(_insert_sql("pairings", row, ignore=True), list(row.values()))
                changes.pairings.add(row["photo_id"])
        conn.executemany(
            "INSERT INTO history (operation_id, at, user, action, photo_id) VALUES (?,?,?,?,?)",
            [(changes.operation_id, stamp, project.user, "restore", pid)
             for pid in sorted(changes.photos_added)])
    return changes


def _rows(project: Project, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    cur = project.conn.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _insert_sql(table: str, row: dict[str, Any], *, ignore: bool) -> str:
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" * len(row))
    return f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table} ({columns}) VALUES ({marks})"
