"""One person, two spellings: a camera's pinyin Artist and the desk's By-line in characters."""

import shutil
from pathlib import Path

import pytest

from caption_studio.core import names
from caption_studio.core.desk import roster
from caption_studio.core.media.importer import import_paths
from caption_studio.core.media.metadata import read_embedded
from caption_studio.core.pairing.signals import (
    CaptionFacts,
    Evidence,
    PhotoFacts,
    name_signal,
    path_hints,
)
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from tests.media_builders import make_jpeg

ROOT = Path(__file__).resolve().parents[2]
# shared/ sits beside the clone (CI) or beside the folder of worktrees
REAL_FILES = next((d / "shared/realfiles/exiftool-t-images" for d in (ROOT.parent, ROOT.parent.parent)
                   if (d / "shared/realfiles").is_dir()),
                  ROOT.parent / "shared/realfiles/exiftool-t-images")


@pytest.mark.parametrize("latin", [
    "Xu Tao", "XU Tao", "XU TAO", "xu tao", "Xutao", "XuTao", "Tao Xu", "TAO XU", "Xu-Tao",
    "Xú Tāo", "xu_tao", " Xu  Tao ",
])
def test_pinyin_spellings_of_one_name(latin):
    assert names.is_romanisation(latin, "徐涛")
    assert names.same_name(latin, "徐涛") and names.same_name("徐涛", latin)


@pytest.mark.parametrize("latin, han", [
    ("Shan Li", "单丽"), ("Dan Li", "单丽"),  # 单: Shan as a surname, dan elsewhere
    ("Zeng Xiaoming", "曾小明"), ("Xie Ming", "解明"), ("Qiu Jun", "仇军"),
    ("Ouyang Na", "欧阳娜"), ("Na Ouyang", "欧阳娜"), ("Sima Guang", "司马光"),
    ("Zhang Yue", "张乐"), ("Zhang Le", "张乐"),  # the given name's readings too
    ("Lyu Bing", "吕冰"), ("Lu Bing", "吕冰"), ("Lv Bing", "吕冰"),
])
def test_surname_and_given_name_readings(latin, han):
    assert names.is_romanisation(latin, han)


@pytest.mark.parametrize("latin, han", [
    ("Xu Bo", "徐涛"),       # same surname, another given name: another person
    ("Xu", "徐涛"),          # the surname alone
    ("Tao", "徐涛"),
    ("Li Tao", "徐涛"),      # same given name, another surname
    ("Xu Taoran", "徐涛"),
    ("Hsu Tao", "徐涛"),     # Wade-Giles is not read
    ("徐涛", "徐涛"),        # not Latin at all
])
def test_other_people_and_non_spellings(latin, han):
    assert not names.is_romanisation(latin, han)


def test_pairs_need_every_name_once():
    assert names.romanised_pairs(["Zeng Li", "Xie Ming"], ["解明", "曾丽"]) == {
        "解明": "Xie Ming", "曾丽": "Zeng Li"}
    assert names.romanised_pairs(["Xu Tao"], ["徐涛", "李雨恒"]) is None  # one left over
    assert names.romanised_pairs(["Xu Tao", "Xu Tao"], ["徐涛", "徐波"]) is None
    assert names.romanised_pairs([], []) is None


def test_pinyin_name_is_surname_first_with_surname_readings():
    assert names.pinyin_name("单丽") == "Shan Li"
    assert names.pinyin_name("欧阳娜") == "Ouyang Na"
    assert roster.pinyin_name is names.pinyin_name  # one implementation for everyone


# -- the metadata reader -------------------------------------------------------------------

def _photo(tmp_path, artist, byline=None, creator=None, name="a.jpg"):
    return make_jpeg(tmp_path / name, exif={"Exif.Image.Artist": artist},
                     iptc={"Iptc.Application2.Byline": byline} if byline else None,
                     xmp={"Xmp.dc.creator": creator} if creator else None)


@pytest.mark.parametrize("artist", ["Xu Tao", "XU Tao", "Tao Xu", "Xú Tāo"])
def test_characters_win_over_their_pinyin_without_a_conflict(tmp_path, artist):
    md = read_embedded(_photo(tmp_path, artist, byline=["徐涛"], creator=["徐涛"]))
    assert md.fields["creator"] == ["徐涛"]
    assert md.sources["creator"] in ("XMP dc:creator", "IPTC By-line")
    assert "creator" not in md.conflicts
    assert md.latin_names == {"徐涛": artist}
    assert md.warnings == []


def test_a_different_person_with_the_same_surname_is_a_conflict(tmp_path):
    md = read_embedded(_photo(tmp_path, "Xu Bo", byline=["徐涛"], creator=["徐涛"]))
    assert md.fields["creator"] == ["Xu Bo"]  # MWG: EXIF wins
    assert md.sources["creator"] == "EXIF Artist"
    assert md.conflicts["creator"]["IPTC By-line"] == ["徐涛"]
    assert md.latin_names == {}


def test_several_creators_in_any_order_and_a_third_spelling(tmp_path):
    md = read_embedded(_photo(tmp_path, "Zeng Li; Xie Ming", byline=["解明", "曾丽"]))
    assert md.fields["creator"] == ["解明", "曾丽"]
    assert "creator" not in md.conflicts
    # XMP synced from EXIF by some tool: still the same people
    md = read_embedded(_photo(tmp_path, "Xu Tao", byline=["徐涛"], creator=["XU TAO"],
                              name="b.jpg"))
    assert md.fields["creator"] == ["徐涛"]
    assert "creator" not in md.conflicts
    assert md.latin_names == {"徐涛": "Xu Tao"}  # the camera's own spelling first


def test_two_chinese_names_still_disagree(tmp_path):
    md = read_embedded(_photo(tmp_path, "Xu Tao", byline=["徐涛"], creator=["李雨恒"]))
    assert "creator" in md.conflicts  # XMP and IIM name different people


def test_real_mwg_test_file_keeps_mwg_rules(tmp_path):
    # ExifTool's MWG test image: Latin names that differ; EXIF must still win
    copy = tmp_path / "MWG.jpg"
    shutil.copy(REAL_FILES / "MWG.jpg", copy)
    md = read_embedded(copy)
    assert md.fields["creator"] == ["RIGHT1of2-EXIF-Creator", "RIGHT2of2-EXIF-Creator"]
    assert "creator" in md.conflicts and md.latin_names == {}


# -- import and roster ---------------------------------------------------------------------

@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "desk.capstudio") as p:
        yield p


@pytest.mark.parametrize("processes", [False, True])
def test_import_keeps_the_chinese_creator_and_learns_the_latin_name(project, tmp_path,
                                                                    processes):
    photos = tmp_path / "photos"
    make_jpeg(photos / "xt_0412.jpg", exif={"Exif.Image.Artist": "Tao Xu"},
              iptc={"Iptc.Application2.Byline": ["徐涛"]})
    make_jpeg(photos / "other.jpg", exif={"Exif.Image.Artist": "Xu Bo"},
              iptc={"Iptc.Application2.Byline": ["徐涛"]})
    summary = import_paths(project, [photos], processes=processes)
    assert summary.imported == 2 and summary.skipped == []
    ids = dict(project.conn.execute("SELECT file_name, id FROM photos"))
    assert ops.get_fields(project, ids["xt_0412.jpg"])["creator"] == (["徐涛"], "embedded")
    assert ops.get_fields(project, ids["other.jpg"])["creator"] == (["Xu Bo"], "embedded")
    assert not [w for p, w in summary.warnings if "xt_0412" in p]
    person = roster.find(project, "徐涛")
    assert person is not None and person["latin_name"] == "Tao Xu"
    assert roster.find(project, "tao xu")["name"] == "徐涛"
    # learning again from the project's fields changes nothing
    assert not roster.learn_from_project(project).updated


def test_a_camera_spelling_replaces_only_the_made_up_latin_name(project):
    roster.learn(project, [roster.Entry("徐涛")])
    assert roster.find(project, "徐涛")["latin_name"] == "Xu Tao"
    roster.learn(project, [roster.Entry("徐涛", latin_name="XU TAO")])  # says no more
    assert roster.find(project, "徐涛")["latin_name"] == "Xu Tao"
    roster.learn(project, [roster.Entry("徐涛", latin_name="Tao Xu")])
    assert roster.find(project, "徐涛")["latin_name"] == "Tao Xu"
    pid = roster.find(project, "徐涛")["id"]
    roster.update(project, pid, latin_name="Tommy Xu")  # typed by a person: stays
    roster.learn(project, [roster.Entry("徐涛", latin_name="Xu Tao")])
    assert roster.get(project, pid)["latin_name"] == "Tommy Xu"


# -- pairing -------------------------------------------------------------------------------

CREDIT = [("徐涛", "记者")]


@pytest.mark.parametrize("path, creators, reason", [
    ("day/DSC_0001.JPG", ["Xu Tao"], "embedded By-line"),
    ("day/DSC_0001.JPG", ["XU Tao"], "embedded By-line"),
    ("desk/xu_tao/DSC_0001.JPG", [], "folder xu_tao"),
    ("desk/Xú_Tāo/DSC_0001.JPG", [], "folder Xú_Tāo"),
    ("day/XuTao-0412.jpg", [], "file name"),
    ("day/XT_0412.jpg", [], "initials"),
    ("day/20240412xt01.jpg", [], "initials"),
])
def test_caption_credit_matches_latin_spellings(path, creators, reason):
    ev = Evidence()
    photo = PhotoFacts(1, path, path.rsplit("/", 1)[-1], creators=creators)
    caption = CaptionFacts(1, 1, 1, "说明。记者 徐涛 摄", photographers=CREDIT)
    name_signal(photo, caption, path_hints(path, {"徐涛"}), ev)
    assert ev.points > 0 and reason in ev.reasons[0]


def test_caption_credit_of_another_xu_counts_against():
    ev = Evidence()
    photo = PhotoFacts(1, "day/DSC_0001.JPG", "DSC_0001.JPG", creators=["Xu Bo"])
    caption = CaptionFacts(1, 1, 1, "说明。记者 徐涛 摄", photographers=CREDIT)
    name_signal(photo, caption, path_hints(photo.path, {"徐涛"}), ev)
    assert ev.points < 0
