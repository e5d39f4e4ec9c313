"""The project's field values back into the photo files (`caption-studio embed`).

An original is never damaged: each file is copied to a temporary file in the target's own
folder, exiftool writes the fields the project changed into the copy (it never re-encodes
the image data and keeps maker notes whole; write_plan.py says what goes where per
format), and then the copy is checked three ways: exiftool's whole view of it is compared
with the original's tag by tag (fidelity.py: nothing we do not manage may change), our own
reader reads every written field back, and for JPEG the scan data is compared byte for byte.
Only then is it fsynced and renamed over the target in one atomic step. On any failure the
temporary file is removed, the target is as it was and the report says why.

Only fields whose value did not come from the file itself are written: a photo nobody
edited is not rewritten (`--out` copies it as it is), and an over-long IIM value the
project never changed is never cut. RAW files other than DNG get an XMP sidecar
(`name.xmp`) instead of being rewritten; an existing sidecar is updated, keeping
everything else in it. One exiftool process (-stay_open) serves the whole run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caption_studio.core.desk import keywords as vocabulary
from caption_studio.core.errors import CaptionStudioError, InputError
from caption_studio.core.fields import Provenance
from caption_studio.core.media.embed_values import EMBEDDED_FIELDS, Truncation
from caption_studio.core.media.exiftool_session import Session
from caption_studio.core.media.fingerprint import extension
from caption_studio.core.media.metadata import is_raw
from caption_studio.core.media.write_atomic import atomic, os_reason
from caption_studio.core.media.write_one import (  # noqa: F401 - WriteFailed: callers import it here
    Job,
    WriteFailed,
    write_photo,
    write_sidecar,
)
from caption_studio.core.project.file import Project, now_iso
from caption_studio.core.project.operations import get_fields_many
from caption_studio.core.tasks import CancelToken, Progress, no_progress

_EMBEDDED_KEYS = frozenset(f.key for f in EMBEDDED_FIELDS)
_IN_FILE_RAW = frozenset({"dng"})  # RAW designed to carry XMP inside: written in the file
_SIDECAR_BMFF = frozenset({"heic", "heif", "hif", "avif"})


@dataclass
class EmbedSummary:
    written: list[str] = field(default_factory=list)  # files written (photos or sidecars)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (photo path, reason)
    truncated: list[tuple[str, str, int]] = field(default_factory=list)  # (path, field, bytes)
    unchanged: list[str] = field(default_factory=list)  # --only-changed: nothing new
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "written": self.written,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "truncated": [{"path": p, "field": f, "bytes": b} for p, f, b in self.truncated],
            "unchanged": self.unchanged,
            "cancelled": self.cancelled,
        }


def embed_metadata(project: Project, *, out_dir: Path | None = None, in_place: bool = False,
                   only_changed: bool = False, sidecar: bool = False,
                   photo_ids: Iterable[int] | None = None, progress: Progress = no_progress,
                   cancel: CancelToken | None = None) -> EmbedSummary:
    """Write every photo's field values into its file (or a copy under out_dir)."""
    if (out_dir is None) == (not in_place):
        raise CaptionStudioError("choose where to write: an output folder or in place")
    if out_dir is not None:
        out_dir = Path(out_dir).resolve()
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CaptionStudioError(
                f"cannot create output folder {out_dir}: {exc.strerror or exc}") from None
    target_name = "in-place" if in_place else f"out:{out_dir}"
    rows = _photo_rows(project, photo_ids)
    values = get_fields_many(project, [pid for pid, _, _ in rows])
    cleared = _cleared_fields(project, [pid for pid, _, _ in rows])
    last = _last_hashes(project, target_name) if only_changed else {}
    tree = vocabulary.Hierarchy(project)
    summary = EmbedSummary()
    total = len(rows)
    progress(0, total, "")
    with Session() as session:
        for done, (pid, stored, source) in enumerate(rows, start=1):
            if cancel is not None and cancel.cancelled:
                summary.cancelled = True
                break
            # a value read from the file is already there: only what the desk changed is
            # written into the photo (a sidecar, a separate file, gets everything)
            own = sidecar or _sidecar_format(source)
            present = {k for k, (v, _p) in values[pid].items() if v is not None}
            gone = frozenset(cleared.get(pid, set()) - present)
            edited = bool(gone) or any(prov != Provenance.EMBEDDED and k in _EMBEDDED_KEYS
                                       for k, (_v, prov) in values[pid].items())
            vals = {k: v for k, (v, prov) in values[pid].items() if k in _EMBEDDED_KEYS
                    and edited and (own or prov != Provenance.EMBEDDED)}
            job = _job(project, pid, stored, source, vals, gone, out_dir, sidecar,
                       _hierarchy(tree, vals, gone))
            digest = _values_hash(job, sidecar)
            if only_changed and last.get(pid) == digest:
                summary.unchanged.append(stored)
                progress(done, total, source.name)
                continue
            try:
                written, truncations = _write_one(job, session)
            except (WriteFailed, InputError) as exc:
                summary.skipped.append((stored, str(exc)))
            else:
                if written:
                    summary.written.extend(str(p) for p in written)
                else:
                    summary.unchanged.append(stored)
                summary.truncated.extend((stored, t.field, t.bytes) for t in truncations)
                _record(project, pid, target_name, digest)
            progress(done, total, source.name)
    return summary


# -- planning ------------------------------------------------------------------------------

def _photo_rows(project: Project, photo_ids: Iterable[int] | None) -> list[tuple[int, str, Path]]:
    """(id, stored path, file) in id order; the file also when its name is not UTF-8."""
    from caption_studio.core.media.paths import photo_files

    stored = dict(project.conn.execute("SELECT id, path FROM photos").fetchall())
    return [(pid, str(stored[pid]), file) for pid, file, _fp, _o in
            photo_files(project, None if photo_ids is None else list(photo_ids))]


def _cleared_fields(project: Project, ids: list[int]) -> dict[int, set[str]]:
    """Fields that had a value once (so a person emptied them): removed from the file too.
    Fields the project never had are left as the file has them."""
    out: dict[int, set[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for pid, key in project.conn.execute(
                f"SELECT DISTINCT photo_id, field FROM history WHERE field IS NOT NULL "
                f"AND photo_id IN ({marks})",
                chunk):
            out.setdefault(int(pid), set()).add(str(key))
    return out


def _hierarchy(tree: vocabulary.Hierarchy, values: dict[str, Any],
               cleared: frozenset[str]) -> tuple[str, ...] | None:
    # Not a registry field: the paths are derived from the keywords and the vocabulary, never
    # edited, stored or read back into the project on their own, so they are added here,
    # where a photo's values are put together, and not declared beside the fields.
    # Keywords none of which the vocabulary knows leave the file's hierarchy alone (another
    # tool's tree is not ours to drop); cleared keywords take it away with them.
    flat = values.get("keywords")
    if flat:
        return tuple(tree.paths(flat)) if tree.knows_any(flat) else None
    return () if "keywords" in cleared else None


def _last_hashes(project: Project, target: str) -> dict[int, str]:
    return {int(pid): str(h) for pid, h in project.conn.execute(
        "SELECT photo_id, values_hash FROM embeds WHERE target = ?", (target,))}


def _record(project: Project, photo_id: int, target: str, digest: str) -> None:
    with project.transaction() as conn:
        conn.execute(
            "INSERT INTO embeds (photo_id, target, values_hash, written_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (photo_id, target) DO UPDATE SET values_hash = excluded.values_hash,"
            " written_at = excluded.written_at", (photo_id, target, digest, now_iso()))


def _values_hash(job: Job, sidecar: bool) -> str:
    content: dict[str, Any] = {"values": job.values, "cleared": sorted(job.cleared),
                               "sidecar": sidecar}
    if job.hierarchy is not None:  # only then: other photos keep the hashes they had
        content["hierarchy"] = list(job.hierarchy)
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _job(project: Project, pid: int, stored: str, source: Path, values: dict[str, Any],
         cleared: frozenset[str], out_dir: Path | None, force_sidecar: bool,
         hierarchy: tuple[str, ...] | None = None) -> Job:
    if out_dir is None:
        target = source
    else:
        # the file's own path (not the stored text), so names that are not UTF-8 survive
        rel = Path(os.path.relpath(source, os.path.abspath(project.folder)))
        parts = [p for p in rel.parts if p not in ("..", ".")]
        target = out_dir.joinpath(*parts) if parts else out_dir / source.name
    use_sidecar = force_sidecar or _sidecar_format(source)
    return Job(pid, stored, source, target, target.with_suffix(".xmp") if use_sidecar else None,
                values, cleared, hierarchy)


def _sidecar_format(source: Path) -> bool:
    """RAW other than DNG (proprietary: not ours to rewrite), a bare JPEG XL codestream,
    BigTIFF, and HEIC/HEIF/AVIF: exiftool
    can write those in the file, but exiv2 (our reader, 0.28) does not find what it wrote
    there, so a sidecar is what both our import and other tools read back."""
    ext = extension(str(source))
    if ext == "jxl":  # a bare JPEG XL codestream has no box to hold XMP; the container has
        return _starts_with(source, (b"\xff\x0a",))
    if ext in ("tif", "tiff"):  # BigTIFF: exiftool reads it but cannot write it
        return _starts_with(source, (b"II+\x00", b"MM\x00+"))
    return ext in _SIDECAR_BMFF or (is_raw(source) and ext not in _IN_FILE_RAW)


def _starts_with(source: Path, magic: tuple[bytes, ...]) -> bool:
    try:
        with open(source, "rb") as fh:
            return fh.read(4).startswith(magic)
    except OSError:
        return False  # the write reports why it cannot be read


# -- writing one photo ---------------------------------------------------------------------

def _write_one(job: Job, session: Session) -> tuple[list[Path], list[Truncation]]:
    name = job.source.name
    if not job.source.is_file():
        raise WriteFailed(f"{name}: the file is missing (moved or deleted?)")
    if job.target.resolve() == job.source.resolve() and job.target != job.source:
        raise WriteFailed(f"{name}: the output would overwrite the original")
    try:
        if not job.values and not job.cleared and job.hierarchy is None:
            if job.target == job.source:
                return [], []  # nobody edited it: the file is left alone
            atomic(job.source, job.target, lambda tmp: None)
            return [job.target], []
        if job.sidecar is not None:
            written = []
            if job.target != job.source:
                atomic(job.source, job.target, lambda tmp: None)
                written.append(job.target)
            base = job.sidecar if job.sidecar.exists() else None
            truncs = atomic(base, job.sidecar, lambda tmp: write_sidecar(tmp, job))
            return [*written, job.sidecar], truncs
        truncs = atomic(job.source, job.target, lambda tmp: write_photo(tmp, job, session),
                         copy=False)
        return [job.target], truncs
    except OSError as exc:
        raise WriteFailed(f"{name}: {os_reason(exc)}") from None
