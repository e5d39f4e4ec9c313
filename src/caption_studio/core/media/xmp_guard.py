"""A cheap look at a file's XMP packet before exiftool reads it: a packet nested thousands of
levels deep (hostile, never written by a real tool) takes exiftool about 40 s per read, and
write-back reads every file twice. Real packets nest under 20 levels."""

from __future__ import annotations

import re
from pathlib import Path

import exiv2

DEPTH_LIMIT = 200

# An opening, closing or empty element tag; comments, processing instructions and CDATA
# do not match (they start with <! or <?).
_TAG = re.compile(r"<(/?)[A-Za-z_][^<>]*?(/?)>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def nesting_depth(packet: str) -> int:
    """How deep the packet's elements nest (an estimate good enough for a limit)."""
    depth = deepest = 0
    for match in _TAG.finditer(_COMMENT.sub("", packet)):
        if match.group(1):
            depth -= 1
        elif not match.group(2):
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def too_deep(path: Path) -> int | None:
    """The packet's depth when it is over the limit, else None (also when exiv2 cannot
    read the file, or the binding cannot take its name, e.g. GBK bytes: exiftool's own read
    then reports the reason)."""
    try:
        image = exiv2.ImageFactory.open(str(path))
        image.readMetadata()
        packet = str(image.xmpPacket())
    except (exiv2.Exiv2Error, TypeError, UnicodeError):
        return None
    depth = nesting_depth(packet) if "<" in packet else 0
    return depth if depth > DEPTH_LIMIT else None
