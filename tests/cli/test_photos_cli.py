import json

import pytest
from click.testing import CliRunner

from caption_studio.cli.main import cli
from caption_studio.core.article.store import import_article
from caption_studio.core.media.importer import import_paths
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from tests.media_builders import make_jpeg

ARTICLE = """## 江北嘴灯光秀

4月23日，江北嘴中央公园，市民观看灯光秀。
记者 周雨桐 摄/视觉重庆

4月23日，朝天门广场，游客拍照留念。
记者 王浩然 摄/视觉重庆
"""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def desk(tmp_path):
    make_jpeg(tmp_path / "p" / "zhouyutong_0423_001.jpg", (120, 80),
              iptc={"Iptc.Application2.Caption": "市民观看灯光秀", "Iptc.Application2.Byline":
                    ["周雨桐"]})
    make_jpeg(tmp_path / "p" / "wanghaoran_0423_002.jpg", (80, 120), color=(10, 10, 120))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "desk.capstudio"
    with Project.create(path) as project:
        import_paths(project, [tmp_path / "p"])
        article_id = import_article(project, article, year=2024)
        zhou, wang = (project.conn.execute("SELECT id FROM photos WHERE file_name LIKE ?",
                                           (f"{n}%",)).fetchone()[0]
                      for n in ("zhou", "wang"))
        caption_id = project.conn.execute(
            "SELECT id FROM captions WHERE article_id = ? AND position = 2",
            (article_id,)).fetchone()[0]
        with project.transaction() as conn:
            conn.execute("INSERT INTO pairings (photo_id, caption_id, state, score, margin, "
                         "reasons, created_at) VALUES (?, ?, 'ambiguous', 0.61, 0.05, ?, 'now')",
                         (wang, caption_id, json.dumps(["photographer 王浩然 (file name)"],
                                                 ensure_ascii=False)))
    return path, article_id, zhou, wang


def test_photos_json_is_the_documented_shape(desk):
    path, article_id, zhou, wang = desk
    result = run("photos", path, "--json")
    assert result.exit_code == 0, result.output
    by_id = {p["id"]: p for p in json.loads(result.stdout)}
    first, second = by_id[zhou], by_id[wang]
    assert first["path"] == "p/zhouyutong_0423_001.jpg"
    assert (first["width"], first["height"]) == (120, 80) and first["size"] > 0
    assert first["fields"]["description"] == {"value": "市民观看灯光秀", "provenance": "embedded"}
    assert first["fields"]["creator"] == {"value": ["周雨桐"], "provenance": "embedded"}
    assert first["pairing"] is None and first["warnings"] == []
    assert second["pairing"] == {
        "article": article_id, "caption_index": 2,
        "caption_text": "4月23日，朝天门广场，游客拍照留念。记者 王浩然 摄/视觉重庆",
        "state": "ambiguous", "score": 0.61, "margin": 0.05,
        "reasons": ["photographer 王浩然 (file name)"]}

    table = run("photos", path)
    assert table.exit_code == 0 and "周雨桐" in table.stdout and "caption 2 (ambiguous)" in table.stdout


def test_set_edits_through_the_core_operation_by_id_and_path(desk, tmp_path, monkeypatch):
    path, _, zhou, wang = desk
    monkeypatch.chdir(tmp_path)
    result = run("set", path, "--photo", str(zhou), "--photo", "p/wanghaoran_0423_002.jpg",
                 "keywords=灯光秀;江北嘴", "city=重庆", "creator=王浩然")
    assert result.exit_code == 0, result.output
    with Project.open(path, readonly=True) as project:
        for pid in (zhou, wang):
            values = ops.get_fields(project, pid)
            assert values["keywords"] == (["灯光秀", "江北嘴"], "manual")
            assert values["city"] == ("重庆", "manual")
        assert ops.get_fields(project, zhou)["creator"] == (["王浩然"], "manual")
        actions = {h["action"] for h in ops.history(project, zhou)}
        assert "set" in actions


@pytest.mark.parametrize("args, message", [
    (["--photo", "{photo}", "colour=red"], "unknown field 'colour'"),
    (["--photo", "{photo}", "rating=9"], "Rating"),
    (["--photo", "{photo}", "date_created=yesterday"], "not a date"),
    (["--photo", "99", "city=重庆"], "no photo '99'"),
    (["--photo", "{photo}", "city"], "is not FIELD=VALUE"),
    (["city=重庆"], "--photo"),
])
def test_set_refuses_bad_input_with_one_line_and_exit_2(desk, args, message):
    path, _, zhou, _ = desk
    result = run("set", path, *(a.format(photo=zhou) for a in args))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    with Project.open(path, readonly=True) as project:
        assert ops.history(project, zhou, limit=1)[0]["action"] == "import"
