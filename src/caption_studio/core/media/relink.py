"""Relinking a moved folder: photos whose files are gone, found again by content."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from caption_studio.core.media import scanning
from caption_studio.core.media.fingerprint import is_legacy, probe_fd
from caption_studio.core.media.paths import absolute_bytes, stored_path
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken, Progress, no_progress


@dataclass
class RelinkSummary:
    relinked: list[tuple[int, str, str]] = field(default_factory=list)  # (id, old, new)
    still_missing: list[tuple[int, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"relinked": [{"photo": i, "old": o, "new": n} for i, o, n in self.relinked],
                "still_missing": [{"photo": i, "path": p} for i, p in self.still_missing]}


def relink(project: Project, new_folder: str | os.PathLike[str], *,
           progress: Progress = no_progress, cancel: CancelToken | None = None) -> RelinkSummary:
    """Point photos whose files are gone at files with the same content under `new_folder`."""
    folder = os.fsencode(os.path.abspath(project.folder))
    missing: dict[str, list[int]] = {}
    sizes: set[int] = set()
    old_paths: dict[int, str] = {}
    for pid, path, raw, size, fp in project.conn.execute(
            "SELECT id, path, path_bytes, size, fingerprint FROM photos"):
        if fp and not os.path.isfile(absolute_bytes(folder, path, raw)):
            missing.setdefault(fp, []).append(pid)
            sizes.add(size)
            old_paths[pid] = path
    summary = RelinkSummary()
    legacy = any(map(is_legacy, missing))
    if missing:
        candidates, _ = scanning.scan([new_folder], cancel=cancel)
        candidates = [c for c in candidates if c.size in sizes]
        stamp_rows = []
        for done, c in enumerate(candidates, 1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            try:
                fd = os.open(c.path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                probe = probe_fd(fd, c.size, legacy=legacy)
            finally:
                os.close(fd)
            # The stored fingerprint stays as it is (the content is the same), and so do the
            # thumbnails cached under it.
            fp = probe.fingerprint if missing.get(probe.fingerprint) else probe.legacy_fingerprint
            if fp and missing.get(fp):
                pid = missing[fp].pop(0)
                stored, raw = stored_path(folder, c.path)
                stamp_rows.append((stored, raw, c.mtime, pid))
                summary.relinked.append((pid, old_paths.pop(pid), stored))
            progress(done, len(candidates), "relinking")
        with project.transaction() as conn:
            conn.executemany("UPDATE photos SET path = ?, path_bytes = ?, mtime = ?, missing = 0 "
                             "WHERE id = ?", stamp_rows)
            conn.executemany("UPDATE photos SET missing = 1 WHERE id = ?",
                             [(pid,) for pid in old_paths])
    summary.still_missing = sorted(old_paths.items())
    return summary
