"""Traditional-Chinese articles (Hong Kong, Taiwan and Macau papers: 記者 陳大文 攝, 攝影：
王小明, 中央社記者 李明 攝) are parsed through a simplified view of their text, then every
field is taken back from the original.

The parser's vocabulary (credit roles, agencies, place names, date words) is written in
simplified characters. Instead of a second copy of all of it, the article is read through
`simplified_view`: each character converted on its own (OpenCC's Hong Kong table, which also
knows Hong Kong's variant forms), so the view is exactly as long as the text and every span the
parser finds in the view is the same span in the original. `Restorer` then takes each field
back from the original text, so names, places and captions keep the script they were printed
in (陳大文 stays 陳大文).

A simplified article is parsed as it is: converting it would turn characters that both scripts
share, such as 乾 in 乾县, into their simplified readings and miss places in the gazetteer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# An article is read as traditional when at least this share of its Han characters exists
# only in traditional form (and a handful at least): a simplified article quoting a
# traditional name or shop sign stays simplified.
_TRADITIONAL_SHARE = 0.05
_TRADITIONAL_MIN = 5
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_SAMPLE = 20_000
# The Han blocks converted: extension A, the unified ideographs, the compatibility ones.
_HAN_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@functools.cache
def _converter(table: str = "hk2s"):  # noqa: ANN202 - opencc's own type
    import opencc  # 35 ms: only once Chinese text is parsed or located

    return opencc.OpenCC(table)


@dataclass(frozen=True)
class _Table:
    simple: dict[str, str]  # each traditional-only character's simplified form
    translation: dict[int, str]  # the same for str.translate
    found: re.Pattern[str]  # any one of them


@functools.cache
def _table() -> _Table:
    """Every Han character OpenCC simplifies, converted one by one (no phrase rules, so one
    character always stays one), once: 28,000 characters in about 30 ms. Asking OpenCC about each
    text's characters instead made `places.locate` 120 µs a caption instead of 4."""
    chars = [chr(i) for lo, hi in _HAN_BLOCKS for i in range(lo, hi)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a table entry that did not keep one per line
        converted = [_converter().convert(c) for c in chars]
    simple = {c: s for c, s in zip(chars, converted, strict=True) if len(s) == 1 and s != c}
    return _Table(simple, str.maketrans(simple),
                  re.compile("[" + "".join(re.escape(c) for c in simple) + "]"))


@functools.lru_cache(maxsize=4096)
def _traditional_char(char: str) -> str:
    converted = _converter("s2t").convert(char)
    return converted if len(converted) == 1 else char


def to_simplified(text: str) -> dict[str, str]:
    """The simplified form of each traditional-only character in `text`."""
    table = _table()
    return {c: table.simple[c] for c in set(table.found.findall(text))}


def simplified(text: str) -> str:
    """The text with traditional characters in simplified form, character for character."""
    table = _table()
    return text.translate(table.translation) if table.found.search(text) else text


def simplified_view(text: str) -> str:
    """The text itself when it is simplified Chinese (or not Chinese); else its character-for-
    character simplified view. The script is judged on the first _SAMPLE characters, so a
    4 MB simplified article costs no more than a short one."""
    table = _table()
    sample = text[:_SAMPLE]
    if not table.found.search(sample):
        return text
    traditional = len(table.found.findall(sample))
    if traditional < max(_TRADITIONAL_MIN, _TRADITIONAL_SHARE * len(_HAN_RE.findall(sample))):
        return text
    return text.translate(table.translation)


class Restorer:
    """Takes strings the parser made from the view back to the original's characters."""

    def __init__(self, original: str, view: str) -> None:
        if len(original) != len(view):
            raise ValueError("a simplified view is exactly as long as its text")
        self.original = original
        self.view = view
        back: dict[str, set[str]] = {}
        for o, v in to_simplified(original).items():  # what the view changed, and to what
            back.setdefault(v, set()).add(o)
        # Only where this article is unambiguous: 发 is 發 or 髮 depending on the word.
        self._back = str.maketrans({v: next(iter(o)) for v, o in back.items() if len(o) == 1})

    def plain(self, value: str | None) -> str | None:
        """A string without a span (a role, an organisation), character by character."""
        return value.translate(self._back) if value else value

    def traditional(self, value: str | None) -> str | None:
        """A name from simplified data (the gazetteer's 维多利亚港, 台湾) in the characters
        this text prints, else OpenCC's standard traditional ones."""
        if not value:
            return value
        return "".join(_traditional_char(c) if c >= "\u3400" else c
                       for c in value.translate(self._back))

    def span(self, value: str | None, span: tuple[int, int] | None) -> str | None:
        """A string the parser cut from view[span] (perhaps with layout whitespace removed or
        changed): the same characters of the original, else `plain`."""
        if not value or span is None:
            return self.plain(value)
        lo, hi = span
        view, out, j = self.view, [], lo
        for ch in value:
            if ch.isspace():  # whitespace that clean() made: kept as it is
                out.append(ch)
                continue
            while j < hi and view[j] != ch:
                j += 1
            if j >= hi:
                return self.plain(value)
            out.append(self.original[j])
            j += 1
        return "".join(out)
