"""XMP in, from exiv2's parsed XMP data (the file's, or a sidecar's): the registry's XMP
fields and Lightroom's keyword hierarchy."""

from __future__ import annotations

import contextlib
from typing import Any

import exiv2

from caption_studio.core import fields as registry
from caption_studio.core.media.reconcile import MAX_TEXT_CHARS

_XMP_BY_KEY = {f.xmp: f for f in registry.FIELDS if f.xmp is not None}
HIERARCHY_XMP = "Xmp.lr.hierarchicalSubject"
# Where read_xmp puts the hierarchy among the field values: not a registry key (those are
# snake_case), so reconciling ignores it, while write-back's read-back check can see it.
KEYWORD_PATHS = "lr:hierarchicalSubject"
MAX_KEYWORD_PATHS = 1000

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


def read_xmp(xmp_data: Any) -> dict[str, Any]:
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

