"""Where a caption's photo was taken, as IPTC wants it: sublocation, city, province/state,
country and country code, from the place the caption prints (渝北区海联尼科技园 -> 重庆市 / 重庆 /
中国 / CHN; `in Yibin, southwest China's Sichuan Province` -> Yibin / Sichuan / China / CHN).

The names come from `place_index` (China to street level, the world's countries and cities).
Every name a text holds is found; an ambiguous one (江北区 is in Chongqing and in Ningbo) is
read as the place whose province or city the text names too, and left out when nothing says
which it is. The most specific place wins. The fields are given in the caption's language:
Chinese names for Chinese text, English ones for English text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from caption_studio.core.article import place_index as pix
from caption_studio.core.article import script
from caption_studio.core.article.place_index import (
    COUNTRY,
    COUNTY,
    PREFECTURE,
    PROVINCE,
    TOWNSHIP,
    WORLD_CITY,
)

_SPECIFIC = {COUNTRY: 0, PROVINCE: 1, PREFECTURE: 2, WORLD_CITY: 2, COUNTY: 3, TOWNSHIP: 4}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True, slots=True)
class Place:
    city: str | None
    province_state: str | None
    country: str | None
    country_code: str | None
    sublocation: str | None = None

    def fields(self) -> dict[str, str]:
        return {k: v for k, v in (("sublocation", self.sublocation), ("city", self.city),
                                  ("province_state", self.province_state),
                                  ("country", self.country), ("country_code", self.country_code))
                if v}

    def to_json(self) -> dict[str, str | None]:
        return {"sublocation": self.sublocation, "city": self.city,
                "province_state": self.province_state, "country": self.country,
                "country_code": self.country_code}


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    nodes: tuple[int, ...]  # the places this name may be
    latin: bool
    short: bool = False  # a short form (渝北, 解放碑): a full name (渝北区) is surer
    # A county whose name is also a word for part of any city (老城区 is Luoyang's, 西区 Panzhihua's):
    # it counts only when the text or the article names its city or province too.
    wordlike: bool = False


# Whether a text has any Han character or capital letter at all (a regex, not a loop over the
# characters in Python, which was a tenth of the time spent on a caption).
_HAN_CHAR_RE = re.compile("[\u4e00-\u9fff]")
_CAPITAL_RE = re.compile("[A-Z]")
_WORDLIKE_COUNTY_RE = re.compile(r"(?:[老新旧]?城[东西南北中]?|[东西南北中]|郊|矿|市[东西南北中])区")
# Characters that, right after a short form, make it part of a smaller place's own name.
_NAME_GOES_ON = frozenset("村镇乡路街巷")


def _find(text: str, structural: bool) -> list[_Match]:
    """Every place name in `text`. Short forms of counties and townships (渝北, 解放碑) and
    foreign cities count only in a place the caption's structure gave (`structural`): in running
    text they are too often words."""
    ix = pix.index()
    found: list[_Match] = []
    if _HAN_CHAR_RE.search(text):
        for k, start, end in ix.han.find_matches_as_indexes(text):
            nodes, short = [], False
            # 花溪村 is a village, not 花溪区: a short form that goes on as another name
            names_more = text[end:end + 1] in _NAME_GOES_ON
            for e in ix.han_entries[k]:
                node, is_short = e >> 1, e & 1
                level = ix.levels[node]
                if is_short and not structural and level in (COUNTY, TOWNSHIP, WORLD_CITY):
                    continue
                if is_short and names_more:
                    continue
                nodes.append(node)
                short = short or bool(is_short and level >= COUNTY)
            if nodes:
                wordlike = bool(_WORDLIKE_COUNTY_RE.fullmatch(text, start, end))
                found.append(_Match(start, end, tuple(nodes), False, short, wordlike))
    if _CAPITAL_RE.search(text):
        lower = text.translate(_ASCII_LOWER)
        for k, start, end in ix.latin.find_matches_as_indexes(lower):
            if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue
            nodes, counties = [], []
            for e in ix.latin_entries[k]:
                node, needs_word = e >> 1, e & 1
                if needs_word and not (structural and text[start].isupper()):
                    continue
                # A county's bare pinyin (Guanghan) is too often a word or a venue's name
                # (Daming Palace): it counts only where its province or city is named too.
                (counties if needs_word and ix.levels[node] == COUNTY else nodes).append(node)
            if nodes:
                found.append(_Match(start, end, tuple(nodes), True))
            if counties:
                found.append(_Match(start, end, tuple(counties), True, wordlike=True))
    return found


def _choose(matches: list[_Match], hinted: frozenset[int] = frozenset()) -> tuple[int, _Match] | None:
    """The most specific place the names agree on: (node, the match that named it). `hinted`:
    places the article names elsewhere, which settle an ambiguous name (江北区 in a Chongqing
    paper) but are no answer themselves."""
    ix = pix.index()
    named = {n for m in matches for n in m.nodes} | hinted
    best: tuple[tuple[int, ...], int, _Match] | None = None
    for m in matches:
        scored = []
        for node in m.nodes:
            support = sum(1 for a in ix.chain(node)[1:] if a in named)
            scored.append((support, node))
        top = max(s for s, _ in scored)
        if m.wordlike and not any(a in named and ix.levels[a] != COUNTRY
                                  for node in m.nodes for a in ix.chain(node)[1:]):
            continue  # 老城区一处小巷 in a paper that never names Luoyang (China is no help)
        tops = [n for s, n in scored if s == top]
        if len(tops) > 1:
            tops = _same_place(ix, tops)
            if not tops:
                continue  # 城关镇 with nothing to say which of 82
        node = tops[0]
        rank = (top, int(not m.short), _SPECIFIC[ix.levels[node]], m.end - m.start,
                int(ix.levels[node] != WORLD_CITY), -m.start)
        if best is None or rank > best[0]:
            best = (rank, node, m)
    return (best[1], best[2]) if best else None


def _same_place(ix: pix.Index, nodes: list[int]) -> list[int]:
    """Of several places with one name, the part they share below the country (all of them in
    one province: that province), else nothing. World cities of one name: the biggest."""
    if all(ix.levels[n] == WORLD_CITY for n in nodes):
        return nodes[:1]
    chains = [list(reversed(ix.chain(n))) for n in nodes]
    common = None
    for level_nodes in zip(*chains, strict=False):
        if len(set(level_nodes)) != 1:
            break
        common = level_nodes[0]
    if common is None or ix.levels[common] == COUNTRY:
        return []
    return [common]


@functools.lru_cache(maxsize=4096)  # captions repeat their places (Places are frozen)
def resolve(text: str, *, structural: bool = True, hints: str | None = None) -> Place | None:
    """The place a text names, or None. Chinese text gives Chinese names, English text
    (BEIJING, Chongqing) the English ones. `hints`: text around it (the article's headline and
    first lines) whose places settle an ambiguous name."""
    if not text or not text.strip():
        return None
    matches = _find(text, structural)
    hinted = _hinted(hints) if hints and matches else frozenset()
    chosen = _choose(matches, hinted)
    if chosen is None:
        return None
    node, match = chosen
    return _place(node, match, text)


def _sure_places(text: str) -> list[tuple[int, _Match]]:
    """The places a text names beyond doubt: names of one place only, of a province, a city or
    a county under its full name (巴南区 -> 重庆; not 城关镇, of which there are 82, nor a
    county's short form, which is too often a word)."""
    ix = pix.index()
    return [(m.nodes[0], m) for m in _find(text, False) if len(m.nodes) == 1 and not m.wordlike
            and ix.levels[m.nodes[0]] in (PROVINCE, PREFECTURE, COUNTY)]


@functools.lru_cache(maxsize=64)  # one article's context serves all its captions
def _hinted(text: str) -> frozenset[int]:
    """The provinces, cities and counties a text names (with their ancestors), as hints."""
    ix = pix.index()
    out: set[int] = set()
    for node, _ in _sure_places(text):
        out.update(ix.chain(node))
    return frozenset(out)


@functools.lru_cache(maxsize=64)
def _article_place(context: str) -> Place | None:
    """The place an article is about, for a caption that names none: what the provinces, cities
    and counties it names share (a Chongqing paper: 重庆; 巴南区: 重庆 too; 贵阳 and 遵义: 贵州),
    else nothing. A name inside another one it names counts as that one (贵州, 贵阳 and 花溪区:
    花溪区, so 贵阳)."""
    ix = pix.index()
    sure = _sure_places(context)
    big = [(node, m) for node, m in sure if ix.levels[node] != COUNTY]
    common = _common(big)
    if big and common is None:
        return None
    # Counties only make the answer more precise: 西湖区 in passing does not unsettle 重庆.
    sure = big + [(node, m) for node, m in sure
                  if ix.levels[node] == COUNTY and (common is None or common in ix.chain(node))]
    common = _common(sure)
    if common is None:
        return None
    match = next(m for node, m in sure if common in ix.chain(node))
    return _place(common, match, context)


def _common(named: list[tuple[int, _Match]]) -> int | None:
    """The most specific place all of `named` lie in, a name inside another one counting as
    that one; None if that is only the country."""
    ix = pix.index()
    inside = {a for node, _ in named for a in ix.chain(node)[1:]}
    chains = [list(reversed(ix.chain(node))) for node, _ in named if node not in inside]
    common = None
    for level_nodes in zip(*chains, strict=False):
        if len(set(level_nodes)) != 1:
            break
        common = level_nodes[0]
    if common is None or ix.levels[common] == COUNTRY:
        return None
    return common


def starts_with_place(text: str) -> bool:
    """Whether `text` opens with the full name of a division (云南省…, 景洪市告庄)."""
    return any(m.start == 0 and not m.short and not m.latin for m in _find(text[:40], False))


def article_hints(headline: str | None, text: str | None,
                  locations: Iterable[str | None]) -> tuple[str, str]:
    """What `locate` is given besides a caption's own fields, the same in the parser, the
    caption form and write-back: `context` (the headline and first lines) and `others` (the
    places the article's captions print)."""
    return (f"{headline or ''}\n{(text or '')[:300]}",
            "\n".join(dict.fromkeys(loc for loc in locations if loc)))


def locate(location: str | None, description: str | None = None,
           context: str | None = None, others: str | None = None) -> Place | None:
    """`_locate`, for a traditional-Chinese caption too: the gazetteer is simplified, so such
    a caption is located through its simplified view and the place given back in the
    caption's characters (維多利亞港 is not 維多利亞, Victoria in Canada, plus 港)."""
    joined = "\n".join(t for t in (location, description, context, others) if t)
    view = script.simplified_view(joined)
    if view is joined:
        return _locate(location, description, context, others)
    back = script.Restorer(joined, view)

    def simple(text: str | None) -> str | None:
        return script.simplified(text) if text else text

    place = _locate(simple(location), simple(description), simple(context), simple(others))
    at = (0, len(location)) if location else None  # location opens `joined`
    return in_script(place, lambda sub: back.span(sub, at), back.traditional)


def in_script(place: Place | None, sublocation: Callable[[str], str | None],
              name: Callable[[str], str | None]) -> Place | None:
    """The place with its printed sublocation and its gazetteer names converted."""
    if place is None:
        return None
    return Place(name(place.city) if place.city else None,
                 name(place.province_state) if place.province_state else None,
                 name(place.country) if place.country else None, place.country_code,
                 sublocation(place.sublocation) if place.sublocation else None)


def _locate(location: str | None, description: str | None = None,
            context: str | None = None, others: str | None = None) -> Place | None:
    """The place of a caption: from the place its structure printed (`location`), else from
    the full names in its description, else from the article around it (`context`: headline
    and first lines, where a local paper names its city), made more precise by the places the
    article's other captions print (`others`: 花溪村 gets 贵阳 when the next caption says
    贵阳市花溪区). The sublocation is the printed place without the names that became city,
    province or country."""
    place = resolve(location, hints=context) if location else None
    if place is not None:
        return place
    place = resolve(description, structural=False) if description else None
    if place is None and context:
        place = _article_place(context)
    if others and (place is None or place.city is None):
        told = _article_place(others)
        if told is not None and told.city and (place is None or (
                told.province_state, told.country) == (place.province_state, place.country)):
            place = told
    if place is not None:
        return Place(place.city, place.province_state, place.country, place.country_code,
                     location or None)
    if location:
        return Place(None, None, None, None, location)
    return None


def _place(node: int, match: _Match, text: str) -> Place:
    ix = pix.index()
    chain = ix.chain(node)
    by_level = {ix.levels[n]: n for n in chain}
    country = chain[-1]
    province = by_level.get(PROVINCE)
    city = None
    county = by_level.get(COUNTY)
    if county is not None and ix.names[county].endswith("市"):
        city = county
    elif PREFECTURE in by_level:
        city = by_level[PREFECTURE]
    elif WORLD_CITY in by_level:
        city = by_level[WORLD_CITY]
    elif province is not None and ix.names[province] in pix.MUNICIPALITIES:
        city = province
    latin = match.latin

    def label(n: int | None, short: bool = False) -> str | None:
        if n is None:
            return None
        if latin:
            return ix.latins[n] or None
        if ix.levels[n] == WORLD_CITY:
            return text[match.start:match.end] if n == node else None
        if short or ix.names[n].endswith("特别行政区"):
            return ix.shorts[n] or ix.names[n]
        return ix.names[n]

    # Everything from the city up is said by the other fields (景洪市: 西双版纳州 too).
    top = city if city is not None else province
    keep = set(ix.chain(top)) if top is not None else {country}
    return Place(label(city), label(province, short=True), label(country), ix.codes[country],
                 _sublocation(text, keep, latin))


_SEPARATORS = " \t\u3000,，、·"
_ZH_GAP = re.compile("首都|首府|省会|境内")  # 孟加拉国首都达卡
_EN_FILLER = re.compile(
    r"(?:\b(?:the|of|in|capital|city|province|municipality|autonomous|region|prefecture|special"
    r"|administrative|zhuang|uygur|hui|north|south|east|west|central|northern|southern|eastern"
    r"|western|northeast|northwest|southeast|southwest|china['’]s|china)\b|['’]s\b|[\s,.'’])+",
    re.IGNORECASE)


_EN_PART_RE = re.compile(r"(,[ ]*|[ ]+(?:of|in)[ ]+)")  # Zhangbei County of Zhangjiakou, X in Guanghan
_EN_AUTONOMOUS = re.compile(r"\s*(?:[A-Z][a-z]+(?:[ ]and[ ]|[ ]))*Autonomous[ ](?:Prefecture|Region|County)\s*")


def _sublocation(text: str, keep: set[int], latin: bool) -> str | None:
    """`text` without the names of the place's city, province and country (and what joins them)."""
    matches = [m for m in _find(text, True) if keep.intersection(m.nodes)]
    if latin:
        spans = [(m.start, m.end) for m in matches]
        kept: list[tuple[int, int]] = []
        pos = 0
        for part in _EN_PART_RE.split(text):
            lo, hi = pos, pos + len(part)
            pos = hi
            if not part or _EN_PART_RE.fullmatch(part):
                continue
            rest = "".join(" " if any(a <= lo + i < b for a, b in spans) else ch
                           for i, ch in enumerate(part))
            if not rest.strip() or _EN_FILLER.fullmatch(rest) or _EN_AUTONOMOUS.fullmatch(rest):
                continue
            kept.append((lo, hi))
        if not kept:
            return None
        return text[kept[0][0]:kept[-1][1]].strip(" ,") or None
    pos = 0
    for m in sorted(matches, key=lambda m: m.start):
        gap = text[pos:m.start]
        if _ZH_GAP.sub("", gap).strip(_SEPARATORS):
            break
        pos = m.end
    rest = text[pos:].strip(_SEPARATORS)
    return rest or None
