"""The way in from the command line (`caption-studio open`), loading Qt only here: a broken
install (Qt or a system library it needs missing) gets one clear line, not a traceback."""

from __future__ import annotations

from pathlib import Path

from caption_studio.core.errors import CaptionStudioError


def start(path: Path | None) -> int:
    try:
        from PySide6 import QtWidgets  # noqa: F401
    except ImportError as exc:  # pragma: no cover - broken install
        raise CaptionStudioError(f"the desktop app cannot start: {exc}") from None
    from caption_studio.gui.app import run_app

    return run_app(path)
