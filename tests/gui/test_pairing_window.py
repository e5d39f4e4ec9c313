"""The pairing view inside the real main window: Auto-pair runs on the writer thread and is
one undo step on the window's stack; the article pane and the pairing view follow the
contact sheet's selection."""

from PySide6.QtCore import QSettings, Qt

from caption_studio.core.desk import roster
from caption_studio.core.pairing import matcher as pairing
from caption_studio.gui.main_window import MainWindow
from caption_studio.gui.settings import Settings
from tests.gui.desk_article import build


def test_auto_pair_in_the_window_is_undoable(qtbot, tmp_path):
    path = build(tmp_path)
    window = MainWindow(Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    window.flows.open_path(path)
    view = window.pairing_view
    window.center_tabs.setCurrentWidget(view)
    with qtbot.waitSignal(window.controller.projectChanged, timeout=10000):
        assert view.auto_pair()
    project = window.controller.project
    assert project.counts()["pairings"] == 3
    assert window.controller.undo_stack.count() == 1
    assert [r.state for r in view.model.rows] == ["unmatched", "sure", "sure", "sure"]
    # the roster learns the names that came in, on the writer thread
    qtbot.waitUntil(lambda: roster.find(project, "王鹏") is not None, timeout=10000)
    assert roster.find(project, "王鹏")["status"] == "agency"

    window.controller.select_photos([2])  # the contact sheet selects; the others follow
    qtbot.waitUntil(lambda: window.article_pane.current_caption is not None)
    assert pairing.pairings_of(project, [2])[2]["caption_id"] == window.article_pane.current_caption
    assert [r.photo_id for r in view.selected_rows()] == [2]

    # a caption dragged from the article onto a photo row pairs them
    cid = window.article_pane.current_caption
    target = view.model.index_of(photo_id=4)
    mime = window.article_pane.caption_mime(cid)
    assert view.model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    view.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    assert pairing.pairings_of(project, [4])[4]["caption_id"] == cid
    assert window.controller.undo_stack.count() == 2
    window.controller.undo_stack.undo()
    assert pairing.pairings_of(project, [2])[2]["caption_id"] == cid

    window.controller.undo_stack.undo()
    assert project.counts()["pairings"] == 0
    assert {r.state for r in view.model.rows} == {"unmatched"}
    window.close()
