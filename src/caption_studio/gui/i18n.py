"""The interface language: English (the source strings) or Simplified Chinese.

Chosen from the system locale unless the user picked one (QSettings `ui/language`: "" for
the system's, "en", "zh_CN"). Qt's own strings (standard buttons, file dialogs, context
menus) are translated by Qt's shipped `qtbase_zh_CN.qm`.

Our translations live in `assets/translations/caption_studio_zh_CN.ts` (Qt Linguist source,
committed). The compiled `.qm` is not committed: on first use it is compiled with the
`lrelease` that ships with PySide6 into the user's cache folder, and again only when the
`.ts` changes, so `make run` and `make test` work on a fresh clone. When `lrelease` is not
available the `.ts` itself is read (`TsTranslator`), so the language never silently falls
back to English. `make translations` refreshes the `.ts` from the sources (pyside6-lupdate).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QStandardPaths,
    QTranslator,
)

log = logging.getLogger(__name__)

SETTINGS_KEY = "ui/language"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}  # each shown in its own language
TRANSLATIONS_DIR = Path(__file__).parent / "assets" / "translations"
_BASENAME = "caption_studio"


def ts_file(language: str) -> Path:
    return TRANSLATIONS_DIR / f"{_BASENAME}_{language}.ts"


def system_language() -> str:
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def chosen_language(settings: QSettings | None = None) -> str:
    value = str((settings or QSettings()).value(SETTINGS_KEY, "") or "")
    return value if value in LANGUAGES else system_language()


def set_language_setting(language: str, settings: QSettings | None = None) -> None:
    """"" follows the system. Takes effect the next time the app starts."""
    s = settings or QSettings()
    s.setValue(SETTINGS_KEY, language if language in LANGUAGES else "")
    s.sync()


class TsTranslator(QTranslator):
    """Translations read straight from a Qt Linguist .ts file (finished and unfinished
    entries with a translation; numerus forms use the first)."""

    def __init__(self, path: Path, parent: object = None) -> None:
        super().__init__(parent)
        self.table: dict[tuple[str, str, str], str] = {}
        root = ElementTree.parse(path).getroot()  # our own file, shipped in the package
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                comment = message.findtext("comment") or ""
                node = message.find("translation")
                if node is None or node.get("type") in ("obsolete", "vanished"):
                    continue
                text = node.text or ""
                forms = node.findall("numerusform")
                if forms:
                    text = forms[0].text or ""
                if text:
                    self.table[(name, source, comment)] = text

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # noqa: D102
                  n: int = -1) -> str:
        found = self.table.get((context, source, disambiguation or ""))
        return found if found is not None else ""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return not self.table


def _lrelease() -> str | None:
    import PySide6

    candidates = [Path(PySide6.__file__).parent / "lrelease",
                  Path(sys.executable).parent / "pyside6-lrelease"]
    found = [str(c) for c in candidates if c.exists() and os.access(c, os.X_OK)]
    return found[0] if found else shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compiled_qm(language: str) -> Path | None:
    """The .qm for a language, compiled from the .ts into the cache if missing or stale."""
    source = ts_file(language)
    if not source.exists():
        return None
    digest = hashlib.sha1(source.read_bytes()).hexdigest()[:12]
    cache = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.CacheLocation) or Path.home() / ".cache") / "translations"
    target = cache / f"{_BASENAME}_{language}-{digest}.qm"
    if target.exists():
        return target
    tool = _lrelease()
    if tool is None:
        return None
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        subprocess.run([tool, "-silent", str(source), "-qm", str(tmp)], check=True,
                       capture_output=True, timeout=60)
        os.replace(tmp, target)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("cannot compile %s: %s", source.name, exc)
        return None
    return target


_installed: list[QTranslator] = []


def install(app: QCoreApplication | None = None, language: str | None = None) -> str:
    """Load the translators for `language` (default: the chosen one) into the application,
    replacing any loaded before. Returns the language now in use."""
    app = app or QCoreApplication.instance()
    language = language if language in LANGUAGES else chosen_language()
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return language
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    ours: QTranslator | None = None
    qm = compiled_qm(language)
    if qm is not None:
        ours = QTranslator(app)
        if not ours.load(str(qm)):
            ours = None
    if ours is None and ts_file(language).exists():
        ours = TsTranslator(ts_file(language), app)
    if ours is not None:
        app.installTranslator(ours)
        _installed.append(ours)
    QLocale.setDefault(QLocale(language))
    return language
