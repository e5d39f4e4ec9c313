"""Caption extraction: the fixture corpus, the layouts newspapers really print, and what
must not be taken for a caption."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from caption_studio.core.article.captions import parse_article
from caption_studio.core.article.decode import read_article_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def _corpus():
    spec = importlib.util.spec_from_file_location("caption_corpus", FIXTURES / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["caption_corpus"] = module
    spec.loader.exec_module(module)
    return module.load_corpus(FIXTURES)


CASES = _corpus()


def people(items):
    return [[p["name"], p["role"]] for p in items]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_article(case):
    text = read_article_bytes(case.data, case.filename)
    parsed = parse_article(text, year=case.year, default_date=case.default_date)
    got = parsed.to_json()
    exp = case.expected
    assert got["article"]["headline"] == exp["headline"]
    assert got["article"]["date"] == exp["date"]
    assert people(got["article"]["writers"]) == exp["writers"]
    assert len(got["captions"]) == len(exp["captions"])
    for found, want in zip(got["captions"], exp["captions"], strict=True):
        assert {k: found[k] for k in want if k != "photographers"} == {k: v for k, v in want.items() if k != "photographers"}
        assert people(found["photographers"]) == want["photographers"]
        start, end = found["span"]
        assert parsed.text[start:end].strip() == parsed.text[start:end]
        for key, (s, e) in found["field_spans"].items():
            assert start <= s <= e <= end, key


def test_spans_point_at_the_fields():
    text = "标题\n\n4月23日，渝北区某某园，技术人员调试设备。记者 王某 摄/视觉重庆\n"
    cap = parse_article(text, year=2024).captions[0]
    assert text[cap.span[0]:cap.span[1]] == "4月23日，渝北区某某园，技术人员调试设备。记者 王某 摄/视觉重庆"
    spans = cap.field_spans
    assert text[slice(*spans["date"])] == "4月23日"
    assert text[slice(*spans["location"])] == "渝北区某某园"
    assert text[slice(*spans["credit"])] == "视觉重庆"
    assert text[slice(*spans["photographer.0"])] == "王某"
    assert cap.description == "渝北区某某园，技术人员调试设备。"
    assert (cap.date, cap.date_source) == (dt.date(2024, 4, 23), "option")


def test_captions_running_together_on_one_line():
    text = ("题\n\n5月1日，甲地，工人作业。记者 张三 摄/视觉重庆5月2日，乙区某某园，工人装车。\n"
            "记者 李四 摄/视觉重庆\n")
    caps = parse_article(text, year=2024).captions
    assert [c.photographers[0].name for c in caps] == ["张三", "李四"]
    assert caps[1].description == "乙区某某园，工人装车。"
    assert caps[0].span[1] == caps[1].span[0]


def test_caption_cut_by_a_page_break_is_joined():
    text = "题\n\n正文第一段。\n\n4月23日，青川区某码头，一艘货轮缓缓\n\n驶离泊位。记者 夏某 摄\n"
    (cap,) = parse_article(text, year=2024).captions
    assert cap.description == "青川区某码头，一艘货轮缓缓驶离泊位。"


def test_credit_alone_after_a_blank_line_takes_the_paragraph_before():
    text = "题\n\n四月二十三日，某车间，工人收看新闻。\n\n记者 李某 摄/视觉重庆\n\n正文。\n"
    (cap,) = parse_article(text, year=2024).captions
    assert cap.date == dt.date(2024, 4, 23)
    assert cap.text.startswith("四月二十三日")


@pytest.mark.parametrize("body", [
    "记者从市经信委获悉，全市新增摄像头一万个。",
    "4月23日下午，市政府召开推进会，部署下一阶段工作。",
    "会上播放了民警拍摄的视频。当日，记者跟随巡逻队走访社区。",
    "日前，记者现场拍摄。",
])
def test_body_text_is_not_a_caption(body):
    assert parse_article(f"题\n\n{body}\n", year=2024).captions == []


def test_day_only_date_takes_month_from_dateline():
    text = "题\n\n新华社北京3月8日电（记者 王某）正文。\n\n8日，市民在某公园赏花。新华社记者 李某 摄\n"
    cap = parse_article(text, default_date=dt.date(2023, 3, 9)).captions[0]
    assert (cap.date, cap.date_source) == (dt.date(2023, 3, 8), "article")
    assert cap.credit == "新华社"


def test_year_from_option_then_date_option():
    text = "题\n\n3月8日，某地，工人作业。记者 王某 摄\n"
    assert parse_article(text).captions[0].date is None
    assert parse_article(text, default_date=dt.date(2021, 3, 9)).captions[0].date == dt.date(2021, 3, 8)


def test_writers_skip_editors():
    text = ("Title\n\nBy Ann Lee and Bo Chen Associated Press\n\nBody text. (AP Photo/Cy Dee)\n\n"
            "Reporting by Di Fox; Editing by Ed Gray\n\n责任编辑：王某 校对：李某\n")
    writers = parse_article(text).writers
    assert [w.name for w in writers] == ["Ann Lee", "Bo Chen", "Di Fox"]
    assert writers[0].org == "AP"


def test_seed_style_headline_strips_markdown():
    assert parse_article("\n\n## 标题在此\n\n正文。\n").headline == "标题在此"


def test_empty_text_gives_empty_article():
    parsed = parse_article("")
    assert parsed.captions == [] and parsed.headline is None and parsed.writers == []


SEED = Path("/work/shared/seeds/000_5038a154d99a8ccb.txt")


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed article is not on this machine")
def test_seed_article():
    from caption_studio.core.article.captions import parse_article_file

    parsed = parse_article_file(SEED, year=2024)
    assert parsed.headline == "在奋力谱写西部大开发新篇章中贡献重庆力量"
    assert [(c.date, c.credit) for c in parsed.captions] == [(dt.date(2024, 4, 23), "视觉重庆")] * 3
    assert [[(p.name, p.role) for p in c.photographers] for c in parsed.captions] == [
        [("李雨恒", "记者")], [("张锦辉", "记者")], [("尹诗语", "记者")]]
    assert parsed.captions[0].date_text == "四月二十三日"
    assert parsed.captions[1].span[1] == parsed.captions[2].span[0]  # run together on one line
    assert len(parsed.writers) == 13
    assert (parsed.writers[-1].name, parsed.writers[-1].role) == ("何明燕", "见习记者")
    assert all(w.role.endswith("记者") for w in parsed.writers)
