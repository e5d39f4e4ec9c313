"""EXIF in, from an open exiv2 image: the registry's EXIF fields, and the camera, size,
orientation and GPS position the photo record keeps."""

from __future__ import annotations

import contextlib
import datetime
import functools
import re
from typing import Any

from caption_studio.core import fields as registry
from caption_studio.core.media import iptc_text
from caption_studio.core.media.reconcile import EmbeddedMetadata

_EXIF_BY_KEY = {f.exif: f for f in registry.FIELDS if f.exif is not None}


def raw_bytes(datum: Any) -> bytes:
    """A datum's bytes, all of them (an EXIF ASCII value's parts after a NUL too)."""
    try:
        return bytes(datum.value().data())
    except Exception:
        return datum.toString().encode("utf-8", "replace")


def _exif_text(datum: Any, charset: str, key: str = "") -> str:
    if key == "Exif.Image.Copyright":
        # "photographer\0editor" per EXIF: both parts are copyright holders
        first = b" / ".join(p for p in raw_bytes(datum).split(b"\x00") if p.strip())
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


def read_exif(image: Any, result: EmbeddedMetadata) -> dict[str, Any]:
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

