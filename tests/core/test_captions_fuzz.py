"""Any text in: a valid article out (or InputError from bytes), never another exception."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caption_studio.core.article.captions import parse_article
from caption_studio.core.article.decode import read_article_bytes
from caption_studio.core.errors import InputError

# Pieces of real captions, so that the fuzzer spends its time near the interesting paths.
PIECES = ["记者", "摄", "/视觉重庆", "本报记者 王某", "新华社发", "4月23日", "二〇二二年三月", "23日", "，", "。",
          "\n", "\n\n", "## ", "（资料图片）", "(AP Photo/", "REUTERS/", "Ann Lee", ")", "(Xinhua/", "图/",
          "Tuesday, April 23, 2024", " in Beijing, ", "By ", " and ", "文/", "（", "）", "CHINA - APRIL 23: ",
          "供图", "特约摄影 ", "在某某园", "Photo by ", "/Getty Images)", " ", "\r\n", "\u3000"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT, st.one_of(st.none(), st.integers(1900, 2100)),
       st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31))))
def test_parse_any_text(text, year, default_date):
    parsed = parse_article(text, year=year, default_date=default_date)
    data = parsed.to_json()
    last_end = 0
    for cap in data["captions"]:
        start, end = cap["span"]
        assert last_end <= start <= end <= len(parsed.text)
        last_end = end
        assert cap["date_source"] in (None, "caption", "article", "option")
        assert (cap["date"] is None) == (cap["date_source"] is None)


@FAST
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.md", "a.html", "a.docx", ""]))
def test_read_any_bytes(data, name):
    try:
        text = read_article_bytes(data, name)
    except InputError:
        return
    assert "\r" not in text
    parse_article(text)
