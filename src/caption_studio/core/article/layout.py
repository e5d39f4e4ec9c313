"""Layout: paragraphs, page furniture, layout whitespace, and where each caption starts.

A credit ends a caption, and the caption runs back to the previous caption or the start of its
paragraph. When the credit sits alone in its paragraph, the caption is the paragraph before it
(or, for a picture group, the short captions before it); when a page break cut a caption in two,
the halves are joined again. A byline paragraph (文/记者 张三) is never a caption.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from caption_studio.core.article import credits as cr

MAX_CAPTION_CHARS = 600

# What a web page or e-paper puts around the article: 第5版(摄影) 专栏:摄影报道, 责任编辑:某某.
_CHROME_RE = re.compile(r"[ \t]*(?:第[0-9０-９一二三四五六七八九十]+版|专栏[:：]|【?责任编辑[:：]|来源[:：]"
                        r"|当前位置|首页[ ]?>|Home[ ]?>|Next Photo|Previous Photo"
                        # a column's label on a line of its own, above the story's title
                        r"|(?:图片故事|图片报道|摄影报道|组图|图集)[ \t]*(?:\n|\Z))")


def in_chrome(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(_CHROME_RE.match(text, line_start))


_PARA_SEP_RE = re.compile(r"\n(?:[ \t\u3000\xa0]*\n)+")
_TERMINAL = "。！？!?”\"’）)】.…；;"
_HEADING_RE = re.compile(r"#|——|—|－－|--|\*\*")
_CAPTION_START_RE = re.compile(
    r"(?:[▲△■●◆□]\s*)?(?:图为|这是|上图|下图|图[一二三四五六1-9]|[（(]?\d|[〇零一二三四五六七八九十]{1,4}[年月]"
    r"|[A-Z][A-Z .'’-]+(?:, [A-Z][A-Z .'’-]+)* - )"
)
HAN_RE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…·]")


@dataclass
class Paragraphs:
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> Paragraphs:
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
        if HAN_RE.match(before or " ") and (HAN_RE.match(after or " ") or before in _FULL_STOPS):
            return ""  # after a full-width stop nothing needs a space: 。9月12日
        return " "

    if "\n" in text:
        text = _BREAK_RE.sub(join, text)
    elif "  " not in text and "\t" not in text and "\xa0" not in text:
        return text.strip()  # most captions: nothing to join or squeeze, no regex needed
    return _SPACES_RE.sub(" ", text).strip()


_BREAK_RE = re.compile(r"[ \t\u3000\xa0]*\n\s*")
_FULL_STOPS = frozenset("。！？；：，、）】”")
_SPACES_RE = re.compile(r"[ \t\xa0]{2,}")


def caption_spans(text: str, paras: Paragraphs, matches: list[cr.CreditMatch],
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
        if is_byline_at(text, lo, c_start):
            continue
        titled = _titled_caption(text, paras, i, prev_end, c_start)
        if titled is not None:
            i, lo = titled, paras.starts[titled]
        # A caption cut by a page break: join the halves again.
        while i > 0 and paras.starts[i] >= lo and paras.starts[i - 1] >= prev_end:
            if c_start - paras.starts[i - 1] > MAX_CAPTION_CHARS:
                break  # tested first so that `before` is never a long paragraph
            before = text[paras.starts[i - 1]:paras.ends[i - 1]]
            apart = (before.endswith(tuple(_TERMINAL)) or _HEADING_RE.match(before) or is_byline_body(before)
                     or _is_picture_title(before)
                     or _CAPTION_START_RE.match(text, lo)
                     or not (HAN_RE.match(before[-1]) or _latin_continues(before, text[lo])))
            if apart and not _background_of(text, before, lo):
                break
            i -= 1
            lo = paras.starts[i]
        if c_start - lo > MAX_CAPTION_CHARS:
            lo = _trim_to_sentence(text, c_start - MAX_CAPTION_CHARS, c_start)
        last = c_start
        while last > lo and text[last - 1].isspace():
            last -= 1  # the break before a credit on its own line splits nothing
        # Lines of one paragraph (a web page's); paragraphs joined above are one caption.
        if text.find("\n", lo, last) >= 0 and not _PARA_SEP_RE.search(text, lo, last):
            lo, members = _split_lines(text, lo, last)
            if members and group is not None:
                group[len(spans)] = group.get(len(spans), []) + members
        spans.append((lo, match))
        prev_end = match.span[1]
    return spans


# How a wire's background paragraph opens (近年来，当地…): printed between a caption and its
# credit, it belongs to the caption (Xinhua prints caption, background, then the credit).
_BACKGROUND_RE = re.compile(r"近年来|近些年|近年|据介绍|据了解|据悉|据统计|目前|今年以来|截至|多年来|自20\d\d年")


def _background_of(text: str, before: str, lo: int) -> bool:
    """Whether the paragraph at `lo` is the background of the caption `before` ends."""
    return (bool(_BACKGROUND_RE.match(text, lo)) and before.endswith(tuple(_TERMINAL))
            and bool(_CAPTION_START_RE.match(before)) and len(before) <= MAX_CAPTION_CHARS // 2)


def _titled_caption(text: str, paras: Paragraphs, i: int, prev_end: int, c_start: int) -> int | None:
    """The paragraph that starts the caption ending at paragraph `i`, when a picture's title
    stands above it: a wire's picture page prints title, caption, background paragraphs (当日，…,
    9月12日，…) and then the credit, so everything between the title and the credit is the
    caption when the paragraph under the title starts like one."""
    k = i
    while k > 0 and i - k < 4 and paras.starts[k - 1] >= prev_end:
        if c_start - paras.starts[k] > MAX_CAPTION_CHARS:
            return None
        lo, hi = paras.starts[k - 1], paras.ends[k - 1]
        if text.find("\n", lo, hi) < 0 and _is_title_line(text, lo, hi):
            return k if k < i and _CAPTION_START_RE.match(text, paras.starts[k]) else None
        if _HEADING_RE.match(text, lo) or is_byline_at(text, lo, hi):
            return None
        k -= 1
    return None


# A gallery's or web page's date stamp on a line of its own: 2024-05-03 10:21:08, 发布时间：….
_STAMP_RE = re.compile(
    r"(?:(?:发布时间|发布日期|更新时间|时间|日期)[：:][ \t]*)?(?:19|20)\d\d(?:[-/.年]|[ ](?=\d{1,2}/))\d{1,2}[-/.月]\d{1,2}日?"
    r"(?:[ \t]+\d{1,2}:\d\d(?::\d\d)?)?(?:[ \t]+[^。！？!?]{0,40})?"
    r"|(?:发布时间|发布日期|更新时间)[：:][^。！？!?]{0,60}"
    r"|\d{1,3}[ ]?/[ ]?\d{1,3}")  # a gallery's picture counter: 2/5


# A role alone on its line, where a web page put a story's byline: 新华社记者.
_ROLE_LINE_RE = re.compile(rf"[ \u3000]*{cr.ZH_ROLE}[ \u3000]*")
_TITLE_LINE_RE = re.compile(r"[^，,。；;！？!?（）()]{2,30}")


def _is_title_line(text: str, s: int, e: int) -> bool:
    """A story's title over its captions (江津区吴滩镇：古镇年味浓): short, no sentence in it."""
    return bool(_TITLE_LINE_RE.fullmatch(text, s, e)) and text[e - 1] not in _TERMINAL


def _split_lines(text: str, lo: int, hi: int) -> tuple[int, list[tuple[int, int]]]:
    """A caption region whose lines are separated by single line breaks (a web page's
    paragraphs): where its caption starts, and the captions before the last that one credit
    serves (a picture story printed 3月17日，….\n3月17日，….\n记者 X 摄).

    Titles, date stamps, bylines and page furniture are no caption. A line that starts like a
    caption after a finished sentence starts a new caption; a wire's background line (近年来，…)
    goes on with the caption before it, and so does any line after an unfinished one (a wrapped
    line) or in Latin script (hard-wrapped wire copy). Another Chinese line after a finished
    sentence is the story's own text and no caption, except where only such lines follow the
    last caption up to the credit: then they are its background (当日，…)."""
    lines = []
    pos = lo
    while pos < hi:
        end = text.find("\n", pos, hi)
        end = hi if end < 0 else end
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            lines.append((s, e, bool(_STAMP_RE.fullmatch(text, s, e) or _CHROME_RE.match(text, s)
                                     or _ROLE_LINE_RE.fullmatch(text, s, e))))
        pos = end + 1
    segments: list[list[int]] = []  # [start, end, starts like a caption]
    cut = True  # the region's start, a date stamp or a title ends what came before
    for n, (s, e, furniture) in enumerate(lines):
        if not furniture and cut:
            nxt = next((ls for ls, _, f in lines[n + 1:] if not f), None)
            furniture = (nxt is not None and _is_title_line(text, s, e)
                         and bool(_CAPTION_START_RE.match(text, nxt)))
        if furniture:
            cut = True
            continue
        starts = bool(_CAPTION_START_RE.match(text, s))
        finished = bool(segments) and text[segments[-1][1] - 1] in _TERMINAL
        if (cut or not segments or (finished and starts)
                or (finished and HAN_RE.match(text[s]) and not _BACKGROUND_RE.match(text, s))):
            segments.append([s, e, starts])
        else:
            segments[-1][1] = e
        cut = False
    if not segments:
        return lo, []
    # What follows the last caption up to the credit is its background.
    n = len(segments)
    while n > 0 and not segments[n - 1][2]:
        n -= 1
    if 0 < n < len(segments):
        segments[n - 1][1] = segments[-1][1]
        del segments[n:]
    # The story's text between the captions (and above them) is none of them.
    kept = [seg for seg in segments[:-1] if seg[2]] + [segments[-1]]
    return kept[-1][0], [(s, e) for s, e, _ in kept[:-1]]


def _group_member(text: str, paras: Paragraphs, i: int) -> bool:
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


def is_byline_at(text: str, lo: int, hi: int) -> bool:
    """`is_byline_body(text[lo:hi])` without copying a region that may be long."""
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    first = _NON_SPACE_RE.search(text, lo, hi)
    if first is None:
        return False
    lo = first.start()
    return bool(_BYLINE_BODY_RE.match(text, lo, hi) or PEOPLE_LINE_RE.fullmatch(text, lo, hi)
                or (hi - lo < 120 and text.startswith(("By ", "BY "), lo, hi)))


def is_byline_body(body: str) -> bool:
    body = body.strip()  # stripped first: the patterns look behind the start
    return is_byline_at(body, 0, len(body))


PEOPLE_LINE_RE = re.compile(rf"(?:本报讯)?[ \u3000]*(?P<people>{cr._ZH_PEOPLE_MANY})[ \u3000]*(?:报道)?")
