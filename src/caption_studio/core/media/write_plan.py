"""What write-back puts where in a photo file, as exiftool tag assignments.

Per format (exiftool's File:FileType of the file as it is):

| format | XMP | IPTC IIM | EXIF |
|---|---|---|---|
| JPEG, TIFF, DNG, PSD | yes | yes | into the EXIF directories the file has |
| PNG, WebP, JPEG XL | yes | no (the format has no place for it) | the same |

EXIF is never created where a camera left none (nor an Exif sub-IFD where there is only
IFD0): exiftool would add its mandatory tags (EXIF version, resolution, colour space...)
with values nobody measured. Only the fields the project set
or a person cleared are written; every other tag stays as it is, which the fidelity check
(fidelity.py) proves afterwards. The tag names of each field are listed in `MANAGED_TAGS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from caption_studio.core import fields as registry
from caption_studio.core.fields import FieldType
from caption_studio.core.media.embed_values import EMBEDDED_FIELDS, Truncation, iim_values
from caption_studio.core.media.exiftool_session import cstr

# exiv2's IIM dataset names (the registry's) -> exiftool's
_IIM_NAMES = {
    "Caption": "Caption-Abstract", "Writer": "Writer-Editor", "Byline": "By-line",
    "BylineTitle": "By-lineTitle", "Copyright": "CopyrightNotice", "SubLocation": "Sub-location",
    "ProvinceState": "Province-State", "CountryName": "Country-PrimaryLocationName",
    "CountryCode": "Country-PrimaryLocationCode",
    "TransmissionReference": "OriginalTransmissionReference",
}
_XMP_GROUPS = {"iptc": "iptcCore"}
HIERARCHY_TAG = "XMP-lr:HierarchicalSubject"
IIM_FORMATS = frozenset({"JPEG", "TIFF", "DNG", "PSD", "PSB"})
DIGEST_NEW_FORMATS = frozenset({"JPEG", "PSD", "PSB"})
IN_FILE_FORMATS = IIM_FORMATS | {"PNG", "WEBP", "Extended WEBP", "HEIC", "HEIF", "AVIF", "JXL"}
# Tags that belong to the IIM record as a whole: set whenever IIM is written.
IIM_FRAME = ("IPTC:CodedCharacterSet", "IPTC:ApplicationRecordVersion",
             "IPTC:EnvelopeRecordVersion", "Photoshop:IPTCDigest", "File:CurrentIPTCDigest")


def xmp_tag(key: str) -> str:
    _, prefix, name = key.split(".", 2)
    return f"XMP-{_XMP_GROUPS.get(prefix, prefix)}:{name[0].upper()}{name[1:]}"


def iim_tag(key: str) -> str:
    name = key.rsplit(".", 1)[-1]
    return f"IPTC:{_IIM_NAMES.get(name, name)}"


def exif_tag(key: str) -> str:
    _, ifd, name = key.split(".", 2)
    return f"{'IFD0' if ifd == 'Image' else 'ExifIFD'}:{name}"


def _tags(f: registry.Field) -> tuple[str | None, str | None, str | None]:
    return (xmp_tag(f.xmp) if f.xmp else None, iim_tag(f.iim.key) if f.iim else None,
            exif_tag(f.exif) if f.exif else None)


MANAGED_TAGS: dict[str, tuple[str, ...]] = {
    f.key: tuple(t for t in _tags(f) if t) for f in EMBEDDED_FIELDS}
_EXTRA_MANAGED = {"date_created": ("IPTC:TimeCreated", "ExifIFD:OffsetTimeOriginal"),
                  "rating": ("IFD0:RatingPercent",)}


@dataclass
class Plan:
    args: list[str] = field(default_factory=list)
    managed: set[str] = field(default_factory=set)  # tags allowed to change
    truncations: list[Truncation] = field(default_factory=list)
    iim: bool = False  # IIM written (the format carries it and a field went there)
    exif: bool = False  # EXIF fields written


def plan(file_type: str, exif_ifds: Iterable[str], values: Mapping[str, Any], cleared: Iterable[str],
         hierarchy: Sequence[str] | None, exif_date_now: str | None = None) -> Plan:
    """The exiftool arguments that write `values` (and remove `cleared`) into one file.
    The file's IIM text is UTF-8 already (writeback converts older charsets first).
    `exif_ifds`: the EXIF directories the file has (IFD0, ExifIFD): a tag is written only
    into one that exists. `exif_date_now`: the file's EXIF DateTimeOriginal (`YYYY:MM:DD HH:MM:SS`), if any."""
    carries_iim = file_type in IIM_FORMATS
    ifds = set(exif_ifds)
    out = Plan()
    gone = set(cleared)
    for f in EMBEDDED_FIELDS:
        value = values.get(f.key)
        if value is None and f.key not in gone:
            continue
        xmp, iim, exif = _tags(f)
        out.managed.update(MANAGED_TAGS[f.key] + _EXTRA_MANAGED.get(f.key, ()))
        if xmp:
            _assign(out.args, xmp, _xmp_items(f, value))
        if iim and carries_iim:
            out.iim = True
            items = [] if value is None else iim_values(f.key, value)
            if f.type is FieldType.DATE:
                _assign(out.args, iim, [d.replace("-", ":") for d in items])
                time = str(value)[11:] if value is not None else ""
                _assign(out.args, "IPTC:TimeCreated", [time] if time else [])
            else:
                _assign(out.args, iim, items)
                out.truncations.extend(_truncations(f, value))
        if exif and exif.split(":", 1)[0] in ifds:
            exif_items = _exif_items(f, value, exif_date_now)
            if exif_items is not None:
                out.exif = True
                _assign(out.args, exif, exif_items)
                if f.type is FieldType.DATE:
                    zone = _zone(value)
                    if zone or value is None:
                        _assign(out.args, "ExifIFD:OffsetTimeOriginal", [zone] if zone else [])
    if hierarchy is not None:
        out.managed.add(HIERARCHY_TAG)
        _assign(out.args, HIERARCHY_TAG, list(hierarchy))
    if out.iim:
        out.managed.update(IIM_FRAME)
        head = ["-charset", "iptc=UTF8", "-IPTC:CodedCharacterSet=UTF8"]
        # TIFF's digest covers the tag's padding, which exiftool's "new" leaves out: the
        # caller sets it from File:CurrentIPTCDigest afterwards, where the file had one
        tail = ["-Photoshop:IPTCDigest=new"] if file_type in DIGEST_NEW_FORMATS else []
        out.args = [*head, *out.args, *tail]
    out.managed.add("XMP-x:XMPToolkit")
    return out


def _assign(args: list[str], tag: str, items: Sequence[str]) -> None:
    if not items:
        args.append(f"-{tag}=")
    for item in items:
        args.append(cstr(f"-{tag}={item}"))


def _xmp_items(f: registry.Field, value: Any) -> list[str]:
    if value is None:
        return []
    if f.type is FieldType.DATE:
        return [_exif_date(value) + _zone(value)]
    if f.is_list:
        return [str(v) for v in value]
    return [registry.display(f.key, value)]


def _exif_items(f: registry.Field, value: Any, exif_date_now: str | None) -> list[str] | None:
    """EXIF values; None: leave EXIF alone. A date without a time of day keeps the camera's
    clock reading when it is of the same day; another day is written as midnight, which
    the reader takes for "no time of day" (EXIF has no date-only form)."""
    if value is None:
        return []
    if f.type is FieldType.DATE:
        if len(str(value)) > 10:
            return [_exif_date(value)]
        if exif_date_now and exif_date_now[:10] == _exif_date(value):
            return None
        return [f"{_exif_date(value)} 00:00:00"]
    if f.type is FieldType.RATING:
        return [str(int(value))]
    return [registry.display(f.key, value)]


def _exif_date(value: Any) -> str:
    text = str(value)
    day = text[:10].replace("-", ":")
    return f"{day} {text[11:19]}" if len(text) > 10 else day


def _zone(value: Any) -> str:
    text = str(value)
    return text[19:] if len(text) > 19 else ""


def _truncations(f: registry.Field, value: Any) -> list[Truncation]:
    assert f.iim is not None
    if value is None or f.type is FieldType.DATE:
        return []
    items = list(value) if f.is_list else [registry.display(f.key, value)]
    return [Truncation(f.key, len(i.encode("utf-8")), f.iim.max_bytes) for i in items
            if len(i.encode("utf-8")) > f.iim.max_bytes]
