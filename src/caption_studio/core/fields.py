"""The one field registry. Every metadata field is declared here once; the database, the
editor form, the embedded-metadata reader, the write-back, the exports and the search index
are all driven from this table. Adding a field is one entry.

Keys are the IPTC Photo Metadata property names in snake_case.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a label for Qt Linguist without importing Qt; the GUI translates it in context."""
    return text


LABEL_CONTEXT = "fields"


class FieldType(enum.StrEnum):
    TEXT = "text"
    MULTILINE = "multiline"  # text, edited in a multi-line box
    LIST = "list"  # a list of strings, `;` separated when typed
    DATE = "date"  # ISO 8601: YYYY-MM-DD, optionally with THH:MM[:SS]
    CHOICE = "choice"  # one of Field.choices
    RATING = "rating"  # an int 0..5


class Provenance(enum.StrEnum):
    EMBEDDED = "embedded"  # read from the image file
    CAPTION = "caption"  # from the paired article caption
    TEMPLATE = "template"
    MANUAL = "manual"  # typed by a person; nothing automatic overwrites it


class XmpKind(enum.StrEnum):
    TEXT = "text"
    LANG_ALT = "langalt"
    SEQ = "seq"
    BAG = "bag"


@dataclass(frozen=True)
class Iim:
    """An IPTC IIM (Application record 2) dataset."""

    dataset: int  # 2:<dataset>
    key: str  # exiv2 key, e.g. Iptc.Application2.Caption
    max_bytes: int
    repeatable: bool = False


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: FieldType
    group: str  # editor section
    iim: Iim | None = None
    xmp: str | None = None  # exiv2 key, e.g. Xmp.dc.description
    xmp_kind: XmpKind = XmpKind.TEXT
    exif: str | None = None  # exiv2 key, e.g. Exif.Image.Artist
    choices: tuple[str, ...] = ()
    autocomplete: bool = False  # names, credits, places: offer values already in the project
    searchable: bool = True
    template: bool = False  # repeats across a shoot or a desk: a template may hold it

    @property
    def is_list(self) -> bool:
        return self.type is FieldType.LIST

    @property
    def max_bytes(self) -> int | None:
        return self.iim.max_bytes if self.iim else None


def _iim(dataset: int, name: str, max_bytes: int, repeatable: bool = False) -> Iim:
    return Iim(dataset, f"Iptc.Application2.{name}", max_bytes, repeatable)


_T = QT_TRANSLATE_NOOP
_C = LABEL_CONTEXT

STATUS_CHOICES = ("new", "needs_review", "approved")

FIELDS: tuple[Field, ...] = (
    # Content
    Field("headline", _T(_C, "Headline"), FieldType.TEXT, "content",
          iim=_iim(105, "Headline", 256), xmp="Xmp.photoshop.Headline", template=True),
    Field("description", _T(_C, "Caption"), FieldType.MULTILINE, "content",
          iim=_iim(120, "Caption", 2000), xmp="Xmp.dc.description", xmp_kind=XmpKind.LANG_ALT,
          exif="Exif.Image.ImageDescription"),
    Field("title", _T(_C, "Title"), FieldType.TEXT, "content",
          iim=_iim(5, "ObjectName", 64), xmp="Xmp.dc.title", xmp_kind=XmpKind.LANG_ALT),
    Field("keywords", _T(_C, "Keywords"), FieldType.LIST, "content",
          iim=_iim(25, "Keywords", 64, repeatable=True), xmp="Xmp.dc.subject",
          xmp_kind=XmpKind.BAG, autocomplete=True, template=True),
    Field("person_in_image", _T(_C, "People shown"), FieldType.LIST, "content",
          xmp="Xmp.iptcExt.PersonInImage", xmp_kind=XmpKind.BAG, autocomplete=True),
    Field("event", _T(_C, "Event"), FieldType.TEXT, "content",
          xmp="Xmp.iptcExt.Event", xmp_kind=XmpKind.LANG_ALT, autocomplete=True, template=True),
    Field("description_writer", _T(_C, "Caption writer"), FieldType.TEXT, "content",
          iim=_iim(122, "Writer", 32), xmp="Xmp.photoshop.CaptionWriter",
          autocomplete=True, template=True),
    # Credit
    Field("creator", _T(_C, "Photographer"), FieldType.LIST, "credit",
          iim=_iim(80, "Byline", 32, repeatable=True), xmp="Xmp.dc.creator",
          xmp_kind=XmpKind.SEQ, exif="Exif.Image.Artist", autocomplete=True, template=True),
    Field("creator_jobtitle", _T(_C, "Photographer's role"), FieldType.TEXT, "credit",
          iim=_iim(85, "BylineTitle", 32), xmp="Xmp.photoshop.AuthorsPosition",
          autocomplete=True, template=True),
    Field("credit_line", _T(_C, "Credit line"), FieldType.TEXT, "credit",
          iim=_iim(110, "Credit", 32), xmp="Xmp.photoshop.Credit",
          autocomplete=True, template=True),
    Field("source", _T(_C, "Source"), FieldType.TEXT, "credit",
          iim=_iim(115, "Source", 32), xmp="Xmp.photoshop.Source",
          autocomplete=True, template=True),
    Field("copyright_notice", _T(_C, "Copyright"), FieldType.TEXT, "credit",
          iim=_iim(116, "Copyright", 128), xmp="Xmp.dc.rights", xmp_kind=XmpKind.LANG_ALT,
          exif="Exif.Image.Copyright", autocomplete=True, template=True),
    # When and where
    Field("date_created", _T(_C, "Date taken"), FieldType.DATE, "place",
          iim=_iim(55, "DateCreated", 8), xmp="Xmp.photoshop.DateCreated",
          exif="Exif.Photo.DateTimeOriginal", template=True),
    Field("sublocation", _T(_C, "Place"), FieldType.TEXT, "place",
          iim=_iim(92, "SubLocation", 32), xmp="Xmp.iptc.Location",
          autocomplete=True, template=True),
    Field("city", _T(_C, "City"), FieldType.TEXT, "place",
          iim=_iim(90, "City", 32), xmp="Xmp.photoshop.City", autocomplete=True, template=True),
    Field("province_state", _T(_C, "Province/State"), FieldType.TEXT, "place",
          iim=_iim(95, "ProvinceState", 32), xmp="Xmp.photoshop.State",
          autocomplete=True, template=True),
    Field("country", _T(_C, "Country"), FieldType.TEXT, "place",
          iim=_iim(101, "CountryName", 64), xmp="Xmp.photoshop.Country",
          autocomplete=True, template=True),
    Field("country_code", _T(_C, "Country code"), FieldType.TEXT, "place",
          iim=_iim(100, "CountryCode", 3), xmp="Xmp.iptc.CountryCode",
          autocomplete=True, template=True),
    # Workflow
    Field("instructions", _T(_C, "Instructions"), FieldType.TEXT, "workflow",
          iim=_iim(40, "SpecialInstructions", 256), xmp="Xmp.photoshop.Instructions",
          autocomplete=True, template=True),
    Field("job_id", _T(_C, "Job ID"), FieldType.TEXT, "workflow",
          iim=_iim(103, "TransmissionReference", 32), xmp="Xmp.photoshop.TransmissionReference",
          autocomplete=True, template=True),
    Field("status", _T(_C, "Status"), FieldType.CHOICE, "workflow",
          choices=STATUS_CHOICES, searchable=False),
    Field("rating", _T(_C, "Rating"), FieldType.RATING, "workflow",
          xmp="Xmp.xmp.Rating", exif="Exif.Image.Rating", searchable=False),
)

GROUPS: tuple[tuple[str, str], ...] = (
    ("content", _T(_C, "Content")),
    ("credit", _T(_C, "Credit")),
    ("place", _T(_C, "When and where")),
    ("workflow", _T(_C, "Workflow")),
)

STATUS_LABELS = {
    "new": _T(_C, "New"),
    "needs_review": _T(_C, "Needs review"),
    "approved": _T(_C, "Approved"),
}

BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS)


def field(key: str) -> Field:
    try:
        return BY_KEY[key]
    except KeyError:
        known = ", ".join(KEYS)
        raise KeyError(f"unknown field {key!r} (known fields: {known})") from None


def fields_with_iim() -> Iterable[Field]:
    return (f for f in FIELDS if f.iim is not None)


def normalize(key: str, value: Any) -> Any:
    """Bring a value typed by a person or read from a file into the field's canonical form.

    Empty values become None (the field is cleared). Raises ValueError for a value the field
    cannot hold, with a message fit for a person.
    """
    f = field(key)
    if value is None:
        return None
    if f.type is FieldType.LIST:
        items = value.split(";") if isinstance(value, str) else list(value)
        cleaned: list[str] = []
        for item in items:
            text = str(item).strip()
            if text and text not in cleaned:
                cleaned.append(text)
        return cleaned or None
    if f.type is FieldType.RATING:
        if isinstance(value, str) and not value.strip():
            return None
        try:
            rating = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{f.label}: {value!r} is not a number from 0 to 5") from None
        if not 0 <= rating <= 5:
            raise ValueError(f"{f.label}: {rating} is not from 0 to 5")
        return rating
    text = str(value).strip() if f.type is not FieldType.MULTILINE else str(value).strip("\n ")
    if not text:
        return None
    if f.type is FieldType.CHOICE:
        wanted = text.lower().replace(" ", "_")
        if wanted not in f.choices:
            raise ValueError(f"{f.label}: {text!r} is not one of {', '.join(f.choices)}")
        return wanted
    if f.type is FieldType.DATE:
        return _normalize_date(f, text)
    return text


_CANONICAL_DATE = re.compile(r"\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d)?")


def _normalize_date(f: Field, text: str) -> str:
    import datetime as dt

    if _CANONICAL_DATE.fullmatch(text):  # most dates read from files: only checked as real
        try:
            (dt.date if len(text) == 10 else dt.datetime).fromisoformat(text)
        except ValueError:
            raise ValueError(f"{f.label}: {text!r} is not a date (use YYYY-MM-DD)") from None
        return text
    cleaned = text.replace("/", "-").replace(" ", "T", 1) if len(text) > 10 else text.replace("/", "-")
    if len(cleaned) == 8 and cleaned.isdigit():  # IIM CCYYMMDD
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    # A date parser never takes a "T", so a date-time goes straight to the second one: a
    # failed parse raises, and raising is most of the cost of a bulk import's dates.
    parsers = (dt.datetime.fromisoformat,) if "T" in cleaned else (
        dt.date.fromisoformat, dt.datetime.fromisoformat)
    for parser in parsers:
        try:
            parsed = parser(cleaned)
        except ValueError:
            continue
        if isinstance(parsed, dt.datetime):
            return parsed.replace(tzinfo=None).isoformat(timespec="seconds")
        return parsed.isoformat()
    raise ValueError(f"{f.label}: {text!r} is not a date (use YYYY-MM-DD)")


def encode(key: str, value: Any) -> str | None:
    """Canonical value -> the text stored in the project file."""
    if value is None:
        return None
    f = field(key)
    if f.type is FieldType.LIST:
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


def json_list(stored: str | None) -> list[Any]:
    """A JSON list column read tolerantly: damaged or scalar text becomes a one-item list."""
    if not stored:
        return []
    try:
        items = json.loads(stored)
    except ValueError:
        return [stored]
    return items if isinstance(items, list) else [items]


def text_list(stored: str | None) -> list[str]:
    return [str(item) for item in json_list(stored)]


def decode(key: str, stored: str | None) -> Any:
    """Text stored in the project file -> canonical value. Tolerates damaged values."""
    if stored is None:
        return None
    f = field(key)
    if f.type is FieldType.LIST:
        return text_list(stored)
    if f.type is FieldType.RATING:
        try:
            return int(stored)
        except ValueError:
            return None
    return stored


def display(key: str, value: Any) -> str:
    """A value as one line of text for tables, search and exports."""
    if value is None:
        return ""
    if field(key).is_list:
        return "; ".join(value)
    return str(value)


def iim_bytes(key: str, value: Any) -> int:
    """Bytes the value takes in IIM as UTF-8 (the longest item for repeatable datasets)."""
    if value is None:
        return 0
    if field(key).type is FieldType.DATE:
        return 8  # IIM stores the date as CCYYMMDD (the time goes in its own dataset)
    if field(key).is_list:
        return max((len(v.encode("utf-8")) for v in value), default=0)
    text = display(key, value)
    if key == "credit_line":  # a long printed line goes into IIM in its short form
        from caption_studio.core.media.iim_credit import iim_credit

        text = iim_credit(text) or text  # nothing fits whole: the line itself is too long
    return len(text.encode("utf-8"))


def over_iim_limit(key: str, value: Any) -> bool:
    limit = field(key).max_bytes
    return limit is not None and iim_bytes(key, value) > limit
