"""One row of the metadata editor, built from a registry field: its label, the input that
fits the field's type (line, text, chips, choice), the provenance (`from caption`, `edited`),
the IPTC byte counter (`28/32 bytes`, red past the limit) and the greyed value a proposed
caption would write. Also the completions a row offers: the project's own values first."""

from __future__ import annotations

import contextlib
import itertools
import json
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core import fields as registry
from caption_studio.core.fields import Field, FieldType
from caption_studio.gui.widgets.chips import ChipsEdit

_COMMIT_MS = 500
MIXED = object()  # the selected photos disagree on this field
_sessions = itertools.count(1)

PROVENANCE_LABELS = {
    "embedded": QT_TRANSLATE_NOOP("MetadataEditor", "from file"),
    "caption": QT_TRANSLATE_NOOP("MetadataEditor", "from caption"),
    "template": QT_TRANSLATE_NOOP("MetadataEditor", "from template"),
    "manual": QT_TRANSLATE_NOOP("MetadataEditor", "edited"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("MetadataEditor", text)


class FieldRow(QWidget):
    """Label line (name, provenance, byte count) over the input widget."""

    committed = Signal(str, object, str)  # key, value, merge key
    listEdited = Signal(str, str, str)  # key, "add"/"remove", item

    def __init__(self, f: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = f
        self.mixed = False
        self._committed_text: str | None = None
        self._merge = f"{f.key}:{next(_sessions)}"
        self._loading = False
        self.label = QLabel(QCoreApplication.translate("fields", f.label), self)
        self.label.setObjectName("fieldLabel")
        self.meta = QLabel(self)
        self.meta.setObjectName("fieldMeta")
        self.meta.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.label)
        top.addStretch(1)
        top.addWidget(self.meta)
        self.input = self._make_input()
        self.label.setBuddy(self.input)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.input)
        self._timer = QTimer(self, singleShot=True, interval=_COMMIT_MS)
        self._timer.timeout.connect(self.commit)
        self.provenance = ""
        self.error: str | None = None
        self.proposed = ""  # what an ambiguous pair's caption would write, shown greyed

    # -- the input widget ----------------------------------------------------------------------

    def _make_input(self) -> QWidget:
        f = self.field
        if f.type is FieldType.LIST:
            chips = ChipsEdit(self)
            chips.added.connect(lambda t: self.listEdited.emit(f.key, "add", t))
            chips.removed.connect(lambda t: self.listEdited.emit(f.key, "remove", t))
            return chips
        if f.type is FieldType.MULTILINE:
            box = QPlainTextEdit(self)
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 14)
            box.textChanged.connect(self._typed)
            box.installEventFilter(self)
            return box
        if f.type in (FieldType.CHOICE, FieldType.RATING):
            combo = QComboBox(self)
            if f.type is FieldType.CHOICE:
                for choice in f.choices:
                    label = registry.STATUS_LABELS.get(choice, choice)
                    combo.addItem(QCoreApplication.translate("fields", label), choice)
            else:
                combo.addItem(_tr("No rating"), None)
                for n in range(1, 6):
                    combo.addItem("★" * n, n)
            combo.activated.connect(lambda _i: self.commit())
            return combo
        edit = QLineEdit(self)
        if f.type is FieldType.DATE:
            edit.setPlaceholderText(_tr("YYYY-MM-DD"))
        edit.textEdited.connect(self._typed)
        edit.editingFinished.connect(self.commit)
        edit.installEventFilter(self)
        return edit

    def set_completions(self, values: list[str]) -> None:
        completer = QCompleter(QStringListModel(values, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        if isinstance(self.input, ChipsEdit):
            self.input.set_completer(completer)
        elif isinstance(self.input, QLineEdit):
            self.input.setCompleter(completer)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut:
            self.commit()
        elif event.type() == QEvent.Type.FocusIn:
            self.new_session()
        return False

    # -- values ------------------------------------------------------------------------------

    def new_session(self) -> None:
        self._merge = f"{self.field.key}:{next(_sessions)}"

    def set_value(self, value: Any, provenance: str | None, mixed: bool) -> None:
        self._timer.stop()
        self._loading = True
        self.mixed = mixed
        w = self.input
        placeholder = _tr("(multiple values)") if mixed else ""
        if isinstance(w, ChipsEdit):
            w.set_items([] if mixed else list(value or []), mixed=mixed)
        elif isinstance(w, QComboBox):
            if mixed:
                if w.itemData(0) != "__mixed__":
                    w.insertItem(0, _tr("(multiple values)"), "__mixed__")
                w.setCurrentIndex(0)
            else:
                if w.itemData(0) == "__mixed__":
                    w.removeItem(0)
                default = "new" if self.field.type is FieldType.CHOICE else None
                w.setCurrentIndex(max(0, w.findData(value if value is not None else default)))
        elif isinstance(w, QPlainTextEdit):
            w.setPlaceholderText(placeholder)
            w.setPlainText("" if mixed else registry.display(self.field.key, value))
        elif isinstance(w, QLineEdit):
            if self.field.type is not FieldType.DATE or mixed:
                w.setPlaceholderText(placeholder)
            w.setText("" if mixed else registry.display(self.field.key, value))
        self._committed_text = None if mixed else self.text()
        self.provenance = provenance or ""
        self._loading = False
        self._update_meta(value)

    def show_proposal(self, value: Any) -> None:
        """Grey the value a proposed caption would write into this (empty) field; None takes
        it away."""
        self.proposed = "" if value in (None, "", []) else registry.display(self.field.key,
                                                                               value)
        w = self.input
        if isinstance(w, ChipsEdit):
            if self.proposed:
                w.entry.setPlaceholderText(self.proposed)
        elif isinstance(w, QLineEdit | QPlainTextEdit) and not self.mixed:
            default = _tr("YYYY-MM-DD") if self.field.type is FieldType.DATE else ""
            w.setPlaceholderText(self.proposed or default)
        self._update_meta(self.text() if isinstance(w, QLineEdit | QPlainTextEdit) else None)

    def text(self) -> str | None:
        w = self.input
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QLineEdit):
            return w.text()
        return None

    def _typed(self) -> None:
        if self._loading:
            return
        self.error = None
        self._update_meta(self.text())
        if self.field.type is not FieldType.DATE:  # "2024-0" is not a date yet: wait for Enter
            self._timer.start()

    def show_error(self, message: str) -> None:
        """A value the field cannot hold: said beside the field, nothing written."""
        self.error = message
        self._committed_text = None
        self.meta.setText(message)
        self.meta.setToolTip(message)
        self.meta.setStyleSheet("color: #d93025; font-weight: 600;")

    def commit(self) -> None:
        """Write the field if the person changed it (never a field they did not touch)."""
        self._timer.stop()
        if self._loading:
            return
        w = self.input
        if isinstance(w, QComboBox):
            data = w.currentData()
            if data == "__mixed__":
                return
            self.committed.emit(self.field.key, data, self._merge)
            self.new_session()
            return
        text = self.text()
        if text is None or text == self._committed_text:
            return
        if self.mixed and text == "":
            return
        self._committed_text = text
        self.committed.emit(self.field.key, text, self._merge)

    def _update_meta(self, value: Any) -> None:
        parts = []
        if self.provenance:
            parts.append(_tr(PROVENANCE_LABELS.get(self.provenance, self.provenance)))
        elif self.proposed:
            parts.append(_tr("proposed"))
        colour = ""
        limit = self.field.max_bytes
        self.meta.setToolTip("")
        if limit is not None and not self.mixed and self.field.type is not FieldType.DATE:
            if isinstance(value, str) and self.field.is_list:
                value = registry.normalize(self.field.key, value)
            used = registry.iim_bytes(self.field.key, value) if value else 0
            if used:  # an empty field's "0/32 bytes" is only clutter
                parts.append(_tr("{used}/{max} bytes").format(used=used, max=limit))
            if used > limit:
                colour = "color: #d93025; font-weight: 600;"
                self.meta.setToolTip(_tr("Longer than IPTC IIM allows: it will be cut in the "
                                         "IIM copy (the full text stays in XMP)"))
        self.meta.setText("  ·  ".join(parts))
        self.meta.setStyleSheet(colour)


def project_values(project, key: str, limit: int = 5000) -> list[str]:  # noqa: ANN001
    """Distinct values of a field in the project, most used first (list fields flattened)."""
    if project is None:
        return []
    counts: dict[str, int] = {}
    for value, n in project.conn.execute(
            "SELECT value, count(*) FROM field_values WHERE field = ? GROUP BY value "
            "ORDER BY count(*) DESC LIMIT ?", (key, limit)):
        items = [value]
        if registry.field(key).is_list:
            with contextlib.suppress(ValueError):
                items = json.loads(value)
        for item in items if isinstance(items, list) else [items]:
            counts[str(item)] = counts.get(str(item), 0) + n
    from caption_studio.core.desk import (
        keywords,
        roster,  # the roster and vocabulary too
    )

    known = roster.completions_for(project, key) + (
        keywords.names(project) if key == "keywords" else [])
    return sorted(counts, key=lambda v: (-counts[v], v)) + [v for v in known if v not in counts]
