"""PostgreSQL text cannot hold U+0000, which a desk's SQLite project can. Every text value
crossing into the archive goes through `escape`, every one coming back through `unescape`:
U+0000 becomes U+E000 followed by "0", and U+E000 (a private-use character) itself is doubled,
so any string round-trips exactly. Text without either character (virtually all) is stored
unchanged, so SQL readers of the archive see it as it is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

NUL = "\x00"
MARK = "\ue000"


def escape(value: Any) -> Any:
    if value.__class__ is not str or (NUL not in value and MARK not in value):
        return value
    return value.replace(MARK, MARK + MARK).replace(NUL, MARK + "0")


def unescape(value: Any) -> Any:
    if value.__class__ is not str or MARK not in value:
        return value
    out, i, n = [], 0, len(value)
    while i < n:
        ch = value[i]
        if ch == MARK and i + 1 < n:
            out.append(NUL if value[i + 1] == "0" else MARK)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def escape_row(row: Sequence[Any]) -> Sequence[Any]:
    """The row, with its text values escaped (the same object when none needs it: the fast
    path of a publish)."""
    for value in row:
        if value.__class__ is str and (NUL in value or MARK in value):
            return tuple(escape(v) for v in row)
    return row


def unescape_row(row: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(unescape(v) for v in row)
