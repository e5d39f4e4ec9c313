"""City, province and country from a place name in a caption: 渝北区 -> 重庆市 / 重庆 / 中国 / CN.

The places are data (`data/gazetteer.tsv`): China's provinces, every prefecture-level city,
the districts and counties of the big cities (all 38 of Chongqing), and the world's major
cities. A caption's place is matched against every name and short form it contains; the
most specific place wins, preferring one whose province or city is named too (重庆市江北区,
not Ningbo's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_SPECIFIC = {"country": 0, "province": 1, "municipality": 2, "city": 2, "district": 3}


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    parent: str  # the parent's name; for a country its ISO 3166 code
    aliases: tuple[str, ...]
    latin: str


@dataclass(frozen=True)
class Place:
    city: str | None
    province_state: str | None
    country: str | None
    country_code: str | None

    def fields(self) -> dict[str, str]:
        return {k: v for k, v in (("city", self.city), ("province_state", self.province_state),
                                  ("country", self.country), ("country_code", self.country_code))
                if v}


@dataclass(frozen=True)
class _Table:
    entries: tuple[Entry, ...]
    by_name: dict[str, Entry]
    han: tuple[tuple[str, int], ...]  # (name as written, entry index), longest first
    latin: re.Pattern[str]
    by_latin: dict[str, int]


@lru_cache(maxsize=1)
def _table() -> _Table:
    text = resources.files("caption_studio.core.article").joinpath("data/gazetteer.tsv").read_text("utf-8")
    entries: list[Entry] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, parent, aliases, latin = (line.split("\t") + [""] * 5)[:5]
        entries.append(Entry(name, kind, parent,
                             tuple(a for a in aliases.split(",") if a), latin))
    by_name: dict[str, Entry] = {}
    for e in entries:
        by_name.setdefault(e.name, e)
    han = [(n, i) for i, e in enumerate(entries) for n in (e.name, *e.aliases)]
    han.sort(key=lambda item: -len(item[0]))
    by_latin: dict[str, int] = {}
    for i, e in enumerate(entries):
        if e.latin:
            by_latin.setdefault(e.latin.lower(), i)
    names = sorted(by_latin, key=len, reverse=True)
    latin = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)
    return _Table(tuple(entries), by_name, tuple(han), latin, by_latin)


def _ancestors(entry: Entry) -> list[Entry]:
    table = _table()
    out: list[Entry] = []
    while entry.kind != "country" and entry.parent in table.by_name:
        entry = table.by_name[entry.parent]
        out.append(entry)
    return out


def resolve(text: str) -> Place | None:
    """The place a text names, or None. Chinese text gives Chinese names, English text
    (BEIJING, Chongqing) the English ones."""
    if not text:
        return None
    table = _table()
    found: list[tuple[int, int, int, bool]] = []  # (start, end, entry index, latin)
    for name, index in table.han:
        start = text.find(name)
        while start != -1:
            found.append((start, start + len(name), index, False))
            start = text.find(name, start + 1)
    for m in table.latin.finditer(text):
        found.append((m.start(), m.end(), table.by_latin[m.group(1).lower()], True))
    # 吉林 inside 吉林省, 朝阳 inside 朝阳区: the longer name is what was meant.
    found = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and o[1] - o[0] > f[1] - f[0]
                                         for o in found)]
    if not found:
        return None
    named = {table.entries[i].name for _, _, i, _ in found}

    def rank(item: tuple[int, int, int, bool]) -> tuple[int, int, int, int]:
        start, end, index, _ = item
        entry = table.entries[index]
        support = sum(1 for a in _ancestors(entry) if a.name in named)
        return support, _SPECIFIC.get(entry.kind, 0), end - start, -start

    _, _, index, latin = max(found, key=rank)
    return _place(table.entries[index], latin)


def _place(entry: Entry, latin: bool) -> Place:
    def label(e: Entry | None, short: bool = False) -> str | None:
        if e is None:
            return None
        if latin:
            return e.latin or None
        return e.aliases[0] if short and e.aliases else e.name

    chain = [entry, *_ancestors(entry)]
    kinds = {e.kind: e for e in chain}
    country = kinds.get("country")
    city = kinds.get("city") or kinds.get("municipality")
    province = kinds.get("province") or kinds.get("municipality")
    return Place(label(city), label(province, short=True), label(country),
                 country.parent if country else None)
