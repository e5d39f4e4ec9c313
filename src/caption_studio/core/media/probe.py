"""Probing one photo file: its identity, format, size, embedded metadata and caption sidecar.

Runs in the import's worker processes or threads, so nothing here touches the database;
`probe_packed` is what crosses the pipe from a forked worker (plain tuples, no objects).
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from caption_studio.core import fields as registry
from caption_studio.core.errors import CaptionStudioError, InputError
from caption_studio.core.media.fingerprint import (
    describe_non_image,
    expected_format,
    extension,
    probe_fd,
)
from caption_studio.core.media.scanning import Candidate, display

MAX_SIDECAR_TEXT = 256 * 1024
_PIL_DEFAULT_LIMIT = int(1024 * 1024 * 1024 // 4 // 3)  # PIL.Image.MAX_IMAGE_PIXELS
_PILLOW_JPEG_HEAD = 1 << 20
_FORMAT_NAMES = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "webp": "WebP", "heif": "HEIF",
                 "raw": "RAW"}


@dataclass
class Probed:
    candidate: Candidate
    skip: str | None = None
    fingerprint: str | None = None
    format: str | None = None
    meta: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sidecar_caption: str | None = None
    width: int | None = None
    height: int | None = None
    legacy_fingerprint: str | None = None  # v1, while the project holds v1 fingerprints


class Facts(NamedTuple):
    """What the writer needs of a file's EmbeddedMetadata besides its field values."""

    orientation: int | None
    capture_time: str | None
    camera: str | None
    gps_lat: float | None
    gps_lon: float | None
    keyword_paths: list[str] | None
    latin_names: dict[str, str] | None = None


def probe_packed(candidate: Candidate, legacy: bool = False) -> tuple[Any, ...]:
    # In a worker process: only what the writer needs crosses the pipe, as plain data. A whole
    # Probed (the candidate the parent already has, the reader's sources and conflicts)
    # took the parent nearly as long to unpickle as a worker took to read the file's EXIF.
    p = probe(candidate, legacy)
    m = p.meta
    facts = None if m is None else (m.orientation, m.capture_time, m.camera, m.gps_lat,
                                     m.gps_lon, m.keyword_paths or None, m.latin_names or None)
    return (p.skip, p.fingerprint, p.format, p.values or None, p.warnings or None,
            p.sidecar_caption, p.width, p.height, facts, p.legacy_fingerprint)


def unpack(candidate: Candidate, packed: tuple[Any, ...]) -> Probed:
    skip, fingerprint, fmt, values, warnings, sidecar, width, height, facts, legacy = packed
    return Probed(candidate, skip, fingerprint, fmt, None if facts is None else Facts(*facts),
                   values or {}, warnings or [], sidecar, width, height, legacy)


def probe(candidate: Candidate, legacy: bool = False) -> Probed:
    try:
        return _probe_file(candidate, legacy)
    except Exception as exc:  # noqa: BLE001 - a bug met on one odd file must not stop the rest
        return Probed(candidate, skip=f"could not be read ({type(exc).__name__}: {exc})")


def _probe_file(candidate: Candidate, legacy: bool) -> Probed:
    result = Probed(candidate)
    try:
        fd = os.open(candidate.path, os.O_RDONLY | os.O_CLOEXEC)
    except PermissionError:
        result.skip = "cannot be read (permission denied)"
        return result
    except OSError as exc:
        result.skip = f"cannot be read: {exc.strerror or exc}"
        return result
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            result.skip = "empty file (0 bytes)"
            return result
        try:
            probe = probe_fd(fd, size, legacy=legacy)
        except OSError as exc:
            result.skip = f"cannot be read: {exc.strerror or exc}"
            return result
        name = os.path.basename(candidate.path)
        wanted = expected_format(name)
        fmt = probe.format
        if fmt is None and wanted == "raw":
            fmt = "raw"  # many RAW formats have no magic we know; exiv2 decides below
        if fmt == "tiff" and wanted == "raw":
            fmt = "raw"
        if fmt is None:
            result.skip = describe_non_image(os.pread(fd, 512, 0))
            return result
        result.fingerprint = probe.fingerprint
        result.legacy_fingerprint = probe.legacy_fingerprint
        result.format = fmt
        misnamed = None
        if fmt != wanted and not (fmt == "tiff" and wanted in ("raw", "tiff")):
            misnamed = (f"is a {_FORMAT_NAMES.get(fmt, fmt)} file named "
                        f".{display(name).rsplit('.', 1)[-1]}")
        if probe.truncated:
            result.warnings.append("JPEG file is truncated (no end marker); "
                                   "the picture may be incomplete")
        try:
            os.fsdecode(candidate.path).encode("utf-8")
            readable_path = os.fsdecode(candidate.path)
        except UnicodeEncodeError:
            result.warnings.append("file name is not valid UTF-8")
            readable_path = f"/proc/self/fd/{fd}"  # exiv2 wants a str path
        _read_metadata(result, readable_path, size, probe.head)
        if misnamed and not (result.meta is not None and any(
                "named" in w for w in result.meta.warnings or [])):  # or the reader said so
            result.warnings.insert(0, misnamed)
        if fmt == "raw" and result.meta is None:
            result.skip = _unread_raw(candidate.path, result.warnings.pop()
                                      if result.warnings else "")
            return result
        _read_sidecar_text(result)
        return result
    finally:
        os.close(fd)


def _unread_raw(path: bytes, reason: str) -> str:
    """Why a RAW file is not imported, plainly: exiv2 (the reader) does not support its
    format at all, or could not read this one."""
    ext = extension(os.fsdecode(path)).upper()
    kind = f"{ext} RAW files" if ext and ext != "RAW" else "RAW files of this kind"
    if "unknown image type" in reason:
        return f"{kind} are not supported (exiv2 cannot read the format); not imported"
    detail = reason.rsplit("(", 1)[-1].rstrip(")") if "(" in reason else reason
    return f"exiv2 cannot read this file ({detail or 'unreadable'}); not imported"


def _read_metadata(result: Probed, path: str, size: int, head: bytes) -> None:
    from caption_studio.core.media import metadata

    xmp = result.candidate.sidecar("xmp")
    try:
        meta = metadata.read_embedded(path, sidecar_xmp=os.fsdecode(xmp.path) if xmp else None,
                                      size=size, head=head)
    except InputError as exc:
        result.warnings.append(f"metadata not read: {exc}")
        _pillow_size(result, path)
        _check_pixels(result)
        return
    except Exception as exc:  # noqa: BLE001 - one odd file must never stop an import
        result.warnings.append(f"metadata not read: {type(exc).__name__}: {exc}")
        _pillow_size(result, path)
        _check_pixels(result)
        return
    result.meta = meta
    result.width, result.height = meta.width, meta.height
    result.warnings.extend(meta.warnings or [])
    # The reader already gives each value in the field's canonical form (fields.normalize).
    result.values = {k: v for k, v in (meta.fields or {}).items()
                     if v is not None and k in registry.BY_KEY}
    if not result.width:
        _pillow_size(result, path)
    _check_pixels(result)


def _check_pixels(result: Probed) -> None:
    # Pillow's limit when Pillow is loaded; importing it just for a constant costs start-up.
    pil = sys.modules.get("PIL.Image")
    # getattr: another worker thread may be importing PIL.Image right now (half initialised)
    limit = getattr(pil, "MAX_IMAGE_PIXELS", _PIL_DEFAULT_LIMIT) or 0
    if limit and result.width and result.height and result.width * result.height > limit:
        result.warnings.append(f"picture is too large to show ({result.width}x{result.height}"
                               " pixels); it has no thumbnail")


def _pillow_size(result: Probed, path: str) -> None:
    from PIL import Image

    from caption_studio.core.media.thumbnails import quiet_pillow

    quiet_pillow()  # _check_pixels does the refusing
    try:
        source: Any = path
        if result.format == "jpeg":
            # Pillow skips junk before a JPEG marker one byte at a time: a big file of zeros
            # (a preallocated download) took many minutes. The frame header is near the start.
            with open(path, "rb") as fh:
                source = io.BytesIO(fh.read(_PILLOW_JPEG_HEAD))
        with Image.open(source) as img:
            result.width, result.height = img.size
    except Image.DecompressionBombError:
        result.warnings.append("picture is too large to show; it has no thumbnail")
    except Exception:  # noqa: BLE001 - size stays unknown; the thumbnail step reports it
        return


def _read_sidecar_text(result: Probed) -> None:
    txt = result.candidate.sidecar("txt")
    if txt is None:
        return
    try:
        with open(txt.path, "rb") as fh:
            data = fh.read(MAX_SIDECAR_TEXT + 1)
    except OSError as exc:
        result.warnings.append(f"caption sidecar not read: {exc.strerror or exc}")
        return
    if len(data) > MAX_SIDECAR_TEXT:
        result.warnings.append("caption sidecar is too large; ignored")
        return
    try:
        from caption_studio.core.article.decode import read_article_bytes

        text = read_article_bytes(data, os.fsdecode(os.path.basename(txt.path)))
    except CaptionStudioError as exc:
        result.warnings.append(f"caption sidecar not read: {exc}")
        return
    text = registry.normalize("description", text)
    if text:
        result.sidecar_caption = text
        result.values.setdefault("description", text)
