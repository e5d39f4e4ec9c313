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
from caption_studio.core.fields import Provenance
from caption_studio.core.media import fidelity, iptc_text, write_plan, xmp_guard
from caption_studio.core.media.embed_values import (
    EMBEDDED_FIELDS,
    Truncation,
    apply_values,
    iim_values,
    legacy_iim_charset,
    transcode_iim,
)
from caption_studio.core.media.exiftool_session import ExifToolFailed, Session
from caption_studio.core.media.fingerprint import extension
from caption_studio.core.media.metadata import KEYWORD_PATHS, is_raw, read_containers
from caption_studio.core.media.photoshop_irb import jpeg_header_segments
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
_EXIFTOOL_TMP = "_exiftool_tmp"  # exiftool's own temporary beside the file it rewrites
_IN_FILE_RAW = frozenset({"dng"})  # RAW designed to carry XMP inside: written in the file
_SIDECAR_BMFF = frozenset({"heic", "heif", "hif", "avif"})


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
    use_sidecar = force_sidecar or _sidecar_format(source)
    return _Job(pid, stored, source, target, target.with_suffix(".xmp") if use_sidecar else None,
                values, cleared, hierarchy)


def _sidecar_format(source: Path) -> bool:
    """RAW other than DNG (proprietary: not ours to rewrite), a bare JPEG XL codestream,
    and HEIC/HEIF/AVIF: exiftool
    can write those in the file, but exiv2 (our reader, 0.28) does not find what it wrote
    there, so a sidecar is what both our import and other tools read back."""
    ext = extension(str(source))
    if ext == "jxl":  # a bare JPEG XL codestream has no box to hold XMP; the container has
        return _bare_jxl(source)
    return ext in _SIDECAR_BMFF or (is_raw(source) and ext not in _IN_FILE_RAW)


def _bare_jxl(source: Path) -> bool:
    try:
        with open(source, "rb") as fh:
            return fh.read(2) == b"\xff\x0a"
    except OSError:
        return False  # the write reports why it cannot be read


# -- writing one photo ---------------------------------------------------------------------

def _write_one(job: _Job, session: Session) -> tuple[list[Path], list[Truncation]]:
    name = job.source.name
    if not job.source.is_file():
        raise WriteFailed(f"{name}: the file is missing (moved or deleted?)")
    if job.target.resolve() == job.source.resolve() and job.target != job.source:
        raise WriteFailed(f"{name}: the output would overwrite the original")
    try:
        if not job.values and not job.cleared and job.hierarchy is None:
            if job.target == job.source:
                return [], []  # nobody edited it: the file is left alone
            _atomic(job.source, job.target, lambda tmp: None)
            return [job.target], []
        if job.sidecar is not None:
            written = []
            if job.target != job.source:
                _atomic(job.source, job.target, lambda tmp: None)
                written.append(job.target)
            base = job.sidecar if job.sidecar.exists() else None
            truncs = _atomic(base, job.sidecar, lambda tmp: _write_sidecar(tmp, job))
            return [*written, job.sidecar], truncs
        truncs = _atomic(job.source, job.target, lambda tmp: _write_photo(tmp, job, session),
                         copy=False)
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


def _atomic(base: Path | None, target: Path, edit: Any, *, copy: bool = True) -> list[Truncation]:
    """Copy `base` (or start empty) to a temporary file beside `target`, let `edit` change
    it, fsync, rename over `target`. The target is never half written. `copy=False`: the
    temporary's name is reserved but the file left absent, for `edit` to create from `base`
    (exiftool -o writes the new file in one pass)."""
    if target.exists() and (not os.access(target, os.W_OK) or not
                            target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)):
        # a read-only file is a person's "do not touch", even for root (who could replace it)
        raise PermissionError(errno.EACCES, "read-only file", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(target)
    # the target's extension last: exiftool tells TIFF-based formats (DNG...) by it
    ext = target.suffix if target.suffix.isascii() else ""
    fd, tmp_name = tempfile.mkstemp(prefix=_tmp_prefix(target), suffix=_TMP_SUFFIX + ext,
                                    dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            if base is not None and copy:
                with open(base, "rb") as src:
                    shutil.copyfileobj(src, out, 1024 * 1024)
            elif base is None:
                out.write(_EMPTY_SIDECAR.encode("utf-8"))
        if not copy:
            tmp.unlink()
        result = edit(tmp) or []
        if base is not None:
            with contextlib.suppress(OSError):
                shutil.copymode(base, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + _EXIFTOOL_TMP)):
            with contextlib.suppress(OSError):
                leftover.unlink()
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
    # the next write of that target clears it. Only our own names:
    # `.NAME.XXXX.capstudio-tmp.EXT` (and exiftool's `..._exiftool_tmp` beside it).
    with contextlib.suppress(OSError):
        prefix = glob.escape(_tmp_prefix(target))
        for stale in target.parent.glob(f"{prefix}*{_TMP_SUFFIX}*"):
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


def _write_photo(tmp: Path, job: _Job, session: Session) -> list[Truncation]:
    """`tmp` does not exist yet: exiftool writes it from the source in one pass (-o), unless
    the file needs a copy to work on first (old IIM charsets, WebP: exiftool 12.57 writes
    RIFF only in place)."""
    name = job.source.name
    source: Path | None = job.source
    depth = xmp_guard.too_deep(job.source)
    if depth is not None:
        raise WriteFailed(f"{name}: its XMP nests {depth} levels deep (damaged or hostile); "
                          f"not written")
    try:
        if _needs_copy(job.source):
            shutil.copyfile(job.source, tmp)
            before, source = _legacy_iim_to_utf8(tmp, name, session), None
        else:
            before = session.tags(_exiftool_path(job.source), _UTF8)
    except ExifToolFailed as exc:
        raise WriteFailed(f"{name}: exiftool cannot read it ({exc})") from None
    file_type = str(before.get("File:FileType", ""))
    if file_type not in write_plan.IN_FILE_FORMATS:
        raise WriteFailed(f"{name}: {file_type or 'this format'} files are not written "
                          f"(use --sidecar for an XMP file beside it)")
    plan = write_plan.plan(
        file_type, {k.split(":", 1)[0] for k in before if k.startswith(("IFD0:", "ExifIFD:"))},
        job.values, job.cleared, job.hierarchy,
        str(before.get("ExifIFD:DateTimeOriginal") or "") or None)
    try:
        try:
            _write_args(session, tmp, plan.args, source)
        except ExifToolFailed as exc:
            if not str(exc).startswith("[minor]"):
                raise
            # a flaw exiftool can write past (a bad CRC, an odd offset): let it, and let
            # the fidelity check below decide whether anything we do not manage changed
            with contextlib.suppress(FileNotFoundError):
                if source is not None:
                    tmp.unlink()
            _write_args(session, tmp, ["-m", *plan.args], source)
        after = session.tags(tmp, _UTF8)
        stored, current = after.get("Photoshop:IPTCDigest"), after.get("File:CurrentIPTCDigest")
        if plan.iim and stored and current and stored != current:  # TIFF, DNG
            session.write(tmp, [f"-Photoshop:IPTCDigest={current}"])
            after = session.tags(tmp, _UTF8)
    except ExifToolFailed as exc:
        raise WriteFailed(f"{name}: exiftool cannot write it ({exc}); not saved") from None
    _refuse_changes(name, fidelity.differences(before, after, plan.managed))
    _verify(tmp, job, iim=plan.iim, exif=plan.exif)
    if _is_jpeg(tmp) and not _same_scan(job.source, tmp):
        raise WriteFailed(f"{name}: the image data changed while writing; not saved")
    return plan.truncations


def _write_args(session: Session, tmp: Path, args: list[str], source: Path | None) -> None:
    if source is None:
        session.write(tmp, args)
    else:
        session.write(tmp, args, source=_exiftool_path(source))


_UTF8 = "UTF8"  # how exiftool reads IIM without 1:90 once we know it is UTF-8


def _exiftool_path(path: Path) -> str | bytes:
    """A path as exiftool gets it: bytes when the name is not UTF-8."""
    try:
        return os.fspath(path).encode("utf-8").decode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)


def _needs_copy(source: Path) -> bool:
    """True when exiftool must work on a copy: WebP, a name exiv2 cannot open (to look at
    its IIM), IIM in an old charset (converted in the copy first)."""
    with open(source, "rb") as fh:
        head = fh.read(4)
    if head == b"RIFF" or isinstance(_exiftool_path(source), bytes):
        return True
    image = _iim_image(source)
    if image is None or image.iptcData().empty():
        return False
    return legacy_iim_charset(image.iptcData()) not in ("utf-8", "ascii")


def _refuse_changes(name: str, changed: list[str]) -> None:
    if changed:
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        raise WriteFailed(f"{name}: writing would change tags we do not manage "
                          f"({'; '.join(changed[:3])}{more}); not saved")


def _legacy_iim_to_utf8(tmp: Path, name: str, session: Session) -> dict[str, Any]:
    """exiftool's view of the file, with its IIM text in UTF-8 and 1:90 declaring it.

    IIM in an older charset (GB18030, Windows-1252, MacRoman...: decided as the reader
    does) is converted first, through exiv2, so that declaring UTF-8 for our fields does
    not garble the rest. That step is checked on its own: every IIM text must decode to the
    same characters as before and nothing outside IIM may change."""
    image = _iim_image(tmp)
    codec = "utf-8" if image is None or image.iptcData().empty() else \
        legacy_iim_charset(image.iptcData())
    if codec in ("utf-8", "ascii"):
        return session.tags(tmp, _UTF8)
    assert image is not None
    old_texts = _iim_texts(image, codec)
    before = session.tags(tmp)
    transcode_iim(image.iptcData(), codec)
    try:
        image.writeMetadata()
    except exiv2.Exiv2Error as exc:
        raise WriteFailed(f"{name}: its {codec.upper()} IPTC text cannot be converted "
                          f"({exc.args[-1] if exc.args else exc}); not saved") from None
    del image
    converted = session.tags(tmp, _UTF8)
    iim_tags = {k for k in [*before, *converted] if k.startswith("IPTC")}
    _refuse_changes(name, fidelity.differences(
        before, converted, iim_tags | set(write_plan.IIM_FRAME)))
    reread = _iim_image(tmp)
    if reread is None or _iim_texts(reread, "utf-8") != old_texts:
        raise WriteFailed(f"{name}: its {codec.upper()} IPTC text did not survive conversion "
                          f"to UTF-8; not saved")
    return converted


def _iim_image(path: Path) -> Any:
    try:
        image = exiv2.ImageFactory.open(str(path))
        image.readMetadata()
    except exiv2.Exiv2Error:
        return None  # exiv2 cannot read the format (JPEG XL...): it has no IIM either
    return image


def _iim_texts(image: Any, codec: str) -> list[tuple[str, str]]:
    return [(d.key(), iptc_text.decode(bytes(d.value().data()), codec)[0])
            for d in image.iptcData()
            if d.typeId() == exiv2.TypeId.string and d.key() != "Iptc.Envelope.CharacterSet"]


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
    _verify(tmp, job, iim=False, exif=False)
    return []


def _verify(path: Path, job: _Job, *, iim: bool, exif: bool) -> None:
    """Read the written file back and check every field in XMP (and IIM and EXIF where they
    were written)."""
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
        if want is None:
            continue
        if f.iim and iim:
            got = iim_read.get(f.key)
            if f.type is registry.FieldType.DATE:
                ok = _norm(f.key, got) == want
            else:
                ok = (got if isinstance(got, list) else [got]) == iim_values(f.key, want)
            if not ok:
                bad.append(f"IPTC {f.key}")
        if exif and f.exif and f.type in _EXIF_TEXT and \
                _norm(f.key, exif_read.get(f.key)) != want:
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


def _scan_data(path: Path) -> bytes:
    """The first image's entropy-coded data, up to its EOI. A trailer after it (AFCP,
    FotoStation) is metadata exiftool may rewrite, so it is left out: inside scan data 0xFF
    is always followed by 0x00 or a restart marker, so the first FF D9 is the image's end.
    Most files end right there, and finding that from the end costs nothing; a file that
    ends otherwise is searched from the front."""
    with open(path, "rb") as fh:
        data = fh.read()
    start = _scan_start(path)
    if data.endswith(b"\xff\xd9"):
        end = len(data) - 2
        # a file ending in FF D9 may still hold MPF images after the first: those are
        # compared too (exiftool never rewrites them)
    else:
        end = data.find(b"\xff\xd9", start)
        end = len(data) if end < 0 else end
    return data[start:end]


def _same_scan(a: Path, b: Path) -> bool:
    """True when both JPEGs hold the same scan data, byte for byte."""
    return _scan_data(a) == _scan_data(b)
