"""What the article, pairing, roster, template and keyword widgets need from the window: the
open project, the undo stack, a `projectChanged(changes)` signal and a way to select photos.

gui-desk's controller provides all of it; `Host` adapts it (or stands alone, for a widget
shown without the main window), so these widgets do not depend on the controller's details.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import Changes, new_changes


class Host(QObject):
    projectChanged = Signal(object)  # core.operations.Changes  # noqa: N815 - Qt naming
    projectReplaced = Signal()  # another project was opened (or closed)  # noqa: N815
    photosSelected = Signal(list)  # photo ids, from whichever widget selected them  # noqa: N815
    failed = Signal(str)  # a one-line message for the status bar or a dialog

    def __init__(self, project: Project | None = None, undo_stack: QUndoStack | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self.undo_stack = undo_stack or QUndoStack(self)
        self.selected: list[int] = []

    @classmethod
    def for_controller(cls, controller: Any) -> Host:
        """Follow gui-desk's controller: its project, undo stack, selection and signals."""
        host = cls(controller.project, controller.undo_stack, controller)
        host._controller = controller
        controller.projectOpened.connect(lambda project: host.set_project(project))
        controller.projectClosed.connect(lambda: host.set_project(None))
        controller.projectChanged.connect(host.projectChanged.emit)
        controller.selectionChanged.connect(host._selection_from_controller)
        host.failed.connect(controller.error.emit)
        return host

    _controller: Any = None

    @property
    def project(self) -> Project | None:
        return self._project

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.selected = []
        self.projectReplaced.emit()

    def writer(self) -> Any:
        """The window's writer (one thread for background writes), or None standing alone."""
        return getattr(self._controller, "writer", None)

    def _selection_from_controller(self, ids: list[int]) -> None:
        self.selected = list(ids)
        self.photosSelected.emit(list(ids))

    def select_photos(self, photo_ids: list[int]) -> None:
        if list(photo_ids) == self.selected:
            return
        if self._controller is not None:
            self._controller.select_photos(list(photo_ids))
            return
        self.selected = list(photo_ids)
        self.photosSelected.emit(list(photo_ids))

    def notify(self, changes: Changes) -> None:
        if self._controller is not None:
            self._controller.projectChanged.emit(changes)  # reaches us through the forward
        else:
            self.projectChanged.emit(changes)

    def push(self, command: QUndoCommand) -> bool:
        """Do the command's first step now, so a core error becomes a message (an exception
        inside QUndoCommand.redo would only be printed by Qt), then put it on the stack."""
        try:
            if hasattr(command, "first"):
                command.first()
        except CaptionStudioError as exc:
            self.failed.emit(str(exc))
            return False
        self.undo_stack.push(command)
        return True


def changes_for(action: str, *, captions: set[int] | None = None,
                pairings: set[int] | None = None) -> Changes:
    c = new_changes(action)
    c.captions |= captions or set()
    c.pairings |= pairings or set()
    return c


class CallCommand(QUndoCommand):
    """An undo step made of two callables. `do()` runs on every redo and returns what undo
    needs; `undo(state)` puts it back; `announce(state)` says what changed."""

    def __init__(self, host: Host, text: str, do: Callable[[], Any],
                 undo: Callable[[Any], Any], announce: Callable[[Any], Changes]) -> None:
        super().__init__(text)
        self.host = host
        self._do = do
        self._undo = undo
        self._announce = announce
        self._state: Any = None
        self._fresh = False

    def first(self) -> None:
        self._state = self._do()
        self._fresh = True

    def redo(self) -> None:
        if not self._fresh:
            self._state = self._do()
        self._fresh = False
        self.host.notify(self._announce(self._state))

    def undo(self) -> None:
        self._undo(self._state)
        self.host.notify(self._announce(self._state))


class FieldsCommand(QUndoCommand):
    """An operation that returns core `Changes` of field values (templates, keywords):
    undo is `operations.revert`, redo reverts the revert."""

    def __init__(self, host: Host, text: str, do: Callable[[], Changes]) -> None:
        super().__init__(text)
        self.host = host
        self._do = do
        self._changes: Changes | None = None
        self._fresh = False

    def first(self) -> None:
        self._changes = self._do()
        self._fresh = True

    def redo(self) -> None:
        from caption_studio.core.project import operations as ops

        if self._changes is None:
            self.first()
        elif not self._fresh:
            self._changes = ops.revert(self.host.project, self._changes, action="redo")
        self._fresh = False
        self.host.notify(self._changes)

    def undo(self) -> None:
        from caption_studio.core.project import operations as ops

        assert self._changes is not None
        self._changes = ops.revert(self.host.project, self._changes)
        self.host.notify(self._changes)
