"""Real-page shapes the corpus found wrong: one credit under a picture story's single-line
captions, a wire's background paragraph, date stamps, verb phrases after 在, venues in English."""

from __future__ import annotations

from caption_studio.core.article import places
from caption_studio.core.article.captions import parse_article


def descriptions(text: str) -> list[str]:
    return [c.description for c in parse_article(text, year=2024).captions]


def test_picture_story_lines_under_one_credit_are_captions_of_their_own():
    text = ("湖畔春光\n2024-03-18 09:12:40 来源：某某晚报\n3月17日，游客在公园里赏花。\n"
            "3月17日，孩子们在草坪上放风筝。\n记者 林一舟 摄\n")
    parsed = parse_article(text, year=2024)
    assert [c.description for c in parsed.captions] == ["游客在公园里赏花。", "孩子们在草坪上放风筝。"]
    assert all(c.photographers[0].name == "林一舟" for c in parsed.captions)
    assert parsed.headline == "湖畔春光"
    assert str(parsed.date) == "2024-03-18"


def test_wrapped_lines_of_one_caption_stay_one_caption():
    # e-paper text breaks lines inside a sentence; only a finished sentence ends a caption
    text = "3月17日，游客在公园\n里赏花，孩子们在草坪\n3月新修的步道上放风筝。\n记者 林一舟 摄\n"
    assert descriptions(text) == ["游客在公园里赏花，孩子们在草坪 3月新修的步道上放风筝。"]  # clean(): a break before a digit is a space


def test_background_paragraph_stays_with_its_caption():
    text = ("4月19日，果农在秭归县的橙园里采摘脐橙。\n\n近年来，当地发展脐橙产业。\n\n"
            "新华社记者 许某某 摄\n")
    assert descriptions(text) == ["果农在秭归县的橙园里采摘脐橙。近年来，当地发展脐橙产业。"]


def test_body_paragraph_before_a_caption_is_not_joined():
    text = ("4月23日下午，市政府召开推进会，部署下一阶段重点任务。\n\n工人在车间组装设备。\n\n"
            "记者 林一舟 摄\n")
    assert descriptions(text) == ["工人在车间组装设备。"]


def test_date_stamp_and_counter_lines_are_not_description():
    text = ("发布时间：2024-04-08 16:20\n1/2\n4月7日，游客在洱海边散步。新华社记者 孟某 摄\n"
            "2024-04-08 16:20:05\n2/2\n4月7日，红嘴鸥在湖面飞翔。新华社记者 孟某 摄\n"
            "2024 04/08 16:21:40\n4月7日，渔民在湖边补网。新华社记者 孟某 摄\n")
    assert descriptions(text) == ["游客在洱海边散步。", "红嘴鸥在湖面飞翔。", "渔民在湖边补网。"]


def test_verb_phrases_after_zai_are_no_place():
    for text in ("5月3日，意在推广乡村手艺的展销会吸引了不少市民。记者 王某 摄",
                 "5月3日，村民正在推进港口建设。记者 王某 摄",
                 "5月3日，由于天气原因，航班延误。记者 王某 摄"):
        assert parse_article(text, year=2024).captions[0].location is None, text
    at = parse_article("5月3日，工人正在车间组装设备。记者 王某 摄", year=2024).captions[0]
    assert at.location == "车间"  # 正在 + a place still is one
    market = parse_article("5月3日，市集在喜洲镇开市，游客云集。记者 王某 摄", year=2024).captions[0]
    assert market.location == "喜洲镇"  # 开市: the market opens, no 市 (city)


def test_english_venue_in_a_known_city():
    c = parse_article("Children play at Cuihu Park in Kunming, capital of southwest China's Yunnan "
                      "Province, March 3, 2024. (Xinhua/Chen Xinbo)").captions[0]
    assert c.location == "Cuihu Park in Kunming, capital of southwest China's Yunnan Province"
    assert (c.place.sublocation, c.place.city, c.place.province_state) == ("Cuihu Park", "Kunming", "Yunnan")
    getty = parse_article("Visitors walk at Daming Palace Park on April 5, 2024 in Xi'an, China. "
                          "(Photo by Ma Lin/Getty Images)").captions[0]
    assert getty.location == "Daming Palace Park, Xi'an, China"
    assert (getty.place.sublocation, getty.place.city) == ("Daming Palace Park", "Xi’an")
    # a venue in a place that is no known city keeps today's reading: the place after `in`
    unknown = parse_article("Boats moor at Lotus Pier in Zorkville, May 2, 2024. (Xinhua/Lu Bing)").captions[0]
    assert unknown.location == "Zorkville"
    # AP writes `at the X`: the venue is still the sublocation
    ap = parse_article("Visitors look at lanterns at the Yuyuan Garden in Shanghai, China, "
                       "Tuesday, Feb. 20, 2024. (AP Photo/Andy Wong)").captions[0]
    assert (ap.place.sublocation, ap.place.city) == ("Yuyuan Garden", "Shanghai")


def test_straight_and_curly_apostrophes_name_one_city():
    assert places.resolve("Xi'an").city == places.resolve("Xi’an").city == "Xi’an"


def test_story_text_between_a_picture_storys_captions_is_no_caption():
    text = ("图片故事\n守山人\n新华社记者\n5月8日，护林员在林区巡护。他每天走二十公里。\n"
            "一条巡山路\n村寨里，他已经当了十五年护林员。\n据介绍，林区有三万亩。\n"
            "5月8日，护林员查看红外相机。\n5月7日，护林员整理巡山日志。\n新华社记者 杨某 摄\n")
    parsed = parse_article(text, year=2024)
    assert parsed.headline == "守山人"  # 图片故事 is the column's label
    assert [c.description for c in parsed.captions] == [
        "护林员在林区巡护。他每天走二十公里。", "护林员查看红外相机。", "护林员整理巡山日志。"]


def test_a_long_division_name_stays_in_the_place():
    c = parse_article("5月8日，护林员在贵州省黔东南苗族侗族自治州雷山县的林区巡护。新华社记者 杨某 摄",
                      year=2024).captions[0]
    assert c.location == "贵州省黔东南苗族侗族自治州雷山县"
    assert c.place.city == "黔东南苗族侗族自治州"
    done_there = parse_article("5月8日，护林员在家中整理巡山日志。新华社记者 杨某 摄", year=2024).captions[0]
    assert done_there.location is None  # 整理巡山: what is done, not a place ending in 山


def test_a_countys_bare_name_counts_where_its_province_is_printed():
    assert places.resolve("Guanghan, southwest China's Sichuan Province").city == "Guanghan"
    assert places.resolve("Langzhong, Sichuan").city == "Langzhong"
    # alone, or as a venue's first word, it is no place: Daming Palace is not 大名县 in Hebei
    assert places.resolve("Guanghan") is None
    assert places.resolve("Daming Palace National Heritage Park") is None
    c = parse_article("Folk artists dance in Zhaohua ancient town in southwest China's Sichuan "
                      "Province, Feb. 12, 2024. (Xinhua/Wang Fuhai)").captions[0]
    assert c.location == "Zhaohua ancient town in southwest China's Sichuan Province"
    assert (c.place.sublocation, c.place.city) == ("Zhaohua ancient town", "Guangyuan")


def test_source_credit_with_a_photographer_and_a_sentence_after_the_place():
    c = parse_article("People gather at Ruyi Lake Square in Zhengzhou city, Henan Province. More "
                      "groups meet in parks. (Source: Chinanews.com/Zhao Minghe)").captions[0]
    assert (c.credit, [p.name for p in c.photographers]) == ("Chinanews.com", ["Zhao Minghe"])
    assert c.location == "Ruyi Lake Square in Zhengzhou city, Henan Province"
    assert (c.place.sublocation, c.place.city) == ("Ruyi Lake Square", "Zhengzhou")


def test_a_titled_caption_keeps_its_background_paragraphs():
    text = ("一周影像\n\n  湖北秭归：橙园里的丰收\n\n  10月16日，果农在秭归县的橙园里采摘脐橙。\n\n"
            "  当日，早熟脐橙陆续上市。\n\n  10月10日，当地举办了2003年以来最大的品鉴会。\n\n"
            "  新华社发（郑雨田 摄）pagebreak\n\n  江西婺源：晒秋\n  10月17日，村民在屋顶晾晒辣椒。\n"
            "  当日，当地迎来晒秋旅游高峰。\n  新华社记者 万松年 摄pagebreak\n")
    parsed = parse_article(text, year=2024)
    assert [c.description for c in parsed.captions] == [
        "果农在秭归县的橙园里采摘脐橙。当日，早熟脐橙陆续上市。10月10日，当地举办了2003年以来最大的品鉴会。",
        "村民在屋顶晾晒辣椒。当日，当地迎来晒秋旅游高峰。"]
    assert [str(c.date) for c in parsed.captions] == ["2024-10-16", "2024-10-17"]  # not 2003


def test_a_division_right_after_paishe_de_is_the_place():
    c = parse_article("这是4月1日拍摄的重庆市渝中区夜景。新华社记者 某某 摄", year=2024).captions[0]
    assert (c.location, c.place.sublocation, c.place.city) == ("重庆市渝中区", "渝中区", "重庆市")
    league = parse_article("这是6月13日拍摄的内蒙古自治区锡林郭勒盟正蓝旗的草原。新华社记者 某某 摄",
                           year=2024).captions[0]
    assert (league.location, league.place.city) == ("内蒙古自治区锡林郭勒盟正蓝旗", "锡林郭勒盟")
    assert parse_article("这是3月5日拍摄的夜色中的城市。新华社记者 某某 摄", year=2024).captions[0].location is None
