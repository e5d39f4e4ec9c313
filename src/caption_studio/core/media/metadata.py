"""Embedded metadata in, through exiv2: EXIF, IPTC IIM and XMP (and an XMP sidecar) read into
the field registry, reconciled by the Metadata Working Group rules.

Every registry field is read from all three containers by its `iim`, `xmp` and `exif` keys;
then, per field (MWG 2.0, as exiftool's MWG module implements it):
1. a non-blank EXIF value wins (EXIF is what cameras and MWG-aware tools keep in sync);
2. otherwise, if there is no IIM, or there is XMP and the stored IPTC digest is absent or
   matches the IIM actually present, XMP wins (IIM and XMP are in sync, XMP is fuller);
3. otherwise (a stale digest: an old tool edited IIM after the last XMP-aware one, or no
   XMP) IIM wins, except that an IIM value cut at its byte limit that is a prefix of the
   XMP value gives back the full XMP text.
4. Names (creator, caption writer): when one container spells them in Chinese characters and
   the chosen one only in their pinyin (a camera's Artist `Xu Tao`, By-line `徐涛`), the
   characters win, the pair is no conflict, and `latin_names` keeps the Latin spelling for
   the roster. A Latin name that is not their pinyin (someone else) leaves MWG's choice.
For RAW files a sidecar (`name.xmp`) is the editor's copy and beats everything embedded; for
other files it only fills fields the file has no value for.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import exiv2

from caption_studio.core.errors import InputError
from caption_studio.core.media.exif_read import read_exif
from caption_studio.core.media.fingerprint import RAW_EXTENSIONS, extension
from caption_studio.core.media.iim_read import jpeg_iim_blocks, read_iim
from caption_studio.core.media.photoshop_irb import (
    PS_HEADER,
    digest_state,
    jpeg_photoshop_irb,
    tiff_digest_state,
)
from caption_studio.core.media.reconcile import (  # noqa: F401 - the names callers import here
    BOILERPLATE,
    MAX_TEXT_CHARS,
    EmbeddedMetadata,
    reconcile,
)
from caption_studio.core.media.xmp_read import (  # noqa: F401 - the names callers import here
    HIERARCHY_XMP,
    KEYWORD_PATHS,
    read_xmp,
)

# exiv2 reports through Python logging (logger "exiv2"). Its warnings about odd files become
# per-file warnings below instead of lines on the CLI's stderr.
_LOG_LEVEL = exiv2.LogMsg.Level.warn
exiv2.LogMsg.setLevel(_LOG_LEVEL)
# The XMP toolkit's global state is not thread-safe to set up lazily; import workers read
# files on several threads, so initialise it once here, at import, on one thread.
exiv2.XmpParser.initialize()
_captured = threading.local()


class _Collect(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        sink = getattr(_captured, "sink", None)
        if sink is not None and len(sink) < 20:
            sink.append(record.getMessage().strip())


_exiv2_logger = logging.getLogger("exiv2")
_exiv2_logger.addHandler(_Collect())
_exiv2_logger.propagate = False

MAX_SIDECAR_BYTES = 4 * 1024 * 1024

RAW_MIME_PREFIXES = ("image/x-", "image/dng")


def is_raw(path: str | os.PathLike[str], mime: str | None = None) -> bool:
    if mime and mime.startswith(RAW_MIME_PREFIXES) and mime != "image/x-portable-anymap":
        return True
    return extension(os.fspath(path)) in RAW_EXTENSIONS


# -- opening ---------------------------------------------------------------------------------

def _open(path: str | os.PathLike[str], warnings: list[str], size: int | None = None,
          head: bytes | None = None) -> Any:
    """An exiv2 image with its metadata read; InputError when exiv2 cannot read it at all.
    `size`: the file's size when the caller has just looked (saves a stat). `head`: the
    file's first bytes when the caller has them: a JPEG whose header segments all lie in
    them is read from memory (exiv2 stops at the picture data), without opening it again."""
    path = os.fspath(path)
    name = os.path.basename(path)
    if size is None:
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            raise InputError(f"{name}: the file does not exist") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise InputError(f"{name}: the file is empty")
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        # exiv2 takes str paths only; callers with such names open the file themselves and
        # pass /proc/self/fd/N (as the importer does)
        raise InputError(f"{name!r}: the file name is not valid UTF-8") from None
    _captured.sink = warnings
    try:
        image = exiv2.ImageFactory.open(head if head and _jpeg_header_in(head) else path)
    except exiv2.Exiv2Error as exc:
        raise InputError(f"{name}: not an image exiv2 can read "
                         f"({_exiv2_message(exc, path)})") from None
    except Exception as exc:
        raise InputError(f"{name}: cannot be read ({exc})") from None
    try:
        image.readMetadata()
    except exiv2.Exiv2Error as exc:
        raise InputError(f"{name}: damaged or not an image "
                         f"({_exiv2_message(exc, path)})") from None
    except (MemoryError, RecursionError, Exception) as exc:
        raise InputError(f"{name}: damaged metadata ({type(exc).__name__})") from None
    finally:
        _captured.sink = None
    return image


def _jpeg_header_in(head: bytes) -> bool:
    """True when `head` is a JPEG's start holding every segment before its picture data."""
    if not head.startswith(b"\xff\xd8"):
        return False
    i, n = 2, len(head)
    while i + 4 <= n:
        if head[i] != 0xFF:
            return False
        marker = head[i + 1]
        if marker == 0xDA:  # start of scan: exiv2 reads no further
            return True
        if marker == 0xFF:  # fill byte
            i += 1
        elif 0xD0 <= marker <= 0xD8 or marker == 0x01:  # markers without a length
            i += 2
        else:
            i += 2 + ((head[i + 2] << 8) | head[i + 3])
    return False


def _iim_blocks(path: str, image: Any, mime: str | None, exiv2_msgs: list[str],
                head: bytes | None) -> list[bytes] | None:
    """A JPEG's raw IIM blocks, when it has IIM or exiv2 found fault with it (see read_iim);
    from `head` when the whole header is there, else from the file."""
    if mime != "image/jpeg" or (image.iptcData().empty()
                                and not any("IPTC" in m for m in exiv2_msgs)):
        return None
    try:
        irb = _irb_in(head) if head and _jpeg_header_in(head) else jpeg_photoshop_irb(path)
    except OSError:
        return None
    return jpeg_iim_blocks(irb)


def _irb_in(head: bytes) -> bytes | None:
    """The Photoshop IRB of the APP13 segments in a JPEG header held in memory."""
    chunks = []
    i, n = 2, len(head)
    while i + 4 <= n and head[i] == 0xFF:
        marker = head[i + 1]
        if marker == 0xDA:
            break
        if marker == 0xFF:
            i += 1
        elif 0xD0 <= marker <= 0xD8 or marker == 0x01:
            i += 2
        else:
            end = i + 2 + ((head[i + 2] << 8) | head[i + 3])
            payload = head[i + 4:end]
            if marker == 0xED and payload.startswith(PS_HEADER):
                chunks.append(payload[len(PS_HEADER):])
            i = end
    return b"".join(chunks) if chunks else None


def _exiv2_message(exc: Exception, path: str = "") -> str:
    """exiv2's reason without the path it starts with (the report names the file)."""
    args = getattr(exc, "args", ())
    text = str(args[-1]) if args else str(exc)
    return text.removeprefix(f"{path}: ") if path else text


# -- public ----------------------------------------------------------------------------------

def _read_sidecar(path: Path, warnings: list[str]) -> dict[str, Any]:
    try:
        size = path.stat().st_size
        if size > MAX_SIDECAR_BYTES:
            warnings.append(f"XMP sidecar {path.name} is too large ({size} bytes); ignored")
            return {}
        head = path.read_bytes()
    except OSError as exc:
        warnings.append(f"XMP sidecar {path.name} cannot be read ({exc.strerror or exc})")
        return {}
    if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
        # XMP never needs a DTD; entity definitions are how "billion laughs" files hang parsers
        warnings.append(f"XMP sidecar {path.name} declares XML entities; ignored")
        return {}
    sink: list[str] = []
    try:
        image = _open(path, sink)
    except InputError as exc:
        warnings.append(f"unreadable XMP sidecar ({exc})")
        return {}
    data = image.xmpData()
    if data.empty() and head.strip():
        warnings.append(f"unreadable XMP in sidecar {path.name}")
    return read_xmp(data)


def read_embedded(path: str | os.PathLike[str], *,
                  sidecar_xmp: str | os.PathLike[str] | None = None,
                  size: int | None = None, head: bytes | None = None) -> EmbeddedMetadata:
    """Everything a photo file says about itself, reconciled into the registry's fields.
    `size` and `head` (its first bytes): what the caller has just read of the file (the
    importer has both), so that it is not looked at again."""
    p = os.fspath(path)
    result = EmbeddedMetadata()
    exiv2_msgs: list[str] = []
    image = _open(p, exiv2_msgs, size, head)
    _captured.sink = exiv2_msgs
    try:
        result.format = image.mimeType() or None
        try:
            result.width = int(image.pixelWidth()) or None
            result.height = int(image.pixelHeight()) or None
        except Exception:  # noqa: BLE001 - a size exiv2 cannot tell is found later
            pass
        exif = read_exif(image, result)
        iim, has_iim = read_iim(image, result.warnings,
                                _iim_blocks(p, image, result.format, exiv2_msgs, head))
        xmp_data = image.xmpData()
        xmp = read_xmp(xmp_data)
        if xmp_data.empty() and _has_xmp_packet(image):
            result.warnings.append("unreadable XMP (the file's XMP packet is damaged)")
    finally:
        _captured.sink = None
    sidecar = _read_sidecar(Path(sidecar_xmp), result.warnings) if sidecar_xmp else {}
    trust: list[bool] = []

    def xmp_trusted() -> bool:
        # the digest is read only when IIM and XMP actually disagree: most files never pay
        if not trust:
            trust.append(_digest_trusts_xmp(p, result.format, image))
        return trust[0]

    sidecar_wins = is_raw(p, result.format)
    reconcile(result, exif, iim, xmp, sidecar, has_iim=has_iim, xmp_trusted=xmp_trusted,
               sidecar_wins=sidecar_wins)
    result.keyword_paths = (sidecar.get(KEYWORD_PATHS) if sidecar_wins else None) or \
        xmp.get(KEYWORD_PATHS) or sidecar.get(KEYWORD_PATHS) or []
    if result.capture_time is None:
        date = result.fields.get("date_created")
        if isinstance(date, str) and len(date) > 10:
            result.capture_time = date
    _check_format(p, result)
    result.warnings.extend(f"exiv2: {m}" for m in dict.fromkeys(exiv2_msgs) if m)
    return result


def _digest_trusts_xmp(path: str, mime: str | None, image: Any) -> bool:
    """MWG: XMP is in sync with IIM unless a stored IPTC digest says the IIM changed since."""
    try:
        if mime == "image/jpeg":
            stored, current = digest_state(jpeg_photoshop_irb(path))
        elif mime == "image/tiff":
            stored, current = tiff_digest_state(image)
        else:
            return True
    except Exception:  # an unreadable digest is an absent one
        return True
    return stored is None or stored == current


def _has_xmp_packet(image: Any) -> bool:
    try:
        return bool(str(image.xmpPacket()).strip())
    except Exception:
        return False


_EXT_FORMATS = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
                ".tif": "image/tiff", ".tiff": "image/tiff", ".webp": "image/webp"}


def _check_format(path: str, result: EmbeddedMetadata) -> None:
    suffix = os.path.splitext(path)[1]
    expected = _EXT_FORMATS.get(suffix.lower())
    if expected and result.format and result.format != expected:
        kind = result.format.split("/")[-1].upper()
        result.warnings.append(f"the file is a {kind} but named {suffix}")


def extract_preview(path: str | os.PathLike[str]) -> bytes | None:
    """The largest embedded preview JPEG (RAW files, big JPEG thumbnails), or None."""
    sink: list[str] = []
    try:
        image = _open(path, sink)
        manager = exiv2.PreviewManager(image)
        props = list(manager.getPreviewProperties())
    except (InputError, Exception):
        return None
    jpegs = [pp for pp in props if pp.mimeType_ == "image/jpeg"] or props
    if not jpegs:
        return None
    best = max(jpegs, key=lambda pp: (pp.width_ * pp.height_, pp.size_))
    try:
        return bytes(manager.getPreviewImage(best).data())
    except Exception:
        return None


def read_containers(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, Any],
                                                         dict[str, Any]]:
    """(EXIF, IIM, XMP) values by field key, each container on its own, unreconciled: what
    write-back verifies against (the XMP one with KEYWORD_PATHS too). Raises InputError like
    read_embedded."""
    sink: list[str] = []
    image = _open(path, sink)
    scratch = EmbeddedMetadata()
    exif = read_exif(image, scratch)
    iim, _ = read_iim(image, scratch.warnings,
                      _iim_blocks(os.fspath(path), image, image.mimeType(), sink, None))
    return exif, iim, read_xmp(image.xmpData())

