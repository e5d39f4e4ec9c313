from __future__ import annotations

import datetime as dt

import pytest

from caption_studio.core.article.dates import complete, find_dates, zh_int


@pytest.mark.parametrize("text, ymd", [
    ("4月23日，", (None, 4, 23)),
    ("四月二十三日，", (None, 4, 23)),
    ("2024年4月23日", (2024, 4, 23)),
    ("二〇二二年三月二十七日", (2022, 3, 27)),
    ("23日，", (None, None, 23)),
    ("Tuesday, April 23, 2024.", (2024, 4, 23)),
    ("April 23, 2024", (2024, 4, 23)),
    ("23 April 2024", (2024, 4, 23)),
    ("on Feb. 28 at", (None, 2, 28)),
    ("CHONGQING, CHINA - APRIL 23:", (None, 4, 23)),
    ("2024-04-23", (2024, 4, 23)),
    ("十二月一日", (None, 12, 1)),
])
def test_find_dates(text, ymd):
    (m,) = find_dates(text)
    assert (m.year, m.month, m.day) == ymd
    assert text[m.span[0]:m.span[1]] == m.text


@pytest.mark.parametrize("text", ["当日", "日前", "昨日", "3日内", "30日前", "may be 5", "2024年2月30日"])
def test_not_dates(text):
    assert [m for m in find_dates(text) if m.month] == [] or text == "2024年2月30日"
    if text == "2024年2月30日":
        assert all(m.date is None for m in find_dates(text))


def test_zh_int():
    assert [zh_int(s) for s in ("二〇二二", "二十三", "十", "２３", "零")] == [2022, 23, 10, 23, 0]


def test_complete_says_where_the_year_came_from():
    (md,) = find_dates("4月23日")
    assert complete(md, [("article", None, None), ("option", 2024, None)]) == (dt.date(2024, 4, 23), "option")
    (day,) = find_dates("23日")
    assert complete(day, [("article", 2023, 5)]) == (dt.date(2023, 5, 23), "article")
    assert complete(day, [("option", 2023, None)]) == (None, None)
    (full,) = find_dates("2022年3月1日")
    assert complete(full, []) == (dt.date(2022, 3, 1), "caption")
