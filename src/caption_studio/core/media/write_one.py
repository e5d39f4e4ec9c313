"""Writing one photo file (through exiftool) or its XMP sidecar (through exiv2) into a
temporary copy, and checking the copy before writeback.py swaps it in: exiftool's whole
view compared tag by tag (fidelity.py), every written field read back, and for JPEG the
scan data byte for byte."""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import exiv2

from caption_studio.core import fields as registry
from caption_studio.core.errors import CaptionStudioError, InputError
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
from caption_studio.core.media.metadata import KEYWORD_PATHS, read_containers
from caption_studio.core.media.photoshop_irb import jpeg_header_segments

_EXIF_TEXT = (registry.FieldType.TEXT, registry.FieldType.MULTILINE, registry.FieldType.LIST)


class WriteFailed(CaptionStudioError):
    """One file could not be written; the message is the reason shown per file."""


@dataclass(frozen=True)
class Job:
    photo_id: int
    stored_path: str
    source: Path
    target: Path  # the photo file to write, or to copy to when only a sidecar is written
    sidecar: Path | None  # write the metadata here instead of into the photo
    values: dict[str, Any]
    cleared: frozenset[str]
    hierarchy: tuple[str, ...] | None = None  # lr:hierarchicalSubject; None: leave the file's


def _open_image(path: Path, name: str) -> Any:
    try:
        image = exiv2.ImageFactory.open(str(path))
        image.readMetadata()
    except exiv2.Exiv2Error as exc:
        raise WriteFailed(f"{name}: exiv2 cannot read it ({exc.args[-1] if exc.args else exc})"
                          ) from None
    return image


def write_photo(tmp: Path, job: Job, session: Session) -> list[Truncation]:
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
    verify(tmp, job, iim=plan.iim, exif=plan.exif)
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


def write_sidecar(tmp: Path, job: Job) -> list[Truncation]:
    name = (job.sidecar or tmp).name
    image = _open_image(tmp, name)
    apply_values(image, job.values, cleared=job.cleared, iim=False, exif=False,
                 hierarchy=job.hierarchy)
    try:
        image.writeMetadata()
    except exiv2.Exiv2Error as exc:
        raise WriteFailed(f"{name}: cannot write the sidecar ({exc.args[-1]})") from None
    del image
    verify(tmp, job, iim=False, exif=False)
    return []


def verify(path: Path, job: Job, *, iim: bool, exif: bool) -> None:
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
