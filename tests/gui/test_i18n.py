"""The Chinese interface: translators load, the language follows the system unless the user
chose one, and every user-visible string of the real main window is translated."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)

from caption_studio.core import fields as registry
from caption_studio.core.pairing import matcher as pairing
from caption_studio.gui import i18n, i18n_labels
from caption_studio.gui.main_window import MainWindow
from caption_studio.gui.settings import Settings
from tests.gui.desk_article import build

# Names, formats and products that stay as they are in Chinese.
KEEP = ("Caption Studio", "English", "Markdown", "Excel", "JSON", "CSV", "WPS", "PDF", "Latin",
        "Ctrl", "Shift", "Alt")  # key names stay as printed on the keys
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def chinese(qapp):
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(qapp, "en")


def _untranslated(text: str) -> bool:
    text = text.replace("&", "")
    for word in KEEP:
        text = text.replace(word, "")
    text = re.sub(r"\{[a-z_]+(:[^}]*)?\}|<[^>]+>|\*\.[a-z]+|[\w.-]*\.(jpg|txt|capstudio)", "", text)
    return bool(_LATIN_WORD.search(text))


def _texts(window: MainWindow) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []

    def menu(m: QMenu, where: str) -> None:
        seen.append((where, m.title()))
        for action in m.actions():
            if action.menu() is not None:
                menu(action.menu(), f"{where} > {m.title()}")
            elif not action.isSeparator():
                seen.append((f"{where} > {m.title()}", action.text()))
                seen.append((f"tooltip of {action.text()}", action.toolTip()))

    for action in window.menuBar().actions():
        if action.menu() is not None:
            menu(action.menu(), "menu bar")
    for w in window.findChildren(QWidget):
        name = f"{type(w).__name__} {w.objectName()}"
        if isinstance(w, QLabel) and w.text():
            seen.append((name, w.text()))
        if isinstance(w, QAbstractButton) and w.text():
            seen.append((name, w.text()))
        if isinstance(w, QLineEdit) and w.placeholderText():
            seen.append((name, w.placeholderText()))
        if isinstance(w, QComboBox) and not w.isEditable():
            seen.extend((name, w.itemText(i)) for i in range(w.count()))
        if isinstance(w, QTabWidget):
            seen.extend((name, w.tabText(i)) for i in range(w.count()))
        if isinstance(w, QDockWidget):
            seen.append((name, w.windowTitle()))
        if w.toolTip():
            seen.append((f"tooltip of {name}", w.toolTip()))
    seen.append(("window title", window.windowTitle()))
    return seen


def test_main_window_is_fully_translated(chinese, qtbot, tmp_path):
    path = build(tmp_path)
    window = MainWindow(Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    before = _texts(window)  # the welcome page, no project
    window.flows.open_path(path)
    pairing.pair_project(window.controller.project)
    window.pairing_view.reload()
    window.center_tabs.setCurrentWidget(window.pairing_view)
    project = window.controller.project
    texts = [(w, t.replace(str(project.path), "").replace(str(project.path.parent), "")
              .replace(project.name, ""))
             for w, t in before + _texts(window)]  # the project's own name is not ours
    assert len(texts) > 100
    missing = sorted({(where, text) for where, text in texts if _untranslated(text)})
    assert not missing, "untranslated:\n" + "\n".join(f"{w}: {t!r}" for w, t in missing)
    assert window.actions.menus["file"].title() == "文件(&F)"
    titles = [a.text() for a in window.menuBar().actions()]
    assert len(titles) == len(set(titles)), titles  # no second File menu under zh_CN
    assert window.pairing_view.auto_button.text() == "自动配对"
    window.close()


def test_qt_own_strings_and_field_labels_are_translated(chinese):
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("fields", "Caption") == "图片说明"
    for f in registry.FIELDS:
        assert QCoreApplication.translate("fields", f.label) != f.label, f.key


def test_field_label_list_matches_the_registry():
    labels = {f.label for f in registry.FIELDS} | {g[1] for g in registry.GROUPS} | set(
        registry.STATUS_LABELS.values())
    assert set(i18n_labels.FIELD_LABELS) == labels


def test_helper_strings_are_listed_for_lupdate():
    import ast
    from pathlib import Path

    from PySide6.QtCore import QT_TRANSLATE_NOOP  # noqa: F401 - i18n_labels uses it

    gui = Path(i18n.__file__).parent
    listed = set(i18n_labels.HELPER_STRINGS)
    for module in ("widgets/metadata_editor.py", "dialogs/errors.py", "export/__init__.py"):
        tree = ast.parse((gui / module).read_text(encoding="utf-8"))
        used = {n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Name) and n.func.id == "_tr" and n.args
                and isinstance(n.args[0], ast.Constant)}
        assert used <= listed, f"{module}: add {sorted(used - listed)} to gui/i18n_labels.py"


def test_language_follows_setting_then_system(qapp, tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "lang.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(i18n, "system_language", lambda: "zh_CN")
    assert i18n.chosen_language(settings) == "zh_CN"
    i18n.set_language_setting("en", settings)
    assert i18n.chosen_language(settings) == "en"
    i18n.set_language_setting("", settings)
    assert i18n.chosen_language(settings) == "zh_CN"
    try:
        assert i18n.install(qapp, "zh_CN") == "zh_CN"
        assert QCoreApplication.translate("PairingView", "Unpair") == "解除配对"
    finally:
        assert i18n.install(qapp, "en") == "en"
    assert QCoreApplication.translate("PairingView", "Unpair") == "Unpair"


def test_compiled_qm_and_ts_reader_agree(qapp):
    qm = i18n.compiled_qm("zh_CN")
    assert qm is not None and qm.stat().st_size > 1000
    ts = i18n.TsTranslator(i18n.ts_file("zh_CN"))
    assert len(ts.table) > 300
    assert ts.translate("ArticlePane", "Mark as caption") == "标为图片说明"
    assert ts.translate("ArticlePane", "no such string") == ""
