"""Walk a newcomer's first hour at the desk in the real window, and save a screenshot of
every step: the start page, the sample opened, auto-pair, confirming the sure pairs,
correcting a place, a two-character name search, the credit export, the contact sheet.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/desk_walk.py OUT [--language zh_CN]

(`make screenshots` runs it in both languages into docs/walk/.) It needs a real X server:
the offscreen platform draws no window frames and no native dialogs, so it would show less
than a user sees. The user's own settings are not touched: the walk keeps its own.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.prepare_sample import main as prepare_sample  # noqa: E402

from caption_studio.gui import i18n  # noqa: E402
from caption_studio.gui.app import create_application  # noqa: E402
from caption_studio.gui.export.contact_sheet import make_contact_sheet  # noqa: E402
from caption_studio.gui.export.credits_dialog import CreditsDialog  # noqa: E402
from caption_studio.gui.main_window import MainWindow  # noqa: E402
from caption_studio.gui.settings import Settings  # noqa: E402

WINDOW_SIZE = (1400, 880)


def settle(seconds: float = 0.4) -> None:
    """Let Qt lay out, paint and deliver queued signals."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit(f"desk walk: gave up waiting for {what}")
        QApplication.processEvents()
        time.sleep(0.02)
    settle()


class Walk:
    def __init__(self, out: Path, suffix: str) -> None:
        self.out = out
        self.suffix = suffix
        self.taken: list[Path] = []

    def shot(self, name: str) -> Path:
        settle()
        path = self.out / f"{name}{self.suffix}.png"
        # The whole screen, not the window: dialogs are windows of their own.
        image = QGuiApplication.primaryScreen().grabWindow(0)
        if not image.save(str(path)):
            raise SystemExit(f"desk walk: could not save {path}")
        self.taken.append(path)
        print(path)
        return path


def run(out: Path, language: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="desk-walk-"))
    try:
        return _walk(out, language, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _walk(out: Path, language: str, work: Path) -> list[Path]:
    app = create_application(["caption-studio"])
    i18n.install(app, language)
    walk = Walk(out, "" if language == "en" else f"-{language.split('_')[0]}")
    project_path = prepare_sample(str(work / "run"), pair=False)
    settings = Settings(QSettings(str(work / "ui.ini"), QSettings.Format.IniFormat))
    settings.add_recent(project_path)  # yesterday's story, as on a desk's second morning

    window = MainWindow(settings)
    window.resize(*WINDOW_SIZE)
    window.move(0, 0)
    window.show()
    walk.shot("01-start")

    window.flows.open_path(project_path)
    wait_until(lambda: window.model.rowCount() > 0, "the sample's photos")
    wait_until(lambda: window.article_pane.text.isVisible(), "the article")
    walk.shot("02-opened")

    pairing = window.pairing_view
    window.center_tabs.setCurrentWidget(pairing)
    pairing.auto_pair()
    wait_until(lambda: pairing._pairing_task is None and any(
        r.state == "sure" for r in pairing.model.rows), "auto-pair")
    walk.shot("03-auto-paired")

    pairing.confirm_all_sure()
    wait_until(lambda: not any(r.state == "sure" for r in pairing.model.rows),
               "the sure pairs confirmed")
    walk.shot("04-sure-confirmed")

    window.center_tabs.setCurrentWidget(window.sheet)
    pane, form = window.article_pane, window.article_pane.form
    second = pane._captions[1]["id"]
    pane.set_current(second)
    settle()
    form.location.setText("巴南区" + form.location.text())  # the desk adds the district
    form.apply()
    wait_until(lambda: "巴南区" in (pane._captions[1].get("location") or ""),
               "the corrected place")
    pane.set_current(second)
    walk.shot("05-place-corrected")

    window.search_bar.box.setText("晓彤")  # a two-character given name
    window.search_bar.flush()
    wait_until(lambda: 0 < window.model.rowCount() < 6, "the search for 晓彤")
    print("search 晓彤:", window.model.rowCount(), "photos")
    walk.shot("06-search-two-characters")
    window.search_bar.box.clear()
    window.search_bar.flush()

    project = window.controller.project
    assert project is not None
    dialog = CreditsDialog(project, window)
    dialog.resize(1000, 520)
    dialog.show()
    walk.shot("07-export-credits")
    saved = dialog.save_to(work / "credits.csv")
    if saved is None or "陈思远" not in saved.read_text(encoding="utf-8-sig"):
        raise SystemExit("desk walk: the credit list was not written")
    dialog.close()

    sheet_pdf = work / "contact-sheet.pdf"
    job = make_contact_sheet(window, project, out_path=str(sheet_pdf))
    assert job is not None
    done: list[str] = []
    job.finished.connect(done.append)
    job.failed.connect(lambda message: done.append("failed: " + message))
    wait_until(lambda: bool(done), "the contact sheet")
    if done[0].startswith("failed"):
        raise SystemExit(f"desk walk: contact sheet {done[0]}")
    _pdf_page_png(sheet_pdf, out / f"08-contact-sheet{walk.suffix}")
    window.close()
    return walk.taken


def _pdf_page_png(pdf: Path, stem: Path) -> None:
    """The first page of the PDF, as the editor will see it (poppler's pdftoppm)."""
    if shutil.which("pdftoppm") is None:
        print("desk walk: pdftoppm (poppler-utils) not installed; contact sheet not drawn",
              file=sys.stderr)
        return
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(stem)],
                   check=True)
    print(f"{stem}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--language", default="en", help="en or zh_CN")
    args = parser.parse_args()
    run(args.out, args.language)


if __name__ == "__main__":
    main()
