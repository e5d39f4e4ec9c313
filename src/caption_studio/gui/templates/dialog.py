"""Templates: named sets of field values applied to the selected photos, filling empty
fields or replacing. Applying is one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caption_studio.core import fields as registry
from caption_studio.core.desk import templates
from caption_studio.core.errors import CaptionStudioError
from caption_studio.gui.commands import FieldsCommand
from caption_studio.gui.controller import Controller

# Fields a template may hold: what repeats across a shoot or a desk (the registry says which).
TEMPLATE_FIELDS = tuple(f.key for f in registry.FIELDS if f.template)


def field_label(key: str) -> str:
    return QCoreApplication.translate(registry.LABEL_CONTEXT, registry.field(key).label)


class TemplatesDialog(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("templatesDialog")
        self.setWindowTitle(self.tr("Templates"))
        self.resize(760, 560)
        self.names = QListWidget()
        self.names.currentItemChanged.connect(self._chosen)
        new = QPushButton(self.tr("New…"))
        new.clicked.connect(self.new_template)
        delete = QPushButton(self.tr("Delete"))
        delete.clicked.connect(self.delete_current)
        left = QVBoxLayout()
        left.addWidget(self.names, 1)
        row = QHBoxLayout()
        row.addWidget(new)
        row.addWidget(delete)
        left.addLayout(row)

        form_widget = QWidget()
        form = QFormLayout(form_widget)
        self.editors: dict[str, QLineEdit] = {}
        for key in TEMPLATE_FIELDS:
            edit = QLineEdit()
            if registry.field(key).is_list:
                edit.setPlaceholderText(self.tr("separate with ;"))
            self.editors[key] = edit
            form.addRow(field_label(key), edit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        self.save_button = QPushButton(self.tr("Save template"))
        self.save_button.clicked.connect(self.save_current)
        self.fill_mode = QRadioButton(self.tr("Fill empty fields only"))
        self.replace_mode = QRadioButton(self.tr("Replace, including values edited by hand"))
        self.fill_mode.setChecked(True)
        self.apply_button = QPushButton(self.tr("Apply to selected photos"))
        self.apply_button.clicked.connect(self.apply_current)
        self.status = QLabel()
        self.status.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(scroll, 1)
        right.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.fill_mode)
        right.addWidget(self.replace_mode)
        right.addWidget(self.apply_button)
        right.addWidget(self.status)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        project = self.controller.project
        self.names.clear()
        for t in templates.templates(project) if project else []:
            item = QListWidgetItem(t["name"])
            item.setData(Qt.ItemDataRole.UserRole, t["id"])
            self.names.addItem(item)
            if t["name"] == select:
                self.names.setCurrentItem(item)
        if self.names.currentItem() is None and self.names.count():
            self.names.setCurrentRow(0)
        self._update()

    def _update(self) -> None:
        has = self.names.currentItem() is not None
        self.apply_button.setEnabled(has and bool(self.controller.selected_ids))
        self.save_button.setEnabled(has)

    def _chosen(self, item: QListWidgetItem | None, _old: Any = None) -> None:
        values = templates.get(self.controller.project, item.text())["values"] if item else {}
        for key, edit in self.editors.items():
            edit.setText(registry.display(key, values.get(key)))
        self._update()

    def values(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.editors.items() if e.text().strip()}

    def new_template(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New template"), self.tr("Name"))
        if ok and name.strip():
            self.save_as(name)

    def save_as(self, name: str) -> bool:
        try:
            templates.save(self.controller.project, name, self.values())
        except CaptionStudioError as exc:
            self.status.setText(str(exc))
            return False
        self.reload(select=name.strip())
        return True

    def save_current(self) -> bool:
        item = self.names.currentItem()
        return self.save_as(item.text()) if item else False

    def delete_current(self) -> None:
        item = self.names.currentItem()
        if item is not None:
            templates.delete(self.controller.project, item.data(Qt.ItemDataRole.UserRole))
            self.reload()

    def apply_current(self) -> bool:
        item = self.names.currentItem()
        photos = list(self.controller.selected_ids)
        if item is None or not photos:
            return False
        return apply_template(self.controller, item.text(), photos,
                              templates.REPLACE if self.replace_mode.isChecked()
                              else templates.FILL)


def apply_template(controller: Controller, name: str, photo_ids: list[int], mode: str) -> bool:
    project = controller.project
    text = QCoreApplication.translate("TemplatesDialog", "Apply template {name}").format(
        name=name)
    return controller.push(FieldsCommand(controller, text,
                                   lambda: templates.apply(project, name, photo_ids, mode)))
