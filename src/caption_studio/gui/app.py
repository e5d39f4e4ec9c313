"""Start the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from caption_studio.core.errors import CaptionStudioError
from caption_studio.gui import i18n
from caption_studio.gui.dialogs import errors

# Fonts that draw Chinese well, in order of preference; the first one installed is used as
# the fallback for CJK text so captions never show as boxes or mixed-weight glyphs.
_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
              "Microsoft YaHei", "PingFang SC")


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Caption Studio")
    app.setOrganizationName("Caption Studio")
    app.setOrganizationDomain("caption-studio.local")
    if sys.platform.startswith("linux"):
        app.setStyle("Fusion")
    _choose_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def _choose_font(app: QApplication) -> None:
    families = set(QFontDatabase.families())
    font = QFont(app.font())
    fallbacks = [f for f in _CJK_FONTS if f in families]
    if fallbacks:
        font.setFamilies([font.family(), *fallbacks])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)


def run_app(path: Path | None = None) -> int:
    app = create_application()
    errors.setup_logging()
    errors.install_excepthook()
    i18n.install(app)
    from caption_studio.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if path is not None:
        try:
            window.flows.open_path(Path(path))
        except CaptionStudioError as exc:
            errors.show_error(window, exc)
    return app.exec()


def main() -> None:
    raise SystemExit(run_app(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
