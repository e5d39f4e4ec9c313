import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from caption_studio.core.desk import roster
from caption_studio.core.pairing import matcher as pairing
from caption_studio.core.project.file import Project
from caption_studio.gui.roster.dialog import RosterDialog
from caption_studio.gui.roster.model import COLUMNS, RosterModel
from tests.gui.desk_article import build, controller_for


@pytest.fixture
def desk(tmp_path, qtbot):
    project = Project.open(build(tmp_path))
    pairing.pair_project(project)
    host = controller_for(project)
    dialog = RosterDialog(host)
    qtbot.addWidget(dialog)
    yield project, host, dialog
    project.close()


def test_learn_edit_and_merge(desk, qtmodeltester):
    project, _host, dialog = desk
    assert dialog.learn() >= 4
    names = {r["name"] for r in dialog.model.rows}
    assert {"李雨恒", "张锦辉", "王鹏", "夏元", "视觉重庆"} <= names
    qtmodeltester.check(dialog.model)

    row = next(i for i, r in enumerate(dialog.model.rows) if r["name"] == "王鹏")
    latin = dialog.model.index(row, COLUMNS.index("latin_name"))
    assert latin.data() == "Wang Peng"
    assert dialog.model.setData(latin, "Wang Peng (Xinhua)")
    assert roster.latin_name_for(project, "王鹏") == "Wang Peng (Xinhua)"
    status = dialog.model.index(row, COLUMNS.index("status"))
    assert dialog.model.setData(status, "freelance")
    assert roster.status_for(project, "新华社记者王鹏") == "freelance"

    variant = dialog.add_name("记者 李 雨恒")
    assert variant is not None
    keep = roster.find(project, "李雨恒")["id"]
    dialog.proxy.sort(-1)
    sel = dialog.table.selectionModel()
    for pid in (keep, variant):
        r = next(i for i in range(dialog.proxy.rowCount())
                 if dialog.proxy.index(i, 0).data(Qt.ItemDataRole.UserRole) == pid)
        sel.select(dialog.proxy.index(r, 0),
                   QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        if pid == keep:
            sel.setCurrentIndex(dialog.proxy.index(r, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    assert dialog.merge_selected(ask=False)  # into the current row
    assert roster.find(project, "李 雨恒")["id"] == keep


def test_duplicate_name_is_a_message(desk, qtbot):
    project, host, dialog = desk
    roster.add(project, "夏元")
    model = RosterModel(project)
    with qtbot.waitSignal(host.error) as blocker:
        assert dialog.add_name("本报记者夏元") is None
    assert "already in the roster" in blocker.args[0]
    assert len(model.rows) == 1


def test_roster_and_vocabulary_feed_the_editor_autocomplete(desk):
    from caption_studio.core.desk import keywords
    from caption_studio.gui.widgets.metadata_editor import project_values

    project, _host, _dialog = desk
    roster.add(project, "欧阳娜娜", status="freelance")
    keywords.add_path(project, "地点|中国|重庆|渝北区")
    assert "欧阳娜娜" in project_values(project, "creator")
    assert "李雨恒" in project_values(project, "creator")  # from the photos themselves
    assert "渝北区" in project_values(project, "keywords")
    assert "欧阳娜娜" not in project_values(project, "city")
