"""IPTC IIM in, from an open exiv2 image: the registry's IIM fields, text decoded by the
charset 1:90 declares (or the one iptc_text guesses)."""

from __future__ import annotations

import struct
from typing import Any

from caption_studio.core import fields as registry
from caption_studio.core.media import iptc_text
from caption_studio.core.media.exif_read import raw_bytes
from caption_studio.core.media.photoshop_irb import IPTC_NAA, parse_irb
from caption_studio.core.media.reconcile import iim_label

_IIM_BY_KEY = {f.iim.key: f for f in registry.FIELDS if f.iim is not None}
_TIME_CREATED = "Iptc.Application2.TimeCreated"
_IIM_DATES = frozenset(k for k, f in _IIM_BY_KEY.items() if f.type is registry.FieldType.DATE)
_CHARSET_KEY = "Iptc.Envelope.CharacterSet"


_BY_DATASET = {f.iim.dataset: f for f in registry.FIELDS if f.iim is not None}
_TIME_DATASET, _CHARSET_DATASET = 60, 90  # 2:60 TimeCreated, 1:90 CodedCharacterSet


def _exiv2_values(iptc: Any) -> tuple[dict[str, list[bytes]], dict[str, str], bytes | None]:
    raw_values: dict[str, list[bytes]] = {}
    other: dict[str, str] = {}
    charset_raw: bytes | None = None
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
    return raw_values, other, charset_raw


def walk(raw: bytes) -> tuple[list[tuple[int, int, bytes]], str | None]:
    """(record, dataset, value) in order, read strictly: the walk stops at the first byte that
    is not a tag marker (0x1C) and at a dataset that runs past the block. Returns what was
    sound and, if the block is damaged, where."""
    out: list[tuple[int, int, bytes]] = []
    pos, n = 0, len(raw)
    while pos < n:
        if raw[pos] != 0x1C:
            if not raw[pos:].strip(b"\x00"):
                break  # the padding to an even length
            return out, f"a bad tag marker at byte {pos}"
        if pos + 5 > n:
            return out, f"a dataset header cut short at byte {pos}"
        record, dataset = raw[pos + 1], raw[pos + 2]
        size = struct.unpack_from(">H", raw, pos + 3)[0]
        start = pos + 5
        if size & 0x8000:  # an extended dataset: the next (size & 0x7FFF) bytes hold the length
            width = size & 0x7FFF
            if width > 4 or start + width > n:
                return out, f"dataset {record}:{dataset} has a bad extended length"
            size, start = int.from_bytes(raw[start:start + width], "big"), start + width
        if start + size > n:
            return out, f"dataset {record}:{dataset} runs past the end of the block"
        out.append((record, dataset, raw[start:start + size]))
        pos = start + size
    return out, None


def _walk_blocks(blocks: list[bytes], warnings: list[str]
                 ) -> tuple[dict[str, list[bytes]], dict[str, str], bytes | None] | None:
    """The values of all blocks, walked strictly; None when exiv2's reading is the same
    (one block, sound)."""
    walks = [walk(block) for block in blocks]
    if len(walks) == 1 and walks[0][1] is None:
        return None
    raw_values: dict[str, list[bytes]] = {}
    other: dict[str, str] = {}
    charset_raw: bytes | None = None
    for number, (datasets, damage) in enumerate(walks, start=1):
        where = f"IPTC block {number}" if len(walks) > 1 else "the IPTC block"
        if damage:
            warnings.append(f"{where} is damaged ({damage}); what came before it was read "
                            f"({len(datasets)} of its datasets), the rest ignored")
        block_values: dict[str, list[bytes]] = {}
        for record, dataset, value in datasets:
            if record == 1 and dataset == _CHARSET_DATASET:
                charset_raw = charset_raw or value
            elif record != 2:
                continue
            elif dataset == _TIME_DATASET:
                other.setdefault("_time", _iim_time(value))
            elif (f := _BY_DATASET.get(dataset)) is not None:
                if f.type is registry.FieldType.DATE:
                    other.setdefault(f.key, _iim_date(value))
                else:
                    block_values.setdefault(f.key, []).append(value)
        for key, values in block_values.items():  # an earlier block's value wins
            raw_values.setdefault(key, values)
    return raw_values, other, charset_raw


def jpeg_iim_blocks(irb: bytes | None) -> list[bytes]:
    """The IIM blocks (resource 0x0404) of a JPEG's Photoshop IRB, in file order."""
    return [r.data for r in parse_irb(irb) if r.id == IPTC_NAA] if irb else []


def _iim_date(value: bytes) -> str:
    text = value.decode("ascii", "replace").strip()
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}" if len(text) == 8 and text.isdigit() else text


def _iim_time(value: bytes) -> str:
    text = value.decode("ascii", "replace").strip()
    if len(text) >= 6 and text[:6].isdigit():
        zone = text[6:11]
        return f"{text[:2]}:{text[2:4]}:{text[4:6]}" + (
            f"{zone[:3]}:{zone[3:]}" if len(zone) == 5 else "")
    return text


def read_iim(image: Any, warnings: list[str],
             blocks: list[bytes] | None = None) -> tuple[dict[str, Any], bool]:
    """{field: value} from IIM (text decoded per 1:90 or detected), and whether any IIM exists.
    `blocks`: the IIM blocks of a JPEG's Photoshop APP13 segments, raw, when the caller has
    them. exiv2 reads only the first block, and on damage it either gives up on the whole
    block or skips bytes to the next 0x1C it finds, reading datasets out of the middle of
    broken ones (a keyword `ize`). With `blocks` they are walked strictly, as exiftool
    does: a block is read up to its first damage, which is reported, and a later block
    fills the fields the first has not got."""
    walked = _walk_blocks(blocks, warnings) if blocks else None
    if walked is not None:
        raw_values, other, charset_raw = walked
    else:
        iptc = image.iptcData()
        if iptc.empty():
            return {}, False
        raw_values, other, charset_raw = _exiv2_values(iptc)
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

