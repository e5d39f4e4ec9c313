"""How the article pane marks its captions: one background per pairing state (yellow: not
paired yet, orange: ambiguous, green: paired, grey and struck through: dismissed, blue: the
current one), drawn as extra selections over the caption spans the parser found."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextEdit

COLORS = {
    "unpaired": QColor("#fff1b8"),   # a caption nobody has paired yet
    "paired": QColor("#d9f2d9"),
    "ambiguous": QColor("#ffe0b3"),
    "dismissed": QColor("#eeeeee"),
    "current": QColor("#8ab4f8"),
}


class Utf16Map:
    """Python indexes text by code point, Qt by UTF-16 unit: they differ after any character
    outside the BMP (rare CJK extension characters, emoji)."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_qt(self, pos: int) -> int:
        return pos + bisect.bisect_left(self._astral, pos)

    def from_qt(self, pos: int) -> int:
        lo = pos
        while lo > 0 and self.to_qt(lo) > pos:
            lo -= 1
        return lo


def highlights(document: QTextDocument, captions: list[dict[str, Any]],
               state_of: Callable[[dict[str, Any]], str], current: int | None,
               utf16: Utf16Map) -> list[QTextEdit.ExtraSelection]:
    selections = []
    for c in captions:
        if c["span_start"] is None:
            continue
        fmt = QTextCharFormat()
        state = state_of(c)
        fmt.setBackground(COLORS[state])
        if state == "dismissed":
            fmt.setFontStrikeOut(True)
            fmt.setForeground(QColor("#888888"))
        if c["id"] == current:
            fmt.setBackground(COLORS["current"])
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(document)
        cursor.setPosition(utf16.to_qt(c["span_start"]))
        cursor.setPosition(utf16.to_qt(c["span_end"]), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        selections.append(sel)
    return selections
