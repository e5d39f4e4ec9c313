import pytest

from caption_studio.core.desk import keywords as kw
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from caption_studio.gui.keywords.panel import KeywordPanel
from tests.gui.desk_article import controller_for
from tests.helpers import add_photo_rows

LIST = "[地点]\n\t中国\n\t\t重庆\n\t\t\t{渝}\n\t\t\t渝北区\nEvents\n\tPolitics\n"


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "k.capstudio") as p:
        yield p


def test_import_search_synonym_and_assign(project, qtbot, tmp_path, qtmodeltester):
    src = tmp_path / "keywords.txt"
    src.write_text(LIST, encoding="utf-8")
    (a,) = add_photo_rows(project, ["a.jpg"])
    host = controller_for(project)
    panel = KeywordPanel(host)
    qtbot.addWidget(panel)
    assert panel.import_path(str(src)) == 6
    qtmodeltester.check(panel.model)
    assert panel.model.rowCount() == 2
    panel.search.setText("渝")  # a synonym of 重庆
    assert panel.selected_paths() == ["地点|中国|重庆"]
    assert not panel.assign_current()  # nothing selected yet
    assert "Select photos" in panel.status.text()
    host.select_photos([a])
    assert panel.assign_current()
    assert ops.get_fields(project, a)["keywords"][0] == ["中国", "重庆"]
    assert kw.hierarchy_for(project, ["中国", "重庆"]) == ["地点|中国|重庆"]
    host.undo_stack.undo()
    assert "keywords" not in ops.get_fields(project, a)
