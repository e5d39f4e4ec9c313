import pytest

from caption_studio.core.desk import keywords as kw
from caption_studio.core.errors import InputError
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from tests.helpers import add_photo_rows

LIST = (
    "\ufeff[地点]\r\n"
    "\t中国\r\n"
    "\t\t重庆\r\n"
    "\t\t\t{渝}\r\n"
    "\t\t\t渝北区\r\n"
    "\t\t\t江北区\r\n"
    "\t\t北京\r\n"
    "Events\r\n"
    "\tPolitics\r\n"
    "\t\t{politique}\r\n"
    "\tSport\r\n"
    "\t\t江北区\r\n"
)


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "kw.capstudio") as p:
        yield p


def test_parse_tree_synonyms_and_categories():
    nodes = {"|".join(n.path): n for n in kw.parse(LIST)}
    assert set(nodes) == {"地点", "地点|中国", "地点|中国|重庆", "地点|中国|重庆|渝北区",
                          "地点|中国|重庆|江北区", "地点|中国|北京", "Events", "Events|Politics",
                          "Events|Sport", "Events|Sport|江北区"}
    assert not nodes["地点"].exportable
    assert nodes["地点|中国|重庆"].synonyms == ["渝"]
    assert nodes["Events|Politics"].synonyms == ["politique"]


def test_import_export_round_trip(project, tmp_path):
    src = tmp_path / "keywords.txt"
    src.write_text(LIST, encoding="utf-8")
    assert kw.import_file(project, src) == 10
    assert kw.import_file(project, src) == 0  # idempotent
    text = kw.export_text(project)
    assert "[地点]\n\t中国\n\t\t北京\n\t\t重庆\n\t\t\t{渝}\n" in text
    assert {tuple(n.path) for n in kw.parse(text)} == {tuple(n.path) for n in kw.parse(LIST)}
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no keywords"):
        kw.import_file(project, empty)


def test_assign_writes_exportable_ancestors_and_undoes(project):
    kw.add_nodes(project, kw.parse(LIST))
    a, b = add_photo_rows(project, ["a.jpg", "b.jpg"])
    ops.set_fields(project, [a], {"keywords": "夜景"})
    changes = kw.assign(project, [a, b], ["地点|中国|重庆|渝北区"])
    assert ops.get_fields(project, a)["keywords"][0] == ["夜景", "中国", "重庆", "渝北区"]
    assert ops.get_fields(project, b)["keywords"][0] == ["中国", "重庆", "渝北区"]
    ops.revert(project, changes)
    assert ops.get_fields(project, a)["keywords"][0] == ["夜景"]
    assert "keywords" not in ops.get_fields(project, b)


def test_hierarchy_for_picks_supported_branch(project):
    kw.add_nodes(project, kw.parse(LIST))
    assert kw.hierarchy_for(project, ["中国", "重庆", "江北区", "夜景"]) == [
        "地点|中国|重庆|江北区", "夜景"]
    assert kw.hierarchy_for(project, ["Events", "Sport", "江北区"]) == ["Events|Sport|江北区"]
    # a lone ambiguous name keeps both branches rather than guessing
    assert sorted(kw.hierarchy_for(project, ["江北区"])) == [
        "Events|Sport|江北区", "地点|中国|重庆|江北区"]


def test_search_matches_synonyms(project):
    kw.add_nodes(project, kw.parse(LIST))
    assert [k["path"] for k in kw.search(project, "渝")][:2] == [
        "地点|中国|重庆", "地点|中国|重庆|渝北区"]
    assert [k["path"] for k in kw.search(project, "POLIT")] == ["Events|Politics"]


def test_names_leave_categories_out(project):
    kw.add_nodes(project, kw.parse(LIST))
    names = kw.names(project)
    assert "重庆" in names and "Politics" in names and "地点" not in names
