"""Writing probed photos into the project: one transaction per batch, on the caller's thread.

The importer (`core.media.importer`) probes files on worker processes or threads and hands
each batch here. What the project already holds is loaded once (`ImportState`) and kept
current as batches are written, so a copy later in the same import is seen as a duplicate
and a moved file as the same photo.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from typing import Any

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.media.fingerprint import is_legacy
from caption_studio.core.media.paths import absolute_bytes, photo_file, stored_path
from caption_studio.core.media.probe import Probed
from caption_studio.core.media.scanning import Candidate, display
from caption_studio.core.project import operations, search
from caption_studio.core.project.file import Project, now_iso


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    relinked: int = 0
    duplicates: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    photo_ids: list[int] = field(default_factory=list)  # new or changed photos
    articles: list[int] = field(default_factory=list)
    interrupted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
            "relinked": self.relinked, "duplicates": self.duplicates,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "warnings": [{"path": p, "warning": w} for p, w in self.warnings],
            "photo_ids": self.photo_ids, "articles": self.articles,
            "interrupted": self.interrupted,
        }


@dataclass
class ImportState:
    """What the project already holds, loaded once, kept current as batches are written."""

    by_path: dict[bytes, tuple[int, int | None, float | None, str | None]]
    by_fingerprint: dict[str, int]
    folder: bytes
    legacy: bool = False  # the project holds v1 fingerprints: compute those too
    operation_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def load(cls, project: Project) -> ImportState:
        folder = os.fsencode(os.path.abspath(project.folder))
        by_path = {}
        by_fp: dict[str, int] = {}
        for pid, path, raw, size, mtime, sig, fp in project.conn.execute(
                "SELECT id, path, path_bytes, size, mtime, sidecar_sig, fingerprint FROM photos"):
            absolute = absolute_bytes(folder, path, raw)
            by_path[absolute] = (pid, size, mtime, sig)
            if fp:
                by_fp.setdefault(fp, pid)
        return cls(by_path, by_fp, folder, legacy=any(map(is_legacy, by_fp)))

    def unchanged(self, project: Project, c: Candidate) -> bool:
        known = self.by_path.get(c.path)
        return known is not None and known[1] == c.size and known[2] == c.mtime \
            and known[3] == c.sidecar_sig


def write_batch(project: Project, state: ImportState, probed: list[Probed],
                 summary: ImportSummary) -> None:
    if not probed:
        return
    stamp = now_iso()
    pending_ids: list[int] = []
    counts = {"imported": 0, "updated": 0, "relinked": 0, "duplicates": 0}
    notes: list[tuple[str, str]] = []
    skips: list[tuple[str, str]] = []
    # Deferred search rows: write_embedded's refresh_text makes each photo's row once, new
    # photos' included (migration 8).
    with project.transaction() as conn, search.deferred(conn):
        writes: list[tuple[int, dict[str, Any], bool]] = []
        # New photos are inserted together (one executemany, not a statement each), with the
        # ids SQLite would give them; flushed before anything reads the photos table.
        inserts: list[tuple[Any, ...]] = []
        next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM photos").fetchone()[0]

        def flush() -> None:
            conn.executemany(
                "INSERT INTO photos (id, path, file_name, size, mtime, width, height, "
                "format, orientation, capture_time, camera, gps_lat, gps_lon, "
                "fingerprint, warnings, sidecar_caption, sidecar_sig, path_bytes, "
                "imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", inserts)
            inserts.clear()

        for p in probed:
            c = p.candidate
            shown = display(c.path)
            if p.skip:
                skips.append((shown, p.skip))
                continue
            stored, raw = stored_path(state.folder, c.path)
            row = (stored, display(os.path.basename(c.path)), c.size, c.mtime, p.width, p.height, p.format,
                   getattr(p.meta, "orientation", None), getattr(p.meta, "capture_time", None),
                   getattr(p.meta, "camera", None), getattr(p.meta, "gps_lat", None),
                   getattr(p.meta, "gps_lon", None), p.fingerprint,
                   json.dumps(p.warnings, ensure_ascii=False) if p.warnings else None,
                   p.sidecar_caption, c.sidecar_sig, raw)
            known = state.by_path.get(c.path)
            fresh = False
            if known is not None:
                pid = known[0]
                _update_photo(conn, pid, row)
                counts["updated"] += 1
            else:
                other = state.by_fingerprint.get(p.fingerprint or "")
                if other is None and p.legacy_fingerprint:  # a photo of an older project
                    other = state.by_fingerprint.get(p.legacy_fingerprint)
                if other is not None:
                    flush()
                if other is not None and not _file_exists(project, other):
                    pid = other
                    old = _old_path_key(project, state, pid)
                    _update_photo(conn, pid, row)
                    state.by_path.pop(old, None)
                    counts["relinked"] += 1
                    notes.append((shown, f"relinked photo #{pid} (its file had moved here)"))
                elif other is not None:
                    counts["duplicates"] += 1
                    notes.append((shown, f"duplicate of photo #{other} "
                                         f"({_path_of(project, other)}); not imported again"))
                    continue
                else:
                    pid = next_id
                    next_id += 1
                    inserts.append((pid, *row, stamp))
                    counts["imported"] += 1
                    fresh = True
            for warning in p.warnings:
                notes.append((shown, warning))
            writes.append((pid, p.values, fresh))
            pending_ids.append(pid)
            # The state is updated at once (a copy later in the same batch is a duplicate);
            # a batch that fails ends the whole import, so the state is never reused then.
            state.by_path[c.path] = (pid, c.size, c.mtime, c.sidecar_sig)
            if p.fingerprint:
                state.by_fingerprint.setdefault(p.fingerprint, pid)
        flush()
        operations.write_embedded(project, writes, operation_id=state.operation_id,
                                  stamp=stamp)
        # Keyword trees from the files (Lightroom's lr:hierarchicalSubject) join the
        # project's vocabulary, in the same transaction.
        tree = {path for p in probed if p.meta is not None and not p.skip
                for path in getattr(p.meta, "keyword_paths", None) or []}
        if tree:
            from caption_studio.core.desk import keywords

            keywords.add_file_paths(project, sorted(tree))
        # A camera's Latin spelling of a name the file also holds in characters (metadata
        # rule 4) is that person's Latin name in the roster.
        spellings = {name: latin for p in probed if p.meta is not None and not p.skip
                     for name, latin in (getattr(p.meta, "latin_names", None) or {}).items()}
        if spellings:
            from caption_studio.core.desk import roster

            roster.learn(project, [roster.Entry(name, latin_name=latin)
                                   for name, latin in spellings.items()])
    # Counted only after COMMIT: a rolled-back batch is not in the summary.
    for key, value in counts.items():
        setattr(summary, key, getattr(summary, key) + value)
    summary.skipped.extend(skips)
    summary.warnings.extend(notes)
    summary.photo_ids.extend(pending_ids)


def _update_photo(conn: Any, pid: int, row: tuple[Any, ...]) -> None:
    conn.execute(
        "UPDATE photos SET path=?, file_name=?, size=?, mtime=?, width=?, height=?, format=?, "
        "orientation=?, capture_time=?, camera=?, gps_lat=?, gps_lon=?, fingerprint=?, "
        "warnings=?, sidecar_caption=?, sidecar_sig=?, path_bytes=?, missing=0 WHERE id=?",
        (*row, pid))


def _path_of(project: Project, pid: int) -> str:
    row = project.conn.execute("SELECT path FROM photos WHERE id = ?", (pid,)).fetchone()
    return row[0] if row else "?"


def _old_path_key(project: Project, state: ImportState, pid: int) -> bytes:
    row = project.conn.execute("SELECT path, path_bytes FROM photos WHERE id = ?",
                               (pid,)).fetchone()
    return absolute_bytes(state.folder, row[0], row[1])


def _file_exists(project: Project, pid: int) -> bool:
    try:
        return photo_file(project, pid).is_file()
    except CaptionStudioError:
        return False


