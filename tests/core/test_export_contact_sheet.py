import re

import pytest

from caption_studio.core.errors import Cancelled, CaptionStudioError, InputError
from caption_studio.core.export import contact_sheet as cs
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken
from tests.core.export_data import build_page


@pytest.fixture(scope="module")
def page_path(tmp_path_factory):
    return build_page(tmp_path_factory.mktemp("sheet"))


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def unicode_map(pdf: bytes) -> set[int]:
    """Code points the embedded fonts can show, from their ToUnicode CMaps."""
    found = set()
    for cmap in re.findall(rb"beginbfchar(.*?)endbfchar", pdf, re.S):
        found.update(int(h, 16) for h in re.findall(rb"<[0-9A-Fa-f]{4}>\s*<([0-9A-Fa-f]{4})>", cmap))
    return found


def test_pdf_has_pages_per_article_and_embeds_cjk_font(page_path, tmp_path):
    seen = []
    with Project.open(page_path, readonly=True) as project:
        out = cs.contact_sheet(project, tmp_path / "sheet.pdf",
                               progress=lambda d, t, label: seen.append((d, t)))
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pages(pdf) == 2  # one page per article (3 and 2 photos)
    assert re.search(rb"/Subtype\s*/Type0", pdf) and b"/FontFile2" in pdf
    shown = unicode_map(pdf)
    for text in ("摄影", "山城夜色", "视觉重庆", "CQ0423_001.jpg"):
        assert {ord(ch) for ch in text} <= shown, text
    assert seen[-1] == (5, 5)
    assert len(re.findall(rb"/Subtype\s*/Image", pdf)) == 5


def test_columns_decide_pages_and_one_article(page_path, tmp_path):
    with Project.open(page_path, readonly=True) as project:
        one = cs.contact_sheet(project, tmp_path / "a1.pdf", article_id=1, columns=1)
        with pytest.raises(InputError, match="columns"):
            cs.contact_sheet(project, tmp_path / "x.pdf", columns=0)
        with pytest.raises(InputError, match="nothing to print"):
            cs.contact_sheet(project, tmp_path / "x.pdf", article_id=42)
    # one column: the box is as wide as the page, so only one photo with its text fits a page
    assert pages(one.read_bytes()) == 3
    assert not (tmp_path / "x.pdf").exists()


def test_missing_photo_file_gets_a_placeholder(page_path, tmp_path):
    moved = page_path.parent / "photos" / "CQ0423_001.jpg"
    hidden = moved.with_suffix(".hidden")
    moved.rename(hidden)
    try:
        with Project.open(page_path, readonly=True) as project:
            pdf = cs.contact_sheet(project, tmp_path / "s.pdf", article_id=1).read_bytes()
    finally:
        hidden.rename(moved)
    assert len(re.findall(rb"/Subtype\s*/Image", pdf)) == 2
    assert {ord(ch) for ch in "文件缺失"} <= unicode_map(pdf)


def test_cancel_leaves_no_file(page_path, tmp_path):
    token = CancelToken()
    token.cancel()
    with Project.open(page_path, readonly=True) as project, pytest.raises(Cancelled):
        cs.contact_sheet(project, tmp_path / "s.pdf", cancel=token)
    assert list(tmp_path.iterdir()) == []


def test_font_lookup_override_and_clear_error(monkeypatch, tmp_path):
    found = cs.find_cjk_font()
    assert found.path.is_file()
    monkeypatch.setenv("CAPTION_STUDIO_CJK_FONT", f"{found.path}#{found.index}")
    assert cs.find_cjk_font() == found
    monkeypatch.setenv("CAPTION_STUDIO_CJK_FONT", str(tmp_path / "none.ttf"))
    with pytest.raises(CaptionStudioError, match="does not exist"):
        cs.find_cjk_font()
    # A machine without any Chinese font: fontconfig finds nothing, no known path exists.
    monkeypatch.delenv("CAPTION_STUDIO_CJK_FONT")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(cs, "_FONT_CANDIDATES", ())
    cs._find_cjk_font.cache_clear()
    with pytest.raises(CaptionStudioError, match="no font with Chinese characters"):
        cs.find_cjk_font()
    cs._find_cjk_font.cache_clear()


def test_caption_wrapping_keeps_words_whole_and_punctuation_off_line_starts():
    from fpdf import FPDF

    font = cs.find_cjk_font()
    pdf = FPDF()
    pdf.add_font("cjk", fname=str(font.path), collection_font_number=font.index)
    pdf.add_page()
    pdf.set_font("cjk", size=7)
    text = "重庆渝中区解放碑步行街，市民和游客在灯光下漫步。"
    lines = cs._lines(pdf, text, pdf.get_string_width(text[:-1]) + 0.1, 4)
    assert "".join(lines) == text and not any(line[0] in "，。" for line in lines)
    long = cs._lines(pdf, text * 6, 40, 3)
    assert len(long) == 3 and long[-1].endswith("…")
    assert all(pdf.get_string_width(line) <= 40 for line in long)
    sentence = "Commuters walk past a billboard in Beijing, China."
    latin = cs._lines(pdf, sentence, 40, 4)
    assert len(latin) > 1 and " ".join(latin).split() == sentence.split(" ")
