"""People's names in Chinese characters and in Latin letters: one person, two spellings.

A camera's EXIF Artist usually holds the photographer's name in pinyin (`Xu Tao`, `XU Tao`,
`Tao Xu`, `xutao`, `Xú Tāo`) while the desk's IPTC By-line and XMP dc:creator hold it in
characters (`徐涛`). `same_name` tells whether two spellings are one person; the metadata
reader, the pairing signals and the roster all ask it, so they agree. Romanisation is pinyin
(pypinyin) with every reading of the surname (单 Shan/Dan, 曾 Zeng/Ceng, 解 Xie/Jie) and of
the given name's characters; Wade-Giles (`Hsu`) is not covered.

pypinyin takes half a second to import, so it is imported at the first Chinese name only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import islice, product

from rapidfuzz import fuzz

HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NAME_DOTS_RE = re.compile(r"[·・•]")
_LATIN_WORD_SPLIT_RE = re.compile(r"[\s.\-_'’]+")
MAX_READINGS = 64  # spellings tried per name: a name of rare heteronyms stays cheap

# Two-character surnames: the first two characters of a name are the surname when they are
# one of these (a person called 司马光 is Sima Guang, not Si Maguang).
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台",
    "公冶", "太史", "申屠", "万俟", "闻人", "赫连", "钟离", "宗政", "濮阳", "淳于", "单于",
    "拓跋", "完颜", "司空", "左丘", "东郭", "子车", "微生", "梁丘", "巫马", "乐正",
})
# Surnames read differently from the everyday reading pypinyin picks for the character: the
# reading a Latin form written surname first uses (pinyin_name); name_keys accepts all.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "区": "ou", "盖": "ge", "乐": "yue", "尉迟": "yuchi", "万俟": "moqi", "长孙": "zhangsun",
    "重": "chong", "缪": "miao", "翟": "zhai", "覃": "qin", "秘": "bi", "任": "ren",
    "华": "hua", "纪": "ji", "褚": "chu", "宁": "ning", "员": "yun", "柏": "bai", "薄": "bo",
    "沈": "shen", "祭": "zhai", "种": "chong", "召": "shao", "隗": "wei", "繁": "po",
    "阚": "kan", "南宫": "nangong", "单于": "chanyu", "尹": "yin", "莘": "shen", "黑": "he",
}


def has_han(text: str) -> bool:
    return bool(HAN_RE.search(text))


def split_surname(name: str) -> tuple[str, str]:
    """`司马光` -> (`司马`, `光`); `徐涛` -> (`徐`, `涛`). `name` is characters, no spaces."""
    n = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:n], name[n:]


def pinyin_name(name: str) -> str:
    """The Latin form of a Chinese name, surname first: 李雨恒 -> Li Yuheng. Names without Han
    characters are returned as they are."""
    from pypinyin import lazy_pinyin

    text = name.strip()
    if not has_han(text):
        return text
    parts = [p for p in _NAME_DOTS_RE.split(text) if p]
    if len(parts) > 1:  # 买买提·艾力: each part a word, no surname rule
        return " ".join(_join_syllables(lazy_pinyin(p, v_to_u=True)).capitalize() for p in parts)
    surname, given = split_surname(text)
    surname_latin = SURNAME_READINGS.get(surname) or _join_syllables(
        lazy_pinyin(surname, v_to_u=True))
    words = [surname_latin.capitalize()]
    if given:
        words.append(_join_syllables(lazy_pinyin(given, v_to_u=True)).capitalize())
    return " ".join(words)


def _join_syllables(syllables: list[str]) -> str:
    # Pinyin writes an apostrophe before a syllable starting with a, o or e (Jia'an, Xi'an).
    out = ""
    for s in syllables:
        if out and s[:1] in "aoe":
            out += "'"
        out += s
    return out


def latin_key(text: str) -> str:
    """Letters only, lower case, tone marks dropped: `XÚ Tāo-` -> `xutao`."""
    return "".join(c for c in unicodedata.normalize("NFKD", text).lower() if "a" <= c <= "z")


def _readings(chars: str) -> list[str]:
    """Every pinyin spelling of `chars` (ü written v, u and yu), at most MAX_READINGS."""
    from pypinyin import Style, pinyin

    syllables = [sorted({r for r in options if r}) or ["?"]
                 for options in pinyin(chars, style=Style.NORMAL, heteronym=True)]
    spellings = {"".join(parts) for parts in islice(product(*syllables), MAX_READINGS)}
    out = set()
    for s in spellings:
        s = s.replace("ü", "v")
        out |= {s, s.replace("v", "u"), s.replace("v", "yu")}
    return sorted(out)


@lru_cache(maxsize=4096)
def name_keys(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """(full keys, initials) under which a name may appear in Latin letters: `liyuheng`,
    `yuhengli` (given name first, as in English bylines) and `lyh`. Surnames with several
    readings (曾 zeng/ceng, 单 shan/dan) give every reading, given names too."""
    name = re.sub(r"\s+", "", name)
    if not has_han(name):
        words = [latin_key(w) for w in _LATIN_WORD_SPLIT_RE.split(name) if latin_key(w)]
        if not words:
            return frozenset(), frozenset()
        return frozenset({"".join(words), "".join(reversed(words))}), frozenset()
    from pypinyin import Style, lazy_pinyin

    name = _NAME_DOTS_RE.sub("", name)
    surname, given = split_surname(name)
    surnames = set(_readings(surname))
    if surname in SURNAME_READINGS:
        surnames.add(SURNAME_READINGS[surname])
    givens = set(_readings(given)) if given else {""}
    full = {s + g for s in surnames for g in givens} | {g + s for s in surnames for g in givens}
    given_syllables = [s.replace("ü", "v") for s in lazy_pinyin(given, style=Style.NORMAL)]
    initials = {s[0] + "".join(x[0] for x in given_syllables) for s in surnames} if given \
        else set()
    return frozenset(full), frozenset(i for i in initials if len(i) >= 2)


def is_romanisation(latin: str, han: str) -> bool:
    """True when `latin` spells the Chinese name `han` in pinyin, in either order, with or
    without spaces, hyphens, capitals or tone marks: `XU Tao`, `Tao Xu`, `Xú Tāo` for 徐涛.
    A name with the same surname and another given name (`Xu Bo`) is someone else."""
    key = latin_key(latin)
    return bool(key) and not has_han(latin) and has_han(han) and key in name_keys(han)[0]


def same_name(a: str, b: str) -> bool:
    """Two spellings of one person: 李雨恒 / Li Yuheng / YUHENG LI / li yuheng."""
    if has_han(a) and has_han(b):
        return re.sub(r"[\s·・•]", "", a) == re.sub(r"[\s·・•]", "", b)
    if has_han(a) or has_han(b):
        han, latin = (a, b) if has_han(a) else (b, a)
        return is_romanisation(latin, han)
    ka, kb = name_keys(a)[0], name_keys(b)[0]
    if ka & kb:
        return True
    return bool(ka and kb) and fuzz.ratio(min(ka), min(kb)) >= 90


def romanised_pairs(latin_names: list[str], han_names: list[str]) -> dict[str, str] | None:
    """{Chinese name: its Latin spelling} when the two lists name the same people, one Latin
    spelling for each Chinese name (in any order); None when anyone is left over or differs."""
    if not latin_names or len(latin_names) != len(han_names):
        return None
    if any(has_han(n) for n in latin_names) or not all(has_han(n) for n in han_names):
        return None
    pairs: dict[str, str] = {}
    left = list(latin_names)
    for han in han_names:
        match = next((latin for latin in left if is_romanisation(latin, han)), None)
        if match is None:
            return None
        left.remove(match)
        pairs[han] = match
    return pairs


def prefer_characters(values: dict[str, list[str]], chosen: str,
                      choose: Callable[[set[str]], str]) -> tuple[str, dict[str, str]]:
    """The container whose names a photo should keep when one spells them in characters and
    another in pinyin. `values`: names by container (exif, iim, xmp, sidecar); `chosen`: the
    one the Metadata Working Group rules picked; `choose(kinds)`: their pick among some.

    MWG lets a non-blank EXIF Artist win, but for a Chinese desk `Xu Tao` in the camera's
    Artist and `徐涛` in By-line are one person, and the credit line needs `徐涛`: the
    characters win and the Latin spelling comes back as {name: Latin} for the roster (the
    camera's own spelling first). When the Latin names are not the pinyin of the Chinese ones
    (another person, or one more or less), MWG's pick stands and {} says it is a conflict."""
    target = chosen
    if not all(has_han(n) for n in values[chosen]):
        han = {k for k, names in values.items() if names and all(has_han(n) for n in names)}
        if not han:
            return chosen, {}
        target = choose(han)
    for kind in sorted(values, key=lambda k: (k != "exif", k)):
        if kind != target:
            pairs = romanised_pairs(values[kind], values[target])
            if pairs:
                return target, pairs
    return chosen, {}
