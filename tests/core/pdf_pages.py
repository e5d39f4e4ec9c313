"""Newspaper page PDFs made at test time with fpdf2: a headline across the page, then body
paragraphs (indented, 10 pt) and captions (9 pt) flowing down the columns and on to the
next page, cut wherever a column ends, as a layout system sets Chinese (a line breaks at
any character). Used by the PDF tests and by scripts/eval_captions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from caption_studio.core.export.contact_sheet import find_cjk_font

PAGE_W, PAGE_H = 210.0, 297.0  # mm
MARGIN = 15.0
GUTTER = 6.0
BODY_PT, CAPTION_PT, SUB_PT, HEAD_PT = 10.0, 9.0, 12.0, 16.0
LEADING = 1.45  # line height / font size, as newspapers set body text
PT = 25.4 / 72


@dataclass
class Para:
    text: str
    kind: str = "body"  # body, caption, sub (a heading in a column), head (across the page)
    break_after: int | None = None  # lines; then the column (or page) ends


def page_pdf(paras: list[Para], path: Path, *, columns: int = 2,
             column_height: float | None = None, images_only: bool = False) -> Path:
    """Lay `paras` out and write the PDF. `column_height` (mm) makes columns end early, to
    put a column or page break inside a paragraph. `images_only`: a scanned page (a picture
    of text, no text layer)."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    font = find_cjk_font()
    pdf.add_font("cjk", fname=str(font.path), collection_font_number=font.index)
    pdf.add_page()
    if images_only:
        from PIL import Image

        scan = path.with_suffix(".scan.png")
        Image.new("L", (600, 800), 235).save(scan)
        pdf.image(str(scan), x=MARGIN, y=MARGIN, w=PAGE_W - 2 * MARGIN)
        pdf.output(str(path))
        return path
    col_w = (PAGE_W - 2 * MARGIN - (columns - 1) * GUTTER) / columns
    bottom = MARGIN + (column_height or PAGE_H - 2 * MARGIN)
    y_top = MARGIN
    col, y = 0, y_top
    for para in paras:
        if para.kind == "head":
            pdf.set_font("cjk", size=HEAD_PT)
            pdf.set_xy(MARGIN, y)
            pdf.multi_cell(PAGE_W - 2 * MARGIN, HEAD_PT * PT * LEADING, para.text, align="C",
                           wrapmode="CHAR")
            y = y_top = pdf.get_y() + 4
            continue
        size = {"caption": CAPTION_PT, "sub": SUB_PT}.get(para.kind, BODY_PT)
        indent = 2 * size * PT if para.kind == "body" else 0.0
        pdf.set_font("cjk", size=size)
        line_h = size * PT * LEADING
        for n, line in enumerate(_lines(pdf, para.text, col_w, indent)):
            if y + line_h > bottom or n == para.break_after:
                col += 1
                y = y_top
                if col == columns:
                    pdf.add_page()
                    col, y_top, y = 0, MARGIN, MARGIN
            x = MARGIN + col * (col_w + GUTTER) + (indent if n == 0 else 0)
            pdf.set_xy(x, y)
            pdf.cell(col_w, line_h, line)
            y += line_h
    pdf.output(str(path))
    return path


def _lines(pdf, text: str, width: float, indent: float) -> list[str]:  # noqa: ANN001
    """Chinese breaks at any character, English between words; the first line is shorter
    by the indent."""
    latin = sum(ch.isascii() for ch in text) > len(text) / 2
    units = re.findall(r"\S+\s*", text) if latin else list(text)
    lines, current = [], ""
    limit = width - indent
    for unit in units:
        if current and pdf.get_string_width((current + unit).rstrip()) > limit:
            lines.append(current.rstrip() if latin else current)
            current, limit = "", width
        current += unit
    if current:
        lines.append(current.rstrip())
    return lines


def source_text(paras: list[Para]) -> str:
    """The same article as a text file: one paragraph a block."""
    return "\n\n".join(p.text for p in paras) + "\n"
