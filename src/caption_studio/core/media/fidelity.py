"""Did writing change anything we do not manage? exiftool's whole view of the file before and
after, tag by tag.

Allowed to differ: the tags of the fields written (write_plan.Plan.managed), the System and
ExifTool groups (file name, dates, size, exiftool's own notes), and positions inside the
file that move when a metadata block grows (`ThumbnailOffset`, `PreviewImageStart`,
`StripOffsets`, `MPImageStart`...: numbers whose tag name ends in Offset(s)/Start, except
time-zone offsets), and the GUID that names extended XMP (an MD5 of its text). Everything
else, maker notes and unknown maker-note tags included, must be exactly as it was.
Binary values are compared as exiftool shows them without `-b` (their length), which
keeps large previews out of the comparison's cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_IGNORED_GROUPS = frozenset({"System", "ExifTool", "SourceFile"})
_POSITION = re.compile(r"(Offsets?|Start|Starts)(#\d+)?$")
_NOT_POSITION = re.compile(r"Time|Zone|Date")
_IIM_COPY = re.compile(r"^IPTC\d+$")  # a second IIM block (APP13 or AFCP): written alike
_BINARY = re.compile(r"\(Binary data \d+ bytes")
_MOVING = frozenset({"XMP-xmpNote:HasExtendedXMP"})


def _group(key: str) -> str:
    return key.split(":", 1)[0]


def _base(key: str) -> str:
    """The tag without a duplicate's `#n`, and a second block's group without its number
    (IPTC2:City is managed when IPTC:City is)."""
    group, _, name = key.partition(":")
    name = name.split("#", 1)[0]
    return f"{_IIM_COPY.sub('IPTC', group)}:{name}"


def _is_position(key: str, old: Any, new: Any) -> bool:
    name = key.partition(":")[2]
    # a long list of strip offsets is shown as binary data of its text's length, which
    # changes with the numbers' digits
    return (bool(_POSITION.search(name)) and not _NOT_POSITION.search(name)
            and all(isinstance(v, int | None) or _BINARY.match(str(v)) for v in (old, new)))


def _is_container_flag(key: str, old: Any, new: Any) -> bool:
    """WebP's VP8X header says which chunks follow: adding XMP sets its bit (4) and turns a
    simple WebP into an extended one. Nothing else in it may change."""
    if key == "File:FileType":
        return old == "WEBP" and new == "Extended WEBP"
    if key == "RIFF:WebP_Flags":
        return isinstance(new, int) and isinstance(old, int | None) and new == (old or 0) | 4
    return False


def differences(before: Mapping[str, Any], after: Mapping[str, Any],
                managed: Iterable[str]) -> list[str]:
    """Each unmanaged tag that was lost, added or changed, as one line for a person."""
    allowed = set(managed)
    out: list[str] = []
    for key in dict.fromkeys([*before, *after]):
        if _group(key) in _IGNORED_GROUPS or key == "SourceFile":
            continue
        old, new = before.get(key), after.get(key)
        if old == new or _base(key) in allowed or key in _MOVING:
            continue
        if _is_position(key, old, new) or _is_container_flag(key, old, new):
            continue
        if new is None:
            out.append(f"{key} lost ({_short(old)})")
        elif old is None:
            out.append(f"{key} added ({_short(new)})")
        else:
            out.append(f"{key} changed ({_short(old)} -> {_short(new)})")
    return out


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
