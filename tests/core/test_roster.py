import json

import pytest

from caption_studio.core.desk import roster
from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project, now_iso
from tests.helpers import add_photo_rows


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "roster.capstudio") as p:
        yield p


def _article_with_captions(project, photographers, credit=None, writers=()):
    with project.transaction() as conn:
        aid = conn.execute(
            "INSERT INTO articles (text, writers, imported_at) VALUES ('x', ?, ?)",
            (json.dumps(list(writers), ensure_ascii=False), now_iso())).lastrowid
        for i, people in enumerate(photographers, 1):
            conn.execute(
                "INSERT INTO captions (article_id, position, text, photographers, credit) "
                "VALUES (?, ?, 'c', ?, ?)",
                (aid, i, json.dumps(people, ensure_ascii=False), credit))
    return aid


@pytest.mark.parametrize(("name", "latin"), [
    ("李雨恒", "Li Yuheng"),
    ("欧阳修", "Ouyang Xiu"),
    ("司马光", "Sima Guang"),
    ("曾国藩", "Zeng Guofan"),
    ("单雄信", "Shan Xiongxin"),
    ("吕嘉安", "Lü Jia'an"),
    ("张亦", "Zhang Yi"),
    ("Andy Wong", "Andy Wong"),
])
def test_pinyin_is_surname_first_and_capitalised(name, latin):
    assert roster.pinyin_name(name) == latin


def test_role_prefixes_are_split_off():
    assert roster.split_role("记者李雨恒") == ("李雨恒", "记者")
    assert roster.split_role("新华社记者 王鹏") == ("王鹏", "新华社记者")
    assert roster.split_role("本报记者：夏元") == ("夏元", "本报记者")
    assert roster.split_role("李雨恒") == ("李雨恒", None)


def test_learn_from_project_is_idempotent_and_infers_status(project):
    _article_with_captions(
        project,
        [[{"name": "李雨恒", "role": "记者"}],
         [{"name": "王鹏", "role": "新华社记者"}],
         [{"name": "记者李雨恒", "role": None}, {"name": "周小", "role": "通讯员"}]],
        credit="视觉重庆",
        writers=[{"name": "夏元", "role": "本报记者"}])
    pid = add_photo_rows(project, ["a.jpg"])[0]
    ops.set_fields(project, [pid], {"creator": ["张锦辉"], "source": "中新社",
                                    "credit_line": "记者 张锦辉 摄/视觉重庆"},
                   provenance="embedded")  # a printed credit line is not an organisation
    first = roster.learn_from_project(project)
    names = {p["name"]: p for p in roster.people(project)}
    assert set(names) == {"李雨恒", "王鹏", "周小", "夏元", "张锦辉", "视觉重庆", "中新社"}
    assert len(first.added) == 7
    assert names["王鹏"]["status"] == "agency" and names["王鹏"]["agency"] == "新华社"
    assert names["周小"]["status"] == "freelance"
    assert names["夏元"]["status"] == "staff"
    assert names["视觉重庆"]["kind"] == "organisation"
    assert names["李雨恒"]["latin_name"] == "Li Yuheng"
    again = roster.learn_from_project(project)
    assert not again
    assert len(roster.people(project)) == 7


def test_merge_keeps_variants_as_aliases(project):
    keep = roster.add(project, "李雨恒", status="staff")
    other = roster.add(project, "李 雨恒", role="摄影记者", agency="重庆日报")
    merged = roster.merge(project, keep, [other])
    assert merged["aliases"] == ["李 雨恒"]
    assert merged["role"] == "摄影记者" and merged["status"] == "staff"
    assert [p["id"] for p in roster.people(project)] == [keep]
    assert roster.find(project, "记者李 雨恒")["id"] == keep
    # a later learn of the variant does not re-create it
    assert not roster.learn(project, [roster.Entry("李 雨恒")]).added


def test_latin_name_editable_and_lookups(project):
    pid = roster.add(project, "夏元", status="staff")
    roster.update(project, pid, latin_name="Xia Yuan (Chongqing Daily)")
    assert roster.latin_name_for(project, "记者夏元") == "Xia Yuan (Chongqing Daily)"
    assert roster.latin_name_for(project, "欧阳娜娜") == "Ouyang Nana"  # not in the roster
    assert roster.status_for(project, "夏元") == "staff"
    assert roster.status_for(project, "无名") is None
    roster.add(project, "夏天")
    roster.add(project, "新华社", kind="organisation", status="agency")
    assert roster.autocomplete(project, "夏") == ["夏元", "夏天"]
    assert roster.autocomplete(project, "xia") == ["夏元", "夏天"]
    assert roster.autocomplete(project, "新", kind="organisation") == ["新华社"]
    assert roster.autocomplete(project, "新", kind="person") == []


def test_bad_values_are_refused_with_a_message(project):
    with pytest.raises(CaptionStudioError, match="status must be"):
        roster.add(project, "王五", status="boss")
    pid = roster.add(project, "王五")
    with pytest.raises(CaptionStudioError, match="already in the roster"):
        roster.add(project, "记者王五")
    roster.add(project, "王六")
    with pytest.raises(CaptionStudioError, match="already in the roster"):
        roster.update(project, pid, name="王六")


def test_completions_offer_roster_names_by_field(project):
    roster.add(project, "夏元")
    roster.add(project, "新华社", kind="organisation")
    assert roster.completions_for(project, "creator") == ["夏元"]
    assert roster.completions_for(project, "source") == ["新华社"]
    assert roster.completions_for(project, "city") == []
