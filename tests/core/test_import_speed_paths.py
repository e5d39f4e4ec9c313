"""The importer's fast paths: search rows rebuilt once per batch, one history row per new
photo, per-value history only when a re-import changes a value."""

import os

import pytest

from caption_studio.core.media.importer import import_paths
from caption_studio.core.project import operations as ops
from caption_studio.core.project import search
from caption_studio.core.project.file import Project
from tests.media_builders import make_jpeg


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "desk.capstudio") as p:
        yield p


def _id(project, name):
    return project.conn.execute("SELECT id FROM photos WHERE file_name = ?", (name,)).fetchone()[0]


def _text(project, pid):
    return project.conn.execute("SELECT text FROM search_text WHERE photo_id = ?",
                                (pid,)).fetchone()[0]


def test_search_finds_imported_values_at_once_and_matches_what_the_triggers_make(
        project, tmp_path):
    photos = tmp_path / "photos"
    for n, (who, city) in enumerate([("李雨恒", "重庆"), ("Wang Hao", "Chengdu"), ("夏元", "Wuhan")]):
        make_jpeg(photos / f"IMG_{n}.jpg",
                  iptc={"Iptc.Application2.Byline": who, "Iptc.Application2.City": city,
                        "Iptc.Application2.Caption": f"Caption number {n}"})
    summary = import_paths(project, [photos], batch_size=2)
    assert summary.imported == 3
    assert search.photo_ids(project, "wang chengdu") == [_id(project, "IMG_1.jpg")]
    assert search.photo_ids(project, "夏元") == [_id(project, "IMG_2.jpg")]
    assert search.photo_ids(project, "caption number") == [
        _id(project, f"IMG_{n}.jpg") for n in range(3)]
    assert project.conn.execute(
        "SELECT count(*) FROM meta WHERE key = 'search_deferred'").fetchone()[0] == 0
    # The deferred rows equal what the per-value triggers build for an ordinary edit.
    pid = _id(project, "IMG_0.jpg")
    imported = _text(project, pid)
    ops.set_fields(project, [pid], {"city": "重庆"})  # same value: the trigger recomputes
    project.conn.execute("UPDATE field_values SET updated_at = updated_at WHERE photo_id = ?",
                         (pid,))
    assert _text(project, pid) == imported
    ops.set_fields(project, [pid], {"headline": "Night market"})
    assert search.photo_ids(project, "night market") == [pid]


def test_one_history_row_per_new_photo_and_rows_for_values_a_reimport_changes(
        project, tmp_path):
    photo = make_jpeg(tmp_path / "p" / "a.jpg",
                      iptc={"Iptc.Application2.Byline": "周雨桐", "Iptc.Application2.City": "重庆"})
    import_paths(project, [photo.parent])
    pid = _id(project, "a.jpg")
    rows = ops.history(project, pid)
    assert [(h["action"], h["field"], h["user"]) for h in rows] == [
        ("import", None, project.user)]
    make_jpeg(photo, iptc={"Iptc.Application2.Byline": "周雨桐", "Iptc.Application2.City": "成都"})
    os.utime(photo, (1, 1))  # a new mtime, whatever the clock's resolution
    summary = import_paths(project, [photo.parent])
    assert summary.updated == 1
    changed = [h for h in ops.history(project, pid) if h["field"] is not None]
    assert [(h["field"], h["old_value"], h["new_value"]) for h in changed] == [
        ("city", "重庆", "成都")]
    assert search.photo_ids(project, "成都") == [pid]
    assert search.photo_ids(project, "重庆") == []


def test_worker_processes_import_the_same_as_threads(tmp_path):
    photos = tmp_path / "photos"
    for n in range(70):  # above the size where worker processes are used
        make_jpeg(photos / f"{n % 3}" / f"IMG_{n:03}.jpg", size=(16, 12),
                  iptc={"Iptc.Application2.Byline": f"摄影 {n}",
                        "Iptc.Application2.Caption": f"第{n}号"})
    (photos / "0" / "broken.jpg").write_text("not a photo")
    results = []
    for processes in (True, False):
        with Project.create(tmp_path / f"p{processes}.capstudio") as project:
            summary = import_paths(project, [photos], processes=processes, batch_size=25)
            values = {row[0]: ops.get_fields(project, row[1]) for row in project.conn.execute(
                "SELECT path, id FROM photos")}
            results.append((summary.imported, summary.skipped, values,
                            search.photo_ids(project, "摄影 42")))
    assert results[0] == results[1]
    assert results[0][0] == 70 and len(results[0][1]) == 1
    assert len(results[0][3]) == 1


def test_a_file_that_kills_its_worker_process_is_skipped_and_the_rest_imported(
        tmp_path, monkeypatch):
    from caption_studio.core.media import probe as probing

    photos = tmp_path / "photos"
    for n in range(80):
        make_jpeg(photos / f"IMG_{n:03}.jpg", size=(16, 12),
                  iptc={"Iptc.Application2.Caption": f"第{n}号"})
    make_jpeg(photos / "IMG_040_crash.jpg", size=(16, 12),
              iptc={"Iptc.Application2.Caption": "坏"})
    real = probing._probe_file

    def probe(candidate, legacy):
        if candidate.path.endswith(b"_crash.jpg"):
            os._exit(1)  # what a segfault in libexiv2 looks like to the parent
        return real(candidate, legacy)

    monkeypatch.setattr(probing, "_probe_file", probe)  # forked workers inherit it
    with Project.create(tmp_path / "p.capstudio") as project:
        summary = import_paths(project, [photos], processes=True, batch_size=20)
        assert summary.imported == 80
        assert [(os.fsdecode(path).rsplit("/", 1)[-1], reason)
                for path, reason in summary.skipped] == [
            ("IMG_040_crash.jpg", "crashed the metadata reader (a damaged or hostile file)")]
        assert project.conn.execute("SELECT count(*) FROM photos").fetchone()[0] == 80


def _search_rows(project):
    return dict(project.conn.execute("SELECT photo_id, text FROM search_text"))


def test_new_photos_get_one_search_row_that_the_index_then_takes_in(project, tmp_path):
    photos = tmp_path / "photos"
    for n in range(5):
        make_jpeg(photos / f"IMG_{n}.jpg", iptc={"Iptc.Application2.Byline": f"Zhou {n}"})
    import_paths(project, [photos], batch_size=2)
    ids = [pid for (pid,) in project.conn.execute("SELECT id FROM photos ORDER BY id")]
    rows = _search_rows(project)
    assert sorted(rows) == ids
    assert [rows[pid] for pid in ids] == [f"img_{n}.jpg\nzhou {n}" for n in range(5)], rows
    # each new photo is waiting for the FTS index as "not indexed yet" (no old text to remove)
    assert dict(project.conn.execute("SELECT photo_id, old_text FROM search_dirty")) == {
        pid: None for pid in ids}
    assert search.sync_index(project) == 5
    assert search.pending(project) == 0
    assert search.photo_ids(project, "zhou 3") == [ids[3]]


def test_a_project_made_before_migration_8_imports_the_same_after_it(tmp_path, monkeypatch):
    from caption_studio.core.project import migrations

    path = tmp_path / "old.capstudio"
    with monkeypatch.context() as m:
        for version in [v for v in migrations.MIGRATIONS if v > 7]:
            m.delitem(migrations.MIGRATIONS, version)
        with Project.create(path) as old:
            assert old.format_version == 7
            make_jpeg(tmp_path / "a" / "IMG_A.jpg", iptc={"Iptc.Application2.City": "Wuhan"})
            import_paths(old, [tmp_path / "a"])
            before = _search_rows(old)
    with Project.open(path) as project:
        assert project.format_version >= 8
        assert _search_rows(project) == before
        make_jpeg(tmp_path / "b" / "IMG_B.jpg", color=(0, 200, 0),
                  iptc={"Iptc.Application2.City": "Wuhan"})
        import_paths(project, [tmp_path / "b"])
        both = search.photo_ids(project, "wuhan")
        assert len(both) == 2
        # an insert that is not deferred (any other writer) still gets its row from the trigger
        with project.transaction() as conn:
            conn.execute("INSERT INTO photos (path, file_name, imported_at) "
                         "VALUES ('c.jpg', 'Elsewhere.JPG', '2026-11-26')")
        assert len(search.photo_ids(project, "elsewhere")) == 1
