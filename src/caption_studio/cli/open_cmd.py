from __future__ import annotations

from pathlib import Path

import click

from caption_studio.cli.common import fail
from caption_studio.core.errors import CaptionStudioError


@click.command("open")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def open_gui(path: Path | None) -> None:
    """Open the desktop app, on a project file or a folder of photos."""
    # Imported here so that the CLI never loads Qt unless the window is wanted.
    from caption_studio.gui.start import start

    try:
        code = start(path)
    except CaptionStudioError as exc:  # pragma: no cover - broken install
        fail(str(exc))
    raise SystemExit(code)
