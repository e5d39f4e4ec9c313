"""Reconciling what the three containers (and a sidecar) say, field by field, by the
Metadata Working Group rules; see metadata.py for the rules. Also the result's shape
(`EmbeddedMetadata`), the labels that name where a value came from, and the cleaning that
drops camera boilerplate."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import exiv2

from caption_studio.core import fields as registry
from caption_studio.core.media.iim_credit import iim_credit

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


def reconcile(result: EmbeddedMetadata, exif: dict[str, Any], iim: dict[str, Any],
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

