"""From an article and a folder of photos, through the real importer and pairing, to the
credit list: the export sees what pairing wrote."""

from PIL import Image

from caption_studio.core.article.store import import_article
from caption_studio.core.export.credit_rows import credit_line_en, credit_line_zh, credit_rows
from caption_studio.core.media.importer import import_paths
from caption_studio.core.pairing.apply import apply_pair
from caption_studio.core.project.file import Project

ARTICLE = """山城夜色：重庆夜间经济持续升温

本报讯 2024年4月23日，重庆夜间消费持续升温。

4月23日晚，重庆渝中区解放碑步行街，市民和游客在灯光下漫步。记者 李雨恒 摄/视觉重庆

朝天门广场夜景。本报记者 欧阳小雨 摄

4月22日，北京，观众参观展览。新华社记者 王鹏 摄
"""


def test_imported_and_paired_photos_make_the_credit_list(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    for n in range(1, 4):
        Image.new("RGB", (300, 200), (60 * n, 80, 120)).save(tmp_path / "photos" / f"IMG_{n}.jpg")
    with Project.create(tmp_path / "desk.capstudio") as project:
        article = import_article(project, tmp_path / "article.txt")
        photo_ids = import_paths(project, [tmp_path / "photos"]).photo_ids
        captions = [r[0] for r in project.conn.execute(
            "SELECT id FROM captions WHERE article_id = ? ORDER BY position", (article,))]
        assert len(captions) == 3
        for photo, caption in zip(sorted(photo_ids), captions, strict=True):
            apply_pair(project, photo, caption)
        rows = credit_rows(project, article_id=article)
    assert [r.file_name for r in rows] == ["IMG_1.jpg", "IMG_2.jpg", "IMG_3.jpg"]
    assert [r.photographers for r in rows] == [["李雨恒"], ["欧阳小雨"], ["王鹏"]]
    assert [r.agency for r in rows] == ["视觉重庆", None, "新华社"]
    assert [r.employment for r in rows] == ["agency", "staff", "agency"]
    assert rows[0].credit_line.startswith("记者 李雨恒 摄")
    assert rows[0].headline == "山城夜色：重庆夜间经济持续升温"
    assert credit_line_zh(rows) == "摄影：李雨恒（视觉重庆）；欧阳小雨；王鹏（新华社）"
    assert credit_line_en(rows) == "Photos: Li Yuheng / Visual Chongqing; Ouyang Xiaoyu; Wang Peng / Xinhua"
