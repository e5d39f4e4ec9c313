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

import contextlib
import datetime
import functools
import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import exiv2

from caption_studio.core import fields as registry
from caption_studio.core.errors import InputError
from caption_studio.core.media import iptc_text
from caption_studio.core.media.fingerprint import extension
from caption_studio.core.media.iim_credit import iim_credit
from caption_studio.core.media.photoshop_irb import (
    digest_state,
    jpeg_photoshop_irb,
    tiff_digest_state,
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
MAX_TEXT_CHARS = 64 * 1024  # a longer "caption" is damage, not a caption

# Text cameras and phones put in ImageDescription & co. when nobody wrote a caption.
BOILERPLATE = frozenset(s.casefold() for s in (
    "OLYMPUS DIGITAL CAMERA", "SONY DSC", "DCIM", "DIGITAL CAMERA", "KODAK Digital Still Camera",
    "KONICA MINOLTA DIGITAL CAMERA", "MINOLTA DIGITAL CAMERA", "SAMSUNG", "SAMSUNG CAMERA PICTURES",
    "Default", "default", "Untitled", "Image", "Picture", "Photo", "My beautiful picture",
    "LEICA", "PENTAX", "Created with GIMP", "Exif_JPEG_PICTURE", "EXIF_JPEG_PICTURE",
    "Camera", "Unknown", "None", "No description", "-", ".",
))
_BOILERPLATE_FIELDS = {"description", "title", "headline", "creator", "copyright_notice"}

RAW_MIME_PREFIXES = ("image/x-", "image/dng")
_RAW_EXTENSIONS = {"cr2", "cr3", "nef", "nrw", "arw", "srf", "sr2", "orf", "rw2",
                   "raf", "pef", "dng", "srw", "x3f", "3fr", "mrw", "crw", "kdc"}


@dataclass
class EmbeddedMetadata:
    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    width: int | None = None
    height: int | None = None
    orientation: int | None = None
    format: str | None = None
    capture_time: str | None = None
    camera: str | None = None
    gps_lat: float | None = None
    gps_lon: float | None = None
    warnings: list[str] = field(default_factory=list)
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    # XMP lr:hierarchicalSubject (`地点|中国|重庆`): the tree behind the flat keywords, which
    # are read from dc:subject like any field; kept for the keyword vocabulary
    keyword_paths: list[str] = field(default_factory=list)
    # {name in characters: its Latin spelling} where one container held each (rule 4)
    latin_names: dict[str, str] = field(default_factory=dict)


def is_raw(path: str | os.PathLike[str], mime: str | None = None) -> bool:
    if mime and mime.startswith(RAW_MIME_PREFIXES) and mime != "image/x-portable-anymap":
        return True
    return extension(os.fspath(path)) in _RAW_EXTENSIONS


# -- labels ----------------------------------------------------------------------------------

def iim_label(f: registry.Field) -> str:
    assert f.iim is not None
    try:
        title = exiv2.IptcDataSets.dataSetTitle(f.iim.dataset, 2)
    except Exception:  # exiv2 knows them all; a label must never fail a read
        title = f.iim.key.rsplit(".", 1)[-1]
    return f"IPTC {title}"


def xmp_label(f: registry.Field) -> str:
    assert f.xmp is not None
    _, prefix, name = f.xmp.split(".", 2)
    return f"XMP {prefix}:{name}"


def exif_label(f: registry.Field) -> str:
    assert f.exif is not None
    return f"EXIF {f.exif.rsplit('.', 1)[-1]}"


SIDECAR_LABEL = "XMP sidecar"
_LABELS = {f.key: (exif_label(f) if f.exif else "", iim_label(f) if f.iim else "",
                   xmp_label(f) if f.xmp else "", SIDECAR_LABEL) for f in registry.FIELDS}


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
        raise InputError(f"{name}: not an image exiv2 can read ({_exiv2_message(exc)})") from None
    except Exception as exc:
        raise InputError(f"{name}: cannot be read ({exc})") from None
    try:
        image.readMetadata()
    except exiv2.Exiv2Error as exc:
        raise InputError(f"{name}: damaged or not an image ({_exiv2_message(exc)})") from None
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


def _exiv2_message(exc: Exception) -> str:
    args = getattr(exc, "args", ())
    return str(args[-1]) if args else str(exc)


# -- reading the three containers ------------------------------------------------------------

_IIM_BY_KEY = {f.iim.key: f for f in registry.FIELDS if f.iim is not None}
_XMP_BY_KEY = {f.xmp: f for f in registry.FIELDS if f.xmp is not None}
_EXIF_BY_KEY = {f.exif: f for f in registry.FIELDS if f.exif is not None}
_TIME_CREATED = "Iptc.Application2.TimeCreated"
_IIM_DATES = frozenset(k for k, f in _IIM_BY_KEY.items() if f.type is registry.FieldType.DATE)
HIERARCHY_XMP = "Xmp.lr.hierarchicalSubject"
# Where _read_xmp puts the hierarchy among the field values: not a registry key (those are
# snake_case), so reconciling ignores it, while write-back's read-back check can see it.
KEYWORD_PATHS = "lr:hierarchicalSubject"
MAX_KEYWORD_PATHS = 1000
_CHARSET_KEY = "Iptc.Envelope.CharacterSet"


def _raw(datum: Any) -> bytes:
    """A datum's bytes, all of them (an EXIF ASCII value's parts after a NUL too)."""
    try:
        return bytes(datum.value().data())
    except Exception:
        return datum.toString().encode("utf-8", "replace")


def _read_iim(image: Any, warnings: list[str]) -> tuple[dict[str, Any], bool]:
    """{field: value} from IIM (text decoded per 1:90 or detected), and whether any IIM exists."""
    raw_values: dict[str, list[bytes]] = {}
    other: dict[str, str] = {}
    charset_raw: bytes | None = None
    iptc = image.iptcData()
    if iptc.empty():
        return {}, False
    for datum in iptc:
        key = datum.key()
        f = _IIM_BY_KEY.get(key)
        if f is not None:
            if key in _IIM_DATES:
                other[f.key] = datum.toString()
            else:
                # The bytes at a fifth of `_raw`'s cost: toString() hands them over as UTF-8
                # with surrogate escapes, which encode back to exactly the bytes in the file
                # (GB18030 and Latin-1 included).
                raw_values.setdefault(f.key, []).append(
                    datum.toString().encode("utf-8", "surrogateescape"))
        elif key == _CHARSET_KEY:
            charset_raw = _raw(datum)
        elif key == _TIME_CREATED:
            other["_time"] = datum.toString()
    charset = iptc_text.declared_charset(charset_raw)
    if charset_raw and charset is None:
        warnings.append(f"unknown IPTC character set {charset_raw!r}; guessed from the text")
    if charset is None:
        charset = iptc_text.guess_charset(v for vs in raw_values.values() for v in vs)
        if charset not in ("utf-8",):
            warnings.append(f"IPTC text has no character set; read as {charset.upper()}")
    out: dict[str, Any] = {}
    for key, raws in raw_values.items():
        f = registry.BY_KEY[key]
        assert f.iim is not None
        texts = []
        for raw in raws:
            if len(raw) > f.iim.max_bytes:
                warnings.append(f"{iim_label(f)} over {f.iim.max_bytes} bytes ({len(raw)})")
            text, clean = iptc_text.decode(raw, charset)
            if not clean:
                warnings.append(f"{iim_label(f)} is not valid {charset.upper()}")
            texts.append(text)
        out[key] = texts if f.is_list else " ".join(t for t in texts if t.strip())
    if "date_created" in other:
        date = other["date_created"]
        time = other.get("_time", "")
        if time and time[:8] != "00:00:00":
            date = f"{date}T{time[:8]}"
        out["date_created"] = date
    return out, True


_XMP_TEXT = exiv2.TypeId.xmpText


def _xmp_value(f: registry.Field, datum: Any) -> Any:
    if datum.typeId() == _XMP_TEXT:  # most properties: no Value copy needed to tell
        text = datum.toString()
        return [text] if f.is_list else text
    value = datum.value()
    if isinstance(value, exiv2.LangAltValue):
        alts = dict(value)
        text = alts.get("x-default") or next(iter(alts.values()), "")
        return [text] if f.is_list else text
    if isinstance(value, exiv2.XmpArrayValue):
        items = [str(v) for v in value]
        return items if f.is_list else "; ".join(items)
    text = datum.toString()
    return [text] if f.is_list else text


def _keyword_paths(datum: Any) -> list[str]:
    value = datum.value()
    items = [str(v) for v in value] if isinstance(value, exiv2.XmpArrayValue) \
        else [datum.toString()]
    cleaned = (i.strip()[:MAX_TEXT_CHARS] for i in items[:MAX_KEYWORD_PATHS])
    return [i for i in dict.fromkeys(cleaned) if i]


def _read_xmp(xmp_data: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for datum in xmp_data:
        key = datum.key()
        if key == HIERARCHY_XMP:
            with contextlib.suppress(Exception):
                out[KEYWORD_PATHS] = _keyword_paths(datum)
            continue
        f = _XMP_BY_KEY.get(key)
        if f is not None:
            try:
                out[f.key] = _xmp_value(f, datum)
            except Exception:  # one odd property must not lose the others
                continue
    return out


def _exif_text(datum: Any, charset: str, key: str = "") -> str:
    if key == "Exif.Image.Copyright":
        # "photographer\0editor" per EXIF: both parts are copyright holders
        first = b" / ".join(p for p in _raw(datum).split(b"\x00") if p.strip())
    else:
        text = datum.toString()
        if text.isascii():  # most camera text: already what the bytes say
            return text.split("\x00", 1)[0]
        first = text.encode("utf-8", "surrogateescape").split(b"\x00", 1)[0]
    try:
        return first.decode("utf-8")
    except UnicodeDecodeError:
        return iptc_text.decode(first, charset if charset != "utf-8" else "cp1252")[0]


_EXIF_DATE_TIME = re.compile(r"(\d{4}):(\d\d):(\d\d)[ T](\d\d):(\d\d):(\d\d)")


def _exif_date(text: str) -> str | None:
    text = text.strip().rstrip("\x00")
    if len(text) < 10 or text[:4] in ("0000", "    ") or not text[:4].isdigit():
        return None
    plain = _EXIF_DATE_TIME.match(text)
    if plain:
        # What nearly every camera writes: checked as datetime() would, without the general
        # parser (two-digit fields compare as text; a shoot's few days are checked once each)
        y, mo, d, h, mi, sec = plain.groups()
        if h > "23" or mi > "59" or sec > "59" or not _real_day(y, mo, d):
            return None
        return f"{y}-{mo}-{d}" if (h, mi, sec) == ("00", "00", "00") else \
            f"{y}-{mo}-{d}T{h}:{mi}:{sec}"
    time = text[11:19] if len(text) >= 19 else ""
    # midnight exactly is how a date without a time is written into EXIF (see embed_values)
    iso = text[:10].replace(":", "-") + (f"T{time}" if time and time != "00:00:00" else "")
    try:
        return registry.normalize("date_created", iso)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def _real_day(year: str, month: str, day: str) -> bool:
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _rational_degrees(datum: Any) -> float | None:
    try:
        parts = [datum.toFloat(i) for i in range(min(datum.count(), 3))]
    except Exception:
        return None
    if not parts:
        return None
    degrees = parts[0] + (parts[1] / 60 if len(parts) > 1 else 0) + (
        parts[2] / 3600 if len(parts) > 2 else 0)
    return degrees if degrees == degrees else None  # NaN from 0/0


def _read_exif(image: Any, result: EmbeddedMetadata) -> dict[str, Any]:
    exif = image.exifData()
    out: dict[str, Any] = {}
    if exif.empty():
        return out
    wanted: dict[str, Any] = {}
    for datum in exif:
        key = datum.key()
        if key in _EXIF_WANTED:
            wanted[key] = datum
    for key, datum in wanted.items():
        f = _EXIF_BY_KEY.get(key)
        if f is None:
            continue
        try:
            if f.type is registry.FieldType.DATE:
                value: Any = _exif_date(datum.toString())
            elif f.type is registry.FieldType.RATING:
                value = int(datum.toInt64(0))
            else:
                value = _exif_text(datum, "cp1252", key)
                if f.is_list:  # MWG: Artist holds "a; b" for several creators
                    value = [v.strip() for v in value.split(";")]
        except Exception:
            continue
        if value not in (None, "", []):
            out[f.key] = value
    _exif_extras(wanted, result)
    # The capture time is DateTimeOriginal, which is also the date_created field's EXIF key
    result.capture_time = out.get("date_created")
    return out


assert _EXIF_BY_KEY["Exif.Photo.DateTimeOriginal"].key == "date_created"


_EXIF_EXTRA = {
    "Exif.Image.Make", "Exif.Image.Model", "Exif.Image.Orientation",
    "Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef",
    "Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef",
    "Exif.Photo.PixelXDimension", "Exif.Photo.PixelYDimension", "Exif.Photo.DateTimeOriginal",
}
_EXIF_WANTED = frozenset(_EXIF_BY_KEY) | _EXIF_EXTRA


def _exif_extras(d: dict[str, Any], result: EmbeddedMetadata) -> None:
    def text(key: str) -> str:
        return _exif_text(d[key], "cp1252", key).strip() if key in d else ""

    make, model = text("Exif.Image.Make"), text("Exif.Image.Model")
    if model.lower().startswith(make.lower()):
        make = ""
    result.camera = f"{make} {model}" if make and model else (make or model or None)
    orientation = d.get("Exif.Image.Orientation")
    if orientation is not None:
        try:
            value = int(orientation.toInt64(0))
        except Exception:  # noqa: BLE001 - an unreadable orientation is no orientation
            value = None
        if value is not None:
            result.orientation = value if 1 <= value <= 8 else None
            if result.orientation is None:
                result.warnings.append(f"EXIF orientation {value} is not 1-8; ignored")
    for axis, ref_neg in (("Latitude", "S"), ("Longitude", "W")):
        key = f"Exif.GPSInfo.GPS{axis}"
        if key in d:
            value = _rational_degrees(d[key])
            if value is None or value > (90 if axis == "Latitude" else 180):
                continue
            if text(key + "Ref").upper().startswith(ref_neg):
                value = -value
            setattr(result, "gps_lat" if axis == "Latitude" else "gps_lon", round(value, 7))
    if not (result.width and result.height):
        with contextlib.suppress(Exception):
            w = int(d["Exif.Photo.PixelXDimension"].toInt64(0))
            h = int(d["Exif.Photo.PixelYDimension"].toInt64(0))
            if w > 0 and h > 0:
                result.width, result.height = w, h


# -- reconciling -----------------------------------------------------------------------------

def _clean(key: str, value: Any) -> Any:
    """A raw value in the field's canonical form, or None for blanks, boilerplate, junk."""
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        value = value[:MAX_TEXT_CHARS]
    if isinstance(value, list):
        value = [v for v in value if not _is_boilerplate(key, v)]
    elif isinstance(value, str) and _is_boilerplate(key, value):
        return None
    if isinstance(value, str) and key in _PLAIN_TEXT:
        return value.strip() or None  # what normalize does for these, without its overhead
    try:
        return registry.normalize(key, value)
    except ValueError:
        return None


_PLAIN_TEXT = frozenset(f.key for f in registry.FIELDS if f.type is registry.FieldType.TEXT)


def _is_boilerplate(key: str, text: str) -> bool:
    if key not in _BOILERPLATE_FIELDS:
        return False
    stripped = text.strip().strip("\x00").strip()
    return not stripped or stripped.casefold() in BOILERPLATE


def _same(key: str, a: Any, b: Any) -> bool:
    if a == b:
        return True
    if registry.field(key).type is registry.FieldType.DATE:
        # a date alone agrees with the same date at any time
        return isinstance(a, str) and isinstance(b, str) and (
            a[:10] == b[:10] and (len(a) == 10 or len(b) == 10))
    return False


def _iim_truncation_of(key: str, iim: Any, xmp: Any) -> bool:
    """True when the IIM value is the XMP value cut at the IIM byte limit."""
    limit = registry.field(key).max_bytes
    if limit is None or iim is None or xmp is None:
        return False
    if key == "credit_line" and isinstance(xmp, str) and iim == iim_credit(xmp, limit):
        return True  # the short form write-back puts into IIM for a long printed line
    pairs = zip(iim, xmp, strict=False) if isinstance(iim, list) and isinstance(xmp, list) \
        else [(iim, xmp)]
    for i, x in pairs:
        if not (isinstance(i, str) and isinstance(x, str)):
            return False
        if i != x and not (x.startswith(i) and len(x.encode("utf-8")) > limit
                           and len(i.encode("utf-8")) >= limit - 3):
            return False
    return True


def _reconcile(result: EmbeddedMetadata, exif: dict[str, Any], iim: dict[str, Any],
               xmp: dict[str, Any], sidecar: dict[str, Any], *, has_iim: bool,
               xmp_trusted: Callable[[], bool], sidecar_wins: bool) -> None:
    containers = (("exif", exif, 0), ("iim", iim, 1), ("xmp", xmp, 2), ("sidecar", sidecar, 3))
    found = (exif.keys() | iim.keys() | xmp.keys() | sidecar.keys()) & _ORDER.keys()
    for key in sorted(found, key=_ORDER.__getitem__):  # registry order: stable warnings
        present: dict[str, tuple[str, Any]] = {}  # kind -> (label, value)
        labels = _LABELS[key]
        for kind, values, slot in containers:
            if key in values:
                value = _clean(key, values[key])
                if value is not None:
                    present[kind] = (labels[slot], value)
        if not present:
            continue
        if len(present) == 1:  # most fields of most files: nothing to weigh
            (label, value), = present.values()
            result.fields[key] = value
            result.sources[key] = label
            continue
        chosen = _choose(key, present, has_iim=has_iim, xmp_trusted=xmp_trusted,
                         sidecar_wins=sidecar_wins)
        spellings: dict[str, str] = {}
        if key in _NAME_FIELDS and _mixes_scripts(present):
            chosen, spellings = _name_in_characters(
                key, present, chosen, has_iim=has_iim, xmp_trusted=xmp_trusted,
                sidecar_wins=sidecar_wins)
            result.latin_names.update(spellings)
        label, value = present[chosen]
        result.fields[key] = value
        result.sources[key] = label
        distinct = [(lbl, v) for lbl, v in present.values()
                    if not _same(key, v, value)
                    and not ("iim" in present and present["iim"][1] == v
                             and _iim_truncation_of(key, v, value))
                    and not (spellings and _spells(v, value))]
        if distinct:
            result.conflicts[key] = {lbl: v for lbl, v in present.values()}
            if registry.BY_KEY[key].type is registry.FieldType.DATE:
                names = " and ".join(sorted({lbl.split()[0] for lbl, _ in present.values()}))
                result.warnings.append(f"{names} dates disagree")


_ORDER = {f.key: i for i, f in enumerate(registry.FIELDS)}
_NAME_FIELDS = frozenset({"creator", "description_writer"})
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _names(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else [str(value)]


def _mixes_scripts(present: dict[str, tuple[str, Any]]) -> bool:
    """Some container names people in Chinese characters and another in Latin letters only."""
    han = [any(_HAN_RE.search(n) for n in _names(v)) for _, v in present.values()]
    return any(han) and not all(han)


def _name_in_characters(key: str, present: dict[str, tuple[str, Any]], chosen: str,
                        **rules: Any) -> tuple[str, dict[str, str]]:
    """Rule 4: a Latin name that is the pinyin of another container's Chinese name gives way
    to it (`names.prefer_characters`); pypinyin is loaded only for such files."""
    from caption_studio.core import names

    return names.prefer_characters(
        {kind: _names(v) for kind, (_, v) in present.items()}, chosen,
        lambda kinds: _choose(key, {k: present[k] for k in kinds}, **rules))


def _spells(latin: Any, han: Any) -> bool:
    from caption_studio.core.names import romanised_pairs

    return romanised_pairs(_names(latin), _names(han)) is not None


def _choose(key: str, present: dict[str, tuple[str, Any]], *, has_iim: bool,
            xmp_trusted: Callable[[], bool], sidecar_wins: bool) -> str:
    if "sidecar" in present and sidecar_wins:
        return "sidecar"
    if "exif" in present:
        return "exif"
    xmp_kind = "xmp" if "xmp" in present else ("sidecar" if "sidecar" in present else None)
    if xmp_kind and (not has_iim or "iim" not in present
                     or present["iim"][1] == present[xmp_kind][1] or xmp_trusted()):
        return xmp_kind
    if "iim" in present:
        iim_value = present["iim"][1]
        if xmp_kind and _iim_truncation_of(key, iim_value, present[xmp_kind][1]):
            return xmp_kind
        return "iim"
    assert xmp_kind is not None
    return xmp_kind


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
    return _read_xmp(data)


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
        exif = _read_exif(image, result)
        iim, has_iim = _read_iim(image, result.warnings)
        xmp_data = image.xmpData()
        xmp = _read_xmp(xmp_data)
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
    _reconcile(result, exif, iim, xmp, sidecar, has_iim=has_iim, xmp_trusted=xmp_trusted,
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
    exif = _read_exif(image, scratch)
    iim, _ = _read_iim(image, scratch.warnings)
    return exif, iim, _read_xmp(image.xmpData())
