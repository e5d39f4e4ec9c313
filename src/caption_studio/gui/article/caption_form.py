"""A small form under the article text to correct the parsed fields of one caption.

It keeps its natural height (the article text above takes the rest of the dock). While the
caption is only proposed for a photo (an ambiguous pair), its values are greyed and
**Confirm** (Enter) and **Runner-up** (Alt+Down) decide the pair from here too."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from caption_studio.core.article import places, store
from caption_studio.gui.commands import CallCommand, changes_for
from caption_studio.gui.controller import Controller
from caption_studio.gui.widgets.proposal_bar import (
    CONFIRM_KEYS,
    RUNNER_UP_KEY,
    confirm_pair,
    propose_runner_up,
)


class CaptionForm(QWidget):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.caption_id: int | None = None
        self._shown: dict[str, str] = {}
        self._context: tuple[str, str] | None = None
        self.description = QPlainTextEdit()
        self.description.setObjectName("captionDescription")
        self.date = QLineEdit()
        self.date.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.location = QLineEdit()
        # What the place fills in the photo: city, province/state, country and its code.
        self.place = QLabel()
        self.place.setObjectName("captionPlace")
        self.location.textChanged.connect(self._show_place)
        self.photographers = QLineEdit()
        self.photographers.setPlaceholderText(self.tr("names separated by 、 or ;"))
        self.credit = QLineEdit()
        self.origin = QLabel()
        self.apply_button = QPushButton(self.tr("Apply correction"))
        self.apply_button.clicked.connect(self.apply)
        self.proposed_photo: int | None = None
        self.confirm_button = QPushButton(self.tr("Confirm (Enter)"))
        self.confirm_button.setObjectName("formConfirm")
        self.confirm_button.clicked.connect(self.confirm)
        self.runner_button = QPushButton(self.tr("Runner-up (Alt+↓)"))
        self.runner_button.setObjectName("formRunnerUp")
        self.runner_button.clicked.connect(self.runner_up)
        # Its natural height, whatever the dock's: the article text above takes the rest.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.description.setSizePolicy(QSizePolicy.Policy.Expanding,
                                       QSizePolicy.Policy.Fixed)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3 + 12)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(0, 4, 0, 0)
        form.addRow(self.tr("Caption"), self.description)
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(QLabel(self.tr("Place")))
        row.addWidget(self.location, 1)
        form.addRow(self.tr("Date"), row)
        form.addRow(self.tr("Location"), self.place)
        credit_row = QHBoxLayout()
        credit_row.addWidget(self.photographers, 1)
        credit_row.addWidget(QLabel(self.tr("Credit")))
        credit_row.addWidget(self.credit)
        form.addRow(self.tr("Photographers"), credit_row)
        # The origin line ("Proposed for DSC_0415.JPG: not sure yet") gets a row of its own:
        # beside the three buttons it forced the dock 80 px wider than the desk had made it.
        self.origin.setWordWrap(True)
        form.addRow(self.origin)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.runner_button)
        buttons.addWidget(self.apply_button)
        form.addRow(buttons)
        for editor in self._editors().values():
            (editor.textChanged if isinstance(editor, QPlainTextEdit)
             else editor.textEdited).connect(self._edited)
        self.show_caption(None)

    def _editors(self) -> dict[str, Any]:
        return {"description": self.description, "date": self.date, "location": self.location,
                "photographers": self.photographers, "credit": self.credit}

    def values(self) -> dict[str, str]:
        out = {}
        for key, editor in self._editors().items():
            out[key] = (editor.toPlainText() if isinstance(editor, QPlainTextEdit)
                        else editor.text()).strip()
        return out

    def show_caption(self, row: dict[str, Any] | None) -> None:
        self.caption_id = row["id"] if row else None
        shown = {
            "description": (row["description"] or row["text"]) if row else "",
            "date": (row["date"] or "") if row else "",
            "location": (row["location"] or "") if row else "",
            "photographers": "、".join(store.photographer_names(row)) if row else "",
            "credit": (row["credit"] or "") if row else "",
        }
        for key, editor in self._editors().items():
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(shown[key])
            else:
                editor.setText(shown[key])
            editor.setEnabled(row is not None)
        self._shown = shown
        self._context = self._article_context(row)
        self._show_place()
        self.apply_button.setEnabled(row is not None)
        self.show_proposal(None)
        if row is None:
            self.origin.setText(self.tr("Click a highlighted caption to correct it."))
        else:
            origin = self.tr("marked by hand") if row["origin"] == "manual" else self.tr("found")
            state = self.tr(", dismissed") if row["dismissed"] else ""
            self.origin.setText(self.tr("Caption {n} ({origin}{state})").format(
                n=row["position"], origin=origin, state=state))

    def _article_context(self, row: dict[str, Any] | None) -> tuple[str, str] | None:
        """The article's headline and first lines (what a photo gets when its caption names
        no place: a local paper's city) and the places its other captions print (花溪村 gets
        贵阳 from the next caption's 贵阳市花溪区), as the parser and write-back use them."""
        project = self.controller.project
        if row is None or project is None or row.get("article_id") is None:
            return None
        return store.place_hints(project, row["article_id"])

    def _show_place(self) -> None:
        location = self.location.text().strip()
        description = self.description.toPlainText().strip()
        context, others = self._context or (None, None)
        place = (places.locate(location or None, description or None, context, others)
                 if self.caption_id else None)
        parts = [] if place is None else [
            place.sublocation, place.city, place.province_state, place.country, place.country_code]
        self.place.setText(" · ".join(p for p in parts if p) or "—")

    def show_proposal(self, photo_id: int | None, file_name: str = "") -> None:
        """The caption is proposed for this photo (an ambiguous pair): grey its values and
        offer Confirm and the runner-up; None: a caption like any other."""
        self.proposed_photo = photo_id
        self.confirm_button.setVisible(photo_id is not None)
        self.runner_button.setVisible(photo_id is not None)
        self._grey(photo_id is not None)
        if photo_id is not None and self.caption_id is not None:
            self.origin.setText(self.tr("Proposed for {file}: not sure yet").format(
                file=file_name))

    def bind_keys(self, widget: QWidget) -> None:
        """Enter and Alt+Down decide a proposed pair while `widget` (the article text) has
        the focus; in the form's own fields Enter stays an edit."""
        for keys, slot in ((CONFIRM_KEYS[0], self.confirm), (CONFIRM_KEYS[1], self.confirm),
                           (RUNNER_UP_KEY, self.runner_up)):
            shortcut = QShortcut(keys, widget)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _grey(self, on: bool) -> None:
        for editor in self._editors().values():
            palette = editor.palette()
            colour = self.palette().color(QPalette.ColorRole.PlaceholderText if on
                                          else QPalette.ColorRole.Text)
            palette.setColor(QPalette.ColorRole.Text, colour)
            editor.setPalette(palette)

    def _edited(self, *_args: object) -> None:
        if self.proposed_photo is not None:
            self._grey(False)  # a correction is the person's own text

    def confirm(self) -> bool:
        return confirm_pair(self.controller, self.proposed_photo)

    def runner_up(self) -> bool:
        return propose_runner_up(self.controller, self.proposed_photo)

    def apply(self) -> bool:
        project = self.controller.project
        cid = self.caption_id
        if project is None or cid is None:
            return False
        edited = {k: v for k, v in self.values().items() if v != self._shown.get(k, "")}
        if not edited:
            return False
        ok = self.controller.push(CallCommand(
            self.controller, self.tr("Correct caption"),
            lambda: store.update_caption(project, cid, edited),
            lambda old: store.restore_caption(project, cid, old),
            lambda _old: changes_for("correct caption", captions={cid})))
        return ok
