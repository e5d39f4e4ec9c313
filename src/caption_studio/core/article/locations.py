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
    r"(?:省|市|县|区|镇|乡|村|街道|街|路|巷|园|院|厂|局|馆|场|站|港|中心|公司|车间|基地|码头|工地|现场|塔"
    r"|桥|隧道|社区|小区|学校|大学|中学|小学|机场|口岸|山|湖|江|河|岛|湾|海|州|寺|楼|厅|堂|室|店|所|校"
    r"|田|坝|实验室|库区|水库|林场|牧场|农场|湿地|古镇|古城|大厦|酒店|宾馆|剧院|段|线|区域|一带|门|城|峡|滩"
    r"|道|口|台|夜市|盟|旗)"
)
_LOCATIVE = "(?:[前后旁边内外里上下中])?"
_ZH_PLACE_SEGMENT_RE = re.compile(rf"[^，,。；;：:！？\s]{{1,40}}{_PLACE_SUFFIX}{_LOCATIVE}")
_ZH_SUFFIX_RE = re.compile(_PLACE_SUFFIX)
_ZH_GO_TO_RE = re.compile(r"走进|来到|走访")
_ZH_AT_RE = re.compile(r"(?:在|于|走进|来到)(?P<seg>[^，,。；;：:！？\s在于（(]{2,40})")
# Characters that end a place name when it is followed by what happens there.
_ZH_NOT_PLACE = set("为把给向对与和跟从将被让的了着过是有看品赏")
_SHOT_OF_RE = re.compile(r"(?:拍摄|航拍)的(?P<seg>[^，,。；;：:！？\s（(]{2,40})")
_ZH_SHOT_AT_RE = re.compile(r"在(?P<loc>[^，,。；;：:！？\s（(]{2,30}?)(?:拍摄|航拍|摄)")
# 在 and 于 are the locative preposition only when they are not the end of another word:
# 意在推广… (aims to), 现在, 所在, 存在; 由于, 关于, 对于, 用于, 致力于.
_NOT_LOCATIVE_BEFORE = {"在": frozenset("意旨志重贵难现所存实内潜好自"),
                        "于": frozenset("由关对属终善用等至勇敢乐便易急忙力归基鉴")}
# After 正在 (is doing) comes either a place (正在车间组装) or what is being done (正在推进港口
# 建设): a clause that goes on with an action word is not a place.
_ACTION_START_RE = re.compile(
    r"推进|推广|推动|建设|打造|进行|举行|开展|加紧|抓紧|紧张|忙着|准备|组织|排练|筹备|施工|修建|改造"
    r"|调试|安装|检查|采摘|收割|播种|晾晒|装卸|制作|学习|参加|参观|体验|举办|开发|研发|生产|加工|规划"
    r"|实施|提升|搭建|清理|维修|巡查|积极|努力|全力|加快|有序|逐步|持续|不断|接受|等待|享受|欣赏|观看")


# What people do at a place, never part of its name (unlike 生产车间, 采摘园, 检查站).
_ACTION_IN_PLACE_RE = re.compile(
    r"眺望|查看|察看|观看|收看|观察|整理|巡护|打扫|散步|拍照|合影|聊天|挑选|选购|喷漆|忙碌|劳作|组装|调试"
    r"|排队|等候|休息|玩耍|嬉戏|游览|漫步|跳舞|表演|演奏|练习|训练|比赛|上课|写作业|做饭|吃饭")


def _is_locative(text: str, i: int) -> bool:
    """Whether the 在 or 于 at `text[i]` says where (在车间, 于广场), not part of a word."""
    before = text[i - 1] if i else ""
    if before in _NOT_LOCATIVE_BEFORE.get(text[i], ()):
        return False
    return not (before == "正" and _ACTION_START_RE.match(text, i + 1))


# A place word that is a verb's object, not a place's end: 喜洲镇开市 (the market opens there),
# 进城, 出港, 上岛.
_VERB_PLACE_WORD_RE = re.compile(r"[开上闭休罢]市|[进出]城|[进出离]港|[上登离]岛|[进出]站|[进出]场")


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
    verbs = _VERB_PLACE_WORD_RE.search(region) is not None  # rare: not looked for per clause
    for clause in _CLAUSE_RE.finditer(region):
        piece = clause.group(0)
        if clause.end() >= len(region.rstrip("。！？!?. ")):
            break  # the last clause says what happens
        core_start = clause.start()
        at = _last_locative(region, clause.start(), clause.end()) if "在" in piece else None
        if piece.startswith(("在", "于")):
            core_start += 1
        elif at is not None:
            core_start = at + 1
        else:
            marker = _ZH_GO_TO_RE.search(piece)  # 采访团走进铜梁区安居古城
            if marker:
                core_start = clause.start() + marker.end()
        seg = region[core_start:clause.end()]
        verb = _VERB_PLACE_WORD_RE.search(seg) if verbs else None
        if verb:
            seg = seg[:verb.start()]  # the place ends where what happens there begins
        if clause.start() != pos or not (_ZH_PLACE_SEGMENT_RE.fullmatch(seg.strip())
                                         or _names_a_division(seg.strip())):
            break
        if first is None:
            first = core_start
        last = core_start + len(seg)
        pos = clause.end() + 1
        if verb:
            break
    if first is not None and last is not None:
        return lo + first, lo + last
    for m in _ZH_SHOT_AT_RE.finditer(region):
        if _is_locative(region, m.start()):
            return lo + m.start("loc"), lo + m.end("loc")
    for m in _ZH_AT_RE.finditer(region):
        if m.group(0)[0] in "在于" and not _is_locative(region, m.start()):
            continue
        seg_start, seg = m.start("seg"), m.group("seg")
        end = _place_end(seg)
        # The place ends where what is done there begins: 在家中整理巡山日志, 在塔上眺望林区.
        verb = _ACTION_IN_PLACE_RE.search(seg, 0, end) if end is not None else None
        if verb:
            end = _place_end(seg[:verb.start()])
        if end is not None:
            return lo + seg_start, lo + seg_start + end
    # 这是4月1日拍摄的重庆市渝中区夜景: no 在, but a division's full name right after 拍摄的.
    m = _SHOT_OF_RE.search(region)
    if m and places.starts_with_place(region[m.start("seg"):m.start("seg") + 40]):
        end = _place_end(m.group("seg"))
        if end is not None:
            return lo + m.start("seg"), lo + m.start("seg") + end
    return None


def _place_end(seg: str) -> int | None:
    """Where the place that opens `seg` ends: at its place word (园, 镇, 小学), or at a later
    one close behind (贵州省遵义市), or behind a division's full name however long
    (贵州省黔东南苗族侗族自治州雷山县)."""
    end = None
    for suffix in _ZH_SUFFIX_RE.finditer(seg):
        if end is None:
            if suffix.end() >= 2:
                end = suffix.end()
        elif ((suffix.end() - end <= 8 or places.starts_with_place(seg[end:]))
              and not _ZH_NOT_PLACE.intersection(seg[end:suffix.end()])):
            end = suffix.end()
        else:
            break
    verb = _VERB_PLACE_WORD_RE.search(seg, 0, end) if end is not None else None
    if verb:
        end = verb.start() if verb.start() >= 2 else None
    return end


def _last_locative(text: str, lo: int, hi: int) -> int | None:
    i = text.rfind("在", lo, hi)
    while i >= 0 and not _is_locative(text, i):
        i = text.rfind("在", lo, i)
    return i if i >= 0 else None


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
# A venue is often `at the X` (at the Yuyuan Garden in Shanghai, as AP writes it).
_EN_IN_RE = re.compile(rf"(?:i(?<!\wi)n|a(?<!\wa)t(?:[ ]the)?|n(?<!\wn)ear|o(?<!\wo)utside|f(?<!\wf)rom)[ ](?P<loc>{_EN_PLACE})")
_WORD_RE = re.compile(r"[^\s,]+")
# What a cut leaves dangling: `Hengcheng, in China's` (southern province).
_DANGLING_RE = re.compile(r"(?:,?[ ]in)?(?:[ ][A-Z]\w*['’]s)?$")
_POSSESSIVE_RE = re.compile(r"(?<!China)['’]s\b")  # in Xi's speech: no place


def en_location(text: str, lo: int, hi: int,
                mention: DateMention | None) -> tuple[tuple[int, int], str] | None:
    """The printed place's span and text. `at X in CITY` (a venue in a known city) gives both:
    `X in CITY` as printed, or `X, CITY` when the date stands between them (`at X on May 1, 2024
    in CITY`), so that the venue becomes the sublocation and CITY the city."""
    limit = mention.span[0] if mention and mention.span[0] > lo + 10 else hi
    candidates = [m for m in _EN_IN_RE.finditer(text, lo, hi) if not _POSSESSIVE_RE.search(m.group("loc"))]
    before = [m for m in candidates if m.start() < limit]
    best = (before or candidates or [None])[-1]
    if best is None:
        return None
    span = _trimmed(text, best)
    if span is None:
        return None
    k = candidates.index(best)
    if best.group(0)[0] == "a" and k + 1 < len(candidates):
        venue, city = span, _trimmed(text, candidates[k + 1])
        in_city = candidates[k + 1]
    elif best.group(0)[0] == "i" and k > 0:
        venue, city, in_city = _trimmed(text, candidates[k - 1]), span, best
        if candidates[k - 1].group(0)[0] != "a":
            venue = None
    else:
        venue = city = None
    if (venue and city and in_city.group(0)[0] == "i" and _joins_venue(text, venue[1], in_city.start())
            and _known_city(text[city[0]:city[1]])):
        if not text[venue[1]:in_city.start()].strip():
            return (venue[0], city[1]), text[venue[0]:city[1]]
        return (venue[0], city[1]), f"{text[venue[0]:venue[1]]}, {text[city[0]:city[1]]}"
    if best.group(0)[0] == "i" and k > 0 and candidates[k - 1].group(0)[0] == "i":
        # `in Langzhong ancient town in southwest China's Sichuan Province`: the province alone
        # would lose the town, printed just before it.
        town = _trimmed(text, candidates[k - 1])
        if (town and _TOWN_GAP_RE.fullmatch(text, town[1], best.start())
                and not _known_city(text[span[0]:span[1]])):
            return (town[0], span[1]), text[town[0]:span[1]]
    return span, text[span[0]:span[1]]


# What stands between a town and the `in` of its province: lower-case words (ancient town).
_TOWN_GAP_RE = re.compile(r"(?:[ ][a-z]+){1,3}[ ]")


def _trimmed(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The place a candidate names, without the words after it that are no place."""
    end = m.start("loc")
    for w in _WORD_RE.finditer(m.group("loc")):
        token = w.group(0).rstrip(".").lower()
        if token in _EN_STOP or token[:1].isdigit():
            break
        end = m.start("loc") + w.end()
        if w.group(0).endswith(".") and len(token) > 3:
            break  # `Henan Province. Similar activities…`: the sentence ended (St. and Mt. go on)
    loc_text = text[m.start("loc"):end].rstrip(" ,.")
    if loc_text.endswith(("in", "s")):  # all a dangling end can end with; `sub` tries every position
        loc_text = _DANGLING_RE.sub("", loc_text)
    if not loc_text:
        return None
    return m.start("loc"), m.start("loc") + len(loc_text)


# Between a venue and its city: nothing, or the date (` on May 1, 2024`), never a sentence's end.
_VENUE_GAP_RE = re.compile(r"[ ,\w]{0,40}")


def _joins_venue(text: str, venue_end: int, in_start: int) -> bool:
    return bool(_VENUE_GAP_RE.fullmatch(text, venue_end, in_start))


def _known_city(loc: str) -> bool:
    place = places.resolve(loc)
    return place is not None and place.city is not None
