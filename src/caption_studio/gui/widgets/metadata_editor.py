"""The metadata editor, built from the field registry: one row per field with its provenance
and, for fields with an IPTC limit, a byte counter (`28/32 bytes`, red past the limit).

With several photos selected, a field whose values differ shows "(multiple values)" and is
written only if the person touches it. While the photo's pair is only a proposal (ambiguous),
the values its caption would write are shown greyed in the empty fields, under a bar with
Confirm and the runner-up (`ProposalBar`). Typing in one field is one undo step (the commands
merge by `merge_key`, which changes whenever the field or the selection changes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core import fields as registry
from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.project.operations import Changes, get_fields_many
from caption_studio.gui.widgets.chips import ChipsEdit
from caption_studio.gui.widgets.field_row import FieldRow, project_values
from caption_studio.gui.widgets.proposal_bar import ProposalBar


class MetadataEditor(QScrollArea):
    """Shows and edits the fields of the photos selected in the contact sheet."""

    def __init__(self, controller, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.controller = controller
        self.photo_ids: list[int] = []
        self.rows: dict[str, FieldRow] = {}
        self._completions_loaded: set[str] = set()
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(8)
        self.title = QLabel(body)
        self.title.setObjectName("editorTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.proposal = ProposalBar(controller, body)
        layout.addWidget(self.proposal)
        for group, label in registry.GROUPS:
            header = QLabel(QCoreApplication.translate("fields", label), body)
            header.setObjectName("groupHeader")
            layout.addSpacing(6)
            layout.addWidget(header)
            line = QFrame(body)
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            layout.addWidget(line)
            for f in registry.FIELDS:
                if f.group != group:
                    continue
                row = FieldRow(f, body)
                row.committed.connect(self._commit)
                row.listEdited.connect(self._list_edit)
                if f.autocomplete:
                    row.input.installEventFilter(self)
                    if isinstance(row.input, ChipsEdit):
                        row.input.entry.installEventFilter(self)
                self.rows[f.key] = row
                layout.addWidget(row)
        layout.addStretch(1)
        body.setStyleSheet(
            "#groupHeader { font-weight: 600; color: palette(highlight); }"
            "#fieldMeta { color: palette(mid); }"
            "#editorTitle { font-weight: 600; font-size: 11pt; }")
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        controller.projectChanged.connect(self._project_changed)
        controller.projectOpened.connect(lambda _p: self._completions_loaded.clear())
        self.show_photos([])

    # -- showing -----------------------------------------------------------------------------

    def show_photos(self, photo_ids: list[int], *, keep: FieldRow | None = None) -> None:
        if keep is None:
            self.commit_pending()
        self.photo_ids = list(photo_ids)
        project = self.controller.project
        enabled = bool(self.photo_ids) and project is not None
        self.widget().setEnabled(enabled)
        if not enabled:
            self.title.setText(self.tr("No photo selected"))
            self.proposal.show_for([])
            for row in self.rows.values():
                row.set_value(None, None, False)
                row.show_proposal(None)
            return
        values = get_fields_many(project, self.photo_ids)
        if len(self.photo_ids) == 1:
            name = project.conn.execute("SELECT file_name FROM photos WHERE id = ?",
                                        (self.photo_ids[0],)).fetchone()
            self.title.setText(name[0] if name else "")
        else:
            self.title.setText(self.tr("%n photos selected", "", len(self.photo_ids)))
        for key, row in self.rows.items():
            found = [values[pid].get(key, (None, None)) for pid in self.photo_ids]
            first = found[0]
            if row is keep and isinstance(row.input, QLineEdit | QPlainTextEdit):
                provs = {f[1] for f in found}
                row.provenance = first[1] if len(provs) == 1 and first[1] else ""
                row._update_meta(row.text())
                continue
            if row.field.is_list and len(found) > 1:
                common = [v for v in (first[0] or []) if all(v in (f[0] or []) for f in found)]
                mixed = any((f[0] or []) != (first[0] or []) for f in found)
                provs = {f[1] for f in found}
                row.set_value(common, first[1] if len(provs) == 1 else None, False)
                if mixed:
                    row.input.set_items(common, mixed=True)
                continue
            mixed = any(f[0] != first[0] for f in found)
            provs = {f[1] for f in found}
            row.set_value(first[0], first[1] if len(provs) == 1 else None, mixed)
            if not mixed:
                row.new_session()
        proposed = self.proposal.show_for(self.photo_ids)
        for key, row in self.rows.items():
            empty = all(values[pid].get(key, (None, None))[0] in (None, "", [])
                        for pid in self.photo_ids)
            row.show_proposal(proposed.get(key) if empty else None)

    def commit_pending(self) -> None:
        for row in self.rows.values():
            if row._timer.isActive():
                row.commit()

    def focus_first(self) -> None:
        self.rows[registry.FIELDS[0].key].input.setFocus()

    # -- editing -----------------------------------------------------------------------------

    def _commit(self, key: str, value: Any, merge_key: str) -> None:
        if not self.photo_ids:
            return
        ids = list(self.photo_ids)
        try:
            registry.normalize(key, value)
        except ValueError as exc:
            self.rows[key].show_error(str(exc))
            return
        self._guard(lambda: self.controller.set_fields(
            ids, {key: value}, merge_key=f"{merge_key}:{','.join(map(str, ids[:50]))}",
            text=self.tr("Edit {field}").format(
                field=QCoreApplication.translate("fields", registry.field(key).label))))

    def _list_edit(self, key: str, how: str, item: str) -> None:
        project = self.controller.project
        if not self.photo_ids or project is None:
            return
        current = get_fields_many(project, self.photo_ids)
        per_photo: dict[int, dict[str, Any]] = {}
        for pid in self.photo_ids:
            items = list(current[pid].get(key, (None, None))[0] or [])
            if how == "add" and item not in items:
                per_photo[pid] = {key: [*items, item]}
            elif how == "remove" and item in items:
                per_photo[pid] = {key: [i for i in items if i != item] or None}
        label = QCoreApplication.translate("fields", registry.field(key).label)
        text = (self.tr("Add {item} to {field}") if how == "add"
                else self.tr("Remove {item} from {field}")).format(item=item, field=label)
        self._guard(lambda: self.controller.set_fields_each(per_photo, text=text))
        self.show_photos(self.photo_ids)
        self.rows[key].input.setFocus()

    def _guard(self, func: Callable[[], Any]) -> None:
        try:
            func()
        except (CaptionStudioError, ValueError) as exc:
            self.controller.error.emit(str(exc))

    def _project_changed(self, changes: Changes) -> None:
        touched = changes.photos | changes.photos_removed
        if not self.photo_ids or not touched & set(self.photo_ids):
            return
        ids = [p for p in self.photo_ids if p not in changes.photos_removed]
        keep = None
        if not changes.reverted:
            # The person may be typing: refresh the other fields around their text.
            focused = self.focusWidget()
            keep = next((r for r in self.rows.values() if focused is not None
                         and (r.input is focused or r.input.isAncestorOf(focused))), None)
        self.show_photos(ids, keep=keep)

    # -- autocomplete ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn:
            for key, row in self.rows.items():
                if (watched is row.input or row.input.isAncestorOf(watched)) \
                        and key not in self._completions_loaded:
                    self._completions_loaded.add(key)
                    row.set_completions(project_values(self.controller.project, key))
        return False
