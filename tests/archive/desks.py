"""Desk projects for the archive tests and benchmark.

`page_desk` makes a small real one: JPEGs written by Pillow, imported by the real importer
(so fingerprints are real), an article with captions, pairings, and values set through
core operations as pairing and a person would. `bulk_desk` makes a big one with fast SQL
(as benchmarks/bench_gui.py does): synthetic fingerprints, the search triggers running.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from caption_studio.core.fields import Provenance
from caption_studio.core.media.importer import import_paths
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project, now_iso

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘夏"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂元亦雨恒"
PLACES = ["渝北区", "江北区", "南岸区", "沙坪坝区", "九龙坡区", "解放碑", "朝天门", "两江新区",
          "洪崖洞", "长江索道", "观音桥", "大渡口区"]
WORDS = ["市民", "游客", "夜景", "灯火", "施工", "通车", "比赛", "志愿者", "学生", "医院", "新年",
         "春节", "庆祝", "活动", "现场", "航拍", "桥梁", "轨道交通", "展览", "开幕"]


# A newsroom's few hundred photographers (two- and three-character names), not one a photo.
_names = random.Random(1)
PHOTOGRAPHERS = sorted({_names.choice(SURNAMES) + _names.choice(GIVEN)
                        + _names.choice(["", _names.choice(GIVEN)]) for _ in range(300)})


def make_jpegs(folder: Path, names: Sequence[str], seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n, name in enumerate(names):
        img = Image.new("RGB", (96 + n % 7, 64), ((seed * 40 + n * 23) % 256, 90, 160))
        ImageDraw.Draw(img).rectangle((4, 4, 20 + n % 40, 30), fill=(250, 250, 250))
        img.save(folder / name, quality=80)
        out.append(folder / name)
    return out


def page_desk(path: Path, photos: Sequence[Path], captions: Sequence[dict], *,
              headline: str, date: str, page: str = "3") -> Path:
    """A project holding `photos`, one article whose captions (dicts: description, people
    [(name, role)], credit, printed) pair with the photos in order."""
    with Project.create(path) as project:
        import_paths(project, [str(p) for p in photos])
        ids = [r[0] for r in project.conn.execute(
            "SELECT id FROM photos ORDER BY file_name")]
        with project.transaction() as conn:
            conn.execute("INSERT INTO articles (id, headline, date, page, text, imported_at) "
                         "VALUES (1, ?, ?, ?, ?, ?)", (headline, date, page, headline, now_iso()))
            for n, (pid, cap) in enumerate(zip(ids, captions, strict=False), 1):
                people = json.dumps([{"name": a, "role": b} for a, b in cap["people"]],
                                    ensure_ascii=False)
                conn.execute("INSERT INTO captions (id, article_id, position, text, description,"
                             " photographers, credit) VALUES (?, 1, ?, ?, ?, ?, ?)",
                             (n, n, cap["description"], cap["description"], people,
                              cap.get("credit")))
                conn.execute("INSERT INTO pairings (photo_id, caption_id, state, created_at) "
                             "VALUES (?, ?, 'sure', ?)", (pid, n, now_iso()))
        for pid, cap in zip(ids, captions, strict=False):
            ops.set_fields(project, [pid], {
                "description": cap["description"], "creator": [a for a, _ in cap["people"]],
                "creator_jobtitle": cap["people"][0][1], "credit_line": cap.get("printed"),
                "source": cap.get("credit"), "date_created": date,
                "keywords": cap.get("keywords")}, provenance=Provenance.CAPTION)
    return path


def bulk_desk(path: Path, count: int, *, seed: int = 7, first: int = 1) -> Path:
    """`count` photos with eight field values each (fingerprints `first`..), one article a
    hundred photos, every photo paired; built in one transaction."""
    rng = random.Random(seed)
    stamp = now_iso()
    photos, values, articles, captions, pairings = [], [], [], [], []
    for i in range(1, count + 1):
        n = first + i - 1
        name = f"CQ{2024 + n % 3}_{n:07d}.jpg"
        day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
        photos.append((i, f"photos/{n // 1000:04d}/{name}", name, 2_000_000, 0.0, 6000, 4000,
                       "JPEG", 1, f"{day}T10:{n % 60:02d}:00", f"{n:040x}", stamp))
        who = rng.choice(PHOTOGRAPHERS)
        place = rng.choice(PLACES)
        text = "，".join(rng.choice(WORDS) for _ in range(8))
        description = f"{day[:4]}年{int(day[5:7])}月{int(day[8:])}日，{place}{text}。记者 {who} 摄"
        for key, value in (
                ("headline", f"{place}{rng.choice(WORDS)}{rng.choice(WORDS)}"),
                ("description", description),
                ("creator", json.dumps([who], ensure_ascii=False)),
                ("city", "重庆"), ("sublocation", place), ("date_created", day),
                ("keywords", json.dumps([place, rng.choice(WORDS)], ensure_ascii=False)),
                ("status", rng.choice(["new", "needs_review", "approved"]))):
            values.append((i, key, value, "caption", stamp))
        article = (i - 1) // 100 + 1
        if (i - 1) % 100 == 0:
            articles.append((article, f"{place}新闻 {article}", day, str(article % 12 + 1),
                             description, stamp))
        captions.append((i, article, (i - 1) % 100 + 1, description, description,
                         json.dumps([{"name": who, "role": "记者"}], ensure_ascii=False),
                         "视觉重庆"))
        pairings.append((i, i, "sure", stamp))
    with Project.create(path) as project:
        project.conn.execute("PRAGMA cache_size = -200000")
        with project.transaction() as conn:
            conn.executemany(
                "INSERT INTO photos (id, path, file_name, size, mtime, width, height, format,"
                " orientation, capture_time, fingerprint, imported_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", photos)
            conn.executemany("INSERT INTO field_values VALUES (?,?,?,?,?)", values)
            conn.executemany("INSERT INTO articles (id, headline, date, page, text, imported_at)"
                             " VALUES (?,?,?,?,?,?)", articles)
            conn.executemany("INSERT INTO captions (id, article_id, position, text, description,"
                             " photographers, credit) VALUES (?,?,?,?,?,?,?)", captions)
            conn.executemany("INSERT INTO pairings (photo_id, caption_id, state, created_at)"
                             " VALUES (?,?,?,?)", pairings)
    return path
