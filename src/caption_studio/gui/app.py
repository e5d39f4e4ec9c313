"""Start the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from caption_studio.core.errors import CaptionStudioError


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Caption Studio")
    app.setOrganizationName("Caption Studio")
    app.setOrganizationDomain("caption-studio.local")
    return app  # type: ignore[return-value]


def run_app(path: Path | None = None) -> int:
    app = create_application()
    from caption_studio.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if path is not None:
        try:
            window.open_path(path)
        except CaptionStudioError as exc:
            QMessageBox.critical(window, "Caption Studio", str(exc))
    return app.exec()


def main() -> None:
    raise SystemExit(run_app(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
