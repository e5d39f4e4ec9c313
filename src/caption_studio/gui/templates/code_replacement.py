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

from caption_studio.core.desk import replacements

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


def lookup_for(controller: Any) -> Lookup:
    """The open project's codes, read again only after the project or its codes changed."""
    cache: dict[str, Any] = {}

    def forget(*_args: Any) -> None:
        cache.clear()

    controller.projectReplaced.connect(forget)
    controller.projectChanged.connect(
        lambda changes: forget() if "replacements" in changes.lists else None)

    def lookup() -> Mapping[str, str]:
        if "codes" not in cache:
            project = controller.project
            cache["codes"] = replacements.table(project) if project is not None else {}
        return cache["codes"]

    return lookup


def install_code_replacement(widget: QWidget, lookup: Lookup) -> CodeReplacementFilter:
    f = CodeReplacementFilter(lookup, widget)
    widget.installEventFilter(f)
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.viewport().installEventFilter(f)
    return f


class AppWideCodeReplacement(QObject):
    """Every editor of the application expands codes. Rather than filtering every event of
    the application in Python, the filter goes onto each editor when it first gets focus."""

    def __init__(self, lookup: Lookup, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filter = CodeReplacementFilter(lookup, self)
        self._app = QApplication.instance()
        self._app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        mark = f"codeReplacement{id(self)}"  # per instance: two windows, two projects
        if isinstance(new, QLineEdit | QPlainTextEdit | QTextEdit) and not new.property(mark):
            new.setProperty(mark, True)
            new.installEventFilter(self.filter)

    def uninstall(self) -> None:
        self._app.focusChanged.disconnect(self._focus_changed)


def install_app_wide(lookup: Lookup, parent: QObject | None = None) -> AppWideCodeReplacement:
    return AppWideCodeReplacement(lookup, parent)
