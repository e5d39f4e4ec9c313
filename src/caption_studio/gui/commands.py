"""Undo commands. The controller performs the core operation first (so an error reaches the
person before anything lands on the stack) and pushes a command holding the resulting
`Changes`; undo reverts them through core.operations.revert, redo reverts the inverse."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.project import operations, photo_ops
from caption_studio.core.project.operations import Changes

if TYPE_CHECKING:
    from caption_studio.gui.controller import Controller

log = logging.getLogger(__name__)

FIELD_EDIT_ID = 1001


class ChangesCommand(QUndoCommand):
    """One user action that changed field values (an edit, a batch edit, a template...)."""

    def __init__(self, controller: Controller, changes: Changes, text: str, *,
                 merge_key: str | None = None) -> None:
        super().__init__(text)
        self.controller = controller
        self.changes = changes
        self.merge_key = merge_key
        self._first = True

    def id(self) -> int:
        return FIELD_EDIT_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, ChangesCommand) or not self.merge_key \
                or other.merge_key != self.merge_key:
            return False
        # revert() walks the list backwards, so undoing the merged step restores the value
        # from before the first keystroke.
        self.changes.field_changes.extend(other.changes.field_changes)
        return True

    def redo(self) -> None:
        if self._first:  # the controller already applied it
            self._first = False
            self.controller.apply(self.changes)
            return
        self._run(lambda: operations.revert(self.project, self._inverse, action="redo"),
                  redo=True)

    def undo(self) -> None:
        self._run(lambda: operations.revert(self.project, self.changes, action="undo"),
                  redo=False)

    @property
    def project(self):  # noqa: ANN201
        return self.controller.project

    def _run(self, func, *, redo: bool) -> None:  # noqa: ANN001
        try:
            result = func()
        except CaptionStudioError as exc:
            self.controller.error.emit(str(exc))
            return
        if redo:
            self.changes = result
        else:
            self._inverse = result
        self.controller.apply(result)


class RemovePhotosCommand(QUndoCommand):
    def __init__(self, controller: Controller, saved: photo_ops.RemovedPhotos,
                 changes: Changes) -> None:
        count = len(changes.photos_removed)
        super().__init__(controller.tr("Remove {n} photos").format(n=count) if count != 1
                         else controller.tr("Remove 1 photo"))
        self.controller = controller
        self.saved = saved
        self.changes = changes
        self._first = True

    def redo(self) -> None:
        if not self._first:
            try:
                self.changes = photo_ops.remove_photos(self.controller.project,
                                                       self.saved.photo_ids)
            except CaptionStudioError as exc:
                self.controller.error.emit(str(exc))
                return
        self._first = False
        self.controller.apply(self.changes)

    def undo(self) -> None:
        try:
            changes = photo_ops.restore_photos(self.controller.project, self.saved)
        except CaptionStudioError as exc:
            self.controller.error.emit(str(exc))
            return
        self.controller.apply(changes)
