import os
import shutil
from pathlib import Path

import pytest

from caption_studio.core.article.store import import_article
from caption_studio.core.media.fingerprint import fingerprint_file
from caption_studio.core.media.importer import import_paths
from caption_studio.core.media.paths import photo_file
from caption_studio.core.media.relink import relink
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken
from tests.media_builders import make_jpeg, make_png, make_sidecar, make_tiff


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "desk.capstudio") as p:
        yield p


def _fields(project, pid):
    return ops.get_fields(project, pid)


def _id(project, name):
    return project.conn.execute("SELECT id FROM photos WHERE file_name = ?", (name,)).fetchone()[0]


def test_embedded_metadata_lands_in_the_registry_with_provenance(project, tmp_path):
    photos = tmp_path / "photos"
    make_jpeg(photos / "utf8.jpg", iptc={"Iptc.Application2.Caption": "渝北区，技术人员收看新闻。",
                                         "Iptc.Application2.Byline": ["李雨恒"]},
              exif={"Exif.Photo.DateTimeOriginal": "2024:04:23 10:15:00",
                    "Exif.Image.Make": "Canon", "Exif.Image.Model": "EOS R5"})
    make_jpeg(photos / "no_charset.jpg", iptc={"Iptc.Application2.Caption": "长安汽车总装车间"},
              iptc_charset=None)
    make_jpeg(photos / "gb.jpg", iptc={"Iptc.Application2.Byline": ["张锦辉"]},
              iptc_charset="gb18030")
    make_png(photos / "x.png", xmp={"Xmp.dc.creator": ["尹诗语"]})
    make_tiff(photos / "t.tif", exif={"Exif.Image.Artist": "Wang Wei"})

    summary = import_paths(project, [photos])

    assert (summary.imported, summary.skipped) == (5, [])
    assert _fields(project, _id(project, "utf8.jpg"))["description"] == (
        "渝北区，技术人员收看新闻。", "embedded")
    assert _fields(project, _id(project, "utf8.jpg"))["creator"] == (["李雨恒"], "embedded")
    assert _fields(project, _id(project, "utf8.jpg"))["date_created"][0].startswith("2024-04-23")
    assert _fields(project, _id(project, "no_charset.jpg"))["description"][0] == "长安汽车总装车间"
    assert _fields(project, _id(project, "gb.jpg"))["creator"][0] == ["张锦辉"]
    assert _fields(project, _id(project, "x.png"))["creator"][0] == ["尹诗语"]
    assert _fields(project, _id(project, "t.tif"))["creator"][0] == ["Wang Wei"]
    row = project.conn.execute("SELECT width, height, format, capture_time, camera, fingerprint "
                               "FROM photos WHERE file_name = 'utf8.jpg'").fetchone()
    assert row[:3] == (64, 48, "jpeg")
    assert row[3].startswith("2024-04-23T10:15")
    assert "EOS R5" in row[4]
    assert row[5] == fingerprint_file(photos / "utf8.jpg")
    history = ops.history(project, _id(project, "utf8.jpg"))
    assert {h["action"] for h in history} == {"import"}
    # one row per imported photo (who imported it, when); the values are in the file
    assert [h["field"] for h in history] == [None]


def test_sidecars_are_read(project, tmp_path):
    make_jpeg(tmp_path / "p" / "DSC_0001.JPG")
    make_sidecar(tmp_path / "p" / "DSC_0001.xmp", {"Xmp.dc.creator": ["周雨桐"]})
    make_jpeg(tmp_path / "p" / "DSC_0002.JPG", color=(10, 10, 200))
    (tmp_path / "p" / "DSC_0002.txt").write_bytes("4月23日，江北嘴，市民观看灯光秀。".encode("gb18030"))
    make_jpeg(tmp_path / "p" / "DSC_0003.JPG", color=(10, 200, 10),
              iptc={"Iptc.Application2.Caption": "文件里的说明"})
    (tmp_path / "p" / "DSC_0003.txt").write_text("侧车说明", encoding="utf-8")

    import_paths(project, [tmp_path / "p"])

    assert _fields(project, _id(project, "DSC_0001.JPG"))["creator"] == (["周雨桐"], "embedded")
    second = _id(project, "DSC_0002.JPG")
    assert _fields(project, second)["description"] == ("4月23日，江北嘴，市民观看灯光秀。", "embedded")
    third = _id(project, "DSC_0003.JPG")
    assert _fields(project, third)["description"][0] == "文件里的说明"  # the file wins
    sidecar = project.conn.execute("SELECT sidecar_caption FROM photos WHERE id = ?",
                                   (third,)).fetchone()[0]
    assert sidecar == "侧车说明"  # kept for pairing all the same


def test_an_xmp_without_its_photo_is_named_in_the_report(project, tmp_path):
    make_jpeg(tmp_path / "p" / "DSC_0001.JPG")
    make_sidecar(tmp_path / "p" / "DSC_0001.xmp", {"Xmp.dc.creator": ["周雨桐"]})
    make_sidecar(tmp_path / "p" / "lightroom-export.xmp", {"Xmp.dc.creator": ["周雨桐"]})

    summary = import_paths(project, [tmp_path / "p"])

    assert summary.imported == 1
    assert [(os.path.basename(p), r) for p, r in summary.skipped] == [
        ("lightroom-export.xmp",
         "an XMP sidecar without its photo beside it (same name); not read")]


def test_rerun_reads_only_new_or_changed_files_and_keeps_manual_values(project, tmp_path):
    photos = tmp_path / "photos"
    a = make_jpeg(photos / "a.jpg", iptc={"Iptc.Application2.Caption": "旧说明",
                                          "Iptc.Application2.City": "重庆"})
    make_jpeg(photos / "b.jpg", color=(1, 2, 3))
    import_paths(project, [photos])
    pid = _id(project, "a.jpg")
    ops.set_fields(project, [pid], {"city": "成都"})  # a person corrected it
    ops.set_fields(project, [pid], {"headline": "从说明来的标题"}, provenance="caption")

    again = import_paths(project, [photos])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)

    make_jpeg(photos / "c.jpg", color=(9, 9, 9))
    make_jpeg(a, iptc={"Iptc.Application2.Caption": "新说明", "Iptc.Application2.City": "万州",
                       "Iptc.Application2.Headline": "文件标题"})
    os.utime(a, (1_700_000_000, 1_700_000_000))
    third = import_paths(project, [photos])

    assert (third.imported, third.updated, third.unchanged) == (1, 1, 1)
    values = _fields(project, pid)
    assert values["description"] == ("新说明", "embedded")
    assert values["city"] == ("成都", "manual")
    assert values["headline"] == ("从说明来的标题", "caption")
    assert project.conn.execute("SELECT count(*) FROM photos").fetchone()[0] == 3


def test_embedded_value_gone_from_the_file_is_cleared(project, tmp_path):
    a = make_jpeg(tmp_path / "a.jpg", iptc={"Iptc.Application2.City": "重庆"})
    import_paths(project, [a])
    make_jpeg(a)
    os.utime(a, (1_700_000_000, 1_700_000_000))
    import_paths(project, [a])
    assert "city" not in _fields(project, _id(project, "a.jpg"))


def test_a_copy_is_reported_as_duplicate_not_imported_twice(project, tmp_path):
    a = make_jpeg(tmp_path / "in" / "a.jpg", iptc={"Iptc.Application2.Caption": "说明"})
    (tmp_path / "elsewhere").mkdir()
    shutil.copy2(a, tmp_path / "elsewhere" / "copy_of_a.jpg")

    summary = import_paths(project, [tmp_path / "in", tmp_path / "elsewhere"])

    assert summary.imported == 1
    assert summary.duplicates == 1
    assert any("duplicate of photo" in text and path.endswith("copy_of_a.jpg")
               for path, text in summary.warnings)


def test_moved_folder_is_relinked_by_import_and_by_relink(project, tmp_path):
    old = tmp_path / "card"
    make_jpeg(old / "a.jpg", iptc={"Iptc.Application2.Caption": "甲"})
    make_jpeg(old / "b.jpg", color=(0, 200, 0), iptc={"Iptc.Application2.Caption": "乙"})
    import_paths(project, [old])
    a_id, b_id = _id(project, "a.jpg"), _id(project, "b.jpg")
    ops.set_fields(project, [a_id], {"city": "重庆"})
    new = tmp_path / "archive" / "2024"
    new.parent.mkdir()
    old.rename(new)

    result = relink(project, tmp_path / "archive")
    assert sorted(pid for pid, _, _ in result.relinked) == [a_id, b_id]
    assert photo_file(project, a_id) == (new / "a.jpg").resolve()
    assert _fields(project, a_id)["city"] == ("重庆", "manual")

    new.rename(tmp_path / "moved_again")
    summary = import_paths(project, [tmp_path / "moved_again"])
    assert (summary.relinked, summary.imported) == (2, 0)
    assert photo_file(project, b_id) == (tmp_path / "moved_again" / "b.jpg").resolve()


def test_batches_are_committed_and_a_cancelled_import_resumes(project, tmp_path):
    for i in range(7):
        make_jpeg(tmp_path / "p" / f"{i:02}.jpg", color=(i * 30, 100, 50))
    cancel = CancelToken()

    def stop_after_first_batch(done, total, label):
        if done >= 3:
            cancel.cancel()

    first = import_paths(project, [tmp_path / "p"], batch_size=3, cancel=cancel,
                         progress=stop_after_first_batch)
    assert first.interrupted
    assert first.imported == 3
    assert project.conn.execute("SELECT count(*) FROM photos").fetchone()[0] == 3

    rest = import_paths(project, [tmp_path / "p"], batch_size=3)
    assert (rest.imported, rest.unchanged, rest.interrupted) == (4, 3, False)


def test_ctrl_c_between_batches_keeps_what_was_committed(project, tmp_path):
    for i in range(6):
        make_jpeg(tmp_path / "p" / f"{i:02}.jpg", color=(i * 40, 10, 90))

    def interrupt_after_first_batch(done, total, label):
        if done >= 2 and label == "importing":
            raise KeyboardInterrupt

    summary = import_paths(project, [tmp_path / "p"], batch_size=2,
                           progress=interrupt_after_first_batch)
    assert summary.interrupted
    count = project.conn.execute("SELECT count(*) FROM photos").fetchone()[0]
    assert count == summary.imported == 2
    assert not project.conn.in_transaction
    assert import_paths(project, [tmp_path / "p"]).imported == 4


def test_ctrl_c_inside_a_batch_rolls_back_only_that_batch(project, tmp_path, monkeypatch):
    from caption_studio.core.project import operations

    for i in range(6):
        make_jpeg(tmp_path / "p" / f"{i:02}.jpg", color=(i * 40, 90, 10),
                  iptc={"Iptc.Application2.Caption": f"说明{i}"})
    real = operations.write_embedded
    calls = []

    def ctrl_c_while_writing_the_second_batch(*args, **kwargs):
        calls.append(1)
        real(*args, **kwargs)
        if len(calls) == 2:  # the photo rows and values of batch 2 are written, not committed
            raise KeyboardInterrupt

    monkeypatch.setattr(operations, "write_embedded", ctrl_c_while_writing_the_second_batch)
    summary = import_paths(project, [tmp_path / "p"], batch_size=2)
    monkeypatch.undo()

    assert summary.interrupted and summary.imported == 2
    assert project.conn.execute("SELECT count(*) FROM photos").fetchone()[0] == 2
    assert project.conn.execute("SELECT count(DISTINCT photo_id) FROM field_values"
                                ).fetchone()[0] == 2
    rest = import_paths(project, [tmp_path / "p"])
    assert (rest.imported, rest.unchanged) == (4, 2)


def test_no_recursive_and_single_files(project, tmp_path):
    make_jpeg(tmp_path / "top" / "a.jpg")
    make_jpeg(tmp_path / "top" / "sub" / "b.jpg", color=(5, 5, 5))
    assert import_paths(project, [tmp_path / "top"], recursive=False).imported == 1
    single = import_paths(project, [tmp_path / "top" / "sub" / "b.jpg", tmp_path / "nothing"])
    assert single.imported == 1
    assert single.skipped == [(str(tmp_path / "nothing"), "no such file or folder")]


def test_project_cache_is_not_imported(project, tmp_path):
    make_jpeg(tmp_path / "a.jpg")
    project.cache_dir.mkdir()
    make_jpeg(project.cache_dir / "thumb.jpg", color=(1, 1, 1))
    assert import_paths(project, [tmp_path]).imported == 1


ARTICLE = """## 江北嘴灯光秀迎来客流高峰

4月23日，江北嘴中央公园，市民观看灯光秀。
记者 周雨桐 摄/视觉重庆

4月23日，朝天门广场，游客拍照留念。
记者 王浩然 摄/视觉重庆

4月23日晚，重庆两江四岸灯光秀如期上演，吸引大量市民游客。

（新重庆-重庆日报记者 周雨桐）
"""


def test_article_import_stores_text_and_captions_and_reimport_keeps_pairs(project, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article_id = import_article(project, path, year=2024)
    rows = project.conn.execute("SELECT id, position, text, span_start, span_end FROM captions "
                                "WHERE article_id = ? ORDER BY position", (article_id,)).fetchall()
    text = project.conn.execute("SELECT text FROM articles WHERE id = ?",
                                (article_id,)).fetchone()[0]
    assert [r[1] for r in rows] == [1, 2]
    assert all("记者" in text[r[3]:r[4]] for r in rows)

    make_jpeg(tmp_path / "p" / "a.jpg")
    import_paths(project, [tmp_path / "p"])
    with project.transaction() as conn:
        conn.execute("INSERT INTO pairings (photo_id, caption_id, state, created_at) "
                     "VALUES (?, ?, 'confirmed', 'now')", (_id(project, "a.jpg"), rows[1][0]))
    path.write_text(ARTICLE.replace("游客拍照留念", "游客合影").replace(
        "市民观看灯光秀。", "市民观看灯光秀表演。"), encoding="utf-8")

    assert import_article(project, path, year=2024) == article_id
    after = project.conn.execute("SELECT id, text, span_start FROM captions WHERE article_id = ? "
                                 "ORDER BY position, id", (article_id,)).fetchall()
    ids = [r[0] for r in after]
    assert rows[1][0] in ids  # the paired caption survived (its text vanished: span cleared)
    assert rows[0][0] not in ids  # the unpaired old caption was replaced
    assert sum(1 for r in after if r[2] is not None) == 2
    assert project.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_hidden_files_and_apple_double_are_passed_over(project, tmp_path):
    make_jpeg(tmp_path / "card" / "DSC_0001.JPG")
    (tmp_path / "card" / "._DSC_0001.JPG").write_bytes(b"\x00\x05\x16\x07AppleDouble")
    make_jpeg(tmp_path / "card" / ".trash" / "old.jpg", color=(3, 3, 3))
    (tmp_path / "card" / "notes.docx").write_bytes(b"PK\x03\x04")
    summary = import_paths(project, [tmp_path / "card"])
    assert (summary.imported, summary.skipped) == (1, [])


def test_pictures_of_an_unsupported_type_are_named_in_the_report(project, tmp_path):
    from PIL import Image

    make_jpeg(tmp_path / "card" / "DSC_0001.JPG")
    Image.new("RGB", (8, 8)).save(tmp_path / "card" / "scan.bmp")
    Image.new("P", (8, 8)).save(tmp_path / "card" / "logo.GIF")
    (tmp_path / "card" / "readme.txt").write_text("not a picture")
    summary = import_paths(project, [tmp_path / "card"])
    assert summary.imported == 1
    assert sorted((Path(path).name, reason) for path, reason in summary.skipped) == [
        ("logo.GIF", "not a supported photo type (.gif)"),
        ("scan.bmp", "not a supported photo type (.bmp)")]


def test_keyword_trees_in_the_files_join_the_vocabulary(project, tmp_path):
    import exiv2

    photo = make_jpeg(tmp_path / "a.jpg", xmp={"Xmp.dc.subject": ["渝北区"]})
    image = exiv2.ImageFactory.open(str(photo))
    image.readMetadata()
    image.xmpData()["Xmp.lr.hierarchicalSubject"] = exiv2.XmpArrayValue(
        ["地点|中国|重庆|渝北区"], exiv2.TypeId.xmpBag)
    image.writeMetadata()
    import_paths(project, [photo])
    paths = {r[0] for r in project.conn.execute("SELECT path FROM keywords")}
    assert "地点|中国|重庆|渝北区" in paths


def test_an_unexpected_error_on_one_file_skips_only_that_file(project, tmp_path, monkeypatch):
    from caption_studio.core.media import probe

    make_jpeg(tmp_path / "p" / "a.jpg")
    make_jpeg(tmp_path / "p" / "b.jpg", (200, 150), color=(1, 200, 1))  # another size
    real = probe.probe_fd

    def fails_on_b(fd, size, **kwargs):
        if size == os.path.getsize(tmp_path / "p" / "b.jpg"):
            raise RuntimeError("a bug nobody has met yet")
        return real(fd, size, **kwargs)

    monkeypatch.setattr(probe, "probe_fd", fails_on_b)
    summary = import_paths(project, [tmp_path / "p"])
    assert summary.imported == 1
    assert summary.skipped == [(str(tmp_path / "p" / "b.jpg"),
                                "could not be read (RuntimeError: a bug nobody has met yet)")]


def _as_made_before_v2(project):
    """Turn the project's fingerprints into v1 (SHA-256), as a project made before v2 holds."""
    rows = [(fingerprint_file(photo_file(project, pid), legacy=True), pid)
            for (pid,) in project.conn.execute("SELECT id FROM photos")]
    with project.transaction() as conn:
        conn.executemany("UPDATE photos SET fingerprint = ? WHERE id = ?", rows)
    assert all(len(fp) == 32 for fp, _ in rows)


def test_new_fingerprints_are_v2(project, tmp_path):
    make_jpeg(tmp_path / "in" / "a.jpg")
    import_paths(project, [tmp_path / "in"])
    (fp,) = project.conn.execute("SELECT fingerprint FROM photos").fetchone()
    assert fp == fingerprint_file(tmp_path / "in" / "a.jpg") and len(fp) == 40
    assert fp != fingerprint_file(tmp_path / "in" / "a.jpg", legacy=True)


@pytest.mark.parametrize("processes", [False, True])
def test_an_older_project_with_v1_fingerprints_still_finds_copies_and_moves(
        project, tmp_path, processes):
    card = tmp_path / "card"
    for n in range(3):
        make_jpeg(card / f"{n}.jpg", color=(n * 60, 90, 200),
                  iptc={"Iptc.Application2.Caption": f"第{n}张"})
    import_paths(project, [card])
    _as_made_before_v2(project)
    first = _id(project, "0.jpg")

    (tmp_path / "copies").mkdir()
    shutil.copy2(card / "0.jpg", tmp_path / "copies" / "again.jpg")
    summary = import_paths(project, [tmp_path / "copies"], processes=processes)
    assert (summary.imported, summary.duplicates) == (0, 1)
    assert any(f"duplicate of photo #{first}" in text for _, text in summary.warnings)

    card.rename(tmp_path / "moved")  # found again by import: relinked, and now v2
    summary = import_paths(project, [tmp_path / "moved"], processes=processes)
    assert (summary.relinked, summary.imported) == (3, 0)
    assert photo_file(project, first) == (tmp_path / "moved" / "0.jpg").resolve()
    assert {len(fp) for (fp,) in project.conn.execute("SELECT fingerprint FROM photos")} == {40}


def test_relink_finds_photos_that_have_v1_fingerprints(project, tmp_path):
    card = tmp_path / "card"
    make_jpeg(card / "a.jpg", iptc={"Iptc.Application2.Caption": "甲"})
    make_jpeg(card / "b.jpg", color=(0, 200, 0))
    import_paths(project, [card])
    _as_made_before_v2(project)
    before = dict(project.conn.execute("SELECT id, fingerprint FROM photos"))
    card.rename(tmp_path / "archive")

    result = relink(project, tmp_path / "archive")
    assert sorted(pid for pid, _, _ in result.relinked) == sorted(before)
    # the content is the same: its fingerprint (and the thumbnails cached under it) stay
    assert dict(project.conn.execute("SELECT id, fingerprint FROM photos")) == before
