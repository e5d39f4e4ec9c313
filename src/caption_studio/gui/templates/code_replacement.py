"""Code replacement while typing, as in Photo Mechanic: closing a `=code=` in a text field
replaces it with its text. Works on QLineEdit, QPlainTextEdit and QTextEdit, either one
widget at a time (`install_code_replacement`) or for every editor of the application
(`install_app_wide`); the expansion is an ordinary edit, so the field's own undo takes it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from caption_studio.core import replacements

Lookup = Callable[[], Mapping[str, str]]


def _closing_code(before: str, delimiter: str) -> re.Match[str] | None:
    d = re.escape(delimiter)
    return re.search(rf"{d}[^\s{d}]+?(?:#\d+)?{d}$", before)


def expand_in(widget: QWidget, codes: Mapping[str, str],
              delimiter: str = replacements.DELIMITER) -> bool:
    """Expand the code that ends at the widget's cursor, if it is one. True if it did."""
    if not codes:
        return False
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        text, pos = widget.text(), widget.cursorPosition()
        m = _closing_code(text[:pos], delimiter)
        if not m:
            return False
        expanded = replacements.expand(m.group(0), codes, delimiter)
        if expanded == m.group(0):
            return False
        widget.setSelection(m.start(), len(m.group(0)))
        widget.insert(expanded)  # an edit, not setText: the field's undo still works
        return True
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        if widget.isReadOnly():
            return False
        cursor = widget.textCursor()
        block_text = cursor.block().text()
        in_block = cursor.positionInBlock()
        m = _closing_code(block_text[:in_block], delimiter)
        if not m:
            return False
        expanded = replacements.expand(m.group(0), codes, delimiter)
        if expanded == m.group(0):
            return False
        start = cursor.block().position() + len(block_text[:m.start()].encode("utf-16-le")) // 2
        cursor.setPosition(start)
        cursor.setPosition(widget.textCursor().position(), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(expanded)
        widget.setTextCursor(cursor)
        return True
    return False


class CodeReplacementFilter(QObject):
    def __init__(self, lookup: Lookup, parent: QObject | None = None,
                 delimiter: str = replacements.DELIMITER) -> None:
        super().__init__(parent)
        self.lookup = lookup
        self.delimiter = delimiter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # After the key went in (release), so the closing delimiter is already in the text.
        if event.type() == QEvent.Type.KeyRelease and event.text() == self.delimiter:
            target = watched if isinstance(watched, QLineEdit | QPlainTextEdit | QTextEdit) \
                else None
            if target is None and isinstance(watched, QWidget):
                parent = watched.parent()  # text edits receive keys on their viewport
                target = parent if isinstance(parent, QPlainTextEdit | QTextEdit) else None
            if target is not None:
                expand_in(target, self.lookup(), self.delimiter)
        return False


def lookup_for(host: Any) -> Lookup:
    """The open project's codes, read again only after the project or its codes changed."""
    cache: dict[str, Any] = {}

    def forget(*_args: Any) -> None:
        cache.clear()

    host.projectReplaced.connect(forget)
    host.projectChanged.connect(
        lambda changes: forget() if getattr(changes, "action", "") == "code replacements"
        else None)

    def lookup() -> Mapping[str, str]:
        if "codes" not in cache:
            project = host.project
            cache["codes"] = replacements.table(project) if project is not None else {}
        return cache["codes"]

    return lookup


def install_code_replacement(widget: QWidget, lookup: Lookup) -> CodeReplacementFilter:
    f = CodeReplacementFilter(lookup, widget)
    widget.installEventFilter(f)
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.viewport().installEventFilter(f)
    return f


def install_app_wide(lookup: Lookup) -> CodeReplacementFilter:
    """Every editor of the application expands codes. Only the focus widget reacts, and only
    to the delimiter key, so the filter costs nothing on other events."""
    app = QApplication.instance()
    f = CodeReplacementFilter(lookup, app)
    app.installEventFilter(f)
    return f
