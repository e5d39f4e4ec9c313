"""Field values into an open exiv2 image: XMP (full text), IPTC IIM (UTF-8, 1:90 = ESC % G,
byte limits) and EXIF, driven by the field registry. No file handling here: writeback.py
owns temporary files, verification and the atomic replace."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import exiv2

from caption_studio.core import fields as registry
from caption_studio.core.fields import FieldType, XmpKind
from caption_studio.core.media import iptc_text
from caption_studio.core.media.iim_credit import iim_credit
from caption_studio.core.media.metadata import HIERARCHY_XMP

_CHARSET_KEY = "Iptc.Envelope.CharacterSet"
_TIME_KEY = "Iptc.Application2.TimeCreated"
_XMP_ARRAY = {XmpKind.SEQ: exiv2.TypeId.xmpSeq, XmpKind.BAG: exiv2.TypeId.xmpBag}

EMBEDDED_FIELDS: tuple[registry.Field, ...] = tuple(
    f for f in registry.FIELDS if f.xmp or f.iim or f.exif)


@dataclass(frozen=True)
class Truncation:
    field: str
    bytes: int  # the full value's UTF-8 size
    limit: int


def iim_values(key: str, value: Any) -> list[str]:
    """What goes into IIM for a value: one dataset per list item, each cut to the limit
    (the credit line: put in a form that fits)."""
    f = registry.field(key)
    assert f.iim is not None
    if f.type is FieldType.DATE:
        return [str(value)[:10]]
    items = list(value) if f.is_list else [registry.display(key, value)]
    if not f.iim.repeatable and len(items) > 1:
        items = ["; ".join(items)]
    if key == "credit_line":  # a shorter form, never the printed line cut (iim_credit.py)
        return [iim_credit(i, f.iim.max_bytes) for i in items]
    return [iptc_text.truncate_utf8(i, f.iim.max_bytes) for i in items]


def xmp_text(key: str, value: Any) -> Any:
    """The value as XMP holds it: str, or list for seq/bag properties."""
    f = registry.field(key)
    if f.xmp_kind in _XMP_ARRAY:
        return list(value) if f.is_list else [str(value)]
    return registry.display(key, value)


def exif_text(key: str, value: Any) -> str:
    f = registry.field(key)
    if f.type is FieldType.DATE:
        text = str(value)
        return f"{text[:10].replace('-', ':')} {text[11:19] if len(text) > 10 else '00:00:00'}"
    return registry.display(key, value)


def _erase(container: Any, key: str) -> None:
    while key in container:
        del container[key]


def legacy_iim_charset(iptc: Any) -> str:
    """The charset the file's IIM text is in now (declared, or guessed like the reader)."""
    declared = None
    raws = []
    for datum in iptc:
        if datum.key() == _CHARSET_KEY:
            declared = iptc_text.declared_charset(bytes(datum.value().data()))
        elif datum.typeId() == exiv2.TypeId.string:
            raws.append(bytes(datum.value().data()))
    return declared or iptc_text.guess_charset(raws)


def transcode_iim(iptc: Any, charset: str) -> None:
    """Re-encode the file's IIM text from its old charset to UTF-8, so that declaring
    ESC % G does not turn what we leave alone (categories, old captions...) into mojibake."""
    pending: list[tuple[str, str]] = []
    for datum in iptc:
        key = datum.key()
        if key == _CHARSET_KEY or datum.typeId() != exiv2.TypeId.string:
            continue
        text, _ = iptc_text.decode(bytes(datum.value().data()), charset)
        pending.append((key, text))
    for key in dict.fromkeys(k for k, _ in pending):
        _erase(iptc, key)
    for key, text in pending:
        datum = exiv2.Iptcdatum(exiv2.IptcKey(key))
        datum.setValue(text)
        iptc.add(datum)
    iptc[_CHARSET_KEY] = "\x1b%G"


def apply_values(image: Any, values: Mapping[str, Any], *, cleared: Iterable[str] = (),
                 iim: bool = True, exif: bool = True,
                 hierarchy: Sequence[str] | None = None) -> list[Truncation]:
    """Write `values` (registry key -> canonical value) into the image's metadata containers.

    Fields in `cleared` (a person emptied them in the project) are removed from the file;
    fields neither set nor cleared are left as the file has them. `hierarchy` is the
    keyword paths for XMP lr:hierarchicalSubject: None leaves the file's, [] removes it."""
    xmp_data = image.xmpData()
    iptc = image.iptcData()
    exif_data = image.exifData()
    truncations: list[Truncation] = []
    if iim:
        old_charset = legacy_iim_charset(iptc) if not iptc.empty() else "utf-8"
        if old_charset not in ("utf-8", "ascii"):
            # all of it, ours included: a field we do not overwrite keeps its text
            transcode_iim(iptc, old_charset)
    cleared_set = set(cleared)
    for f in EMBEDDED_FIELDS:
        value = values.get(f.key)
        if value is None:
            if f.key in cleared_set:
                _remove(f, xmp_data, iptc, exif_data, iim=iim, exif=exif)
            continue
        if f.xmp:
            _set_xmp(xmp_data, f, value)
        if f.iim and iim:
            truncations.extend(_set_iim(iptc, f, value))
        if f.exif and exif:
            _set_exif(exif_data, f, value)
    if hierarchy is not None:
        _erase(xmp_data, HIERARCHY_XMP)
        if hierarchy:
            xmp_data[HIERARCHY_XMP] = exiv2.XmpArrayValue(list(hierarchy), exiv2.TypeId.xmpBag)
    if iim and not iptc.empty():
        iptc[_CHARSET_KEY] = "\x1b%G"
    return truncations


def _remove(f: registry.Field, xmp_data: Any, iptc: Any, exif_data: Any, *, iim: bool,
            exif: bool) -> None:
    if f.xmp:
        _erase(xmp_data, f.xmp)
    if f.iim and iim:
        _erase(iptc, f.iim.key)
        if f.type is FieldType.DATE:
            _erase(iptc, _TIME_KEY)
    if f.exif and exif:
        _erase(exif_data, f.exif)


def _set_xmp(xmp_data: Any, f: registry.Field, value: Any) -> None:
    assert f.xmp is not None
    text = xmp_text(f.key, value)
    if f.xmp_kind is XmpKind.LANG_ALT:
        langs: dict[str, str] = {}
        if f.xmp in xmp_data:
            old = xmp_data[f.xmp].value()
            if isinstance(old, exiv2.LangAltValue):
                langs = dict(old)
        langs["x-default"] = text
        _erase(xmp_data, f.xmp)
        xmp_data[f.xmp] = exiv2.LangAltValue(langs)
    elif f.xmp_kind in _XMP_ARRAY:
        _erase(xmp_data, f.xmp)
        xmp_data[f.xmp] = exiv2.XmpArrayValue(text, _XMP_ARRAY[f.xmp_kind])
    else:
        _erase(xmp_data, f.xmp)
        xmp_data[f.xmp] = str(value)


def _set_iim(iptc: Any, f: registry.Field, value: Any) -> list[Truncation]:
    assert f.iim is not None
    _erase(iptc, f.iim.key)
    out: list[Truncation] = []
    full_items = list(value) if f.is_list else [registry.display(f.key, value)]
    for item in full_items:
        size = len(item.encode("utf-8"))
        if size > f.iim.max_bytes and f.type is not FieldType.DATE:
            out.append(Truncation(f.key, size, f.iim.max_bytes))
    for text in iim_values(f.key, value):
        datum = exiv2.Iptcdatum(exiv2.IptcKey(f.iim.key))
        datum.setValue(text)
        iptc.add(datum)
    if f.type is FieldType.DATE:
        _erase(iptc, _TIME_KEY)
        if len(str(value)) > 10:
            iptc[_TIME_KEY] = str(value)[11:19]
    return out


def _set_exif(exif_data: Any, f: registry.Field, value: Any) -> None:
    assert f.exif is not None
    if f.type is FieldType.RATING:
        exif_data[f.exif] = exiv2.UShortValue(int(value))
        return
    if f.type is FieldType.DATE and f.exif in exif_data:
        # keep the camera's clock reading when it says the same day and time
        old = exif_data[f.exif].toString()
        if old.startswith(exif_text(f.key, value)[:10]) and len(str(value)) == 10:
            return
    exif_data[f.exif] = exif_text(f.key, value)
