"""PDF pages -> text: the text layer of an e-paper or layout-system page PDF, in reading order.

pdfminer.six reads the text layer and its layout analysis groups characters into lines and
lines into text boxes, with each character's position, font and size. Its own box order
(`boxes_flow`) interleaves the columns of a newspaper page, so the boxes are put in reading
order here by recursive XY-cut, the classic rule for pages of columns: split the page at its
widest blank gap, across (rows, read top to bottom) or down (columns, read left to right),
and again inside each part. A box holds several paragraphs of a column when they are set
without space between them; a new paragraph starts where the font changes, where a line is
indented, or where the line before ends short (the next line's first word would have fitted).
Lines of one paragraph are joined (nothing between Chinese characters, a space between
words), paragraphs, boxes and pages are separated by a blank line: the layout the caption
finder knows from text files, where a caption cut by a column or page break is joined again.

A PDF without any text (a scanned page) is refused with a message saying so.
"""

from __future__ import annotations

import io
import re
import statistics
from typing import Any

from caption_studio.core.errors import InputError

MAX_PDF_PAGES = 500
# Lines closer than this (in line heights) belong to one box: newspaper leading is 1.2-1.6.
LINE_MARGIN = 0.8
# A gap wider than this (in character widths) is a space the PDF did not draw; a narrow
# glyph (an apostrophe) leaves wider gaps than pdfminer's default 0.1 allows for.
WORD_MARGIN = 0.3
_HAN_RE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…·]")
_TERMINAL = tuple("。！？!?”\"’）)】.…；;")


def pdf_text(data: bytes, label: str) -> str:
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage

    lines: list[_Line] = []
    laparams = LAParams(line_margin=LINE_MARGIN, word_margin=WORD_MARGIN)
    try:
        parser_pages = PDFPage.get_pages(io.BytesIO(data), maxpages=MAX_PDF_PAGES + 1)
        for number, page in enumerate(_layouts(parser_pages, laparams), 1):
            if number > MAX_PDF_PAGES:
                raise InputError(f"{label} has more than {MAX_PDF_PAGES} pages; "
                                 "import the pages that hold the article")
            lines.extend(_page_lines(page))
    except InputError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(f"{label} is password-protected; save an unprotected copy") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        raise InputError(f"{label} is not a readable PDF ({type(exc).__name__})") from None
    text = "\n\n".join(_join(p) for p in _paragraphs(lines))
    if not text.strip():
        raise InputError(f"{label} has no text layer (a scanned page?); it needs OCR first, "
                         "or import the page's text instead")
    return text + "\n"


def _layouts(pages: Any, laparams: Any) -> Any:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=laparams)
    interpreter = PDFPageInterpreter(manager, device)
    for page in pages:
        interpreter.process_page(page)
        yield device.get_result()


# --- reading order ------------------------------------------------------------------------

def _page_lines(page: Any) -> list[_Line]:
    from pdfminer.layout import LTTextBoxHorizontal, LTTextLineHorizontal

    boxes = [b for b in page if isinstance(b, LTTextBoxHorizontal) and b.get_text().strip()]
    for box in boxes:  # the box's text size, for the column edges (_extent)
        box.size = statistics.median(ln.height for ln in box) if len(box) else 0.0
    out: list[_Line] = []
    for box, (left, right) in reading_order(boxes):
        for ln in box:
            if isinstance(ln, LTTextLineHorizontal):
                line = _Line(ln, left, right)
                if line.text.strip():
                    out.append(line)
    return out


def reading_order(boxes: list[Any], edges: tuple[float, float] | None = None
                  ) -> list[tuple[Any, tuple[float, float]]]:
    """Boxes (anything with x0, y0, x1, y1 in PDF points, y upwards) in reading order, each
    with the left and right edge of its column: the part of the page it was last cut into
    across (a cut down a page keeps the column's edges, even when the boxes above and below
    a gap are narrower than the column)."""
    if not boxes:
        return []
    if edges is None:
        edges = _extent(boxes)
    if len(boxes) == 1:
        return [(boxes[0], edges)]
    cut = _widest_gap(boxes)
    if cut is None:  # overlapping boxes: top to bottom, then left to right
        return [(b, edges) for b in sorted(boxes, key=lambda b: (-b.y1, b.x0))]
    axis, at = cut
    if axis == "x":
        first = [b for b in boxes if b.x1 <= at]
        rest = [b for b in boxes if b.x1 > at]
        return reading_order(first) + reading_order(rest)
    first = [b for b in boxes if b.y0 >= at]  # above the gap
    rest = [b for b in boxes if b.y0 < at]
    return reading_order(first, edges) + reading_order(rest, edges)


def _extent(boxes: list[Any]) -> tuple[float, float]:
    """The column's edges: those of its text in the common size, not of a headline wider
    than the column under it."""
    sizes = [getattr(b, "size", 0.0) for b in boxes]
    common = statistics.median_low(sizes)
    body = [b for b, size in zip(boxes, sizes, strict=True) if size <= common * 1.15] or boxes
    return min(b.x0 for b in body), max(b.x1 for b in body)


def _widest_gap(boxes: list[Any]) -> tuple[str, float] | None:
    best: tuple[float, str, float] | None = None
    for axis in ("x", "y"):  # on a tie, columns first
        spans = sorted((b.x0, b.x1) if axis == "x" else (b.y0, b.y1) for b in boxes)
        reach = spans[0][1]
        for lo, hi in spans[1:]:
            if lo > reach and (best is None or lo - reach > best[0]):
                best = (lo - reach, axis, (lo + reach) / 2)
            reach = max(reach, hi)
    return None if best is None else (best[1], best[2])


# --- paragraphs ---------------------------------------------------------------------------

class _Line:
    def __init__(self, line: Any, left: float, right: float) -> None:
        from pdfminer.layout import LTChar

        chars = [c for c in line if isinstance(c, LTChar)]
        self.x0, self.x1 = line.x0, line.x1
        self.text = _line_text(line)  # spaces at its ends kept: they tell how to join
        sizes = [c.size for c in chars if c.get_text().strip()]
        self.em = statistics.median(sizes) if sizes else max(line.height, 1.0)
        fonts = [(c.fontname, round(c.size * 2) / 2) for c in chars if c.get_text().strip()]
        self.font = max(set(fonts), key=fonts.count) if fonts else None
        self.first_word = _first_word_width(chars, self.em)
        self.left, self.right = left, right  # its column's edges


def _line_text(line: Any) -> str:
    """The line's characters; pdfminer's inferred spaces only between Latin letters (in
    justified Chinese, letter-spacing would otherwise put spaces between characters)."""
    from pdfminer.layout import LTAnno, LTChar

    items = [o for o in line if isinstance(o, (LTChar, LTAnno))]
    out: list[str] = []
    for i, item in enumerate(items):
        text = item.get_text()
        if isinstance(item, LTAnno):
            if text == "\n":
                continue
            before = out[-1][-1:] if out else ""
            after = items[i + 1].get_text()[:1] if i + 1 < len(items) else ""
            if not before or not after or _HAN_RE.match(before) or _HAN_RE.match(after):
                continue
        out.append(text)
    return "".join(out).replace("\n", "")


def _first_word_width(chars: list[Any], em: float) -> float:
    """How wide the line's first word is: one character for Chinese."""
    visible = [c for c in chars if c.get_text().strip()]
    if not visible:
        return 0.0
    if _HAN_RE.match(visible[0].get_text()):
        return visible[0].x1 - visible[0].x0
    end = visible[0]
    for c in chars[chars.index(visible[0]):]:
        if not c.get_text().strip() or _HAN_RE.match(c.get_text()):
            break
        end = c
    return end.x1 - visible[0].x0 + 0.3 * em  # and the space before it


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    paragraphs: list[list[_Line]] = []
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is None or _new_paragraph(prev, line):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


def _new_paragraph(prev: _Line, line: _Line) -> bool:
    if prev.font and line.font and prev.font != line.font:
        return True  # a caption is set in another face or size than the body around it
    em = max(prev.em, line.em)
    indent, margin = line.x0 - line.left, line.right - line.x1
    if indent > 0.8 * em and prev.x0 - prev.left < 0.5 * em and abs(indent - margin) > em:
        return True  # an indented first line (a centred one ends a heading)
    # The next line's first word would have fitted: the line before ended its paragraph.
    # Across a column or page break the same test says whether the paragraph goes on.
    return prev.right - prev.x1 > max(em, line.first_word + 0.2 * em)


def _join(lines: list[_Line]) -> str:
    """One paragraph's lines as one line. Chinese is set with breaks anywhere, so a break
    in Chinese text is no space (not even inside 33618 or beside GDP) unless the PDF drew
    one; in Latin text a break is a space, except after a hyphen that broke a word."""
    letters = [ch for ln in lines for ch in ln.text if ch.isalnum()]
    chinese = sum(1 for ch in letters if _HAN_RE.match(ch)) * 2 >= len(letters)
    out = ""
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        spaced = line.text[:1].isspace() or out[-1:].isspace()  # a space at the break
        out = out.rstrip()
        if not out:
            out = text
        elif not spaced and (chinese or _HAN_RE.match(out[-1]) or _HAN_RE.match(text[0])
                             or (out.endswith("-") and text[0].islower())):
            out += text
        else:
            out += " " + text
        if line.text[-1:].isspace():
            out += " "
    return out.strip()
