"""The article's own fields: its headline, its writers (bylines in Chinese and English) and
its date (a date line, a 新华社…电 / 华龙网…讯 dateline, an English wire dateline).
"""

from __future__ import annotations

import bisect
import re

from caption_studio.core.article import credits as cr
from caption_studio.core.article.dates import find_dates
from caption_studio.core.article.layout import PEOPLE_LINE_RE, Paragraphs, in_chrome
from caption_studio.core.article.model import Person


def _inside(pos: int, spans: list[tuple[int, cr.CreditMatch]]) -> bool:
    # Spans are sorted and disjoint: only the last one starting at or before `pos` can hold it
    # (a scan over all of them made the byline search quadratic on caption-dense text).
    i = bisect.bisect_right(spans, pos, key=lambda span: span[0]) - 1
    return i >= 0 and pos < spans[i][1].span[1]


def headline_of(text: str, paras: Paragraphs,
              spans: list[tuple[int, cr.CreditMatch]]) -> tuple[str | None, tuple[int, int] | None]:
    # The first line that is no page furniture (第5版, 专栏:, a column's label 图片故事).
    start = end = None
    for k in range(min(3, len(paras.starts))):
        pos = paras.starts[k]
        while pos < paras.ends[k] and start is None:
            line_end = text.find("\n", pos, paras.ends[k])
            line_end = paras.ends[k] if line_end < 0 else line_end
            if not in_chrome(text, pos) and text[pos:line_end].strip():
                start, end = pos, line_end
            pos = line_end + 1
        if start is not None:
            break
    if start is None or end is None:
        return None, None
    m = re.match(r"#{1,6}[ \t]*", text[start:end])
    if m:
        start += m.end()
    line = text[start:end].strip()
    if not line or len(line) > 160 or _inside(start, spans):
        return None, None
    return line, (start, start + len(line))


_BRACKET_BYLINE_RE = re.compile(rf"[（(][ \u3000]*(?P<people>{cr._ZH_PEOPLE_MANY})[ \u3000]*[）)]")
_WEN_RE = re.compile(rf"(?:^|(?<=\s))(?:文|撰文|文字)[ \u3000]*[/／|｜：:][ \u3000]*(?P<people>{cr._ZH_PEOPLE_MANY}|{cr._ZH_NAMES})(?=\s|$|图)")
_EN_ORGS = r"(?:The[ ])?(?:Associated Press|AP|Reuters|AFP|Xinhua|China Daily|Bloomberg|Getty Images|EFE|CNN|BBC)"
_EN_BY_RE = re.compile(rf"(?:By|BY)[ ]+(?P<names>{cr._EN_NAMES})(?:[ ]+in[ ][A-Z][\w ]*)?[ ]*$")
_EN_ORG_TAIL_RE = re.compile(rf"[ ,]+(?P<org>{_EN_ORGS})[ ]*$")
_EN_REPORTING_RE = re.compile(rf"(?:^|[;.(\[]\s*)(?:Reporting|Additional reporting|Writing|Reported) by (?P<names>{cr._EN_NAMES})(?:[ ]in[ ][A-Z][\w]*)?")


def writers_of(text: str, spans: list[tuple[int, cr.CreditMatch]]) -> list[Person]:
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
            # Each pattern only where its own words are: on caption-dense text most such
            # lines are credits, and trying every pattern on them was a twentieth of the time.
            if "文" in line:
                for m in _WEN_RE.finditer(line):
                    add(cr.split_people(m.group("people"), line_start + m.start("people")))
            if "（" in line or "(" in line:
                for m in _BRACKET_BYLINE_RE.finditer(line):
                    add(cr.split_people(m.group("people"), line_start + m.start("people")))
            stripped = line.strip()
            if len(stripped) < 80:
                m = PEOPLE_LINE_RE.fullmatch(stripped)
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


_WEB_STAMP_RE = re.compile(r"(?m)^[ \t]*((?:19|20)\d\d)[ ](\d{1,2})/(\d{1,2})[ ]\d{1,2}:\d\d")


def article_reference(text: str, paras: Paragraphs,
                       spans: list[tuple[int, cr.CreditMatch]]) -> tuple[int | None, int | None, int | None]:
    """The article's own date as far as it is printed: (year, month, day), each maybe None."""
    header_end = min(len(text), max(paras.ends[:6], default=0), 800)
    for mention in find_dates(text, 0, header_end, day_only=False):
        if mention.year and not _inside(mention.span[0], spans):
            return mention.year, mention.month, mention.day
    m = _WEB_STAMP_RE.search(text, 0, header_end)  # xinhuanet's 2024 09/21 20:49:32
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
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
