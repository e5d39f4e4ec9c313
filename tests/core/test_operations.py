import pytest

from caption_studio.core.fields import Provenance
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from tests.helpers import add_photo_rows


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "ops.capstudio") as p:
        yield p


def test_batch_edit_sets_every_photo_and_records_history(project):
    ids = add_photo_rows(project, ["a.jpg", "b.jpg", "c.jpg"])
    changes = ops.set_fields(project, ids, {"city": "重庆", "creator": "李雨恒; 张锦辉"})
    assert changes.photos == set(ids)
    assert changes.fields == {"city", "creator"}
    for pid in ids:
        values = ops.get_fields(project, pid)
        assert values["city"] == ("重庆", "manual")
        assert values["creator"] == (["李雨恒", "张锦辉"], "manual")
    rows = ops.history(project)
    assert len(rows) == 6
    assert {r["operation_id"] for r in rows} == {changes.operation_id}
    assert all(r["user"] and r["at"] and r["new_provenance"] == "manual" for r in rows)


def test_undo_restores_old_values_and_provenance(project):
    (pid,) = add_photo_rows(project, ["a.jpg"])
    ops.set_fields(project, [pid], {"city": "成都"}, provenance=Provenance.EMBEDDED)
    edit = ops.set_fields(project, [pid], {"city": "重庆", "rating": 4})
    redo = ops.revert(project, edit)
    assert ops.get_fields(project, pid) == {"city": ("成都", "embedded")}
    ops.revert(project, redo, action="redo")
    assert ops.get_fields(project, pid) == {"city": ("重庆", "manual"), "rating": (4, "manual")}


def test_automatic_sources_never_overwrite_manual(project):
    (pid,) = add_photo_rows(project, ["a.jpg"])
    ops.set_fields(project, [pid], {"headline": "by hand"})
    changes = ops.set_fields(project, [pid], {"headline": "from caption", "city": "重庆"},
                             provenance=Provenance.CAPTION)
    assert ops.get_fields(project, pid)["headline"] == ("by hand", "manual")
    assert changes.fields == {"city"}


def test_unchanged_values_write_nothing(project):
    (pid,) = add_photo_rows(project, ["a.jpg"])
    ops.set_fields(project, [pid], {"city": "重庆"})
    again = ops.set_fields(project, [pid], {"city": " 重庆 "})
    assert not again
    assert len(ops.history(project)) == 1


def test_clearing_a_field(project):
    (pid,) = add_photo_rows(project, ["a.jpg"])
    ops.set_fields(project, [pid], {"city": "重庆"})
    ops.set_fields(project, [pid], {"city": ""})
    assert "city" not in ops.get_fields(project, pid)


@pytest.mark.parametrize("values,message", [
    ({"rating": 9}, "not from 0 to 5"),
    ({"date_created": "next tuesday"}, "not a date"),
    ({"status": "published"}, "not one of"),
    ({"no_such_field": "x"}, "unknown field"),
])
def test_bad_values_are_refused_and_nothing_written(project, values, message):
    (pid,) = add_photo_rows(project, ["a.jpg"])
    with pytest.raises(ops.FieldValueError, match=message):
        ops.set_fields(project, [pid], {"city": "重庆", **values})
    assert ops.get_fields(project, pid) == {}


def test_unknown_photo_rolls_back_whole_batch(project):
    ids = add_photo_rows(project, ["a.jpg"])
    with pytest.raises(Exception, match="no photo with id 999"):
        ops.set_fields(project, [*ids, 999], {"city": "重庆"})
    assert ops.get_fields(project, ids[0]) == {}
