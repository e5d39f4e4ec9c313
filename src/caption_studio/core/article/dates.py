"""Dates as newspapers print them: 4月23日, 四月二十三日, 二〇二二年三月二十七日, 23日,
Tuesday, April 23, 2024, 23 April 2024, Feb. 28, APRIL 23, 2024-04-23.

A `DateMention` keeps what was printed (year may be missing, month too for 23日) and its
span; `complete` fills the gaps from a reference date and says where the year came from.
Words such as 当日, 日前, 昨日 carry no number and are never dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_ZH_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0}
_D = r"[0-9０-９]"
_ZH_YEAR = rf"(?:{_D}{{4}}|[〇零○一二三四五六七八九]{{4}})"
_ZH_MONTH = rf"(?:{_D}{{1,2}}|十[一二]?|[一二三四五六七八九])"
_ZH_DAY = rf"(?:{_D}{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"

# Taiwan's papers count years from 1912, the first of the Republic (民國113年 is 2024): a
# year so marked, or one of three digits from 100 (2011) on, which no Gregorian date has.
_MINGUO = rf"民国[ ]?(?P<roc>{_D}{{1,3}})|(?P<roc3>[1１]{_D}{{2}})"
_MINGUO_BEFORE_1 = 1911
ZH_DATE_RE = re.compile(
    rf"(?<![0-9０-９])(?:(?:(?P<y>{_ZH_YEAR})|{_MINGUO})[ ]?年[ ]?)?(?P<m>{_ZH_MONTH})[ ]?月[ ]?(?P<d>{_ZH_DAY})[ ]?[日号]"
)
# A day alone (23日) only in Arabic digits, and not 3日内 / 30日前 / 10日起. The look-behind
# (no digit, 月, 年 or . before the day) is written after the first digit so that the pattern
# opens with a character class, which `re` skips ahead by: three times faster.
ZH_DAY_ONLY_RE = re.compile(rf"(?P<d>{_D}(?<![0-9０-９月年.]{_D}){_D}?)日(?![内前后以起至间])")
# The most characters a Chinese date has before its 月 (二〇二四 年 十二 月) and after it.
_ZH_BEFORE_MONTH = 10
_ZH_AFTER_MONTH = 6

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?)"
# Each opens with a look-ahead at its first character (a weekday's or a month's initial, a
# digit): without it the case-insensitive alternatives were tried at every word, 26 µs for
# one English caption instead of 9.
EN_MDY_RE = re.compile(
    rf"\b(?=[adfjmnostw])(?:(?P<wd>{_WEEKDAY}),?[ \xa0]+)?(?P<mon>{_MONTH_RE})\.?[ \xa0]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,?[ \xa0]+(?P<y>(?:19|20)\d{{2}})\b)?",
    re.IGNORECASE,
)
EN_DMY_RE = re.compile(
    rf"\b(?=\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[ \xa0]+(?P<mon>{_MONTH_RE})\.?(?:,?[ \xa0]+(?P<y>(?:19|20)\d{{2}}))?\b",
    re.IGNORECASE,
)
# Searched in lower-cased text: a case-insensitive regex cannot skip ahead by its first
# characters and took 20 µs a caption just to say no.
_MONTH_HINT_RE = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
# The most characters an English date has before its month word (`Wednesday, ` or `23rd `,
# with a few spaces to spare) and from the month word's start to its end (`September 23rd, 2024`).
_EN_BEFORE_MONTH = 16
_EN_AFTER_MONTH = 32
# The look-behind (no digit or dot before the year) sits after the year's first two digits,
# so that `re` can skip ahead to a 1 or a 2.
ISO_RE = re.compile(r"(?P<y>(?:19|20)(?<![\d.]\d\d)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d])")


@dataclass(slots=True)  # not frozen: a frozen dataclass is four times slower to make
class DateMention:
    year: int | None
    month: int | None
    day: int
    span: tuple[int, int]
    text: str

    @property
    def date(self) -> dt.date | None:
        if self.year is None or self.month is None:
            return None
        return _safe_date(self.year, self.month, self.day)


@functools.lru_cache(maxsize=4096)  # a dense article repeats the same few hundred numbers
def zh_int(text: str) -> int | None:
    """An integer written in Arabic, full-width or Chinese numerals (二〇二二, 二十三)."""
    if text.isascii() and text.isdigit():
        return int(text)
    text = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text).replace("○", "〇")
    if text.isdigit():
        return int(text)
    if len(text) >= 2 and all(ch in _ZH_DIGITS for ch in text):
        return int("".join(str(_ZH_DIGITS[ch]) for ch in text))
    import cn2an  # 0.4 s to import; most dates never get here

    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if value == int(value) else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, start: int = 0, end: int | None = None, *, day_only: bool = True) -> list[DateMention]:
    """Date mentions in text[start:end], in order, without overlaps."""
    end = len(text) if end is None else end
    found: list[DateMention] = []
    region = text[start:end]
    # Cheap tests first: most of a long text has no date at all.
    if "月" in region:
        for m in _zh_dates(text, start, end):
            minguo = m.group("roc") or m.group("roc3")
            year = str(_MINGUO_BEFORE_1 + (zh_int(minguo) or 0)) if minguo else m.group("y")
            _add(found, text, m, year, zh_int(m.group("m")), m.group("d"))
    lowered = region.lower()
    if _MONTH_HINT_RE.search(lowered):
        for m in _en_dates(text, start, end, lowered):
            _add(found, text, m, m.group("y"), MONTHS[m.group("mon").lower()], m.group("d"))
    if "-" in region or "/" in region or "." in region:
        for m in ISO_RE.finditer(text, start, end):
            _add(found, text, m, m.group("y"), int(m.group("m")), m.group("d"))
    if day_only and "日" in region:
        for m in ZH_DAY_ONLY_RE.finditer(text, start, end):
            _add(found, text, m, None, None, m.group("d"))
    found.sort(key=lambda d: (d.span[0], -d.span[1]))
    result: list[DateMention] = []
    for mention in found:
        if not result or mention.span[0] >= result[-1].span[1]:
            result.append(mention)
    return result


def _zh_dates(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`ZH_DATE_RE.finditer(text, start, end)`, scanning only around each 月 (found by
    `str.find`): the pattern opens with optional groups, so `re` would try it at every
    character, and that was the biggest part of the parse time of caption-dense text. Each
    match holds exactly one 月, at most `_ZH_BEFORE_MONTH` characters after its start."""
    pos = start  # matches do not overlap: the next one starts at or after the last one's end
    month = text.find("月", start, end)
    while month >= 0:
        m = ZH_DATE_RE.search(text, max(pos, month - _ZH_BEFORE_MONTH),
                              min(end, month + 1 + _ZH_AFTER_MONTH))
        if m and m.start() <= month < m.end():
            yield m
            pos = m.end()
        month = text.find("月", max(pos, month + 1), end)


def _en_dates(text: str, start: int, end: int, lowered: str) -> list[re.Match[str]]:
    """`EN_MDY_RE.finditer(text, start, end)` then `EN_DMY_RE`'s, tried only around each month
    word's first letters (found in the lower-cased region): case-insensitive, the patterns
    cannot skip ahead by their first characters, and trying them at every word was the
    biggest part of an English caption's parse time. Every match holds a month word, at most
    `_EN_BEFORE_MONTH` characters after the match's start."""
    if len(lowered) != end - start:  # lower-casing changed the length: positions differ
        return [*EN_MDY_RE.finditer(text, start, end), *EN_DMY_RE.finditer(text, start, end)]
    months = [start + hint.start() for hint in _MONTH_HINT_RE.finditer(lowered)]
    found: list[re.Match[str]] = []
    for regex in (EN_MDY_RE, EN_DMY_RE):
        pos = start  # as finditer: the next match starts at or after the last one's end
        for month in months:
            if month < pos:
                continue
            window_end = min(end, month + _EN_AFTER_MONTH)
            window_start = max(pos, month - _EN_BEFORE_MONTH)
            m = regex.search(text, window_start, window_end)
            if m and m.end() == window_end < end:  # may be cut by the window: look again
                m = regex.search(text, window_start, end)
            if m and m.start() <= month:
                found.append(m)
                pos = m.end()
    return found


def _add(found: list[DateMention], text: str, m: re.Match[str], year_text: str | None,
         month: int | None, day_text: str) -> None:
    year = zh_int(year_text) if year_text else None
    day = zh_int(day_text)
    if day is None or not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
        return
    if year is not None and (not 1800 <= year <= 2200 or month is None or _safe_date(year, month, day) is None):
        return
    if any(f.span[0] <= m.start() and m.end() <= f.span[1] for f in found):
        return
    found.append(DateMention(year, month, day, m.span(), m.group(0)))


def complete(mention: DateMention, sources: list[tuple[str, int | None, int | None]]) -> tuple[dt.date | None, str | None]:
    """Fill a mention's missing year (and month) from `sources`, tried in order.

    Each source is ``(name, year, month)``; the first that supplies what is missing wins, and
    its name is returned as the date's source. A printed full date is its own source.
    """
    if mention.date is not None:
        return mention.date, "caption"
    for name, year, month in sources:
        if mention.month is None and month is None:
            continue
        y = mention.year if mention.year is not None else year
        mo = mention.month if mention.month is not None else month
        if y is None or mo is None:
            continue
        date = _safe_date(y, mo, mention.day)
        if date is not None:
            return date, name
    return None, None
