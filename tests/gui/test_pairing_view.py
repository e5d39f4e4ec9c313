import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from caption_studio.core.pairing import matcher as pairing
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from caption_studio.gui.pairing.model import THUMBNAIL, PairingModel, load_rows
from caption_studio.gui.pairing.view import PairingView
from tests.gui.desk_article import build, controller_for
from tests.helpers import add_photo_rows


@pytest.fixture
def desk(tmp_path, qtbot):
    project = Project.open(build(tmp_path))
    host = controller_for(project)
    view = PairingView(host)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    yield project, host, view
    project.close()


def _states(view):
    return [(r.photo_id, r.caption_id, r.state) for r in view.model.rows]


def _select(view, photo_id):
    index = view.model.index_of(photo_id=photo_id)
    view.list.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_model_passes_qtmodeltester(desk, qtmodeltester):
    project, _host, _view = desk
    pairing.pair_project(project)
    model = PairingModel()
    model.reset(load_rows(project))
    qtmodeltester.check(model)


def test_auto_pair_is_one_undo_step(desk):
    project, host, view = desk
    assert {s for *_, s in _states(view)} == {"unmatched"}
    assert view.auto_pair()
    assert host.undo_stack.count() == 1
    assert [s for *_, s in _states(view)] == ["unmatched", "sure", "sure", "sure"]
    assert ops.get_fields(project, 1)["creator"] == (["李雨恒"], "caption")
    host.undo_stack.undo()
    assert project.counts()["pairings"] == 0
    assert {s for *_, s in _states(view)} == {"unmatched"}
    assert ops.get_fields(project, 1)["creator"][1] == "embedded"
    host.undo_stack.redo()
    assert project.counts()["pairings"] == 3


def test_rows_needing_a_person_come_first(desk):
    project, _host, view = desk
    pairing.pair_project(project)
    pairing.apply_pair(project, 4, 3, state="ambiguous", score=0.4, margin=0.05,
                       reasons=["3rd photo / 3rd caption"])
    view.reload()
    assert [r.state for r in view.model.rows] == ["ambiguous", "unmatched", "sure", "sure"]
    assert view.model.rows[1].photo_id == 3 and view.model.rows[1].caption_id is None


def test_drag_caption_onto_photo_repairs_and_undo_restores(desk):
    project, host, view = desk
    view.auto_pair()
    source = view.model.index_of(caption_id=1)
    target = view.model.index_of(photo_id=4)
    mime = view.model.mimeData([source])
    assert view.model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    view.model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    assert pairing.pairings_of(project, [4])[4]["caption_id"] == 1
    assert pairing.pairings_of(project, [4])[4]["state"] == "confirmed"
    assert 1 not in pairing.pairings_of(project, [1])
    assert ops.get_fields(project, 4)["creator"] == (["李雨恒"], "caption")
    host.undo_stack.undo()
    assert pairing.pairings_of(project, [1])[1]["caption_id"] == 1
    assert 4 not in pairing.pairings_of(project, [4])
    assert "creator" not in ops.get_fields(project, 4)


def test_manual_edit_survives_unpair_and_repair(desk):
    project, host, view = desk
    view.auto_pair()
    ops.set_fields(project, [2], {"city": "重庆市", "description": "手改的说明"})
    view.reload()
    _select(view, 2)
    assert view.unpair_selected()
    assert ops.get_fields(project, 2)["description"] == ("手改的说明", "manual")
    host.undo_stack.undo()
    assert ops.get_fields(project, 2)["description"] == ("手改的说明", "manual")
    assert pairing.pairings_of(project, [2])[2]["caption_id"] == 2


def test_confirm_selected_and_all_sure(desk):
    project, host, view = desk
    view.auto_pair()
    _select(view, 1)
    assert view.confirm_selected()
    assert pairing.pairings_of(project, [1])[1]["state"] == "confirmed"
    assert view.confirm_all_sure()
    assert {r["state"] for r in pairing.pairings_of(project, [1, 2, 3]).values()} == {"confirmed"}
    host.undo_stack.undo()
    assert pairing.pairings_of(project, [2])[2]["state"] == "sure"


def test_why_explains_the_pair_and_selection_syncs(desk, qtbot):
    project, host, view = desk
    view.auto_pair()
    with qtbot.waitSignal(host.selectionChanged) as blocker:
        _select(view, 2)
    assert blocker.args == [[2]]
    text = view.explain_selected()
    assert "张锦辉" in text and "Score" in text
    host.select_photos([3])
    assert [r.photo_id for r in view.selected_rows()] == [3]


def test_thumbnails_load_off_the_gui_thread(desk, qtbot):
    _project, _host, view = desk
    index = view.model.index_of(photo_id=1)
    assert view.model.data(index, THUMBNAIL) is None  # asked for; a worker makes it
    # the visible rows load on two threads in any order: wait for this photo's, not the first
    qtbot.waitUntil(lambda: view.model.data(index, THUMBNAIL) is not None, timeout=5000)
    pixmap = view.model.data(index, THUMBNAIL)
    assert pixmap.width() > 0


def test_hidden_view_refreshes_when_shown_and_caps_unpaired_photos(desk, qtbot):
    project, host, view = desk
    view.hide()
    view.auto_pair()  # while hidden: the rows wait
    assert {r.state for r in view.model.rows} == {"unmatched"}
    view.show()
    assert [r.state for r in view.model.rows] == ["unmatched", "sure", "sure", "sure"]
    from caption_studio.gui.pairing import model as pairing_model

    add_photo_rows(project, [f"extra_{i}.jpg" for i in range(5)])
    old = pairing_model.MAX_UNPAIRED_PHOTOS
    try:
        pairing_model.MAX_UNPAIRED_PHOTOS = 3
        rows = load_rows(project)
    finally:
        pairing_model.MAX_UNPAIRED_PHOTOS = old
    assert sum(1 for r in rows if r.caption_id is None) == 3
    assert pairing_model.unpaired_photo_count(project) == 6
