"""A small published page for the export tests: two articles, real JPEGs, pairings, field
values set through operations (as pairing would), and one roster entry."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw

from caption_studio.core.fields import Provenance
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project, now_iso

# (article, position, description, [(name, role)], credit, file name)
CAPTIONS = [
    (1, 1, "4月23日晚，重庆渝中区解放碑步行街，市民和游客在灯光下漫步。", [("李雨恒", "记者")],
     "视觉重庆", "CQ0423_001.jpg"),
    (1, 2, "长江索道迎来客流高峰。", [("张锦辉", None), ("尹诗语", None)], "视觉重庆",
     "CQ0423_002.jpg"),
    (1, 3, "朝天门广场夜景。", [("欧阳小雨", "本报记者")], None, "CQ0423_003.jpg"),
    (2, 1, "Commuters walk past a billboard in Beijing.", [("Andy Wong", None)], "AP",
     "BJ0501_001.jpg"),
    (2, 2, "新华社记者在现场。", [("王鹏", "新华社记者")], "新华社", "BJ0501_002.jpg"),
]
# The credit as printed, which pairing puts in credit_line (the organisation goes to source).
PRINTED = ["记者 李雨恒 摄/视觉重庆", "张锦辉 尹诗语 摄/视觉重庆", "本报记者 欧阳小雨 摄",
           "(AP Photo/Andy Wong)", "新华社记者 王鹏 摄"]
ARTICLES = {1: ("山城夜色：重庆夜间经济持续升温", "2024-04-23", "3", "A叠"),
            2: ("Beijing commuters", "2024-05-01", None, None)}


def make_jpeg(path: Path, size: tuple[int, int], color: tuple[int, int, int]) -> None:
    img = Image.new("RGB", size, color)
    ImageDraw.Draw(img).rectangle((10, 10, size[0] // 2, size[1] // 2), fill=(250, 250, 250))
    img.save(path, quality=80)


def build_page(folder: Path, *, unpaired: bool = True) -> Path:
    """Make the project; returns its path (closed)."""
    photos = folder / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    path = folder / "page.capstudio"
    with Project.create(path) as project:
        with project.transaction() as conn:
            for aid, (headline, date, page, edition) in ARTICLES.items():
                conn.execute(
                    "INSERT INTO articles (id, headline, date, page, edition, text, imported_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", (aid, headline, date, page, edition,
                                                      headline, now_iso()))
            for n, (aid, pos, desc, people, credit, name) in enumerate(CAPTIONS, 1):
                conn.execute(
                    "INSERT INTO captions (id, article_id, position, text, description,"
                    " photographers, credit) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (n, aid, pos, desc, desc, json.dumps(
                        [{"name": p, "role": r} for p, r in people], ensure_ascii=False),
                     credit))
                size = (640, 480) if n % 2 else (360, 540)
                make_jpeg(photos / name, size, (40 * n, 90, 160))
                conn.execute("INSERT INTO photos (id, path, file_name, imported_at)"
                             " VALUES (?, ?, ?, ?)", (n, f"photos/{name}", name, now_iso()))
                conn.execute("INSERT INTO pairings (photo_id, caption_id, state, created_at)"
                             " VALUES (?, ?, 'sure', ?)", (n, n, now_iso()))
            if unpaired:
                make_jpeg(photos / "spare.jpg", (200, 200), (0, 0, 0))
                conn.execute("INSERT INTO photos (id, path, file_name, imported_at)"
                             " VALUES (99, 'photos/spare.jpg', 'spare.jpg', ?)", (now_iso(),))
            # The roster knows one photographer: Latin name and status come from here.
            conn.execute("INSERT INTO people (name, kind, latin_name, status) VALUES "
                         "('张锦辉', 'person', 'Cheung Kam-fai', 'freelance')")
        # What pairing does: caption fields on the photo, with `caption` provenance.
        for n, (_, _, desc, people, credit, _) in enumerate(CAPTIONS, 1):
            ops.set_fields(project, [n], {
                "description": desc, "creator": [p for p, _ in people],
                "creator_jobtitle": people[0][1], "credit_line": PRINTED[n - 1],
                "source": credit, "date_created": "2024-04-23"}, provenance=Provenance.CAPTION)
        ops.set_fields(project, [99], {"creator": ["无名"], "credit_line": "视觉中国"},
                       provenance=Provenance.EMBEDDED)
        ops.set_fields(project, [1, 2], {"status": "approved"})
        ops.set_fields(project, [3], {"creator": ["欧阳小雨", "曾一"]})  # a manual fix
    return path
