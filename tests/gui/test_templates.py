import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from caption_studio.core.desk import replacements, templates
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from caption_studio.gui.templates.code_replacement import (
    install_app_wide,
    install_code_replacement,
    lookup_for,
)
from caption_studio.gui.templates.dialog import TemplatesDialog
from caption_studio.gui.templates.replacements_dialog import ReplacementsDialog
from tests.gui.desk_article import controller_for
from tests.helpers import add_photo_rows


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "t.capstudio") as p:
        yield p


def test_template_apply_fill_and_replace_undoable(project, qtbot):
    a, b = add_photo_rows(project, ["a.jpg", "b.jpg"])
    ops.set_fields(project, [a], {"city": "成都"})
    host = controller_for(project)
    host.select_photos([a, b])
    dialog = TemplatesDialog(host)
    qtbot.addWidget(dialog)
    dialog.editors["city"].setText("重庆")
    dialog.editors["copyright_notice"].setText("© 重庆日报")
    assert dialog.save_as("重庆日报")
    assert templates.get(project, "重庆日报")["values"] == {
        "city": "重庆", "copyright_notice": "© 重庆日报"}
    assert dialog.apply_current()  # fill empty
    assert ops.get_fields(project, a)["city"] == ("成都", "manual")
    assert ops.get_fields(project, b)["city"] == ("重庆", "template")
    host.undo_stack.undo()
    assert "city" not in ops.get_fields(project, b)
    dialog.replace_mode.setChecked(True)
    assert dialog.apply_current()
    assert ops.get_fields(project, a)["city"] == ("重庆", "template")
    host.undo_stack.undo()
    assert ops.get_fields(project, a)["city"] == ("成都", "manual")
    host.undo_stack.redo()
    assert ops.get_fields(project, a)["city"] == ("重庆", "template")


def test_code_replacement_expands_while_typing(project, qtbot):
    replacements.set_codes(project, {"lyh": "记者 李雨恒 摄", "cq": "重庆"})
    line = QLineEdit()
    text = QPlainTextEdit()
    for w in (line, text):
        qtbot.addWidget(w)
        install_code_replacement(w, lambda: replacements.table(project))
    # QTest types ASCII only; the Chinese parts are inserted as an input method would.
    QTest.keyClicks(line, "=cq=")
    line.insert("渝北区 ")
    QTest.keyClicks(line, "=lyh=")
    assert line.text() == "重庆渝北区 记者 李雨恒 摄"
    line.undo()  # the expansion is an ordinary edit
    assert line.text() == "重庆渝北区 =lyh="
    text.insertPlainText("图为")
    QTest.keyClicks(text, "=cq=")
    text.insertPlainText("夜景 ")
    QTest.keyClicks(text, "=nope= a=b")
    assert text.toPlainText() == "图为重庆夜景 =nope= a=b"


def test_code_replacement_app_wide(project, qtbot):
    replacements.set_codes(project, {"sj": "视觉重庆"})
    host = controller_for(project)
    f = install_app_wide(lookup_for(host))
    try:
        line = QLineEdit()
        qtbot.addWidget(line)
        line.show()
        qtbot.waitExposed(line)
        line.activateWindow()
        line.setFocus()
        qtbot.waitUntil(lambda: bool(line.property(f"codeReplacement{id(f)}")))
        line.insert("摄/")
        QTest.keyClicks(line, "=sj=")
        assert line.text() == "摄/视觉重庆"
        host.attach(None)  # no project: typing a code does nothing, and does not fail
        QTest.keyClicks(line, " =sj=")
        assert line.text() == "摄/视觉重庆 =sj="
    finally:
        f.uninstall()


def test_replacements_dialog_import_save_export(project, qtbot, tmp_path):
    src = tmp_path / "pm.txt"
    src.write_bytes("\ufefflyh\t记者 李雨恒 摄\r\nsj\t视觉重庆\r\n".encode())
    dialog = ReplacementsDialog(controller_for(project))
    qtbot.addWidget(dialog)
    assert dialog.import_path(str(src)) == 2
    assert dialog.save()
    assert replacements.table(project) == {"lyh": "记者 李雨恒 摄", "sj": "视觉重庆"}
    bad = tmp_path / "bad.txt"
    bad.write_text("no tabs\n", encoding="utf-8")
    assert dialog.import_path(str(bad)) == 0
    assert "no code replacements" in dialog.status.text()
    dialog.table.item(0, 0).setText("a b")
    assert not dialog.save()
    assert "may not contain" in dialog.status.text()
