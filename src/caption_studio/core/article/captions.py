"""Text -> captions: find the photo captions printed in an article and split them into fields.

Captions are found by their credit lines (`credits.CREDIT_STYLES`): a credit ends a caption,
and the caption runs back to the previous caption or the start of its paragraph. When the
credit sits alone in its paragraph, the caption is the paragraph before it; when a page break
cut a caption in two, the halves are joined again. Body text that merely mentions 记者 or a
date has no credit and is never a caption.

Every caption and field keeps its ``[start, end)`` span in `ParsedArticle.text`; `text` and
`description` are given with layout whitespace (line and page breaks) removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from caption_studio.core.article import credits as cr
from caption_studio.core.article import places
from caption_studio.core.article.bylines import article_reference, headline_of, writers_of
from caption_studio.core.article.dates import DateMention, complete, find_dates
from caption_studio.core.article.layout import (
    MAX_CAPTION_CHARS,
    Paragraphs,
    caption_spans,
    clean,
    in_chrome,
)
from caption_studio.core.article.locations import en_location, zh_location
from caption_studio.core.article.model import Caption, ParsedArticle, Person
from caption_studio.core.article.script import Restorer, simplified_view

__all__ = ["MAX_CAPTION_CHARS", "Caption", "ParsedArticle", "Person", "clean", "parse_article",
           "parse_article_file"]


def parse_article_file(path: str | os.PathLike[str], *, year: int | None = None,
                       default_date: dt.date | None = None) -> ParsedArticle:
    from caption_studio.core.article.decode import read_article_file

    return parse_article(read_article_file(path), year=year, default_date=default_date)


def parse_article(text: str, *, year: int | None = None,
                  default_date: dt.date | None = None) -> ParsedArticle:
    if "\r" in text:
        text = re.sub(r"\r\n?", "\n", text)
    view = simplified_view(text)  # a traditional-Chinese article: read in simplified form
    with _collector_paused():
        parsed = _parse(view, year, default_date)
    return parsed if view is text else _restored(parsed, Restorer(text, view))


def _restored(parsed: ParsedArticle, back: Restorer) -> ParsedArticle:
    """The parse of a simplified view with every field in the original's characters."""

    def person(p: Person) -> Person:
        return Person(back.span(p.name, p.span), back.plain(p.role), back.plain(p.org),
                      span=p.span)

    for c in parsed.captions:
        c.text = back.span(c.text, c.span)
        c.description = back.span(c.description, c.field_spans.get("description"))
        c.location = back.span(c.location, c.field_spans.get("location"))
        c.credit = back.span(c.credit, c.field_spans.get("credit"))
        c.date_text, c.flag = back.plain(c.date_text), back.plain(c.flag)
        c.photographers = [person(p) for p in c.photographers]
        at = c.field_spans.get("location")
        c.place = places.in_script(c.place, lambda sub, at=at: back.span(sub, at),
                                   back.traditional)
    parsed.writers = [person(w) for w in parsed.writers]
    parsed.headline = back.span(parsed.headline, parsed.headline_span)
    parsed.text = back.original
    return parsed


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing makes a few dozen small objects per caption and no reference cycles, so the cyclic
    garbage collector has nothing to find in them; its full passes over the growing results
    were a tenth of the time of a 4 MB article. Paused here, it catches up afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(text: str, year: int | None, default_date: dt.date | None) -> ParsedArticle:
    paras = Paragraphs.of(text)
    credit_matches = [m for m in cr.find_credits(text) if not in_chrome(text, m.span[0])]
    group: dict[int, list[tuple[int, int]]] = {}
    spans = caption_spans(text, paras, credit_matches, group)

    headline, headline_span = headline_of(text, paras, spans)
    writers = writers_of(text, spans)
    art_year, art_month, art_day = article_reference(text, paras, spans)
    opt_year = year if year is not None else (default_date.year if default_date else None)
    opt_month = default_date.month if default_date else None

    art_date, art_source = None, None
    if art_month and art_day:
        y, art_source = (art_year, "article") if art_year else (opt_year, "option")
        if y:
            try:
                art_date = dt.date(y, art_month, art_day)
            except ValueError:
                art_date, art_source = None, None
    if art_date is None:
        art_source = None

    # Where a caption's missing year (and, for 23日, month) comes from, in order of trust.
    sources = _Sources(
        month_day=[("article", art_year, None), ("option", opt_year, None)],
        day_only=[("article", art_year, art_month),
                  ("article", opt_year if art_month and not art_year else None, art_month),
                  ("option", opt_year, opt_month)],
    )
    captions = []
    for n, (start, match) in enumerate(spans):
        for lo, hi in group.get(n, ()):
            captions.append(_caption(text, lo, match, sources, own_end=hi))
        captions.append(_caption(text, start, match, sources))
    context, others = places.article_hints(headline, text, (c.location for c in captions))
    for c in captions:
        c.place = places.locate(c.location, c.description, context, others)
    return ParsedArticle(headline, art_date, writers, captions, text, art_source, headline_span)


_GETTY_RE = re.compile(
    r"(?P<loc>[A-Z][A-Z.'’-]*(?:[ ][A-Z][A-Z.'’-]*)*(?:,[ ][A-Z][A-Z.'’-]*(?:[ ][A-Z][A-Z.'’-]*)*)*)"
    r"[ ]+[-–—][ ]+(?P<date>[A-Z]+[ ]\d{1,2}(?:,[ ]\d{4})?)[ ]*:[ ]*"
)
_LEAD_MARK_RE = re.compile(r"[▲△■●◆□\s]*")
_LOCAL_TIME_RE = re.compile(r"(?:(?:当地时间|北京时间)[ ]?)?")  # 当地时间3月29日，…
_AFTER_DATE_RE = re.compile(r"(?:[ ]?(?:上午|下午|中午|晚上|晚间|傍晚|凌晨|清晨|早上|夜间|夜晚|晚|夜|早))?[ ]*[，,、：:][ ]*")


def _caption(text: str, start: int, match: cr.CreditMatch,
             sources: _Sources, own_end: int | None = None) -> Caption:
    """`own_end`: a picture group's caption ends there; its credit is the group's, further on
    (so its spans, which must lie inside the caption, are not kept)."""
    end = match.span[1] if own_end is None else own_end
    c_start = match.span[0] if own_end is None else own_end
    desc_end = c_start
    while desc_end > start and text[desc_end - 1].isspace():
        desc_end -= 1
    desc_start = start + _LEAD_MARK_RE.match(text, start, desc_end).end() - start
    fields: dict[str, tuple[int, int]] = {"credit_line": match.span} if own_end is None else {}
    if match.credit_span and own_end is None:
        fields["credit"] = match.credit_span

    location: str | None = None
    mention: DateMention | None = None
    getty = _GETTY_RE.match(text, desc_start, desc_end)
    mentions = find_dates(text, desc_start, desc_end)
    if getty:
        location = getty.group("loc")
        fields["location"] = getty.span("loc")
        mention = next((m for m in mentions if m.span[0] == getty.start("date")), None)
        desc_start = getty.end()
    else:
        full = [m for m in mentions if m.month is not None]
        mention = full[0] if full else (mentions[0] if mentions else None)
        if mention and _LOCAL_TIME_RE.fullmatch(text, desc_start, mention.span[0]):
            after = _AFTER_DATE_RE.match(text, mention.span[1], desc_end)
            if after:
                desc_start = after.end()

    date, date_source = None, None
    if mention:
        fields["date"] = mention.span
        caption_year = _caption_year(text, desc_start, desc_end, mention, mentions)
        fallbacks = sources.day_only if mention.month is None else sources.month_day
        date, date_source = complete(mention, [("caption", caption_year, None), *fallbacks])

    if location is None:
        span = zh_location(text, desc_start, desc_end)
        found = (span, text[span[0]:span[1]]) if span else en_location(text, desc_start, desc_end, mention)
        if found:
            location = clean(found[1])
            fields["location"] = found[0]

    fields["description"] = (desc_start, desc_end)
    photographers = [Person(p.name, p.role, span=p.span) for p in match.people]
    for n, p in enumerate(match.people):
        if own_end is None:
            fields[f"photographer.{n}"] = p.span
    return Caption(
        text=clean(text[start:end]),
        description=clean(text[desc_start:desc_end]),
        date=date,
        date_source=date_source,
        location=location,
        photographers=photographers,
        credit=match.credit,
        span=(start, end),
        date_text=mention.text if mention else None,
        flag=match.flag,
        style=match.style.key,
        field_spans=fields,
    )


@dataclass
class _Sources:
    month_day: list[tuple[str, int | None, int | None]]
    day_only: list[tuple[str, int | None, int | None]]


# Not a span of years: 2001年以来 (since 2001), 2020年前, 90年代.
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?!以来|以前|以后|前|后|起|至|到|底|初|末|代)")


def _caption_year(text: str, lo: int, hi: int, mention: DateMention,
                  mentions: list[DateMention]) -> int | None:
    """A year printed elsewhere in the caption (a Getty dateline's body repeats the full date)."""
    if mention.year is not None:
        return None
    same_day = [m.year for m in mentions if m.year and (m.month, m.day) == (mention.month, mention.day)]
    if same_day:
        return same_day[0]
    m = _YEAR_RE.search(text, lo, hi)
    return int(m.group(1)) if m else None
