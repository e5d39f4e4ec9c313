"""Credit-line conventions as data.

Each outlet's way of crediting a photo is one `CreditStyle` in `CREDIT_STYLES`: a regular
expression plus what its named groups mean. Adding a newspaper's or agency's style is one
entry here; `captions.py` never needs to know about a particular outlet.

Named groups a pattern may use:

- ``people``: Chinese roles and names (``记者 张三 通讯员 李四``), split by `split_people`.
- ``names``: Latin-script names (``Andy Wong``, ``X and Y``), split by `split_latin_names`.
- ``org``: the organisation credited, as printed (``视觉重庆``, ``Getty Images``).
- ``flag``: a note such as ``File``, ``File Photo`` or ``资料图片``.

A pattern is only tried near an *anchor* (a keyword from `ANCHOR_RE`) so that scanning a
long article stays linear; every pattern must therefore contain one of the anchor keywords.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# --- vocabulary -------------------------------------------------------------------------

# Han characters allowed in a Chinese personal name: everything but 摄, which ends a credit.
_HAN_NAME_CHARS = "\u4e00-\u6443\u6445-\u9fff"
ZH_NAME = rf"[{_HAN_NAME_CHARS}]{{2,4}}(?:[·・•][{_HAN_NAME_CHARS}]{{1,8}})?"
_HS = r"[ \t\u3000\xa0]"  # horizontal space only: a credit never spans lines

# Role words, longest first so that 摄影记者 wins over 记者.
ROLE_WORDS = (
    "融媒体记者", "全媒体记者", "首席记者", "摄影记者", "特约记者", "见习记者", "实习记者",
    "视觉记者", "特约摄影", "特约通讯员", "通讯员", "实习生", "摄影师", "记者", "摄影",
)

# Organisations that prefix a role (新华社记者). Value: what goes into `credit`;
# None for the paper's own staff.
ROLE_PREFIX_CREDITS: dict[str, str | None] = {
    "本报": None,
    "本刊": None,
    "新华社": "新华社",
    "中新社": "中新社",
    "中新网": "中新网",
    "人民日报": "人民日报",
    "光明日报": "光明日报",
    "经济日报": "经济日报",
    "中国日报": "中国日报",
    "央视": "央视",
}

# Any other paper in front of a role: 重庆日报记者, 新重庆-重庆日报记者, 华龙网记者.
_GENERIC_PREFIX = rf"[{_HAN_NAME_CHARS}A-Za-z]{{1,8}}[-－—]?[{_HAN_NAME_CHARS}]{{0,6}}?(?:日报|晚报|晨报|都市报|商报|时报|报|网|社|台|客户端)"

_ROLE_WORD_RE = "|".join(ROLE_WORDS)
_PREFIX_RE = "|".join(sorted(ROLE_PREFIX_CREDITS, key=len, reverse=True))
ZH_ROLE = rf"(?:(?:{_PREFIX_RE}|{_GENERIC_PREFIX})?(?:{_ROLE_WORD_RE}))"

# Known organisations credited after a slash (摄/视觉重庆): listed so that the credit can run
# straight into the next caption (摄/视觉重庆4月23日) without swallowing it.
ZH_ORGS = (
    "视觉重庆", "视觉中国", "新华社", "中新社", "人民视觉", "东方IC", "图虫创意", "IC photo",
    "CFP", "VCG", "上游新闻", "华龙网", "新重庆", "中央社", "联合报系",
)
_ZH_ORG_RE = "|".join(re.escape(o) for o in sorted(ZH_ORGS, key=len, reverse=True))
_ZH_ORG_ANY = rf"(?:{_ZH_ORG_RE}|[{_HAN_NAME_CHARS}A-Za-z]{{2,10}}(?=[\s）)\]】。]|$))"

# What may follow a Chinese credit: end of line, space, a bracket, a full stop, or the next
# caption's date (4月23日 / 四月二十三日 / 2024年).
_ZH_AFTER = (r"(?:(?=[\s/／）)\]】。;；]|$|\d|[〇零一二三四五六七八九十]{1,4}[月年])"
             # A web page that lost its line break: …留念。李洋 摄现将访谈实录…, or left its
             # page-break marker in: 新华社记者 X 摄pagebreak
             r"|(?<=摄)(?=[\u4e00-\u9fffA-Za-z]))")
_ZH_PEOPLE = rf"{ZH_ROLE}[：:]?{_HS}*{ZH_NAME}(?:(?:{_HS}*[、，,]{_HS}*|{_HS}+){ZH_NAME})*"
_ZH_PEOPLE_MANY = rf"{_ZH_PEOPLE}(?:{_HS}*[、，,]?{_HS}*{_ZH_PEOPLE})*"
# The same, but the first role without an organisation in front: trying the open-ended
# organisation pattern at every character is what made scanning slow. `find_credits` puts
# the organisation back by looking behind the match (`_role_prefix_before`).
_ZH_PEOPLE_BARE = (rf"(?:{_ROLE_WORD_RE})[：:]?{_HS}*{ZH_NAME}(?:(?:{_HS}*[、，,]{_HS}*|{_HS}+){ZH_NAME})*"
                   rf"(?:{_HS}*[、，,]?{_HS}*{_ZH_PEOPLE})*")
_PREFIX_BEFORE_RE = re.compile(rf"(?:^|(?<=[\s。！？!?”）)/／：:（(]))(?:{_GENERIC_PREFIX})$")
_ZH_NAMES = rf"{ZH_NAME}(?:(?:{_HS}*[、，,]{_HS}*|{_HS}+){ZH_NAME})*"
_ARCHIVE = rf"(?:{_HS}*(?P<flag>[（(]资料(?:图片|照片)[)）]))?"
# Taiwan's Central News Agency dates its credits inside the bracket, in the Minguo calendar:
# （中央社记者林冠廷摄 113年2月24日）.
_CREDIT_DATE = rf"(?:{_HS}+\d{{2,4}}年\d{{1,2}}月\d{{1,2}}日)?"

# Latin names: capitalised words with the usual particles, on one line.
EN_NAME = r"[A-Z][A-Za-z'’.\-]*(?:[ ](?:[A-Z][A-Za-z'’.\-]*|de|da|di|van|von|der|del|la|le|bin|al|dos)){0,4}"
_EN_NAMES = rf"{EN_NAME}(?:(?:,[ ](?!File\b)|[ ]and[ ]|[ ]&[ ]){EN_NAME})*"


@dataclass(frozen=True)
class CreditStyle:
    key: str
    pattern: str
    credit: str | None = None  # organisation this style always credits
    role: str | None = None  # role given to names captured by a ``names`` group
    lang: str = "zh"
    example: str = ""
    # The anchor keywords (see ANCHOR_RE) this style can contain: it is tried only near them.
    keys: str = "摄"
    # The first role may have an organisation in front (新华社记者), found by looking back.
    role_prefix: bool = False
    # Words every match holds (a regex): near an anchor without them the style is not tried.
    # Most anchors are a bare 摄, which five styles share; this keeps each to the one or two
    # that can match there (trying all five was a third of the parse time of dense text).
    needs: str = ""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    keys_regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    needs_regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.MULTILINE))
        object.__setattr__(self, "keys_regex", re.compile(self.keys))
        object.__setattr__(self, "needs_regex", re.compile(self.needs) if self.needs else None)


CREDIT_STYLES: tuple[CreditStyle, ...] = (
    # --- Chinese ------------------------------------------------------------------------
    CreditStyle(
        "zh_role_she",
        rf"[（(]?(?P<people>{_ZH_PEOPLE_BARE}){_HS}*(?<![拍航])摄(?:{_HS}*[/／]{_HS}*(?P<org>{_ZH_ORG_ANY}))?{_CREDIT_DATE}[)）]?{_ARCHIVE}{_ZH_AFTER}",
        role_prefix=True, needs="记者|通讯员|实习生|摄影",  # what every ROLE_WORDS entry holds
        example="新华社记者 张三 通讯员 李四 摄/视觉重庆",
    ),
    CreditStyle(  # Taiwan's papers (United Daily News): 記者林冠廷／攝影
        "zh_role_slash_sheying",
        rf"[（(]?(?P<people>{_ZH_PEOPLE_BARE}){_HS}*[/／]{_HS}*摄影[)）]?{_ZH_AFTER}",
        role_prefix=True, needs=rf"[/／]{_HS}*摄影", example="记者林冠廷／摄影",
    ),
    CreditStyle(
        "zh_xinhua_fa",
        rf"[（(]?(?P<org>新华社|中新社)发(?:{_HS}*[（(]?{_HS}*(?P<names>{_ZH_NAMES}){_HS}*(?<![拍航])摄)?[)）]?{_ARCHIVE}{_ZH_AFTER}",
        keys=r"新华社发|中新社发|摄", needs="社发", example="（新华社发 张三 摄） / 新华社发（张三 摄）",
    ),
    CreditStyle(
        "zh_name_she",
        rf"(?:(?<=[。！？!?”\s）)])|^)(?P<names>{_ZH_NAMES}){_HS}*(?<![拍航])摄(?:{_HS}*[/／]{_HS}*(?P<org>{_ZH_ORG_ANY}))?{_ARCHIVE}{_ZH_AFTER}",
        example="张三 摄",
    ),
    CreditStyle(
        "zh_special",
        rf"(?P<people>(?:特约摄影|摄影)(?:[：:]{_HS}*|{_HS}+){_ZH_NAMES})(?=[\s）)\]】]|$)",
        role_prefix=True,
        keys=r"特约摄影|摄", needs="摄影", example="特约摄影 张三",
    ),
    CreditStyle(
        "zh_slash",
        rf"(?:(?<=[。！？!?”\s])|^)(?:图|摄影|图片)[{_HS[1:-1]}]*[/／|｜][{_HS[1:-1]}]*(?:(?P<people>(?:{_ZH_PEOPLE_MANY})|{_ZH_NAMES})|(?P<org>{_ZH_ORG_RE})(?P<flag>资料照片?|资料图片)?)(?=[\s）)\]】]|$)",
        keys=r"图|摄", needs="(?:图片?|摄影)[ \u3000\xa0\t]*[/／|｜]",
        example="图/本报记者 张三 / 图/IC photo / 图／联合报系资料照",
    ),
    CreditStyle(
        "zh_supplied",
        rf"[（(]?(?P<org>{_ZH_ORG_RE}|[{_HAN_NAME_CHARS}A-Za-z]{{2,10}}?)供图[)）]?",
        keys=r"供图", example="视觉中国供图",
    ),
    CreditStyle(
        "zh_archive",
        r"(?P<flag>[（(]资料(?:图片|照片)[)）])",
        keys=r"资料", example="（资料图片）",
    ),
    # --- English wires ------------------------------------------------------------------
    CreditStyle(
        "ap",
        rf"\((?P<org>AP) Photo(?:/(?P<names>{_EN_NAMES}))?(?:,[ ](?P<flag>File))?\)",
        lang="en", keys=r"AP Photo", example="(AP Photo/Andy Wong, File)",
    ),
    CreditStyle(
        "via",
        r"\((?P<org>(?:Xinhua|Kyodo|Yonhap|Chinatopix|CNS) via AP)\)",
        lang="en", keys=r"via AP", example="(Xinhua via AP)",
    ),
    CreditStyle(
        "reuters",
        rf"(?P<org>REUTERS)(?:/(?P<names>{_EN_NAMES}))?(?:/(?P<flag>File Photo|File|Pool))?(?=[\s)\]]|$)",
        lang="en", keys=r"REUTERS", example="REUTERS/Aly Song/File Photo",
    ),
    CreditStyle(
        "xinhua_en",
        rf"[(\[](?P<org>Xinhua|CNS|China News Service)(?:/(?P<names>{_EN_NAMES}))?[)\]](?![ ]*(?:--|-|—|–))",
        lang="en", keys=r"Xinhua|CNS|China News", example="(Xinhua/Wang Quanchao) / [Xinhua/Wang Quanchao]",
    ),
    CreditStyle(
        "source",
        rf"[(\[]Source:[ ]?(?P<org>[A-Z][\w.&' -]{{1,40}}?)(?:/(?P<names>{_EN_NAMES}))?[)\]]",
        lang="en", keys=r"Source:", example="(Source: Xinhua) / (Source: Chinanews.com/Wang Hai)",
    ),
    CreditStyle(
        "photo_by",
        rf"[(\[]Photo by (?P<names>{_EN_NAMES})[ ]?/[ ]?(?P<org>[A-Z][A-Za-z]*(?:[ /-][A-Z][A-Za-z]*)*(?: via Getty Images)?)[)\]]",
        lang="en", keys=r"Photo by|\[Photo", example="(Photo by Kevin Frayer/Getty Images) / (Photo by X/EPA/EFE)",
    ),
    CreditStyle(
        "afp_photo",
        rf"\((?P<org>AFP) PHOTO(?:[ ]?/[ ]?(?P<names>{_EN_NAMES}))?\)",
        lang="en", keys=r"AFP", example="(AFP PHOTO / WANG ZHAO)",
    ),
    CreditStyle(
        "slash_agency",
        rf"(?:(?<=[\s(])|^)(?P<org>EPA-EFE|EPA|EFE|AFP|Xinhua|Getty Images)/(?P<names>{_EN_NAMES})(?=[\s)\]]|$)",
        lang="en", keys=r"EPA|EFE|AFP|Xinhua|Getty", example="EPA-EFE/WU HONG",
    ),
    CreditStyle(
        "photo_slash",
        r"\[Photo(?:/| provided to )(?P<org>[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*)\]",
        lang="en", keys=r"\[Photo", example="[Photo/VCG]",
    ),
)

# One cheap scan finds every place where a credit may be; the styles are tried only there.
# Every alternative opens with a literal character (the look-behind comes after 摄) so that
# `re` can skip ahead by its first characters: five times faster than a leading look-behind.
ANCHOR_RE = re.compile(
    r"摄(?<![拍航偷抓]摄)(?![像制入取氏])|供图|新华社发|中新社发|资料图片|资料照片|特约摄影|图[ \u3000]*[/／|｜]|摄影[ \u3000]*[/／|｜]"
    r"|AP Photo|via AP|REUTERS|Xinhua|CNS|Photo by|AFP|EPA|EFE|Getty|\[Photo|China News Service|Source:"
)
# What a Chinese credit may hold before its anchor keyword (names, roles, papers, brackets,
# separators): the styles are tried from the last other character (the full stop that ends the
# caption), not from the far end of the window, which is most of a caption's length.
_NOT_ZH_CREDIT_RE = re.compile(rf"[^\u4e00-\u9fffA-Za-z·・•（(：:、，,\-－—/／|｜{_HS[1:-1]}]")
# How far from its anchor keyword a credit may start and end (a credit is one short line).
ANCHOR_WINDOW_BEFORE = {"zh": 80, "en": 90}
ANCHOR_WINDOW_AFTER = {"zh": 40, "en": 90}

# Own credits for well-known organisations printed in a short form.
CREDIT_NAMES = {"AP": "AP", "AP Photo": "AP", "REUTERS": "Reuters", "VCG": "VCG", "EPA/EFE": "EPA-EFE"}


@dataclass(slots=True)
class CreditPerson:
    name: str
    role: str | None
    span: tuple[int, int]


@dataclass(slots=True)
class CreditMatch:
    style: CreditStyle
    span: tuple[int, int]
    people: list[CreditPerson]
    credit: str | None
    credit_span: tuple[int, int] | None
    flag: str | None


_ROLE_WORD_ONLY_RE = re.compile(_ROLE_WORD_RE)
# The organisation a role may have in front, ending where the role starts. Looked for only
# before a role word: the open-ended organisation pattern tried at every character of the
# credit (`ZH_ROLE`) was most of the time it took to split one.
_PREFIX_AT_END_RE = re.compile(rf"(?:{_PREFIX_RE}|{_GENERIC_PREFIX})\Z")
_PREFIX_MAX_CHARS = 18  # the longest _GENERIC_PREFIX: 8 + 1 + 6 characters and 客户端
_SEP_RE = re.compile(r"[ \t\u3000\xa0、，,]+")
_LATIN_SEP_RE = re.compile(r",[ ]|[ ]and[ ]|[ ]&[ ]")


def split_people(text: str, offset: int = 0, default_role: str | None = None) -> list[CreditPerson]:
    """Split ``记者 张三、李四 通讯员 王五`` into people with the role printed before them."""
    people: list[CreditPerson] = []
    pos = 0
    role = default_role
    chunks: list[tuple[int, int, str | None]] = []
    for m in _ROLE_WORD_ONLY_RE.finditer(text):
        start = _role_prefix_start(text, pos, m.start())
        if start > pos:
            chunks.append((pos, start, role))
        role = text[start:m.end()]
        pos = m.end()
    chunks.append((pos, len(text), role))
    for start, end, chunk_role in chunks:
        piece_start = start
        for piece in _SEP_RE.split(text[start:end]) + [""]:
            if piece:
                s = text.index(piece, piece_start)
                people.append(CreditPerson(piece.strip("：:"), chunk_role, (offset + s, offset + s + len(piece))))
                piece_start = s + len(piece)
    return _join_spaced_names([p for p in people if p.name])


def _role_prefix_start(text: str, lo: int, role_start: int) -> int:
    """Where the role at `role_start` begins once its organisation is counted (本报记者,
    重庆日报记者), looking back no further than `lo`: the earliest start that `ZH_ROLE` would
    have matched from."""
    if role_start == lo or not text.endswith(_PREFIX_LAST_CHARS, lo, role_start):
        return role_start
    m = _PREFIX_AT_END_RE.search(text, max(lo, role_start - _PREFIX_MAX_CHARS), role_start)
    return m.start() if m else role_start


def _join_spaced_names(people: list[CreditPerson]) -> list[CreditPerson]:
    """Some papers space out two-character names (记者 张 三 摄): a lone Han character is not a
    name, so it is joined with the piece after it."""
    joined: list[CreditPerson] = []
    for person in people:
        prev = joined[-1] if joined else None
        if (prev and len(prev.name) == 1 and prev.role == person.role
                and "\u4e00" <= prev.name <= "\u9fff"):
            joined[-1] = CreditPerson(prev.name + person.name, prev.role,
                                      (prev.span[0], person.span[1]))
        else:
            joined.append(person)
    return joined


def split_latin_names(text: str, offset: int = 0, role: str | None = None) -> list[CreditPerson]:
    if "," not in text and " and " not in text and " & " not in text:  # one name, the usual case
        name = text.strip()
        return [CreditPerson(name, role, (offset, offset + len(text)))] if name else []
    people: list[CreditPerson] = []
    pos = 0
    for piece in _LATIN_SEP_RE.split(text):
        s = text.index(piece, pos)
        pos = s + len(piece)
        if piece.strip():
            people.append(CreditPerson(piece.strip(), role, (offset + s, offset + pos)))
    return people


@functools.lru_cache(maxsize=256)  # a handful of printed roles, asked once per credit
def role_credit(role: str | None) -> str | None:
    """The organisation a printed role credits: 新华社记者 -> 新华社, 本报记者 -> None."""
    if not role:
        return None
    for prefix in _PREFIXES_LONGEST_FIRST:
        if role.startswith(prefix):
            return ROLE_PREFIX_CREDITS[prefix]
    word = next((w for w in ROLE_WORDS if role.endswith(w)), None)
    prefix = role[: len(role) - len(word)] if word else ""
    return prefix or None


def _role_prefix_before(text: str, pos: int) -> int:
    """Start of the organisation printed right before a role at `pos` (or `pos`)."""
    if not text.endswith(_PREFIX_LAST_CHARS, 0, pos):
        return pos  # the usual case, 记者 with no paper before it: no regex tried
    head = text[max(0, pos - 20):pos]
    for prefix in _PREFIXES_LONGEST_FIRST:
        if head.endswith(prefix):
            return pos - len(prefix)
    m = _PREFIX_BEFORE_RE.search(head)
    return pos - len(head) + m.start() if m else pos


_PREFIXES_LONGEST_FIRST = sorted(ROLE_PREFIX_CREDITS, key=len, reverse=True)
# How every organisation before a role ends (本报, 央视, 新华社, 华龙网, 重庆日报, 某某客户端).
_PREFIX_LAST_CHARS = tuple({p[-1] for p in ROLE_PREFIX_CREDITS} | set("报网社台端"))


def _to_match(style: CreditStyle, m: re.Match[str], text: str) -> CreditMatch:
    groups = m.groupdict()
    people: list[CreditPerson] = []
    start = m.start()
    if groups.get("people"):
        people_start = m.start("people")
        if style.role_prefix:
            people_start = _role_prefix_before(text, people_start)
            if people_start < start:
                start = people_start
                if start and text[start - 1] in "（(" and m.group(0)[:1] not in "（(":
                    start -= 1
        people = split_people(text[people_start:m.end("people")], people_start)
    if groups.get("names"):
        split = split_people if style.lang == "zh" else split_latin_names
        people += split(m.group("names"), m.start("names"), style.role)
    credit = style.credit
    credit_span = None
    # 图/视觉中国: an agency where a photographer's name would stand is the credit.
    agencies = [p for p in people if p.role is None and _is_agency(p.name)]
    if agencies and len(agencies) == len(people):
        if not groups.get("org"):
            credit, credit_span = agencies[0].name, agencies[0].span
        people = []  # (Photo by VCG/VCG via Getty Images): no photographer named
    if groups.get("org"):
        org = m.group("org")
        credit = CREDIT_NAMES.get(org, org)
        credit_span = (m.start("org"), m.end("org"))
    if credit is None:
        for p in people:
            credit = role_credit(p.role)
            if credit:
                break
    return CreditMatch(style, (start, m.end()), people, credit, credit_span, groups.get("flag"))


@functools.lru_cache(maxsize=1024)
def _is_agency(name: str) -> bool:
    from caption_studio.core.credit_terms import find_agency

    return name in ZH_ORGS or find_agency(name) is not None


def find_credits(text: str) -> list[CreditMatch]:
    """Every credit in `text`, in order, without overlaps (the earliest, longest one wins)."""
    found: dict[tuple[int, int], CreditMatch] = {}
    n = len(text)
    for anchor in ANCHOR_RE.finditer(text):
        a, b = anchor.span()
        # No credit spans lines, so its line bounds the window too (and cuts nothing there).
        line_start = text.rfind("\n", max(0, a - ANCHOR_WINDOW_BEFORE["en"]), a) + 1
        line_end = text.find("\n", b, b + ANCHOR_WINDOW_AFTER["en"])
        zh_from = None
        for style in _styles_for(anchor.group(0)):
            lo = max(line_start, a - ANCHOR_WINDOW_BEFORE[style.lang])
            hi = b + ANCHOR_WINDOW_AFTER[style.lang]
            hi = min(n, hi if line_end < 0 else min(hi, line_end))
            if style.needs_regex is not None and not style.needs_regex.search(text, lo, hi):
                continue
            scan_from = lo
            if style.lang == "zh":
                if zh_from is None:
                    other = _NOT_ZH_CREDIT_RE.search(text[lo:a][::-1])
                    zh_from = a - other.start() if other else lo
                scan_from = max(lo, zh_from)
            for m in style.regex.finditer(text, scan_from, hi):
                s, e = m.span()
                if s > a:
                    break
                if e < b or (s == lo and lo and lo != line_start) or (e == hi and hi < n and hi != line_end):
                    continue  # does not hold this anchor, or may be cut by the window
                if (s, e) not in found:
                    found[(s, e)] = _to_match(style, m, text)
    return list(_without_overlaps(sorted(found.values(), key=lambda c: (c.span[0], -c.span[1]))))


@functools.lru_cache(maxsize=256)
def _styles_for(anchor: str) -> tuple[CreditStyle, ...]:
    return tuple(style for style in CREDIT_STYLES if style.keys_regex.search(anchor))


def _without_overlaps(matches: list[CreditMatch]) -> Iterator[CreditMatch]:
    end = -1
    for m in matches:
        if m.span[0] >= end:
            yield m
            end = m.span[1]
