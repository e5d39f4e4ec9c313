"""Real photo files for tests: pixels from Pillow, metadata written with the exiv2 binding.

    make_jpeg(tmp_path / "a.jpg", iptc={"Iptc.Application2.Caption": "说明"},
              xmp={"Xmp.dc.creator": ["李雨恒"]}, exif={"Exif.Image.Artist": "Li"})

Values: str, list[str] (repeatable IIM datasets, XMP seq/bag by the registry), dict (XMP
lang-alt {"x-default": ...}), bytes (written as-is: legacy encodings), int (EXIF numbers).
`iptc_charset`: "utf-8" sets 1:90 to ESC % G; None leaves 1:90 out; "gb18030" (or any other
codec) encodes the IIM text in it, without 1:90, as old Chinese desk software did.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import exiv2
from PIL import Image

from caption_studio.core import fields as registry

Values = Mapping[str, Any] | None

_XMP_KINDS = {f.xmp: f.xmp_kind for f in registry.FIELDS if f.xmp}


def _raw_value(data: bytes) -> Any:
    value = exiv2.StringValue()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        value.read(data)
    return value


def _set_iptc(iptc: Any, values: Mapping[str, Any], charset: str | None) -> None:
    codec = charset or "utf-8"
    if charset == "utf-8":
        iptc["Iptc.Envelope.CharacterSet"] = "\x1b%G"
    for key, value in values.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            datum = exiv2.Iptcdatum(exiv2.IptcKey(key))
            raw = item if isinstance(item, bytes) else str(item).encode(codec)
            if key.endswith(("DateCreated", "TimeCreated", "DigitizationDate")):
                datum.setValue(str(item))
            else:
                datum.setValue(_raw_value(raw))
            iptc.add(datum)


def _set_xmp(xmp: Any, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        kind = _XMP_KINDS.get(key)
        if isinstance(value, dict) or kind is registry.XmpKind.LANG_ALT:
            langs = value if isinstance(value, dict) else {"x-default": str(value)}
            xmp[key] = exiv2.LangAltValue(langs)
        elif isinstance(value, list):
            type_id = exiv2.TypeId.xmpSeq if kind is registry.XmpKind.SEQ \
                else exiv2.TypeId.xmpBag
            xmp[key] = exiv2.XmpArrayValue([str(v) for v in value], type_id)
        else:
            xmp[key] = str(value)


def _set_exif(exif: Any, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if isinstance(value, bytes):
            datum = exiv2.Exifdatum(exiv2.ExifKey(key))
            ascii_value = exiv2.AsciiValue()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                ascii_value.read(value + b"\x00")
            datum.setValue(ascii_value)
            exif.add(datum)
        elif isinstance(value, int):
            exif[key] = exiv2.UShortValue(value) if value < 65536 else exiv2.ULongValue(value)
        else:
            exif[key] = str(value)


def write_metadata(path: Path, *, exif: Values = None, iptc: Values = None, xmp: Values = None,
                   iptc_charset: str | None = "utf-8", orientation: int | None = None) -> Path:
    """Add metadata to an existing image file with exiv2."""
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    if exif or orientation:
        data = image.exifData()
        _set_exif(data, dict(exif or {}))
        if orientation:
            data["Exif.Image.Orientation"] = exiv2.UShortValue(orientation)
    if iptc:
        _set_iptc(image.iptcData(), iptc, iptc_charset)
    if xmp:
        _set_xmp(image.xmpData(), xmp)
    image.writeMetadata()
    return path


def _pixels(size: tuple[int, int], color: tuple[int, int, int]) -> Image.Image:
    img = Image.new("RGB", size, color)
    # a gradient, so the scan data is not trivially uniform
    for x in range(0, size[0], max(1, size[0] // 16)):
        img.paste((x * 255 // max(size[0], 1), color[1], 255 - color[2]), (x, 0, x + 2, size[1]))
    return img


def make_jpeg(path: Path, size: tuple[int, int] = (64, 48), *, exif: Values = None,
              iptc: Values = None, xmp: Values = None, iptc_charset: str | None = "utf-8",
              orientation: int | None = None, color: tuple[int, int, int] = (200, 120, 40),
              quality: int = 85) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _pixels(size, color).save(path, "JPEG", quality=quality)
    if exif or iptc or xmp or orientation:
        write_metadata(path, exif=exif, iptc=iptc, xmp=xmp, iptc_charset=iptc_charset,
                       orientation=orientation)
    return path


def make_png(path: Path, size: tuple[int, int] = (64, 48), *, xmp: Values = None,
             exif: Values = None, color: tuple[int, int, int] = (20, 120, 200)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _pixels(size, color).save(path, "PNG")
    if xmp or exif:
        write_metadata(path, xmp=xmp, exif=exif)
    return path


def make_tiff(path: Path, size: tuple[int, int] = (64, 48), *, exif: Values = None,
              iptc: Values = None, xmp: Values = None,
              color: tuple[int, int, int] = (90, 180, 60)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _pixels(size, color).save(path, "TIFF")
    if exif or iptc or xmp:
        write_metadata(path, exif=exif, iptc=iptc, xmp=xmp)
    return path


def make_sidecar(path: Path, xmp: Mapping[str, Any]) -> Path:
    """An XMP sidecar file (`name.xmp`) with the given properties."""
    path.write_text('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
                    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
                    '"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""/>'
                    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>', encoding="utf-8")
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    _set_xmp(image.xmpData(), xmp)
    image.writeMetadata()
    return path


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buf = io.BytesIO()
    _pixels(size, (10, 20, 30)).save(buf, "JPEG")
    return buf.getvalue()


def jpeg_scan_data(path: Path) -> bytes:
    """The entropy-coded image data (from SOS to EOI): what must not change when metadata does."""
    data = Path(path).read_bytes()
    pos = 2
    while pos + 4 <= len(data):
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker == 0xDA:
            return data[pos:]
        pos += 2 + length
    raise AssertionError(f"{path} has no scan data")
