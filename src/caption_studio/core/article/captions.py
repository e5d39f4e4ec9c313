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

import bisect
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import Any

from caption_studio.core.article import credits as cr
from caption_studio.core.article import places
from caption_studio.core.article.dates import DateMention, complete, find_dates

MAX_CAPTION_CHARS = 600


@dataclass(slots=True)
class Person:
    name: str
    role: str | None = None
    org: str | None = None
    span: tuple[int, int] | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "org": self.org,
                "span": list(self.span) if self.span else None}


@dataclass(slots=True)
class Caption:
    text: str
    description: str
    date: dt.date | None
    date_source: str | None
    location: str | None
    photographers: list[Person]
    credit: str | None
    span: tuple[int, int]
    date_text: str | None = None
    flag: str | None = None  # File, File Photo, （资料图片）
    style: str | None = None  # key of the credit style that found it
    field_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    place: places.Place | None = None  # sublocation, city, province, country from `location`

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "description": self.description,
            "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source,
            "date_text": self.date_text,
            "location": self.location,
            "photographers": [p.to_json() for p in self.photographers],
            "credit": self.credit,
            "flag": self.flag,
            "style": self.style,
            "span": list(self.span),
            "field_spans": {k: list(v) for k, v in self.field_spans.items()},
            "place": self.place.to_json() if self.place else None,
        }


@dataclass
class ParsedArticle:
    headline: str | None
    date: dt.date | None
    writers: list[Person]
    captions: list[Caption]
    text: str
    date_source: str | None = None
    headline_span: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "article": {
                "headline": self.headline,
                "date": self.date.isoformat() if self.date else None,
                "date_source": self.date_source,
                "writers": [w.to_json() for w in self.writers],
                "headline_span": list(self.headline_span) if self.headline_span else None,
                "length": len(self.text),
            },
            "captions": [c.to_json() for c in self.captions],
        }


def parse_article_file(path: str | os.PathLike[str], *, year: int | None = None,
                       default_date: dt.date | None = None) -> ParsedArticle:
    from caption_studio.core.article.decode import read_article_file

    return parse_article(read_article_file(path), year=year, default_date=default_date)


# --- layout -----------------------------------------------------------------------------

# What a web page or e-paper puts around the article: 第5版(摄影) 专栏:摄影报道, 责任编辑:某某.
_CHROME_RE = re.compile(r"[ \t]*(?:第[0-9０-９一二三四五六七八九十]+版|专栏[:：]|【?责任编辑[:：]|来源[:：]"
                        r"|当前位置|首页[ ]?>|Home[ ]?>|Next Photo|Previous Photo)")


def _in_chrome(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(_CHROME_RE.match(text, line_start))


_PARA_SEP_RE = re.compile(r"\n(?:[ \t\u3000\xa0]*\n)+")
_TERMINAL = "。！？!?”\"’）)】.…；;"
_HEADING_RE = re.compile(r"#|——|—|－－|--|\*\*")
_CAPTION_START_RE = re.compile(
    r"(?:[▲△■●◆□]\s*)?(?:图为|这是|上图|下图|图[一二三四五六1-9]|[（(]?\d|[〇零一二三四五六七八九十]{1,4}[年月]"
    r"|[A-Z][A-Z .'’-]+(?:, [A-Z][A-Z .'’-]+)* - )"
)
_HAN_RE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…·]")


@dataclass
class _Paragraphs:
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> _Paragraphs:
        starts, ends = [], []
        pos = 0
        for sep in [*_PARA_SEP_RE.finditer(text), None]:
            end = sep.start() if sep else len(text)
            chunk = text[pos:end]
            if chunk.strip():
                lead = len(chunk) - len(chunk.lstrip())
                starts.append(pos + lead)
                ends.append(pos + len(chunk.rstrip()))
            pos = sep.end() if sep else len(text)
        return cls(starts, ends)

    def index_at(self, pos: int) -> int:
        """Index of the paragraph holding `pos` (or the last one starting before it)."""
        return max(0, bisect.bisect_right(self.starts, pos) - 1)


def clean(text: str) -> str:
    """Remove layout whitespace: breaks between Han characters vanish, others become a space."""

    def join(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if _HAN_RE.match(before or " ") and _HAN_RE.match(after or " "):
            return ""
        return " "

    if "\n" in text:
        text = _BREAK_RE.sub(join, text)
    return _SPACES_RE.sub(" ", text).strip()


_BREAK_RE = re.compile(r"[ \t\u3000\xa0]*\n\s*")
_SPACES_RE = re.compile(r"[ \t\xa0]{2,}")


# --- captions ---------------------------------------------------------------------------

def parse_article(text: str, *, year: int | None = None,
                  default_date: dt.date | None = None) -> ParsedArticle:
    if "\r" in text:
        text = re.sub(r"\r\n?", "\n", text)
    paras = _Paragraphs.of(text)
    credit_matches = [m for m in cr.find_credits(text) if not _in_chrome(text, m.span[0])]
    group: dict[int, list[tuple[int, int]]] = {}
    spans = _caption_spans(text, paras, credit_matches, group)

    headline, headline_span = _headline(text, paras, spans)
    writers = _writers(text, spans)
    art_year, art_month, art_day = _article_reference(text, paras, spans)
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
    context = f"{headline or ''}\n{text[:300]}"
    for c in captions:
        c.place = places.locate(c.location, c.description, context)
    return ParsedArticle(headline, art_date, writers, captions, text, art_source, headline_span)


def _looks_like_heading(text: str) -> bool:
    return bool(_HEADING_RE.match(text)) or (len(text) < 40 and not text.endswith(tuple(_TERMINAL)))


def _caption_spans(text: str, paras: _Paragraphs, matches: list[cr.CreditMatch],
                   group: dict[int, list[tuple[int, int]]] | None = None) -> list[tuple[int, cr.CreditMatch]]:
    """Caption starts, one per credit. `group` receives, by the index of a credit standing
    alone after several short captions (a picture group: 4月9日在某地拍摄的草场。/ 4月9日，游客在
    某地骑马。/ 新华社记者 X 摄), the (start, end) of the captions before the last that it serves."""
    spans: list[tuple[int, cr.CreditMatch]] = []
    prev_end = 0
    for match in matches:
        c_start = match.span[0]
        i = paras.index_at(c_start)
        lo = max(prev_end, paras.starts[i] if paras.starts else 0)
        # Never slice text[lo:c_start] whole: when credits are skipped (bylines) `lo` stays put
        # and the region grows, which made a long paragraph of them quadratic.
        first = _NON_SPACE_RE.search(text, lo, c_start)
        if first is None:
            if spans and prev_end > (paras.starts[i] if paras.starts else 0) or (spans and lo == prev_end and not text[prev_end:c_start].strip()):
                continue  # a second credit straight after a caption: kept with it
            if i == 0 or paras.starts[i] > c_start or paras.starts[i - 1] < prev_end:
                continue  # a credit with nothing to caption
            prev_text = text[paras.starts[i - 1]:paras.ends[i - 1]]
            if _HEADING_RE.match(prev_text):
                continue
            i -= 1
            lo = paras.starts[i]
            if group is not None and _group_member(text, paras, i):
                members = []
                j = i - 1
                while j >= 0 and paras.starts[j] >= prev_end and _group_member(text, paras, j):
                    members.append((paras.starts[j], paras.ends[j]))
                    j -= 1
                if members:
                    group[len(spans)] = members[::-1]
        else:
            lo = first.start()
        if _is_byline_at(text, lo, c_start):
            continue
        # A caption cut by a page break: join the halves again.
        while i > 0 and paras.starts[i] >= lo and paras.starts[i - 1] >= prev_end:
            if c_start - paras.starts[i - 1] > MAX_CAPTION_CHARS:
                break  # tested first so that `before` is never a long paragraph
            before = text[paras.starts[i - 1]:paras.ends[i - 1]]
            if (before.endswith(tuple(_TERMINAL)) or _HEADING_RE.match(before) or _is_byline_body(before)
                    or _is_picture_title(before)
                    or _CAPTION_START_RE.match(text, lo)
                    or not (_HAN_RE.match(before[-1]) or _latin_continues(before, text[lo]))):
                break
            i -= 1
            lo = paras.starts[i]
        if c_start - lo > MAX_CAPTION_CHARS:
            lo = _trim_to_sentence(text, c_start - MAX_CAPTION_CHARS, c_start)
        spans.append((lo, match))
        prev_end = match.span[1]
    return spans


def _group_member(text: str, paras: _Paragraphs, i: int) -> bool:
    """A short paragraph that reads as a caption of its own: it opens as captions do (a date,
    这是, 图为) and ends a sentence."""
    lo, hi = paras.starts[i], paras.ends[i]
    return (hi - lo <= 200 and bool(_CAPTION_START_RE.match(text, lo))
            and text[hi - 1] in "。）)" and "\n" not in text[lo:hi])


_TITLE_RE = re.compile(r"[^\s，,。．.、；;：:！？!?（）()“”\"]{2,16}")


def _is_picture_title(paragraph: str) -> bool:
    """A picture story's title line above its caption (茶山新绿): short and without any
    punctuation, unlike the first half of a caption cut by a page break."""
    return bool(_TITLE_RE.fullmatch(paragraph))


_OPEN_WORDS = {"in", "at", "on", "of", "the", "a", "an", "and", "to", "for", "from", "with", "by",
               "taken", "near", "during", "after", "before", "as", "shows", "show", "is", "are"}


def _latin_continues(before: str, next_char: str) -> bool:
    """Whether Latin text cut by a break goes on in the next paragraph."""
    if before.endswith(","):
        return True
    words = before.split()
    return next_char.islower() or next_char.isdigit() or bool(words and words[-1].lower() in _OPEN_WORDS)


_SENTENCE_END_RE = re.compile(r"[。！？!?]\s*|\.\s+")


def _trim_to_sentence(text: str, lo: int, hi: int) -> int:
    m = _SENTENCE_END_RE.search(text, lo, hi)
    return m.end() if m else lo


_BYLINE_BODY_RE = re.compile(r"\s*(?:文|撰文|文字)\s*[/／|｜：:]")


_NON_SPACE_RE = re.compile(r"\S")


def _is_byline_at(text: str, lo: int, hi: int) -> bool:
    """`_is_byline_body(text[lo:hi])` without copying a region that may be long."""
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    first = _NON_SPACE_RE.search(text, lo, hi)
    if first is None:
        return False
    lo = first.start()
    return bool(_BYLINE_BODY_RE.match(text, lo, hi) or _PEOPLE_LINE_RE.fullmatch(text, lo, hi)
                or (hi - lo < 120 and text.startswith(("By ", "BY "), lo, hi)))


def _is_byline_body(body: str) -> bool:
    body = body.strip()  # stripped first: the patterns look behind the start
    return _is_byline_at(body, 0, len(body))


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
        found = _zh_location(text, desc_start, desc_end) or _en_location(text, desc_start, desc_end, mention)
        if found:
            location = clean(text[found[0]:found[1]])
            fields["location"] = found

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


_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


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


# --- locations --------------------------------------------------------------------------

_PLACE_SUFFIX = (
    r"(?:省|市|县|区|镇|乡|村|街道|街|路|巷|园|院|厂|局|馆|场|站|港|中心|公司|车间|基地|码头|工地|现场"
    r"|桥|隧道|社区|小区|学校|大学|中学|小学|机场|口岸|山|湖|江|河|岛|湾|海|州|寺|楼|厅|堂|室|店|所|校"
    r"|田|坝|实验室|库区|水库|林场|牧场|农场|湿地|古镇|古城|大厦|酒店|宾馆|剧院|段|线|区域|一带|门|城|峡|滩"
    r"|道|口|台|夜市)"
)
_LOCATIVE = "(?:[前后旁边内外里上下中])?"
_ZH_PLACE_SEGMENT_RE = re.compile(rf"[^，,。；;：:！？\s]{{1,40}}{_PLACE_SUFFIX}{_LOCATIVE}")
_ZH_SUFFIX_RE = re.compile(_PLACE_SUFFIX)
_ZH_GO_TO_RE = re.compile(r"走进|来到|走访")
_ZH_AT_RE = re.compile(r"(?:在|于|走进|来到)(?P<seg>[^，,。；;：:！？\s在于（(]{2,40})")
# Characters that end a place name when it is followed by what happens there.
_ZH_NOT_PLACE = set("为把给向对与和跟从将被让的了着过是有看品赏")
_ZH_SHOT_AT_RE = re.compile(r"在(?P<loc>[^，,。；;：:！？\s（(]{2,30}?)(?:拍摄|航拍|摄)")


_CLAUSE_RE = re.compile(r"[^，,。；;！？]+")


def _names_a_division(seg: str) -> bool:
    """A clause that opens with a division's full name and holds no action is a place even
    without a place word at its end (云南省西双版纳傣族自治州景洪市告庄, 上海市浦东新区陆家嘴)."""
    return len(seg) <= 30 and not _ZH_NOT_PLACE.intersection(seg) and places.starts_with_place(seg)


def _zh_location(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    region = text[lo:hi]
    if not _HAN_RE.search(region[:20]):
        return None
    # Leading clauses that name a place: 4月23日，渝北区某某园，技术人员调试设备。
    pos = 0
    first = last = None
    for clause in _CLAUSE_RE.finditer(region):
        piece = clause.group(0)
        if clause.end() >= len(region.rstrip("。！？!?. ")):
            break  # the last clause says what happens
        core_start = clause.start()
        if piece.startswith(("在", "于")):
            core_start += 1
        elif "在" in piece:
            core_start = clause.start() + piece.rindex("在") + 1
        else:
            marker = _ZH_GO_TO_RE.search(piece)  # 采访团走进铜梁区安居古城
            if marker:
                core_start = clause.start() + marker.end()
        seg = region[core_start:clause.end()]
        if clause.start() != pos or not (_ZH_PLACE_SEGMENT_RE.fullmatch(seg.strip())
                                         or _names_a_division(seg.strip())):
            break
        if first is None:
            first = core_start
        last = clause.end()
        pos = clause.end() + 1
    if first is not None and last is not None:
        return lo + first, lo + last
    m = _ZH_SHOT_AT_RE.search(region)
    if m:
        return lo + m.start("loc"), lo + m.end("loc")
    for m in _ZH_AT_RE.finditer(region):
        seg_start, seg = m.start("seg"), m.group("seg")
        end = None
        for suffix in _ZH_SUFFIX_RE.finditer(seg):
            if end is None:
                if suffix.end() >= 2:
                    end = suffix.end()
            elif suffix.end() - end <= 8 and not _ZH_NOT_PLACE.intersection(seg[end:suffix.end()]):
                end = suffix.end()
            else:
                break
        if end is not None:
            return lo + seg_start, lo + seg_start + end
    return None


_EN_STOP = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
            "jul", "aug", "sep", "sept", "oct", "nov", "dec", "on", "the"}
_CAP = r"[A-Z][\w'’.-]*"
_DIR = (r"(?:north|south|east|west|central|northern|southern|eastern|western|northeast|northwest"
        r"|southeast|southwest|east-central|[Nn]orth[- ]?[Ee]ast|[Ss]outh[- ]?[Ww]est)")
_EN_ADMIN = r"(?:[ ](?:county|district|province|city|village|town|township|region|prefecture|municipality))?"
# One name of a place as wires print it: `Congjiang County`, `capital of northeast China's
# Heilongjiang Province`, `Shapingba District of southwest China's Chongqing Municipality`,
# `Honghe Hani and Yi Autonomous Prefecture`.
_EN_NAME = (rf"(?:(?:capital|outskirts|suburbs)[ ]of[ ])?(?:{_DIR}[ ])?(?:China['’]s[ ])?"
            rf"{_CAP}(?:[ ](?:{_CAP}|de|la))*{_EN_ADMIN}")
_EN_PLACE = rf"{_EN_NAME}(?:[ ](?:of|and)[ ]{_EN_NAME})*(?:,[ ](?:in[ ])?{_EN_NAME}(?:[ ](?:of|and)[ ]{_EN_NAME})*)*"
_EN_IN_RE = re.compile(rf"\b(?:in|at|near|outside|from)[ ](?P<loc>{_EN_PLACE})")
# What a cut leaves dangling: `Hengcheng, in China's` (southern province).
_DANGLING_RE = re.compile(r"(?:,?[ ]in)?(?:[ ][A-Z]\w*['’]s)?$")
_POSSESSIVE_RE = re.compile(r"(?<!China)['’]s\b")  # in Xi's speech: no place


def _en_location(text: str, lo: int, hi: int, mention: DateMention | None) -> tuple[int, int] | None:
    limit = mention.span[0] if mention and mention.span[0] > lo + 10 else hi
    candidates = [m for m in _EN_IN_RE.finditer(text, lo, hi) if not _POSSESSIVE_RE.search(m.group("loc"))]
    before = [m for m in candidates if m.start() < limit]
    best = (before or candidates or [None])[-1]
    if best is None:
        return None
    words = re.finditer(r"[^\s,]+", best.group("loc"))
    end = best.start("loc")
    for w in words:
        token = w.group(0).rstrip(".").lower()
        if token in _EN_STOP or token[:1].isdigit():
            break
        end = best.start("loc") + w.end()
    loc_text = _DANGLING_RE.sub("", text[best.start("loc"):end].rstrip(" ,."))
    if not loc_text:
        return None
    return best.start("loc"), best.start("loc") + len(loc_text)


# --- headline, byline, article date -----------------------------------------------------

def _inside(pos: int, spans: list[tuple[int, cr.CreditMatch]]) -> bool:
    # Spans are sorted and disjoint: only the last one starting at or before `pos` can hold it
    # (a scan over all of them made the byline search quadratic on caption-dense text).
    i = bisect.bisect_right(spans, pos, key=lambda span: span[0]) - 1
    return i >= 0 and pos < spans[i][1].span[1]


def _headline(text: str, paras: _Paragraphs,
              spans: list[tuple[int, cr.CreditMatch]]) -> tuple[str | None, tuple[int, int] | None]:
    first = next((k for k in range(min(3, len(paras.starts))) if not _in_chrome(text, paras.starts[k])), None)
    if first is None:
        return None, None
    start = paras.starts[first]
    line_end = text.find("\n", start, paras.ends[first])
    end = paras.ends[first] if line_end < 0 else line_end
    m = re.match(r"#{1,6}[ \t]*", text[start:end])
    if m:
        start += m.end()
    line = text[start:end].strip()
    if not line or len(line) > 160 or _inside(start, spans):
        return None, None
    return line, (start, start + len(line))


_PEOPLE_LINE_RE = re.compile(rf"(?:本报讯)?[ \u3000]*(?P<people>{cr._ZH_PEOPLE_MANY})[ \u3000]*(?:报道)?")
_BRACKET_BYLINE_RE = re.compile(rf"[（(][ \u3000]*(?P<people>{cr._ZH_PEOPLE_MANY})[ \u3000]*[）)]")
_WEN_RE = re.compile(rf"(?:^|(?<=\s))(?:文|撰文|文字)[ \u3000]*[/／|｜：:][ \u3000]*(?P<people>{cr._ZH_PEOPLE_MANY}|{cr._ZH_NAMES})(?=\s|$|图)")
_EN_ORGS = r"(?:The[ ])?(?:Associated Press|AP|Reuters|AFP|Xinhua|China Daily|Bloomberg|Getty Images|EFE|CNN|BBC)"
_EN_BY_RE = re.compile(rf"(?:By|BY)[ ]+(?P<names>{cr._EN_NAMES})(?:[ ]+in[ ][A-Z][\w ]*)?[ ]*$")
_EN_ORG_TAIL_RE = re.compile(rf"[ ,]+(?P<org>{_EN_ORGS})[ ]*$")
_EN_REPORTING_RE = re.compile(rf"(?:^|[;.(\[]\s*)(?:Reporting|Additional reporting|Writing|Reported) by (?P<names>{cr._EN_NAMES})(?:[ ]in[ ][A-Z][\w]*)?")


def _writers(text: str, spans: list[tuple[int, cr.CreditMatch]]) -> list[Person]:
    writers: list[Person] = []
    seen: set[str] = set()

    def add(people: list[cr.CreditPerson], org: str | None = None) -> None:
        for p in people:
            if p.name not in seen and not _inside(p.span[0], spans):
                seen.add(p.name)
                writers.append(Person(p.name, p.role, org, span=p.span))

    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        if "记者" in line or "通讯员" in line or "文" in line or "实习生" in line:
            for m in _WEN_RE.finditer(line):
                add(cr.split_people(m.group("people"), line_start + m.start("people")))
            for m in _BRACKET_BYLINE_RE.finditer(line):
                add(cr.split_people(m.group("people"), line_start + m.start("people")))
            stripped = line.strip()
            if len(stripped) < 80:
                m = _PEOPLE_LINE_RE.fullmatch(stripped)
                if m:
                    offset = line_start + line.index(stripped) + m.start("people")
                    add(cr.split_people(m.group("people"), offset))
        elif line.startswith(("By ", "BY ")):
            body = line.split("|")[0].rstrip()
            org_m = _EN_ORG_TAIL_RE.search(body)
            if org_m:
                body = body[:org_m.start()]
            m = _EN_BY_RE.match(body)
            if m:
                org = _org(org_m.group("org")) if org_m else None
                add(cr.split_latin_names(m.group("names"), line_start + m.start("names")), org)
        if "by " in line:
            for m in _EN_REPORTING_RE.finditer(line):
                add(cr.split_latin_names(m.group("names"), line_start + m.start("names")))
    return writers


def _org(org: str | None) -> str | None:
    if not org:
        return None
    org = org.removeprefix("The ")
    return "AP" if org in ("Associated Press", "AP") else org


_DATELINE_ZH_RE = re.compile(
    r"(?:新华社|中新社|中新网|本报讯|人民网|新华网|央视网|本报)[^\n，。]{0,14}?"
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日电?"
    # Any paper's site: 华龙网4月12日讯, 上游新闻4月12日电.
    r"|(?:^|(?<=\n))[\u4e00-\u9fff]{2,8}(?:网|报|台|新闻|客户端)(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日(?:讯|电)"
)
_DATELINE_EN_RE = re.compile(
    r"^[A-Z][A-Za-z .'’-]+,[ ](?P<date>[A-Z][a-z]+\.?[ ]\d{1,2})[ ]\((?:Reuters|Xinhua|AFP|AP)\)", re.MULTILINE
)


def _article_reference(text: str, paras: _Paragraphs,
                       spans: list[tuple[int, cr.CreditMatch]]) -> tuple[int | None, int | None, int | None]:
    """The article's own date as far as it is printed: (year, month, day), each maybe None."""
    header_end = min(len(text), max(paras.ends[:6], default=0), 800)
    for mention in find_dates(text, 0, header_end, day_only=False):
        if mention.year and not _inside(mention.span[0], spans):
            return mention.year, mention.month, mention.day
    head = text[:3000]
    m = _DATELINE_ZH_RE.search(head)
    if m and not _inside(m.start(), spans):
        y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("m") else (m.group("y2"), m.group("m2"), m.group("d2"))
        return (int(y) if y else None), int(mo), int(d)
    m = _DATELINE_EN_RE.search(head)
    if m:
        found = find_dates(m.group("date"))
        if found:
            return None, found[0].month, found[0].day
    return None, None, None
