"""The project's field values back into the photo files (`caption-studio embed`).

An original is never damaged: each file is copied to a temporary file in the target's own
folder, exiv2 writes the metadata into the copy (it never re-encodes the image data), the
copy is read back and every field checked (and, for JPEG, the scan data compared byte for
byte with the original's), fsynced, and only then renamed over the target in one atomic
step. On any failure the temporary file is removed and the target is as it was.

After exiv2 has written the IIM, the IPTC digest in the JPEG's Photoshop IRB is set to the
MD5 of the new IIM (exiv2 leaves it stale), so MWG readers trust the full-text XMP over the
byte-limited IIM. RAW files get an XMP sidecar (`name.xmp`) instead of being rewritten;
an existing sidecar is updated, keeping everything else in it.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import exiv2

from caption_studio.core import fields as registry
from caption_studio.core.desk import keywords as vocabulary
from caption_studio.core.errors import CaptionStudioError, InputError
from caption_studio.core.media.embed_values import (
    EMBEDDED_FIELDS,
    Truncation,
    apply_values,
    iim_values,
)
from caption_studio.core.media.metadata import KEYWORD_PATHS, is_raw, read_containers
from caption_studio.core.media.photoshop_irb import (
    jpeg_header_segments,
    set_jpeg_iptc_digest,
    set_tiff_iptc_digest,
)
from caption_studio.core.project.file import Project, now_iso
from caption_studio.core.project.operations import get_fields_many
from caption_studio.core.tasks import CancelToken, Progress, no_progress

_EXIF_TEXT = (registry.FieldType.TEXT, registry.FieldType.MULTILINE, registry.FieldType.LIST)
_EMBEDDED_KEYS = frozenset(f.key for f in EMBEDDED_FIELDS)
_EMPTY_SIDECAR = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
                  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
                  '"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""/>'
                  '</rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>')

_TMP_SUFFIX = ".capstudio-tmp"


class WriteFailed(CaptionStudioError):
    """One file could not be written; the message is the reason shown per file."""


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


@dataclass(frozen=True)
class _Job:
    photo_id: int
    stored_path: str
    source: Path
    target: Path  # the photo file to write, or to copy to when only a sidecar is written
    sidecar: Path | None  # write the metadata here instead of into the photo
    values: dict[str, Any]
    cleared: frozenset[str]
    hierarchy: tuple[str, ...] | None = None  # lr:hierarchicalSubject; None: leave the file's


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
    for done, (pid, stored, source) in enumerate(rows, start=1):
        if cancel is not None and cancel.cancelled:
            summary.cancelled = True
            break
        vals = {k: v for k, (v, _prov) in values[pid].items() if k in _EMBEDDED_KEYS}
        gone = frozenset(cleared.get(pid, set()) - set(vals))
        job = _job(project, pid, stored, source, vals, gone, out_dir, sidecar,
                   _hierarchy(tree, vals, gone))
        digest = _values_hash(job, sidecar)
        if only_changed and last.get(pid) == digest:
            summary.unchanged.append(stored)
            progress(done, total, source.name)
            continue
        try:
            written, truncations = _write_one(job)
        except (WriteFailed, InputError) as exc:
            summary.skipped.append((stored, str(exc)))
        else:
            summary.written.extend(str(p) for p in written)
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


def _values_hash(job: _Job, sidecar: bool) -> str:
    content: dict[str, Any] = {"values": job.values, "cleared": sorted(job.cleared),
                               "sidecar": sidecar}
    if job.hierarchy is not None:  # only then: other photos keep the hashes they had
        content["hierarchy"] = list(job.hierarchy)
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _job(project: Project, pid: int, stored: str, source: Path, values: dict[str, Any],
         cleared: frozenset[str], out_dir: Path | None, force_sidecar: bool,
         hierarchy: tuple[str, ...] | None = None) -> _Job:
    if out_dir is None:
        target = source
    else:
        # the file's own path (not the stored text), so names that are not UTF-8 survive
        rel = Path(os.path.relpath(source, os.path.abspath(project.folder)))
        parts = [p for p in rel.parts if p not in ("..", ".")]
        target = out_dir.joinpath(*parts) if parts else out_dir / source.name
    use_sidecar = force_sidecar or is_raw(source)
    return _Job(pid, stored, source, target, target.with_suffix(".xmp") if use_sidecar else None,
                values, cleared, hierarchy)


# -- writing one photo ---------------------------------------------------------------------

def _write_one(job: _Job) -> tuple[list[Path], list[Truncation]]:
    name = job.source.name
    if not job.source.is_file():
        raise WriteFailed(f"{name}: the file is missing (moved or deleted?)")
    if job.target.resolve() == job.source.resolve() and job.target != job.source:
        raise WriteFailed(f"{name}: the output would overwrite the original")
    try:
        if job.sidecar is not None:
            written = []
            if job.target != job.source:
                _atomic(job.source, job.target, lambda tmp: None)
                written.append(job.target)
            base = job.sidecar if job.sidecar.exists() else None
            truncs = _atomic(base, job.sidecar, lambda tmp: _write_sidecar(tmp, job))
            return [*written, job.sidecar], truncs
        truncs = _atomic(job.source, job.target, lambda tmp: _write_photo(tmp, job))
        return [job.target], truncs
    except OSError as exc:
        raise WriteFailed(f"{name}: {_os_reason(exc)}") from None


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return "the disk is full; the file was left as it was"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "cannot be written (read-only file or folder)"
    if isinstance(exc, FileNotFoundError):
        return "the file or its folder vanished while writing"
    return f"cannot be written ({exc.strerror or exc})"


def _atomic(base: Path | None, target: Path, edit: Any) -> list[Truncation]:
    """Copy `base` (or start empty) to a temporary file beside `target`, let `edit` change
    it, fsync, rename over `target`. The target is never half written."""
    if target.exists() and (not os.access(target, os.W_OK) or not
                            target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)):
        # a read-only file is a person's "do not touch", even for root (who could replace it)
        raise PermissionError(errno.EACCES, "read-only file", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(target)
    fd, tmp_name = tempfile.mkstemp(prefix=_tmp_prefix(target), suffix=_TMP_SUFFIX,
                                    dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            if base is not None:
                with open(base, "rb") as src:
                    shutil.copyfileobj(src, out, 1024 * 1024)
            else:
                out.write(_EMPTY_SIDECAR.encode("utf-8"))
        if base is not None:
            with contextlib.suppress(OSError):
                shutil.copymode(base, tmp)
        result = edit(tmp) or []
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)
    return result


def _tmp_prefix(target: Path) -> str:
    """`.NAME.`; for a name that is not valid UTF-8 a stand-in made from it, because exiv2
    opens only paths it can pass on as UTF-8 text."""
    try:
        target.name.encode("utf-8")
        return f".{target.name}."
    except UnicodeEncodeError:
        digest = hashlib.sha1(os.fsencode(target.name)).hexdigest()[:16]  # noqa: S324
        return f".capstudio-{digest}{target.suffix if target.suffix.isascii() else ''}."


def _remove_stale_temporaries(target: Path) -> None:
    # A write killed part way (power cut, SIGKILL) leaves its temporary beside the target;
    # the next write of that target clears it. Only our own names: `.NAME.XXXX.capstudio-tmp`.
    with contextlib.suppress(OSError):
        for stale in target.parent.glob(f"{glob.escape(_tmp_prefix(target))}*{_TMP_SUFFIX}"):
            if stale.is_file() and not stale.is_symlink():
                with contextlib.suppress(OSError):
                    stale.unlink()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _open_image(path: Path, name: str) -> Any:
    try:
        image = exiv2.ImageFactory.open(str(path))
        image.readMetadata()
    except exiv2.Exiv2Error as exc:
        raise WriteFailed(f"{name}: exiv2 cannot read it ({exc.args[-1] if exc.args else exc})"
                          ) from None
    return image


def _write_photo(tmp: Path, job: _Job) -> list[Truncation]:
    name = job.source.name
    image = _open_image(tmp, name)
    truncs = apply_values(image, job.values, cleared=job.cleared, hierarchy=job.hierarchy)
    try:
        image.writeMetadata()
    except exiv2.Exiv2Error as exc:
        raise WriteFailed(f"{name}: exiv2 cannot write this file "
                          f"({exc.args[-1] if exc.args else exc})") from None
    if image.mimeType() == "image/tiff":
        _fix_tiff_digest(tmp, name)
    del image
    is_jpeg = _is_jpeg(tmp)
    if is_jpeg:
        set_jpeg_iptc_digest(tmp)
    _verify(tmp, job, iim=True)
    if is_jpeg and _scan_digest(job.source) != _scan_digest(tmp):
        raise WriteFailed(f"{name}: the image data changed while writing; not saved")
    return truncs


def _fix_tiff_digest(tmp: Path, name: str) -> None:
    image = _open_image(tmp, name)
    if set_tiff_iptc_digest(image):
        try:
            image.writeMetadata()
        except exiv2.Exiv2Error as exc:
            raise WriteFailed(f"{name}: cannot update the IPTC digest ({exc.args[-1]})"
                              ) from None


def _write_sidecar(tmp: Path, job: _Job) -> list[Truncation]:
    name = (job.sidecar or tmp).name
    image = _open_image(tmp, name)
    apply_values(image, job.values, cleared=job.cleared, iim=False, exif=False,
                 hierarchy=job.hierarchy)
    try:
        image.writeMetadata()
    except exiv2.Exiv2Error as exc:
        raise WriteFailed(f"{name}: cannot write the sidecar ({exc.args[-1]})") from None
    del image
    _verify(tmp, job, iim=False)
    return []


def _verify(path: Path, job: _Job, *, iim: bool) -> None:
    """Read the written file back and check every field in XMP (and IIM)."""
    name = job.source.name
    try:
        exif_read, iim_read, xmp_read = read_containers(path)
    except InputError as exc:
        raise WriteFailed(f"{name}: the written file cannot be read back ({exc})") from None
    bad: list[str] = []
    for f in EMBEDDED_FIELDS:
        want = job.values.get(f.key)
        if f.xmp:
            got = _norm(f.key, xmp_read.get(f.key))
            if (want is not None and got != want) or (
                    want is None and f.key in job.cleared and got is not None):
                bad.append(f"XMP {f.key}")
        if not iim or want is None:
            continue
        if f.iim:
            got = iim_read.get(f.key)
            if f.type is registry.FieldType.DATE:
                ok = _norm(f.key, got) == want
            else:
                ok = (got if isinstance(got, list) else [got]) == iim_values(f.key, want)
            if not ok:
                bad.append(f"IPTC {f.key}")
        if f.exif and f.type in _EXIF_TEXT and _norm(f.key, exif_read.get(f.key)) != want:
            bad.append(f"EXIF {f.key}")
    if job.hierarchy is not None and xmp_read.get(KEYWORD_PATHS, []) != list(job.hierarchy):
        bad.append("XMP lr:hierarchicalSubject")
    if bad:
        raise WriteFailed(f"{name}: read-back check failed ({', '.join(bad)}); not saved")


def _norm(key: str, value: Any) -> Any:
    try:
        return registry.normalize(key, value)
    except ValueError:
        return value


def _is_jpeg(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\xff\xd8"


def _scan_start(path: Path) -> int:
    segs = jpeg_header_segments(path)
    return segs[-1].offset + 2 + segs[-1].length if segs else 2


def _scan_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        fh.seek(_scan_start(path))
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(chunk)
    return h.hexdigest()
