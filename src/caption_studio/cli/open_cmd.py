from __future__ import annotations

from pathlib import Path

import click

from caption_studio.cli.common import fail


@click.command("open")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def open_gui(path: Path | None) -> None:
    """Open the desktop app, on a project file or a folder of photos."""
    # Imported here so that the CLI never loads Qt unless the window is wanted. What can be
    # missing on a broken install is Qt (or a system library it needs), never our own code.
    try:
        from PySide6 import QtWidgets  # noqa: F401
    except ImportError as exc:  # pragma: no cover - broken install
        fail(f"the desktop app cannot start: {exc}")
    from caption_studio.gui.app import run_app

    raise SystemExit(run_app(path))
