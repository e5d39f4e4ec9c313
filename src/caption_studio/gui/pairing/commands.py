"""Undo steps for pairing. Every pairing operation of the core returns a `PairingChanges`
with a snapshot of what it replaced; `undo_pairing` restores it and returns the changes
that redo it, so undo and redo are the same call."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from caption_studio.core.project.operations import Changes
from caption_studio.gui.article.host import Host


class PairingCommand(QUndoCommand):
    def __init__(self, host: Host, text: str, do: Callable[[], Changes]) -> None:
        super().__init__(text)
        self.host = host
        self._do = do
        self.changes: Changes | None = None
        self._fresh = False

    def first(self) -> None:
        self.changes = self._do()
        self._fresh = True

    def redo(self) -> None:
        if self.changes is None:
            self.first()
        elif not self._fresh:
            from caption_studio.core.pairing import (
                matcher as pairing,  # not on the start-up path (~50 ms)
            )

            self.changes = pairing.undo_pairing(self.host.project, self.changes)
        self._fresh = False
        self.host.notify(self.changes)

    def undo(self) -> None:
        assert self.changes is not None
        from caption_studio.core.pairing import matcher as pairing

        self.changes = pairing.undo_pairing(self.host.project, self.changes)
        self.host.notify(self.changes)
