import datetime as dt

import pytest

from caption_studio.core.article import places as gazetteer
from caption_studio.core.pairing.signals import (
    CaptionFacts,
    Evidence,
    PhotoFacts,
    date_signal,
    name_keys,
    name_signal,
    path_hints,
    same_name,
    text_similarity,
)


def test_name_keys_cover_pinyin_orders_initials_and_surname_readings():
    full, initials = name_keys("李雨恒")
    assert {"liyuheng", "yuhengli"} <= full
    assert "lyh" in initials
    assert "zengxiaoming" in name_keys("曾小明")[0]
    assert "ouyangna" in name_keys("欧阳娜")[0]
    assert {"lvbing", "lubing"} <= name_keys("吕冰")[0]


@pytest.mark.parametrize("a, b", [("李雨恒", "Li Yuheng"), ("李雨恒", "YUHENG LI"),
                                  ("Andy Wong", "andy  wong"), ("李 雨恒", "李雨恒")])
def test_same_person_in_other_spellings(a, b):
    assert same_name(a, b)


def test_different_people_are_not_the_same():
    assert not same_name("李雨恒", "Xu Tao")
    assert not same_name("李雨恒", "李雨")


@pytest.mark.parametrize("path, where", [
    ("photos/liyuheng_0423_012.jpg", "file name"),
    ("photos/LiYuheng-0423.jpg", "file name"),
    ("desk/li_yuheng/DSC0001.JPG", "folder li_yuheng"),
])
def test_photographer_found_in_file_or_folder_name(path, where):
    hints = path_hints(path, {"李雨恒", "徐涛"})
    assert hints.full == {"李雨恒": where}


def test_initials_are_weak_and_camera_prefixes_are_not_initials():
    assert path_hints("lyh_012.jpg", {"李雨恒"}).initials == {"李雨恒": "file name"}
    hints = path_hints("DSC_0412.JPG", {"邓世成"})  # initials dsc
    assert not hints.full and not hints.initials


def test_text_similarity_chinese_and_english():
    printed = "4月23日，市民在渝北区仙桃数据谷参观无人机展览。"
    assert text_similarity("市民在仙桃数据谷参观无人机展", printed) > 0.85
    assert text_similarity("游客在南岸区南山植物园赏花", printed) < 0.45
    en = "Workers repair power lines in Yubei District in southwest China's Chongqing."
    assert text_similarity("Workers repair power lines in Yubei", en) > 0.8
    assert text_similarity("Children plant trees on Jinyun Mountain", en) < 0.45


def _photo(**kw):
    return PhotoFacts(1, kw.pop("path", "p/DSC_0001.JPG"), "DSC_0001.JPG", **kw)


def _caption(**kw):
    return CaptionFacts(1, 1, 1, "说明", **kw)


def test_a_different_byline_counts_against_the_pair():
    ev = Evidence()
    name_signal(_photo(creators=["Xu Tao"]), _caption(photographers=[("李雨恒", "记者")]),
                path_hints("p/DSC_0001.JPG", {"李雨恒"}), ev)
    assert ev.points < 0 and "≠" in ev.reasons[0]


def test_dates_same_day_one_day_off_and_far():
    day = dt.date(2024, 4, 23)
    points = []
    for photo_day in (day, day - dt.timedelta(days=1), day - dt.timedelta(days=5)):
        ev = Evidence()
        date_signal(_photo(date=photo_day), _caption(date=day), ev)
        points.append(ev.points)
    assert points[0] > points[1] > 0 > points[2]


@pytest.mark.parametrize("text, expected", [
    ("渝北区", ("重庆市", "重庆", "中国", "CHN")),
    ("重庆市巫山县", ("重庆市", "重庆", "中国", "CHN")),
    ("成都市锦江区春熙路", ("成都市", "四川", "中国", "CHN")),
    ("吉林省长春市", ("长春市", "吉林", "中国", "CHN")),
    ("BEIJING", ("Beijing", "Beijing", "China", "CHN")),
    ("伦敦", ("伦敦", None, "英国", "GBR")),
])
def test_gazetteer(text, expected):
    place = gazetteer.resolve(text)
    assert place is not None
    assert (place.city, place.province_state, place.country, place.country_code) == expected


def test_gazetteer_knows_chongqing_to_its_streets_and_nothing_in_plain_words():
    from caption_studio.core.article import place_index

    ix = place_index.index()
    chongqing = ix.names.index("重庆市")
    counties = [i for i, p in enumerate(ix.parents) if p == chongqing]
    # Today's 38 districts and counties (两江新区 among them) and the two merged into it in 2025,
    # which captions still print.
    assert len(counties) >= 38 and {"渝北区", "江北区", "两江新区"} <= {ix.names[i] for i in counties}
    assert gazetteer.resolve("解放碑街道").city == "重庆市"
    assert gazetteer.resolve("a quiet park by the river") is None
    assert gazetteer.resolve("城关镇") is None  # 82 of them: nothing says which
