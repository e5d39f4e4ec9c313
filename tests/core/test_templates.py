import pytest

from caption_studio.core.desk import templates as tpl
from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from tests.helpers import add_photo_rows


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "tpl.capstudio") as p:
        yield p


def test_fill_empty_keeps_existing_and_undo_restores(project):
    a, b = add_photo_rows(project, ["a.jpg", "b.jpg"])
    ops.set_fields(project, [a], {"city": "成都"})
    ops.set_fields(project, [b], {"source": "新华社"}, provenance="embedded")
    tpl.save(project, "重庆日报", {"city": "重庆", "source": "重庆日报",
                                 "copyright_notice": "© 重庆日报"})
    changes = tpl.apply(project, "重庆日报", [a, b], mode=tpl.FILL)
    assert ops.get_fields(project, a)["city"] == ("成都", "manual")
    assert ops.get_fields(project, b)["source"] == ("新华社", "embedded")
    assert ops.get_fields(project, b)["city"] == ("重庆", "template")
    assert ops.get_fields(project, a)["copyright_notice"] == ("© 重庆日报", "template")
    ops.revert(project, changes)
    assert "city" not in ops.get_fields(project, b)
    assert ops.get_fields(project, a) == {"city": ("成都", "manual")}


def test_replace_overwrites_manual_values_too(project):
    (a,) = add_photo_rows(project, ["a.jpg"])
    ops.set_fields(project, [a], {"city": "成都", "creator": "李雨恒"})
    tid = tpl.save(project, "desk", {"city": "重庆", "creator": "张锦辉; 夏元"})
    changes = tpl.apply(project, tid, [a], mode=tpl.REPLACE)
    assert ops.get_fields(project, a)["city"] == ("重庆", "template")
    assert ops.get_fields(project, a)["creator"] == (["张锦辉", "夏元"], "template")
    ops.revert(project, changes)
    assert ops.get_fields(project, a)["city"] == ("成都", "manual")


def test_templates_are_saved_renamed_and_checked(project):
    tid = tpl.save(project, "desk", {"city": "重庆", "source": ""})
    assert tpl.templates(project) == [{"id": tid, "name": "desk", "values": {"city": "重庆"}}]
    assert tpl.save(project, "desk", {"city": "成都"}) == tid
    tpl.rename(project, tid, "成都")
    assert tpl.get(project, "成都")["values"] == {"city": "成都"}
    tpl.save(project, "other", {"city": "x"})
    with pytest.raises(CaptionStudioError, match="already exists"):
        tpl.rename(project, tid, "other")
    with pytest.raises(CaptionStudioError, match="no values"):
        tpl.save(project, "empty", {"city": ""})
    with pytest.raises(CaptionStudioError, match="not a date"):
        tpl.save(project, "bad", {"date_created": "soon"})
    with pytest.raises(CaptionStudioError, match="no template"):
        tpl.apply(project, "nope", [1])
