"""An ambiguous pair shows its best candidate: in the metadata editor (greyed in the empty
fields, under a bar with Confirm and the runner-up) and in the article form, on the real sample
project in the real window."""

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from scripts.prepare_sample import main as prepare_sample

from caption_studio.core.pairing import matcher as pairing
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from caption_studio.gui.main_window import MainWindow
from caption_studio.gui.settings import Settings


def _window(qtbot, tmp_path):
    path = prepare_sample(str(tmp_path / "run"))
    window = MainWindow(Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    window.flows.open_path(path)
    return window


def _photo(window, name):
    return window.controller.project.conn.execute(
        "SELECT id FROM photos WHERE file_name = ?", (name,)).fetchone()[0]


def test_an_ambiguous_pair_is_proposed_greyed_and_confirmed_with_enter(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    project = window.controller.project
    pid = _photo(window, "DSC_0415.JPG")
    pair = pairing.pairing_of(project, pid)
    assert pair["state"] == "ambiguous"
    window.controller.select_photos([pid])
    editor, bar = window.editor, window.editor.proposal
    qtbot.waitUntil(lambda: editor.photo_ids == [pid])
    assert bar.isVisible() and bar.caption_id is not None
    # The caption's values in the empty fields, greyed (placeholders), nothing written yet.
    proposed = editor.rows["description"]
    assert proposed.input.toPlainText() == ""
    caption = project.conn.execute("SELECT description FROM captions WHERE id = ?",
                                   (pair_caption(project, pid),)).fetchone()[0]
    assert proposed.input.placeholderText() == caption
    assert "proposed" in proposed.meta.text()
    assert editor.rows["headline"].input.placeholderText() == "花溪村千亩茶园迎来春茶采摘季"
    assert "description" not in ops.get_fields(project, pid)
    # The article form shows the same caption, greyed, with Confirm.
    form = window.article_pane.form
    qtbot.waitUntil(lambda: form.caption_id == pair_caption(project, pid))
    assert form.confirm_button.isVisibleTo(form) and form.proposed_photo == pid
    assert form.description.palette().color(QPalette.ColorRole.Text) == \
        form.palette().color(QPalette.ColorRole.PlaceholderText)

    # Alt+Down on the contact sheet proposes the runner-up instead; Enter confirms it.
    first = pair_caption(project, pid)
    runner = pairing.runner_up(project, pid)
    assert runner is not None and runner != first
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sheet.view.setFocus()
    qtbot.waitUntil(window.sheet.view.hasFocus)
    qtbot.keyClick(window.sheet.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: pair_caption(project, pid) == runner)
    assert pairing.pairing_of(project, pid)["state"] == "ambiguous"
    qtbot.waitUntil(lambda: bar.caption_id == runner)
    qtbot.keyClick(window.sheet.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pairing.pairing_of(project, pid)["state"] == "confirmed")
    assert ops.get_fields(project, pid)["description"][1] == "caption"
    assert not bar.isVisible()
    assert editor.rows["description"].input.toPlainText()  # written now, no longer a proposal
    # One undo step each.
    window.controller.undo_stack.undo()
    assert pairing.pairing_of(project, pid)["state"] == "ambiguous"
    window.close()


def pair_caption(project, pid):
    row = pairing.pairings_of(project, [pid]).get(pid)
    return row["caption_id"] if row else None


def test_a_sure_pair_shows_no_proposal(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    pid = _photo(window, "chensiyuan_0423_012.jpg")
    window.controller.select_photos([pid])
    qtbot.waitUntil(lambda: window.editor.photo_ids == [pid])
    assert not window.editor.proposal.isVisible()
    form = window.article_pane.form
    assert not form.confirm_button.isVisibleTo(form)
    assert "proposed" not in window.editor.rows["description"].meta.text()
    window.close()


def test_the_correction_form_keeps_its_natural_height_in_a_tall_dock(qtbot, tmp_path):
    """Before any article is shown the text is hidden: the form used to take the whole
    height, its rows hundreds of pixels apart."""
    window = MainWindow(Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    window.resize(1300, 1400)
    Project.create(tmp_path / "empty.capstudio").close()
    window.flows.open_path(tmp_path / "empty.capstudio")  # a project without an article
    pane, form = window.article_pane, window.article_pane.form
    qtbot.waitUntil(lambda: pane.height() > 1000)
    assert form.height() <= form.sizeHint().height() + 2
    assert form.date.y() - form.description.y() < 100
    window.flows.open_path(prepare_sample(str(tmp_path / "run")))
    qtbot.waitUntil(lambda: pane.text.isVisible())
    assert form.height() <= form.sizeHint().height() + 2
    assert pane.text.height() > 800  # the article takes the rest
    window.close()
