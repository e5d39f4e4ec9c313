import natsort
import pytest

from caption_studio.core.project import search
from caption_studio.core.project.file import Project, now_iso
from caption_studio.core.project.operations import set_fields
from caption_studio.core.project.photo_ops import remove_photos, restore_photos, snapshot
from caption_studio.core.project.search import (
    Filters,
    natural_key,
    search_photo_ids,
    sorted_photo_ids,
)
from tests.helpers import add_photo_rows


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "s.capstudio") as p:
        ids = add_photo_rows(p, ["IMG_10.jpg", "IMG_2.jpg", "重庆夜景.jpg", "img_1.JPG"])
        set_fields(p, [ids[0]], {"headline": "夏元在渝北区采访", "creator": ["张亦", "Li Yuheng"],
                                 "date_created": "2024-05-03", "status": "approved"})
        set_fields(p, [ids[1]], {"description": "长江大桥 at night", "creator": ["夏元"],
                                 "status": "needs_review", "date_created": "2023-12-31"})
        set_fields(p, [ids[2]], {"city": "重庆", "keywords": ["夜景", "桥梁"]})
        p.ids = ids
        yield p


def test_two_character_chinese_terms_are_found(project):
    a, b, c, d = project.ids
    assert set(search_photo_ids(project, "夏元")) == {a, b}
    assert search_photo_ids(project, "张亦") == [a]
    assert set(search_photo_ids(project, "桥")) == {b, c}


def test_long_terms_file_names_case_and_several_terms(project):
    a, b, c, d = project.ids
    assert search_photo_ids(project, "渝北区") == [a]
    assert search_photo_ids(project, "li yuheng") == [a]
    assert search_photo_ids(project, "NIGHT") == [b]
    assert search_photo_ids(project, "img_1") == [d, a]  # img_1.JPG and IMG_10.jpg, natural order
    assert search_photo_ids(project, "夏元 night") == [b]
    assert search_photo_ids(project, '"at night"') == [b]
    assert search_photo_ids(project, "夜景.jpg") == [c]
    assert search_photo_ids(project, "没有这个") == []


def test_non_searchable_fields_are_not_searched(project):
    assert search_photo_ids(project, "approved") == []


def test_index_follows_edits_before_and_after_sync(project):
    a, b, c, d = project.ids
    waiting = search.pending(project)
    assert waiting == 4
    assert search.sync_index(project) == waiting
    assert search.pending(project) == 0
    set_fields(project, [d], {"headline": "新闻发布会现场"})
    set_fields(project, [a], {"headline": None})
    # Dirty rows are searched directly, before any sync.
    assert search_photo_ids(project, "发布会") == [d]
    assert search_photo_ids(project, "渝北区") == []
    search.sync_index(project)
    assert search_photo_ids(project, "发布会") == [d]
    assert search_photo_ids(project, "渝北区") == []
    fts = project.conn.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH '\"发布会\"'").fetchall()
    assert fts == [(d,)]


def test_writes_outside_operations_are_indexed_too(project):
    # The importer writes rows directly; the triggers must catch that.
    with project.transaction() as conn:
        cur = conn.execute("INSERT INTO photos (path, file_name, imported_at) VALUES (?,?,?)",
                           ("x/DSC_0001.NEF", "DSC_0001.NEF", now_iso()))
        conn.execute("INSERT INTO field_values VALUES (?, 'headline', '两会开幕', 'embedded', ?)",
                     (cur.lastrowid, now_iso()))
    assert search_photo_ids(project, "两会") == [cur.lastrowid]
    assert search_photo_ids(project, "dsc_0001") == [cur.lastrowid]


def test_triggers_run_with_trusted_schema_off_after_reopen(project, tmp_path):
    path = project.path
    project.close()
    with Project.open(path) as again:
        assert again.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        pid = add_photo_rows(again, ["新.jpg"])[0]
        set_fields(again, [pid], {"headline": "元宵灯会"})
        search.sync_index(again)
        assert search_photo_ids(again, "灯会") == [pid]
        assert search_photo_ids(again, "元宵灯") == [pid]


def test_quick_filters(project):
    a, b, c, d = project.ids
    assert search_photo_ids(project, "", Filters(status="approved")) == [a]
    assert search_photo_ids(project, "", Filters(status="needs_review")) == [b]
    assert search_photo_ids(project, "", Filters(status="new")) == [d, c]
    assert search_photo_ids(project, "", Filters(photographer="夏元")) == [b]
    assert search_photo_ids(project, "", Filters(photographer="张")) == []  # whole names only
    assert search_photo_ids(project, "", Filters(date="2024-05")) == [a]
    assert search_photo_ids(project, "", Filters(date="2023")) == [b]
    assert len(search_photo_ids(project, "", Filters(unpaired=True))) == 4
    assert search.photographers(project)[0] in {"张亦", "Li Yuheng", "夏元"}
    assert set(search.photographers(project)) == {"张亦", "Li Yuheng", "夏元"}


def test_sort_orders(project):
    a, b, c, d = project.ids
    assert sorted_photo_ids(project, "name") == [d, b, a, c]
    assert sorted_photo_ids(project, "name", descending=True) == [c, a, b, d]
    assert sorted_photo_ids(project, "status") == [d, c, b, a]
    with pytest.raises(ValueError):
        sorted_photo_ids(project, "colour")


def test_natural_key_matches_natsort():
    names = ["IMG_10.jpg", "img_2.jpg", "IMG_1.jpg", "a.jpg", "A0001.jpg", "a2.jpg", "a10b.jpg",
             "a10a.jpg", "z.jpg", "B_007.jpg", "b_7x.jpg", "b_08.jpg", "重庆2.jpg", "重庆10.jpg"]
    mine = sorted(names, key=natural_key)
    theirs = natsort.natsorted(names, alg=natsort.ns.IGNORECASE)
    assert mine == theirs
    assert mine.index("IMG_1.jpg") < mine.index("img_2.jpg") < mine.index("IMG_10.jpg")
    assert mine.index("重庆2.jpg") < mine.index("重庆10.jpg")


def test_remove_and_restore_photos(project):
    a, b, c, d = project.ids
    saved = snapshot(project, [a, b])
    changes = remove_photos(project, [a, b])
    assert changes.photos_removed == {a, b}
    assert search_photo_ids(project, "夏元") == []
    assert project.counts()["photos"] == 2
    back = restore_photos(project, saved)
    assert back.photos_added == {a, b}
    assert set(search_photo_ids(project, "夏元")) == {a, b}
    assert search_photo_ids(project, "", Filters(status="approved")) == [a]


def test_short_terms_through_the_index_vocabulary_match_a_plain_scan(tmp_path):
    """1-2 character terms go through the trigram vocabulary; anywhere in the text (the very
    end included), before and after the index sync, read-only too, they find what a
    substring scan finds."""
    import random

    rng = random.Random(11)
    alphabet = "夏元张亦李雨恒重庆桥ab"
    path = tmp_path / "vocab.capstudio"
    with Project.create(path) as p:
        names = [f"p{i}.jpg" for i in range(60)]
        ids = add_photo_rows(p, names)
        texts = {pid: "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
                 for pid in ids}
        for pid, text in texts.items():
            set_fields(p, [pid], {"headline": text})
        queries = sorted({a + b for a in alphabet for b in alphabet} | set(alphabet))

        def expected(q):
            return {pid for pid, text in texts.items() if q in text or q in f"p{pid - 1}.jpg"}

        def check(project):
            for q in queries:
                assert set(search_photo_ids(project, q)) == expected(q), q

        check(p)  # nothing indexed yet: all rows are dirty
        search.sync_index(p)
        assert search.pending(p) == 0
        check(p)
        for pid in ids[:10]:  # some dirty again, with their old text still in the index
            texts[pid] = texts[pid][::-1] + "夏"
            set_fields(p, [pid], {"headline": texts[pid]})
        check(p)
        search.sync_index(p)
        check(p)
    with Project.open(path, readonly=True) as ro:
        check(ro)


def test_a_project_from_before_the_search_index_finds_each_photo_by_its_own_name(
        tmp_path, monkeypatch):
    # Migration 2 once gave every existing photo's search row the first photo's file name;
    # migration 9 makes those rows again.
    from caption_studio.core.project import migrations

    path = tmp_path / "v1.capstudio"
    with monkeypatch.context() as m:
        for version in [v for v in migrations.MIGRATIONS if v > 1]:
            m.delitem(migrations.MIGRATIONS, version)
        with Project.create(path) as old, old.transaction() as conn:
            conn.execute("INSERT INTO photos (path, file_name, imported_at) VALUES "
                         "('a.jpg', 'Alpha.jpg', 'x'), ('b.jpg', 'Beta.jpg', 'x')")
            conn.execute("INSERT INTO field_values VALUES (2, 'city', '重庆', 'manual', 'x')")
    with Project.open(path) as project:
        assert dict(project.conn.execute("SELECT photo_id, text FROM search_text")) == {
            1: "alpha.jpg", 2: "beta.jpg\n重庆"}
        assert search.photo_ids(project, "beta") == [2]
        search.sync_index(project)
        assert search.photo_ids(project, "beta") == [2]
        assert search.photo_ids(project, "alpha") == [1]
