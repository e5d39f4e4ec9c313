"""A PDF contact sheet of the published photos of an article (or of all articles) for editors
reviewing a page: a grid of thumbnails with caption number, file name, caption and credit under
each, the article headline and date on top, page numbers below.

Chinese needs a font with CJK glyphs embedded in the PDF; we take one the system has
(fontconfig first, then well-known paths; `CAPTION_STUDIO_CJK_FONT` overrides) and refuse
with a clear message when there is none, rather than write a PDF of empty boxes.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from caption_studio.core.errors import CaptionStudioError, InputError
from caption_studio.core.export.credit_files import atomic_write
from caption_studio.core.export.credit_rows import CreditRow, credit_line_zh, credit_rows
from caption_studio.core.media import thumbnails
from caption_studio.core.project.file import Project, now_iso
from caption_studio.core.tasks import CancelToken, Progress, no_progress

THUMB_PX = 512  # enough for ~200 dpi at four columns on A4
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
# fpdf2 embeds TrueType outlines; CFF-flavoured OpenType (Noto Sans CJK .otf/.ttc) is not
# reliable there, so those are only used when nothing else is found.
_CJK_PROBE = "摄影"


@dataclass(frozen=True)
class CjkFont:
    path: Path
    index: int = 0  # face number in a .ttc collection


def find_cjk_font() -> CjkFont:
    """A TrueType font with Chinese glyphs, or a clear error naming what to install."""
    return _find_cjk_font(os.environ.get("CAPTION_STUDIO_CJK_FONT"))


@functools.lru_cache(maxsize=4)
def _find_cjk_font(override: str | None) -> CjkFont:
    if override:
        path, _, index = override.partition("#")
        if not Path(path).is_file():
            raise CaptionStudioError(f"CAPTION_STUDIO_CJK_FONT: {path} does not exist")
        return CjkFont(Path(path), int(index or 0))
    for candidate in (*_fontconfig_fonts(), *(CjkFont(Path(p)) for p in _FONT_CANDIDATES)):
        if candidate.path.is_file() and candidate.path.suffix.lower() in (".ttf", ".ttc") \
                and _has_glyphs(candidate):
            return candidate
    raise CaptionStudioError(
        "no font with Chinese characters found for the PDF; install one (e.g. "
        "`apt install fonts-wqy-microhei`) or set CAPTION_STUDIO_CJK_FONT=/path/font.ttf")


def _fontconfig_fonts() -> list[CjkFont]:
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file", "index"], capture_output=True,
                             text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    fonts = []
    for line in sorted(out.splitlines()):  # stable choice between runs
        path, _, rest = line.partition(":")
        index = rest.strip().removeprefix("index=").strip()
        fonts.append(CjkFont(Path(path.strip()), int(index) if index.isdigit() else 0))
    # Sans-serif faces read best at 7 pt: prefer them over serif and mono.
    return sorted(fonts, key=lambda f: ("hei" not in f.path.name.lower(), f.index))


def _has_glyphs(font: CjkFont) -> bool:
    try:
        from fontTools.ttLib import TTFont

        with TTFont(font.path, fontNumber=font.index, lazy=True) as tt:
            cmap = tt.getBestCmap() or {}
            return "glyf" in tt and all(ord(ch) in cmap for ch in _CJK_PROBE)
    except Exception:  # noqa: BLE001 - a damaged font file is simply not a candidate
        return False


def _thumbnail_jpeg(project: Project, photo_id: int) -> bytes | None:
    """JPEG bytes of the photo scaled for print, or None when it cannot be read."""
    row = project.conn.execute(
        "SELECT path, fingerprint, orientation FROM photos WHERE id = ?", (photo_id,)).fetchone()
    if row is None:
        return None
    source = project.absolute(row[0])
    try:
        if row[1]:
            cached = thumbnails.ensure_thumbnail(project.cache_dir, source, row[1],
                                                 orientation=row[2], size=THUMB_PX)
            return Path(cached).read_bytes()
        with Image.open(source) as img:
            img.draft("RGB", (THUMB_PX, THUMB_PX))
            img = ImageOps.exif_transpose(img)
            img.thumbnail((THUMB_PX, THUMB_PX))
            out = io.BytesIO()
            img.convert("RGB").save(out, "JPEG", quality=85)
            return out.getvalue()
    except (OSError, ValueError, InputError, Image.DecompressionBombError):
        return None


def contact_sheet(project: Project, out_path: str | os.PathLike[str], *,
                  article_id: int | None = None, columns: int = 4,
                  progress: Progress = no_progress, cancel: CancelToken | None = None) -> Path:
    """Write the contact sheet PDF atomically; returns its path."""
    if not 1 <= columns <= 8:
        raise InputError(f"columns must be from 1 to 8, not {columns}")
    rows = credit_rows(project, article_id=article_id)
    if not rows:
        what = f"article {article_id}" if article_id is not None else "this project"
        raise InputError(f"{what} has no photos paired with captions; nothing to print")
    if cancel is not None:
        cancel.raise_if_cancelled()
    font = find_cjk_font()
    sheet = _Sheet(font, columns, project.name)
    articles: dict[int, list[CreditRow]] = {}
    for row in rows:
        articles.setdefault(row.article_id, []).append(row)
    done = 0
    progress(0, len(rows), "contact sheet")
    for group in articles.values():
        sheet.start_article(group[0])
        for row in group:
            if cancel is not None:
                cancel.raise_if_cancelled()
            sheet.add_photo(row, _thumbnail_jpeg(project, row.photo_id))
            done += 1
            progress(done, len(rows), row.file_name)
    data = bytes(sheet.pdf.output())
    return atomic_write(Path(out_path), lambda fh: fh.write(data))


class _Sheet:
    MARGIN = 12.0
    GAP = 5.0
    TEXT_SIZE = 7.0
    LINE = 3.2  # mm per 7 pt line

    def __init__(self, font: CjkFont, columns: int, project_name: str) -> None:
        from fpdf import FPDF

        sheet = self
        self.columns = columns
        self.title = ""
        self.subtitle = ""

        class _Pdf(FPDF):
            def header(self) -> None:
                sheet._header()

            def footer(self) -> None:
                sheet._footer()

        self.pdf = pdf = _Pdf(orientation="portrait", unit="mm", format="A4")
        pdf.set_margins(self.MARGIN, self.MARGIN + 14, self.MARGIN)
        pdf.set_auto_page_break(False)
        pdf.set_title("Contact sheet")
        pdf.set_creator("Caption Studio")
        pdf.add_font("cjk", fname=str(font.path), collection_font_number=font.index)
        self.footer_left = f"{project_name} · {now_iso()[:10]}"
        self.cell_w = (pdf.w - 2 * self.MARGIN - (columns - 1) * self.GAP) / columns
        self.box_h = self.cell_w * 0.75
        self.text_h = self.LINE * 6 + 2
        self.col = 0
        self.y = 0.0

    # -- page furniture ----------------------------------------------------------------------

    def _header(self) -> None:
        pdf = self.pdf
        pdf.set_xy(self.MARGIN, self.MARGIN)
        pdf.set_font("cjk", size=13)
        pdf.set_text_color(20, 20, 20)
        width = pdf.w - 2 * self.MARGIN
        pdf.cell(width, 6, _fit(pdf, self.title, width), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=8)
        pdf.set_text_color(90, 90, 90)
        pdf.cell(width, 4.5, self.subtitle, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(60, 60, 60)
        pdf.set_line_width(0.4)
        y = self.MARGIN + 11.5
        pdf.line(self.MARGIN, y, pdf.w - self.MARGIN, y)

    def _footer(self) -> None:
        pdf = self.pdf
        y = pdf.h - self.MARGIN + 2
        pdf.set_draw_color(180, 180, 180)
        pdf.set_line_width(0.2)
        pdf.line(self.MARGIN, y - 2, pdf.w - self.MARGIN, y - 2)
        pdf.set_font("cjk", size=7)
        pdf.set_text_color(110, 110, 110)
        pdf.set_xy(self.MARGIN, y)
        width = pdf.w - 2 * self.MARGIN
        pdf.cell(width / 2, 4, self.footer_left)
        pdf.cell(width / 2, 4, f"{pdf.page_no()} / {{nb}}", align="R")

    # -- content -----------------------------------------------------------------------------

    def start_article(self, row: CreditRow) -> None:
        self.title = row.headline or f"Article {row.article_id}"
        where = [row.article_date or ""]
        if row.edition:
            where.append(row.edition)
        if row.page:
            where.append(f"第{row.page}版 · page {row.page}" if row.page.isdigit() else row.page)
        self.subtitle = "   ".join(w for w in where if w)
        self._new_page()

    def _new_page(self) -> None:
        self.pdf.add_page()
        self.col = 0
        self.y = self.MARGIN + 15

    def add_photo(self, row: CreditRow, jpeg: bytes | None) -> None:
        pdf = self.pdf
        if self.col == self.columns:
            self.col = 0
            self.y += self.box_h + self.text_h + self.GAP
        if self.y + self.box_h + self.text_h > pdf.h - self.MARGIN - 2:
            self._new_page()
        x = self.MARGIN + self.col * (self.cell_w + self.GAP)
        self._image(row, jpeg, x, self.y)
        self._texts(row, x, self.y + self.box_h + 1.5)
        self.col += 1

    def _image(self, row: CreditRow, jpeg: bytes | None, x: float, y: float) -> None:
        pdf = self.pdf
        pdf.set_fill_color(238, 238, 238)
        pdf.rect(x, y, self.cell_w, self.box_h, style="F")
        if jpeg is None:
            pdf.set_font("cjk", size=7)
            pdf.set_text_color(150, 40, 40)
            pdf.set_xy(x, y + self.box_h / 2 - 2)
            pdf.cell(self.cell_w, 4, "photo file missing / 文件缺失", align="C")
            return
        with Image.open(io.BytesIO(jpeg)) as img:
            w_px, h_px = img.size
        scale = min(self.cell_w / w_px, self.box_h / h_px)
        w, h = w_px * scale, h_px * scale
        pdf.image(io.BytesIO(jpeg), x + (self.cell_w - w) / 2, y + (self.box_h - h) / 2, w, h)

    def _texts(self, row: CreditRow, x: float, y: float) -> None:
        pdf = self.pdf
        pdf.set_xy(x, y)
        pdf.set_font("cjk", size=self.TEXT_SIZE + 0.5)
        pdf.set_text_color(20, 20, 20)
        label = f"{row.caption_no}  {row.file_name}"
        pdf.cell(self.cell_w, self.LINE + 0.4, _fit(pdf, label, self.cell_w),
                 new_x="LEFT", new_y="NEXT")
        pdf.set_font("cjk", size=self.TEXT_SIZE)
        pdf.set_text_color(50, 50, 50)
        for line in _lines(pdf, row.description or "", self.cell_w, 4):
            pdf.cell(self.cell_w, self.LINE, line, new_x="LEFT", new_y="NEXT")
        credit = credit_line_zh([row])
        if credit:
            pdf.set_text_color(120, 120, 120)
            pdf.cell(self.cell_w, self.LINE, _fit(pdf, credit, self.cell_w),
                     new_x="LEFT", new_y="NEXT")


def _fit(pdf: object, text: str, width: float) -> str:
    """Text cut with an ellipsis to fit one line."""
    if pdf.get_string_width(text) <= width:  # type: ignore[attr-defined]
        return text
    while text and pdf.get_string_width(text + "…") > width:  # type: ignore[attr-defined]
        text = text[:-1]
    return text + "…"


def _lines(pdf: object, text: str, width: float, limit: int) -> Sequence[str]:
    """At most `limit` wrapped lines; the last one ends with … when the text was longer.
    Latin words stay whole; Chinese breaks between any two characters."""
    width_of = pdf.get_string_width  # type: ignore[attr-defined]
    lines: list[str] = []
    current = ""
    for token in _TOKEN_RE.findall(" ".join(text.split())):
        if current and width_of(current + token) > width:
            carry = ""
            # Closing punctuation never starts a line (Chinese typesetting): the character
            # before it moves down with it.
            if token in _NO_LINE_START and len(current) > 1:
                carry, current = current[-1], current[:-1]
            lines.append(current.rstrip())
            current = (carry + token).lstrip()
            if len(lines) == limit:
                last = lines[-1]
                while last and width_of(last + "…") > width:
                    last = last[:-1]
                lines[-1] = last + "…"
                return lines
        else:
            current += token
    if current.strip():
        lines.append(_fit(pdf, current.rstrip(), width))
    return lines


_NO_LINE_START = frozenset("，。、；：？！）》」』”’…,.;:!?)")
_TOKEN_RE = re.compile(r"[A-Za-z0-9'’.,:;!?()\-]+ ?|.")
