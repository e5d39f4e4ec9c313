"""A strip over the metadata editor while the photo's pair is a proposal (ambiguous): which
caption it would take, **Confirm** (Enter) and the **runner-up** (Alt+Down), so a person
decides with one key. The proposed values themselves are shown greyed in the editor's empty
fields (`MetadataEditor`); nothing is written until the pair is confirmed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caption_studio.gui.commands import PairingCommand

CONFIRM_KEYS = (QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter))
RUNNER_UP_KEY = QKeySequence("Alt+Down")


def _pairing() -> Any:
    from caption_studio.core.pairing import matcher  # not on the start-up path

    return matcher


def _short(text: str, n: int = 36) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


class ProposalBar(QFrame):
    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("proposalBar")
        self.photo_id: int | None = None
        self.caption_id: int | None = None
        self.title = QLabel(self)
        self.title.setObjectName("proposalTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm_button = QPushButton(self.tr("Confirm (Enter)"), self)
        self.confirm_button.setObjectName("proposalConfirm")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.confirm)
        self.runner_button = QPushButton(self.tr("Runner-up (Alt+↓)"), self)
        self.runner_button.setObjectName("proposalRunnerUp")
        self.runner_button.clicked.connect(self.use_runner_up)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.runner_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        self.setStyleSheet("#proposalBar { background: #fff4e0; border: 1px solid #f0c27b;"
                           " border-radius: 4px; } #proposalTitle { color: #5c3b00; }")
        self._runner_up: int | None = None
        self.bind_keys(self)
        self.hide()

    def bind_keys(self, widget: QWidget) -> None:
        """Enter confirms and Alt+Down takes the runner-up while `widget` (the contact sheet,
        this bar) has the focus; never inside a text field, where Enter ends an edit."""
        for keys, slot in ((CONFIRM_KEYS[0], self.confirm), (CONFIRM_KEYS[1], self.confirm),
                           (RUNNER_UP_KEY, self.use_runner_up)):
            shortcut = QShortcut(keys, widget)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- showing -------------------------------------------------------------------------------

    def show_for(self, photo_ids: list[int]) -> dict[str, Any]:
        """Show the proposal of the one selected photo; returns the values its caption would
        write (empty when there is no proposal to show)."""
        project = self.controller.project
        self.photo_id = self.caption_id = self._runner_up = None
        row = None
        if project is not None and len(photo_ids) == 1:
            row = project.conn.execute(
                "SELECT p.caption_id, c.position, c.description, c.text FROM pairings p "
                "JOIN captions c ON c.id = p.caption_id WHERE p.photo_id = ? AND "
                "p.state = 'ambiguous'", (photo_ids[0],)).fetchone()
        if row is None:
            self.hide()
            return {}
        self.photo_id, self.caption_id = photo_ids[0], int(row[0])
        from caption_studio.core.pairing.apply import caption_values

        values = caption_values(project, self.caption_id)
        self._runner_up = _pairing().runner_up(project, self.photo_id)
        self.title.setText(self.tr("Proposed: caption {n}, “{text}”. Not sure: confirm it, "
                                   "or take the runner-up.").format(
            n=row[1], text=_short(row[2] or row[3] or "")))
        self.runner_button.setEnabled(self._runner_up is not None and not project.readonly)
        if self._runner_up is not None:
            position = project.conn.execute("SELECT position FROM captions WHERE id = ?",
                                            (self._runner_up,)).fetchone()
            self.runner_button.setToolTip(self.tr("Propose caption {n} instead").format(
                n=position[0] if position else "?"))
        self.confirm_button.setEnabled(not project.readonly)
        self.show()
        return values

    # -- acting --------------------------------------------------------------------------------

    def confirm(self) -> bool:
        if not self.isVisible():
            return False
        return confirm_pair(self.controller, self.photo_id)

    def use_runner_up(self) -> bool:
        """Propose the runner-up caption instead (still a proposal: Enter confirms it)."""
        if not self.isVisible():
            return False
        return propose_runner_up(self.controller, self.photo_id, self._runner_up)


def confirm_pair(controller: Any, photo_id: int | None) -> bool:
    project = controller.project
    if project is None or photo_id is None:
        return False
    return controller.push(PairingCommand(
        controller, QCoreApplication.translate("ProposalBar", "Confirm pair"),
        lambda: _pairing().confirm(project, [photo_id])))


def propose_runner_up(controller: Any, photo_id: int | None,
                      caption_id: int | None = None) -> bool:
    """Pair the photo with its runner-up caption, as a proposal still (ambiguous)."""
    project = controller.project
    if project is None or photo_id is None:
        return False
    if caption_id is None:
        caption_id = _pairing().runner_up(project, photo_id)
    if caption_id is None:
        return False
    reason = QCoreApplication.translate("ProposalBar", "runner-up, chosen by hand")
    return controller.push(PairingCommand(
        controller, QCoreApplication.translate("ProposalBar", "Propose the runner-up"),
        lambda: _pairing().apply_pair(project, photo_id, caption_id, state="ambiguous",
                                      reasons=[reason])))
