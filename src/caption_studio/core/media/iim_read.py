"""IPTC IIM in, from an open exiv2 image: the registry's IIM fields, text decoded by the
charset 1:90 declares (or the one iptc_text guesses)."""

from __future__ import annotations

from typing import Any

from caption_studio.core import fields as registry
from caption_studio.core.media import iptc_text
from caption_studio.core.media.exif_read import raw_bytes
from caption_studio.core.media.reconcile import iim_label

_IIM_BY_KEY = {f.iim.key: f for f in registry.FIELDS if f.iim is not None}
_TIME_CREATED = "Iptc.Application2.TimeCreated"
_IIM_DATES = frozenset(k for k, f in _IIM_BY_KEY.items() if f.type is registry.FieldType.DATE)
_CHARSET_KEY = "Iptc.Envelope.CharacterSet"


def read_iim(image: Any, warnings: list[str]) -> tuple[dict[str, Any], bool]:
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
                # The bytes at a fifth of `raw_bytes' cost: toString() hands them over as UTF-8
                # with surrogate escapes, which encode back to exactly the bytes in the file
                # (GB18030 and Latin-1 included).
                raw_values.setdefault(f.key, []).append(
                    datum.toString().encode("utf-8", "surrogateescape"))
        elif key == _CHARSET_KEY:
            charset_raw = raw_bytes(datum)
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

