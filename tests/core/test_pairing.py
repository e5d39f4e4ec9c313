import pytest
from scripts.eval_pairing.fixtures import CaptionSpec, PhotoSpec, add_article, add_photos

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.fields import Provenance
from caption_studio.core.pairing import matcher as pairing
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project

CAPTIONS = [
    CaptionSpec("4月23日，市民在渝北区仙桃数据谷参观无人机展览。本报记者 李雨恒 摄",
                [("李雨恒", "记者")], "2024-04-23", "渝北区仙桃数据谷"),
    CaptionSpec("4月23日，游客在南岸区南山植物园赏花。本报记者 徐涛 摄",
                [("徐涛", "记者")], "2024-04-23", "南岸区南山植物园", credit="视觉重庆"),
    CaptionSpec("4月23日，工人在江北区检修输电线路。本报记者 李雨恒 摄",
                [("李雨恒", "记者")], "2024-04-23", "江北区"),
]


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "pair.capstudio") as p:
        yield p


@pytest.fixture
def desk(project):
    """Three captions, four photos: two with the photographer's own caption, one in a
    folder named after its photographer, one frame the paper did not print."""
    _, captions = add_article(project, CAPTIONS, headline="山城春日", date="2024-04-24")
    photos = add_photos(project, [
        PhotoSpec("photos/DSC_0003.JPG", "2024-04-23T15:00:00",
                  {"description": "工人检修输电线路", "creator": ["Li Yuheng"]}),
        PhotoSpec("photos/xu_tao/DSC_0001.JPG", "2024-04-23T10:00:00"),
        PhotoSpec("photos/DSC_0002.JPG", "2024-04-23T09:00:00",
                  {"description": "市民在仙桃数据谷参观无人机展", "creator": ["李雨恒"]}),
        PhotoSpec("photos/DSC_0009.JPG", "2024-04-23T18:00:00",
                  {"description": "夜幕下的洪崖洞灯火辉煌", "creator": ["李雨恒"]}),
    ])
    return project, photos, captions


def _pairs(result):
    return {(p.photo_id, p.caption_id): p for p in result.pairs}


def test_proposes_the_right_pairs_with_reasons_and_writes_nothing(desk):
    project, photos, captions = desk
    result = pairing.propose_pairs(project)
    pairs = _pairs(result)
    assert set(pairs) == {(photos[2], captions[0]), (photos[1], captions[1]),
                          (photos[0], captions[2])}
    assert all(p.state == "sure" and p.margin >= pairing.SURE_MARGIN for p in result.pairs)
    first = pairs[(photos[2], captions[0])]
    assert "photographer 李雨恒 (embedded By-line)" in first.reasons
    assert "date 2024-04-23 = EXIF" in first.reasons
    assert any(r.startswith("embedded caption 0.") and r.endswith("similar")
               for r in first.reasons)
    assert "photographer 徐涛 (folder xu_tao)" in pairs[(photos[1], captions[1])].reasons
    assert result.unmatched_photos == [photos[3]]
    assert result.unmatched_captions == []
    assert project.counts()["pairings"] == 0
    assert ops.get_fields(project, photos[1]) == {}


def test_applying_fills_fields_from_the_caption_and_unpairing_restores(desk):
    project, photos, captions = desk
    result, changes = pairing.pair_project(project)
    assert changes.pairings == {photos[0], photos[1], photos[2]}
    values = ops.get_fields(project, photos[1])
    assert values["description"] == (CAPTIONS[1].text, "caption")
    assert values["creator"] == (["徐涛"], "caption")
    assert values["creator_jobtitle"] == ("记者", "caption")
    assert values["source"] == ("视觉重庆", "caption")
    assert values["date_created"] == ("2024-04-23", "caption")
    assert values["sublocation"] == ("南岸区南山植物园", "caption")
    assert values["headline"] == ("山城春日", "caption")
    assert (values["city"][0], values["province_state"][0], values["country"][0],
            values["country_code"][0]) == ("重庆市", "重庆", "中国", "CHN")
    assert pairing.pairing_of(project, photos[1]) == {
        "article": 1, "caption_index": 2, "caption_text": CAPTIONS[1].text, "state": "sure",
        "score": pytest.approx(_pairs(result)[(photos[1], captions[1])].score),
        "margin": pytest.approx(_pairs(result)[(photos[1], captions[1])].margin),
        "reasons": list(_pairs(result)[(photos[1], captions[1])].reasons)}

    # The embedded caption and By-line lost to the caption's; unpairing brings them back.
    assert ops.get_fields(project, photos[0])["creator"] == (["李雨恒"], "caption")
    pairing.unpair(project, photos[0])
    assert ops.get_fields(project, photos[0]) == {
        "description": ("工人检修输电线路", "embedded"), "creator": (["Li Yuheng"], "embedded")}
    assert pairing.pairing_of(project, photos[0]) is None


def test_manual_values_are_never_overwritten(desk):
    project, photos, captions = desk
    ops.set_fields(project, [photos[1]], {"headline": "typed by a person"})
    pairing.apply_pair(project, photos[1], captions[1])
    assert ops.get_fields(project, photos[1])["headline"] == ("typed by a person", "manual")
    pairing.unpair(project, photos[1])
    assert ops.get_fields(project, photos[1]) == {"headline": ("typed by a person", "manual")}


def test_disagreeing_embedded_values_flag_the_photo_and_are_kept(desk):
    project, photos, captions = desk
    pid = add_photos(project, [PhotoSpec("photos/other.jpg", "2024-04-21T10:00:00", {
        "creator": ["王伟"], "date_created": "2024-04-21T10:00:00"})])[0]
    pairing.apply_pair(project, pid, captions[0])
    values = ops.get_fields(project, pid)
    assert values["status"] == ("needs_review", "caption")
    assert values["creator"] == (["李雨恒"], "caption")
    kept = {(f, v, prov, c) for f, v, prov, c in project.conn.execute(
        "SELECT field, value, provenance, conflict FROM field_alternatives WHERE photo_id = ?",
        (pid,))}
    assert kept == {("creator", '["王伟"]', "embedded", 1),
                    ("date_created", "2024-04-21T10:00:00", "embedded", 1)}
    pairing.unpair(project, pid)
    assert ops.get_fields(project, pid) == {"creator": (["王伟"], "embedded"),
                                            "date_created": ("2024-04-21T10:00:00", "embedded")}


def test_same_day_keeps_the_precise_embedded_time(desk):
    project, photos, captions = desk
    pid = add_photos(project, [PhotoSpec("photos/t.jpg", None, {
        "date_created": "2024-04-23T10:15:00"})])[0]
    pairing.apply_pair(project, pid, captions[1])
    values = ops.get_fields(project, pid)
    assert values["date_created"] == ("2024-04-23T10:15:00", "embedded")
    assert "status" not in values


def test_confirmed_pairs_are_never_touched_and_rerun_only_replaces_unconfirmed(desk):
    project, photos, captions = desk
    # A person decides the unprinted frame goes with caption 1 (against the evidence).
    pairing.apply_pair(project, photos[3], captions[0])
    result, _ = pairing.pair_project(project)
    assert [(p.photo_id, p.caption_id, p.state) for p in result.kept] == [
        (photos[3], captions[0], "confirmed")]
    assert all(p.photo_id != photos[3] and p.caption_id != captions[0] for p in result.pairs)
    assert pairing.pairing_of(project, photos[3])["state"] == "confirmed"
    assert photos[2] in result.unmatched_photos
    # Re-running is stable: nothing changes the second time.
    again, changes = pairing.pair_project(project)
    assert _pairs(again).keys() == _pairs(result).keys()
    assert not changes.field_changes


def test_undo_and_redo_of_a_whole_run(desk):
    project, photos, captions = desk
    before = {pid: ops.get_fields(project, pid) for pid in photos}
    _, changes = pairing.pair_project(project)
    after = {pid: ops.get_fields(project, pid) for pid in photos}
    rows_after = project.conn.execute("SELECT photo_id, caption_id, state FROM pairings "
                                      "ORDER BY photo_id").fetchall()
    redo = pairing.undo_pairing(project, changes)
    assert {pid: ops.get_fields(project, pid) for pid in photos} == before
    assert project.counts()["pairings"] == 0
    assert project.conn.execute("SELECT count(*) FROM field_alternatives").fetchone()[0] == 0
    pairing.undo_pairing(project, redo)
    assert {pid: ops.get_fields(project, pid) for pid in photos} == after
    assert project.conn.execute("SELECT photo_id, caption_id, state FROM pairings ORDER BY "
                                "photo_id").fetchall() == rows_after


def test_undo_of_a_manual_repair(desk):
    project, photos, captions = desk
    pairing.pair_project(project)
    # Drag the unprinted frame onto caption 1: its old photo is unpaired.
    changes = pairing.apply_pair(project, photos[3], captions[0])
    assert pairing.pairing_of(project, photos[2]) is None
    assert ops.get_fields(project, photos[2])["creator"] == (["李雨恒"], "embedded")
    pairing.undo_pairing(project, changes)
    assert pairing.pairing_of(project, photos[2])["state"] == "sure"
    assert pairing.pairing_of(project, photos[3]) is None
    assert ops.get_fields(project, photos[2])["description"][1] == "caption"


def test_ambiguous_pairs_write_nothing_until_confirmed(project):
    _, captions = add_article(project, CAPTIONS[:2], headline="山城春日")
    photos = add_photos(project, [PhotoSpec("p/DSC_0001.JPG"), PhotoSpec("p/DSC_0002.JPG")])
    result, _ = pairing.pair_project(project)
    assert [p.state for p in result.pairs] == ["ambiguous", "ambiguous"]
    assert all("photo / " in p.reasons[-1] for p in result.pairs)  # order only
    assert ops.get_fields(project, photos[0]) == {}
    changes = pairing.confirm(project, [photos[0]])
    assert pairing.pairing_of(project, photos[0])["state"] == "confirmed"
    assert ops.get_fields(project, photos[0])["description"][1] == "caption"
    pairing.undo_pairing(project, changes)
    assert pairing.pairing_of(project, photos[0])["state"] == "ambiguous"
    assert ops.get_fields(project, photos[0]) == {}


def test_dry_run_and_one_article(desk):
    project, photos, captions = desk
    other, other_captions = add_article(project, [CAPTIONS[0]], headline="另一篇")
    result, changes = pairing.pair_project(project, article_id=other, dry_run=True)
    assert not changes and project.counts()["pairings"] == 0
    assert {p.caption_id for p in result.pairs} <= set(other_captions)
    with pytest.raises(CaptionStudioError, match="no article with id 99"):
        pairing.propose_pairs(project, article_id=99)


def test_errors_are_one_line(desk):
    project, photos, captions = desk
    with pytest.raises(CaptionStudioError, match="no photo with id 999"):
        pairing.apply_pair(project, 999, captions[0])
    with pytest.raises(CaptionStudioError, match="unknown pairing state"):
        pairing.apply_pair(project, photos[0], captions[0], state="maybe")
    plain = ops.set_fields(project, [photos[0]], {"city": "x"}, provenance=Provenance.MANUAL)
    with pytest.raises(CaptionStudioError, match="not made by pairing"):
        pairing.undo_pairing(project, plain)


# --- how sure: the lead over the real runner-up for that photo and that caption -------------

TEA = [CaptionSpec(f"4月{day}日，花溪村茶园。记者 {who} 摄", [(who, "记者")], f"2024-04-{day}")
       for who, day in (("陈思远", 23), ("林晓彤", 23), ("陈思远", 22), ("林晓彤", 23))]


def test_photographer_and_day_that_single_out_a_caption_are_sure_at_a_modest_score(project):
    """The sample project's desk: each 陈思远 frame's day names one of her two captions (the
    other is a day off), 林晓彤 has two captions of one day for one frame, and a file without
    metadata competes for nothing."""
    _, captions = add_article(project, TEA, headline="茶")
    photos = add_photos(project, [
        PhotoSpec("p/chensiyuan_0423_012.jpg", "2024-04-23T09:41:12", {"creator": ["陈思远"]}),
        PhotoSpec("p/DSC_0415.JPG", "2024-04-23T10:12:30", {"creator": ["林晓彤"]}),
        PhotoSpec("p/chensiyuan_0422_003.jpg", "2024-04-22T18:55:03",
                  {"creator": ["Chen Siyuan"]}),
        PhotoSpec("p/IMG_2207.jpg")])
    pairs = _pairs(pairing.propose_pairs(project))
    first, second = pairs[(photos[0], captions[0])], pairs[(photos[2], captions[2])]
    assert first.state == second.state == "sure"
    assert first.score < 0.7 and first.margin >= pairing.SURE_MARGIN
    # Without the pair, the frame would take its other caption and that caption's frame the
    # first one: both a day off.
    assert (first.runner_up_caption, first.runner_up_photo) == (captions[2], photos[2])
    # Two captions of one photographer and day for one frame: a person decides.
    lin = next(p for p in pairs.values() if p.photo_id == photos[1])
    assert lin.state == "ambiguous" and lin.margin == 0
    assert {lin.caption_id, lin.runner_up_caption} == {captions[1], captions[3]}


def test_an_outtake_that_kept_its_metadata_is_not_sure_against_the_renamed_print(project):
    """The printed frame was exported without metadata and renamed after its photographer; the
    outtake of that day has its By-line and clock. More evidence, none of it says which frame
    was printed."""
    _, captions = add_article(project, TEA[:1], headline="茶")
    photos = add_photos(project, [
        PhotoSpec("p/chensiyuan_final.jpg"),
        PhotoSpec("p/DSC_0420.JPG", "2024-04-23T10:00:00", {"creator": ["陈思远"]})])
    [pair] = pairing.propose_pairs(project).pairs
    assert (pair.photo_id, pair.state) == (photos[1], "ambiguous")
    assert pair.runner_up_photo == photos[0]


def test_a_clock_a_day_off_against_an_undated_frame_is_not_sure(project):
    """The 22nd's frame has no date; the 23rd's was shot early with the camera on UTC, so its
    clock says the 22nd. The dates point the wrong way, and one clock is all they rest on."""
    _, captions = add_article(project, [TEA[2], TEA[0]], headline="茶")
    add_photos(project, [
        PhotoSpec("p/DSC_0001.JPG", "2024-04-22T23:10:00", {"creator": ["陈思远"]}),
        PhotoSpec("p/DSC_0002.JPG", None, {"creator": ["Chen Siyuan"]})])
    result = pairing.propose_pairs(project)
    assert len(result.pairs) == 2
    assert all(p.state == "ambiguous" for p in result.pairs)


def test_a_dated_frame_against_an_undated_one_of_the_same_photographer_is_not_sure(project):
    _, captions = add_article(project, TEA[:1], headline="茶")
    add_photos(project, [PhotoSpec("p/DSC_0001.JPG", "2024-04-23T09:00:00",
                                   {"creator": ["陈思远"]}),
                         PhotoSpec("p/DSC_0002.JPG", None, {"creator": ["陈思远"]})])
    [pair] = pairing.propose_pairs(project).pairs
    assert pair.state == "ambiguous"


def test_runner_up_is_the_photos_next_caption_that_no_firm_pair_holds(project):
    _, captions = add_article(project, TEA, headline="茶")
    photos = add_photos(project, [
        PhotoSpec("p/chensiyuan_0423_012.jpg", "2024-04-23T09:41:12", {"creator": ["陈思远"]}),
        PhotoSpec("p/DSC_0415.JPG", "2024-04-23T10:12:30", {"creator": ["林晓彤"]})])
    pairing.pair_project(project)
    lin = pairing.pairing_of(project, photos[1])
    assert lin["state"] == "ambiguous"
    other = captions[3] if lin["caption_index"] == 2 else captions[1]
    assert pairing.runner_up(project, photos[1]) == other
    # A sure pair has one too (her caption of the 22nd, a day off); a confirmed pair none.
    assert pairing.runner_up(project, photos[0]) == captions[2]
    pairing.confirm(project, [photos[0]])
    assert pairing.runner_up(project, photos[0]) is None  # confirmed: nothing to offer
