"""A small desk scenario for the article/pairing tests: an article in the real conventions
and real JPEGs whose metadata points at their captions."""

from __future__ import annotations

from pathlib import Path

from caption_studio.core.article.store import import_article
from caption_studio.core.media.importer import import_paths
from caption_studio.core.project.file import Project
from tests.media_builders import make_jpeg

ARTICLE = """重庆两江新区迎来春季招聘会

4月23日，重庆两江新区春季招聘会现场，求职者排队进场。记者 李雨恒 摄/视觉重庆

4月23日，渝北区空港工业园区，工人在生产线上忙碌。记者 张锦辉 摄

本报讯 今年以来，两江新区持续优化营商环境。这是正文，没有图片说明。

二〇二四年四月二十二日，江北区观音桥商圈夜景。新华社记者 王鹏 摄

当天下午，招聘会现场一名求职者在填写简历。

（本报记者 夏元）
"""

PHOTOS = {
    "liyuheng_0423_012.jpg": ("重庆两江新区春季招聘会现场，求职者排队进场。", "李雨恒",
                              "2024:04:23 10:12:00"),
    "zhangjinhui_0423_031.jpg": ("渝北区空港工业园区，工人在生产线上忙碌。", "张锦辉",
                                 "2024:04:23 14:02:00"),
    "wangpeng_0422_007.jpg": ("江北区观音桥商圈夜景。", "王鹏", "2024:04:22 20:40:00"),
    "DSC_0412.jpg": (None, None, None),
}


def build(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    for i, (name, (caption, artist, when)) in enumerate(PHOTOS.items()):
        exif = {"Exif.Image.Artist": artist, "Exif.Photo.DateTimeOriginal": when} if artist \
            else None
        iptc = {"Iptc.Application2.Caption": caption} if caption else None
        make_jpeg(folder / name, (48 + i * 8, 36), exif=exif, iptc=iptc)
    path = tmp_path / "desk.capstudio"
    with Project.create(path) as project:
        import_paths(project, [folder / n for n in PHOTOS], workers=1)
        import_article(project, folder / "article.txt", year=2024)
    return path


def controller_for(project):
    """A window's controller on a project the test opened (no writer thread: work runs
    inline), for a pane or dialog shown on its own."""
    from caption_studio.gui.controller import Controller

    controller = Controller()
    controller.attach(project)
    return controller
