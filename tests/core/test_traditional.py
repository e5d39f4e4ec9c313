"""Traditional-Chinese articles (Hong Kong and Taiwan papers): parsed through a simplified view,
every field given back in the characters it was printed in."""

from __future__ import annotations

from pathlib import Path

import pytest

from caption_studio.core.article.captions import parse_article
from caption_studio.core.article.decode import read_article_bytes
from caption_studio.core.article.script import simplified, simplified_view
from caption_studio.core.credit_terms import find_agency
from caption_studio.core.employment import infer_employment

# Written for these tests in the papers' conventions (not copied from any paper).
HONG_KONG = """維港夜空煙花綻放　市民擠滿海濱

【本報訊】農曆新年第二晚，維多利亞港上空舉行煙花匯演，大批市民及旅客到場觀賞。

2月11日晚，煙花在維多利亞港上空綻放，市民在尖沙咀海濱拍照留念。記者 陳嘉麗 攝

有市民下午已到場等候，警方在多處實施人流管制。

2月11日，旅客在灣仔金紫荊廣場合照。（記者 黃志強攝）
"""

TAIWAN = """燈會開幕　人潮湧入

燈會今晚開幕，主燈點亮後吸引大批民眾。

燈會2月24日晚間開幕，民眾在主燈前拍照。（中央社記者林冠廷攝 113年2月24日）

民眾在西門町提燈遊行。記者許雅婷／攝影

主燈在台北市中山區點亮。圖／聯合報系資料照
"""


def test_hong_kong_captions_keep_their_characters():
    parsed = parse_article(HONG_KONG, year=2024)
    assert parsed.text == HONG_KONG
    assert parsed.headline == "維港夜空煙花綻放\u3000市民擠滿海濱"
    first, second = parsed.captions
    assert [(p.name, p.role) for p in first.photographers] == [("陳嘉麗", "記者")]
    assert first.description == "煙花在維多利亞港上空綻放，市民在尖沙咀海濱拍照留念。"
    assert first.location == "維多利亞港"
    assert str(first.date) == "2024-02-11"
    assert [(p.name, p.role) for p in second.photographers] == [("黃志強", "記者")]
    assert second.text == "2月11日，旅客在灣仔金紫荊廣場合照。（記者 黃志強攝）"
    for caption in parsed.captions:  # every span points at the original's characters
        for person in caption.photographers:
            assert HONG_KONG[person.span[0]:person.span[1]] == person.name
        lo, hi = caption.field_spans["description"]
        assert HONG_KONG[lo:hi].strip() == caption.description


def test_taiwan_credit_styles():
    parsed = parse_article(TAIWAN, year=2024)
    cna, udn, archive = parsed.captions
    assert [(p.name, p.role) for p in cna.photographers] == [("林冠廷", "中央社記者")]
    assert cna.credit == "中央社"
    assert cna.description == "燈會2月24日晚間開幕，民眾在主燈前拍照。"
    assert [(p.name, p.role) for p in udn.photographers] == [("許雅婷", "記者")]
    assert udn.description == "民眾在西門町提燈遊行。"
    assert archive.photographers == [] and archive.credit == "聯合報系"
    assert archive.description == "主燈在台北市中山區點亮。"


def test_big5_article_is_read_and_parsed():
    data = HONG_KONG.replace("\u3000", " ").encode("big5")
    parsed = parse_article(read_article_bytes(data, "維港.txt"), year=2024)
    assert [p.name for c in parsed.captions for p in c.photographers] == ["陳嘉麗", "黃志強"]


def test_a_simplified_article_is_parsed_as_it_is():
    # 乾 and 著 are shared by both scripts: a simplified article quoting one stays untouched
    text = "乾县著名景点游客众多。\n\n4月5日，游客在乾县参观。记者 王某 摄\n"
    assert simplified_view(text) is text
    assert parse_article(text, year=2024).captions[0].location == "乾县"


def test_roles_and_agencies_in_traditional_characters():
    assert simplified("記者 攝影 通訊員") == "记者 摄影 通讯员"
    assert infer_employment("記者", None) == "staff"
    assert infer_employment("本報記者", None) == "staff"
    assert infer_employment("特約攝影", None) == "freelance"
    assert find_agency("美聯社").english == "AP"
    assert find_agency("新華社").english == "Xinhua"
    assert find_agency("中央社").english == "CNA"


def test_a_traditional_place_is_located_and_given_back_in_its_characters():
    from caption_studio.core.article.places import locate

    place = locate("香港灣仔", "市民在香港灣仔觀賞煙花。")
    assert (place.city, place.country, place.country_code, place.sublocation) == (
        "香港", "中國", "CHN", "灣仔")
    # 維多利亞 alone is Victoria, Canada, in GeoNames' Chinese names: the harbour is not
    harbour = locate("維多利亞港", "煙花在維多利亞港上空綻放")
    assert harbour.country is None and harbour.sublocation == "維多利亞港"


def test_minguo_years_are_read_as_the_republic_counts_them():
    from caption_studio.core.article.dates import find_dates

    def years(text):
        return [(d.year, d.month, d.day) for d in find_dates(text)]

    assert years("民国99年3月1日") == [(2010, 3, 1)]
    assert years("113年2月24日") == [(2024, 2, 24)]
    assert years("１１３年２月２４日") == [(2024, 2, 24)]
    assert years("2024年2月24日") == [(2024, 2, 24)]
    assert years("12年2月3日") == [(None, 2, 3)]  # two digits without 民国: no year said
    parsed = parse_article("燈會\n\n民國113年2月24日晚間，民眾在主燈前拍照。（中央社記者林冠廷攝 "
                           "113年2月24日）\n")
    (caption,) = parsed.captions
    assert (str(caption.date), caption.date_source, caption.date_text) == (
        "2024-02-24", "caption", "民國113年2月24日")
    assert caption.description == "民眾在主燈前拍照。"


SEED = Path("/work/shared/seeds/000_5038a154d99a8ccb.txt")


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed article is not on this machine")
def test_the_real_seed_article_in_traditional_characters_parses_the_same():
    import opencc

    from caption_studio.core.article.captions import parse_article_file

    simplified_parse = parse_article_file(SEED, year=2024)
    to_hong_kong = opencc.OpenCC("s2hk").convert
    parsed = parse_article(to_hong_kong(SEED.read_text(encoding="utf-8")), year=2024)
    assert len(parsed.captions) == len(simplified_parse.captions) == 3
    for mine, theirs in zip(parsed.captions, simplified_parse.captions, strict=True):
        assert mine.date == theirs.date and mine.credit == to_hong_kong(theirs.credit)
        assert [(p.name, p.role) for p in mine.photographers] == [
            (to_hong_kong(p.name), to_hong_kong(p.role)) for p in theirs.photographers]
        assert mine.description == to_hong_kong(theirs.description)
        assert mine.place.city == to_hong_kong(theirs.place.city)
    assert parsed.captions[0].photographers[0].name == "李雨恆"
