"""Places: the IPTC location fields from the place a caption prints, in its language."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from caption_studio.core.article import place_index, places


def fields(place):
    return None if place is None else (place.sublocation, place.city, place.province_state,
                                       place.country, place.country_code)


@pytest.mark.parametrize("text, expected", [
    # township and street level, with and without their county and province
    ("湖北省宜昌市秭归县屈原镇", ("秭归县屈原镇", "宜昌市", "湖北", "中国", "CHN")),
    ("秭归县郭家坝镇", ("秭归县郭家坝镇", "宜昌市", "湖北", "中国", "CHN")),
    ("渝中区解放碑", ("渝中区解放碑", "重庆市", "重庆", "中国", "CHN")),
    ("解放碑", ("解放碑", "重庆市", "重庆", "中国", "CHN")),
    ("沙坪坝区磁器口古镇", ("沙坪坝区磁器口古镇", "重庆市", "重庆", "中国", "CHN")),
    # prefectures that are no 市, a county-level city, autonomous regions, a SAR
    ("贵州省黔东南苗族侗族自治州从江县加榜乡", ("从江县加榜乡", "黔东南苗族侗族自治州", "贵州", "中国", "CHN")),
    ("云南省西双版纳傣族自治州景洪市告庄", ("告庄", "景洪市", "云南", "中国", "CHN")),
    ("新疆维吾尔自治区伊犁哈萨克自治州昭苏县", ("昭苏县", "伊犁哈萨克自治州", "新疆", "中国", "CHN")),
    ("西藏自治区拉萨市", (None, "拉萨市", "西藏", "中国", "CHN")),
    ("香港特别行政区维多利亚港", ("维多利亚港", "香港", "香港", "中国", "CHN")),
    # abroad, in Chinese
    ("孟加拉国首都达卡", (None, "达卡", None, "孟加拉", "BGD")),
    ("俄罗斯莫斯科红场", ("红场", "莫斯科", None, "俄罗斯", "RUS")),
    ("美国纽约时代广场", ("纽约时代广场", None, None, "美国", "USA")),
    # English: wires' phrases and datelines
    ("Yibin, southwest China's Sichuan Province", (None, "Yibin", "Sichuan", "China", "CHN")),
    ("Congjiang County, southwest China's Guizhou Province",
     ("Congjiang County", "Qiandongnan", "Guizhou", "China", "CHN")),
    ("Harbin, capital of northeast China's Heilongjiang Province",
     (None, "Harbin", "Heilongjiang", "China", "CHN")),
    ("Shapingba District of southwest China's Chongqing Municipality",
     ("Shapingba District", "Chongqing", "Chongqing", "China", "CHN")),
    ("Urumqi, northwest China's Xinjiang Uygur Autonomous Region",
     (None, "Urumqi", "Xinjiang", "China", "CHN")),
    ("DHAKA, BANGLADESH", (None, "Dhaka", None, "Bangladesh", "BGD")),
    ("Kathmandu, Nepal", (None, "Kathmandu", None, "Nepal", "NPL")),
])
def test_places_of_every_level_in_both_languages(text, expected):
    assert fields(places.resolve(text)) == expected


def test_an_ambiguous_name_is_read_with_the_article_or_left_alone():
    # 江北区 is in Chongqing (merged into 两江新区 in 2025, still printed) and in Ningbo.
    assert places.resolve("江北区寸滩港") is None
    assert places.resolve("宁波市江北区").city == "宁波市"
    assert places.locate("江北区寸滩港", "货轮靠泊。", "重庆日报 山城春色").city == "重庆市"
    assert places.resolve("城关镇") is None  # 82 towns of that name


def test_short_forms_of_counties_count_only_where_the_caption_puts_its_place():
    # 渝北 in running text is too often part of a word; in the place clause it is the district.
    assert places.resolve("渝北", structural=True).city == "重庆市"
    assert places.resolve("渝北", structural=False) is None
    assert places.resolve("a quiet park by the river") is None
    assert places.resolve("Reading the news in a park", structural=False) is None  # a town, as a word


def test_a_village_named_like_a_district_is_not_that_district():
    # 花溪村 in a Chongqing paper is a village, not Guiyang's 花溪区
    place = places.locate("花溪村茶山步道", "4月22日，花溪村茶山步道，村民采茶。")
    assert place is not None and place.sublocation == "花溪村茶山步道"
    assert place.city is None and place.province_state is None
    assert places.locate("花溪").city == "贵阳市"  # the district's short form alone still is


def test_a_caption_with_no_place_gets_what_the_article_names():
    place = places.locate(None, "采茶女在茶垄间穿行。", "山乡茶事\n新华社贵阳4月20日电 贵州省遵义市")
    assert fields(place) == (None, None, "贵州", "中国", "CHN")
    assert places.locate(None, "工人作业。", "北京 上海") is None  # two places: no guess


def test_a_county_the_article_names_gives_the_city_of_a_caption_that_names_none():
    # 花溪村 is no place the gazetteer knows; an article about 巴南区 is in Chongqing
    place = places.locate("花溪村茶园", "花溪村茶园，茶农采茶。", "巴南区：茶叶富了山村\n巴南区今年春茶开采。")
    assert fields(place) == ("花溪村茶园", "重庆市", "重庆", "中国", "CHN")
    # a county in passing does not unsettle the city the article names
    assert places.locate("某小区", None, "重庆日报 记者走访了西湖区的同行").city == "重庆市"


def test_the_other_captions_of_the_article_settle_a_caption_without_a_city():
    head = "古镇迎来踏青客\n本报讯 清明假期过后，山里的游人依旧不少。"
    guiyang = "贵州省贵阳市花溪区青岩古镇\n花溪村茶叶加工车间"
    assert places.locate("花溪村茶叶加工车间", None, head, guiyang).city == "贵阳市"
    chongqing = "重庆市巴南区界石镇\n花溪村茶叶加工车间"
    assert places.locate("花溪村茶叶加工车间", None, head, chongqing).city == "重庆市"
    # captions in two cities say nothing; nor do they overrule the city the article names
    assert places.locate("花溪村茶叶加工车间", None, head, guiyang + "\n重庆市巴南区界石镇").city is None
    assert places.locate("花溪村", None, "重庆日报", guiyang).city == "重庆市"


def test_a_county_named_like_a_part_of_any_city_needs_its_city():
    assert places.resolve("老城区一处小巷") is None  # Luoyang's 老城区, but nothing says Luoyang
    assert places.resolve("河南省洛阳市老城区丽景门").city == "洛阳市"
    assert places.locate("老城区一处小巷", None, "洛阳日报").city == "洛阳市"
    assert places.locate("老外滩", None, "老城区里的新变化\n宁波讯 今年以来").city == "宁波市"


def test_a_damaged_cache_is_built_again_and_rewritten(tmp_path, monkeypatch):
    # One real build in a fresh process (a few seconds): the cache it finds is garbage.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = place_index._cache_path()
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a pickle")
    code = "from caption_studio.core.article import places; print(places.resolve('秭归县').city)"
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ), capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "宜昌市"
    rebuilt = pickle.loads(cache.read_bytes())
    assert isinstance(rebuilt, place_index.Index) and "秭归县" in rebuilt.names
    assert [p.name for p in cache.parent.iterdir()] == [cache.name]  # no temporary file left


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")  # a file where the cache folder should be
    place_index._write_cache(blocked / "caption-studio" / "places.pickle", place_index.index())
    assert blocked.read_text() == ""


def test_write_back_fills_the_place_the_parser_gives(tmp_path):
    """What goes into the files (`caption_values`) uses the other captions' places too: the
    village's city comes only from the next caption (贵阳市花溪区), far below the first lines."""
    from caption_studio.core.article import store
    from caption_studio.core.article.captions import parse_article
    from caption_studio.core.pairing.apply import caption_values
    from caption_studio.core.project.file import Project

    body = "本报讯 今年以来，各地茶园迎来采摘旺季，茶农抢抓农时采茶制茶。" * 12
    text = (f"春茶飘香\n\n{body}\n\n4月22日，花溪村茶园，茶农采摘春茶。记者 田某 摄\n\n"
            "4月22日，贵阳市花溪区久安乡，游客体验采茶。记者 田某 摄\n")
    parsed = parse_article(text, year=2024).captions[0].place
    with Project.create(tmp_path / "p.capstudio") as project:
        article_id = store.import_article_text(project, text, year=2024)
        values = caption_values(project, store.captions(project, article_id)[0]["id"])
    assert (values["sublocation"], values["city"]) == (parsed.sublocation, parsed.city) == ("花溪村茶园", "贵阳市")
