"""Where a photo's file is: the project stores paths relative to its own folder, as UTF-8
text, plus the raw bytes when a name is not valid UTF-8."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.project.file import Project


def photo_file(project: Project, photo_id: int) -> Path:
    """The file of a photo, also when its name is not valid UTF-8."""
    row = project.conn.execute("SELECT path, path_bytes FROM photos WHERE id = ?",
                               (photo_id,)).fetchone()
    if row is None:
        raise CaptionStudioError(f"no photo with id {photo_id} in this project")
    return Path(os.fsdecode(absolute_bytes(os.fsencode(os.path.abspath(project.folder)),
                                            row[0], row[1])))


def photo_files(project: Project, photo_ids: Iterable[int] | None = None
                ) -> list[tuple[int, Path, str | None, int | None]]:
    """(id, file, fingerprint, orientation) of the given photos (all when None), in id order."""
    folder = os.fsencode(os.path.abspath(project.folder))
    sql = "SELECT id, path, path_bytes, fingerprint, orientation FROM photos"
    if photo_ids is None:
        rows = project.conn.execute(sql + " ORDER BY id").fetchall()
    else:
        ids = list(photo_ids)
        rows = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows += project.conn.execute(
                sql + f" WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk)
    return [(pid, Path(os.fsdecode(absolute_bytes(folder, path, raw))), fp, orientation)
            for pid, path, raw, fp, orientation in rows]


def absolute_bytes(folder: bytes, path: str, raw: bytes | None) -> bytes:
    rel = raw if raw is not None else os.fsencode(path)
    return os.path.normpath(os.path.join(folder, rel))


@functools.lru_cache(maxsize=4096)
def _relative_folder(head: bytes, folder: bytes) -> bytes:
    # relpath is slow, and a folder of photos shares its head: once per folder, not per file
    rel = os.path.relpath(head, folder).replace(os.sep.encode(), b"/")
    return b"" if rel == b"." else rel + b"/"


def stored_path(folder: bytes, absolute: bytes) -> tuple[str, bytes | None]:
    prefix = folder.rstrip(b"/") + b"/"
    if absolute.startswith(prefix):  # the common case, without relpath's cost
        rel = absolute[len(prefix):]
    else:
        head, name = os.path.split(absolute)
        rel = _relative_folder(head, folder) + name
    try:
        return rel.decode("utf-8"), None
    except UnicodeDecodeError:
        return rel.decode("utf-8", "backslashreplace"), rel
