"""Undo commands: the one set, for every part of the window. The controller performs the core
operation first (so an error reaches the person before anything lands on the stack) and
pushes a command holding the resulting `Changes`; undo reverts them through
core.operations.revert, redo reverts the inverse. Commands whose first step is still to do
(`first()`) are pushed with `Controller.push`, which runs that step and turns a core error
into a message."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.project import operations, photo_ops
from caption_studio.core.project.operations import Changes, new_changes

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


def changes_for(action: str, *, captions: set[int] | None = None,
                pairings: set[int] | None = None, articles: set[int] | None = None,
                lists: set[str] | None = None) -> Changes:
    c = new_changes(action)
    c.captions |= captions or set()
    c.pairings |= pairings or set()
    c.articles |= articles or set()
    c.lists |= lists or set()
    return c


class CallCommand(QUndoCommand):
    """An undo step made of two callables. `do()` runs on every redo and returns what undo
    needs; `undo(state)` puts it back; `announce(state)` says what changed."""

    def __init__(self, controller: Controller, text: str, do: Callable[[], Any],
                 undo: Callable[[Any], Any], announce: Callable[[Any], Changes]) -> None:
        super().__init__(text)
        self.controller = controller
        self._do = do
        self._undo = undo
        self._announce = announce
        self._state: Any = None
        self._fresh = False

    @classmethod
    def done(cls, controller: Controller, text: str, state: Any, do: Callable[[], Any],
             undo: Callable[[Any], Any], announce: Callable[[Any], Changes]) -> CallCommand:
        """A step whose work has already run elsewhere (on the writer thread): pushing it
        only announces `state`; undo and later redos run as usual."""
        command = cls(controller, text, do, undo, announce)
        command._state = state
        command._fresh = True
        return command

    def first(self) -> None:
        self._state = self._do()
        self._fresh = True

    def redo(self) -> None:
        if not self._fresh:
            self._state = self._do()
        self._fresh = False
        self.controller.apply(self._announce(self._state))

    def undo(self) -> None:
        self._undo(self._state)
        self.controller.apply(self._announce(self._state))


class FieldsCommand(QUndoCommand):
    """An operation that returns core `Changes` of field values (templates, keywords):
    undo is `operations.revert`, redo reverts the revert."""

    def __init__(self, controller: Controller, text: str, do: Callable[[], Changes]) -> None:
        super().__init__(text)
        self.controller = controller
        self._do = do
        self._changes: Changes | None = None
        self._fresh = False

    def first(self) -> None:
        self._changes = self._do()
        self._fresh = True

    def redo(self) -> None:
        if self._changes is None:
            self.first()
        elif not self._fresh:
            self._changes = operations.revert(self.controller.project, self._changes, action="redo")
        self._fresh = False
        self.controller.apply(self._changes)

    def undo(self) -> None:
        assert self._changes is not None
        self._changes = operations.revert(self.controller.project, self._changes)
        self.controller.apply(self._changes)


class PairingCommand(QUndoCommand):
    """Every pairing operation of the core returns a `PairingChanges` with a snapshot of what
    it replaced; `undo_pairing` restores it and returns the changes that redo it, so undo and
    redo are the same call."""

    def __init__(self, controller: Controller, text: str, do: Callable[[], Changes]) -> None:
        super().__init__(text)
        self.controller = controller
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

            self.changes = pairing.undo_pairing(self.controller.project, self.changes)
        self._fresh = False
        self.controller.apply(self.changes)

    def undo(self) -> None:
        assert self.changes is not None
        from caption_studio.core.pairing import matcher as pairing

        self.changes = pairing.undo_pairing(self.controller.project, self.changes)
        self.controller.apply(self.changes)
