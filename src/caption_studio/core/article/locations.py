"""Where a caption says its photo was taken, as printed: the place clauses after a Chinese
caption's date (4月23日，渝北区某某园，…), 在X拍摄 / 在X举行, and English `in X, Y Province`.
`places` turns the printed place into city, province and country.
"""

from __future__ import annotations

import re

from caption_studio.core.article import places
from caption_studio.core.article.dates import DateMention
from caption_studio.core.article.layout import HAN_RE

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


def zh_location(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    region = text[lo:hi]
    if not HAN_RE.search(region[:20]):
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
# `\b(?:in|at|near|outside|from)`, with the word boundary looked for after each word's first
# letter so that `re` can skip ahead by those letters instead of trying every position.
_EN_IN_RE = re.compile(rf"(?:i(?<!\wi)n|a(?<!\wa)t|n(?<!\wn)ear|o(?<!\wo)utside|f(?<!\wf)rom)[ ](?P<loc>{_EN_PLACE})")
_WORD_RE = re.compile(r"[^\s,]+")
# What a cut leaves dangling: `Hengcheng, in China's` (southern province).
_DANGLING_RE = re.compile(r"(?:,?[ ]in)?(?:[ ][A-Z]\w*['’]s)?$")
_POSSESSIVE_RE = re.compile(r"(?<!China)['’]s\b")  # in Xi's speech: no place


def en_location(text: str, lo: int, hi: int, mention: DateMention | None) -> tuple[int, int] | None:
    limit = mention.span[0] if mention and mention.span[0] > lo + 10 else hi
    candidates = [m for m in _EN_IN_RE.finditer(text, lo, hi) if not _POSSESSIVE_RE.search(m.group("loc"))]
    before = [m for m in candidates if m.start() < limit]
    best = (before or candidates or [None])[-1]
    if best is None:
        return None
    words = _WORD_RE.finditer(best.group("loc"))
    end = best.start("loc")
    for w in words:
        token = w.group(0).rstrip(".").lower()
        if token in _EN_STOP or token[:1].isdigit():
            break
        end = best.start("loc") + w.end()
    loc_text = text[best.start("loc"):end].rstrip(" ,.")
    if loc_text.endswith(("in", "s")):  # all a dangling end can end with; `sub` tries every position
        loc_text = _DANGLING_RE.sub("", loc_text)
    if not loc_text:
        return None
    return best.start("loc"), best.start("loc") + len(loc_text)
