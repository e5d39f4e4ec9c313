"""A small form under the article text to correct the parsed fields of one caption."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from caption_studio.core.article import places, store
from caption_studio.gui.commands import CallCommand, changes_for
from caption_studio.gui.controller import Controller


class CaptionForm(QWidget):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.caption_id: int | None = None
        self._shown: dict[str, str] = {}
        self._context: str | None = None
        self.description = QPlainTextEdit()
        self.description.setObjectName("captionDescription")
        self.description.setMaximumHeight(64)
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
        form = QFormLayout(self)
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
        buttons = QHBoxLayout()
        buttons.addWidget(self.origin, 1)
        buttons.addWidget(self.apply_button)
        form.addRow(buttons)
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
        if row is None:
            self.origin.setText(self.tr("Click a highlighted caption to correct it."))
        else:
            origin = self.tr("marked by hand") if row["origin"] == "manual" else self.tr("found")
            state = self.tr(", dismissed") if row["dismissed"] else ""
            self.origin.setText(self.tr("Caption {n} ({origin}{state})").format(
                n=row["position"], origin=origin, state=state))

    def _article_context(self, row: dict[str, Any] | None) -> str | None:
        """The article's headline and first lines: what a photo gets when its caption names
        no place (a local paper's city), as pairing fills it in."""
        project = self.controller.project
        if row is None or project is None or row.get("article_id") is None:
            return None
        article = store.article(project, row["article_id"])
        return f"{article.get('headline') or ''}\n{(article.get('text') or '')[:300]}"

    def _show_place(self) -> None:
        location = self.location.text().strip()
        description = self.description.toPlainText().strip()
        place = (places.locate(location or None, description or None, self._context)
                 if self.caption_id else None)
        parts = [] if place is None else [
            place.sublocation, place.city, place.province_state, place.country, place.country_code]
        self.place.setText(" · ".join(p for p in parts if p) or "—")

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
