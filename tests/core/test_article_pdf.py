"""Page PDFs (e-paper, a layout system's export): their text layer read in reading order."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caption_studio.core.article.captions import parse_article, parse_article_file
from caption_studio.core.article.decode import read_article_file
from caption_studio.core.article.pdf import reading_order
from caption_studio.core.article.store import import_article
from caption_studio.core.errors import InputError
from caption_studio.core.project.file import Project
from tests.core.pdf_pages import Para, page_pdf, source_text

# Invented copy in the shapes of a city paper's page: a headline across the page, indented
# body paragraphs, captions set smaller, two columns, a caption cut by the column end and
# one by the page end.
PAGE = [
    Para("春季义务植树活动在全市展开", "head"),
    Para("本报讯（记者 王某某）春回大地，全市各区县陆续开展义务植树活动，机关干部、学生和社区"
         "居民踊跃参与，现场气氛热烈。"),
    Para("3月12日，南岸区某森林公园，市民在新辟的林地里挥锹培土，栽下一株株银杏树苗。"
         "记者 徐涛 摄", "caption"),
    Para("活动组织方介绍，今年共准备树苗三万余株，覆盖全市二十多个点位，活动将持续到四月底。"),
    Para("3月12日，江北区某小学，学生们在老师带领下为新栽的树苗浇水，这是他们参加的第一次"
         "植树活动，大家干劲十足。通讯员 李某某 摄", "caption", break_after=2),  # column end
    Para("据了解，各区县还将组织志愿者对新栽树苗进行为期一年的养护，确保成活率。"),
    Para("3月13日，渝中区某街道，志愿者在给新栽的黄葛树苗培土，一位老园艺工人在旁边指导他们"
         "如何把土压实，现场其乐融融。记者 单丽 摄/视觉重庆", "caption", break_after=1),  # page
    Para("植树现场还设置了科普展板，向市民介绍本地常见树种的习性和养护知识。"),
    Para("3月14日，北碚区某山脚下，护林员带领孩子们认识树木。记者 曾某 摄", "caption"),
]


@pytest.fixture
def page(tmp_path):
    return page_pdf(PAGE, tmp_path / "page5.pdf")


def test_two_columns_and_pages_read_as_the_text_file(page):
    text = read_article_file(page)
    assert text == source_text(PAGE)


def test_the_parse_of_the_pdf_is_the_parse_of_the_text(page, tmp_path):
    from_pdf = parse_article_file(page, year=2024)
    from_text = parse_article(source_text(PAGE), year=2024)
    assert from_pdf.to_json() == from_text.to_json()
    assert [p.name for c in from_pdf.captions for p in c.photographers] == [
        "徐涛", "李某某", "单丽", "曾某"]
    # the captions cut by the column end and by the page end are whole
    assert from_pdf.captions[1].description.endswith("大家干劲十足。")
    assert from_pdf.captions[2].description.startswith("渝中区某街道")
    assert from_pdf.captions[2].description.endswith("现场其乐融融。")


def test_highlight_spans_point_into_the_decoded_text(page):
    parsed = parse_article_file(page, year=2024)
    for caption in parsed.captions:
        whole = parsed.text[slice(*caption.span)]
        assert whole.endswith("摄") or whole.endswith("视觉重庆")
        for key, (lo, hi) in caption.field_spans.items():
            if key.startswith("photographer."):
                person = caption.photographers[int(key.split(".")[1])]
                assert parsed.text[lo:hi] == person.name
        lo, hi = caption.field_spans["date"]
        assert parsed.text[lo:hi] == caption.date_text


def test_the_page_is_really_laid_out_in_columns_and_pages(page):
    # The test means something only if the PDF's own order is not the reading order:
    # pdfminer's box order (boxes_flow) interleaves the two columns of this page.
    from pdfminer.high_level import extract_text

    naive = extract_text(str(page))
    assert "\f" in naive  # two pages
    assert source_text(PAGE) not in naive
    # the 渝中区 caption is cut by the page end, the 江北区 one by the column end
    assert extract_text(str(page), page_numbers=[1]).startswith("一位老园艺工人")
    assert "大家干劲十足。通讯\n\n员 李某某 摄" in naive


ENGLISH = [
    Para("Spring tree planting begins across the city", "head"),
    Para("Thousands of residents joined volunteers on Tuesday to plant trees in parks and "
         "along river banks, the city's forestry bureau said."),
    Para("Volunteers plant ginkgo saplings in a forest park in Nan'an District of southwest "
         "China's Chongqing, March 12, 2024. (Xinhua/Xu Tao)", "caption", break_after=2),
    Para("The bureau said some 30,000 saplings had been prepared for more than twenty sites."),
    Para("CHONGQING, CHINA - MARCH 13: Pupils water newly planted trees at a primary school "
         "on March 13, 2024 in Chongqing, China. (Photo by Li Yuheng/Getty Images)",
         "caption"),
]


def test_english_columns_join_words_with_spaces(tmp_path):
    pdf = page_pdf(ENGLISH, tmp_path / "en.pdf")
    assert read_article_file(pdf) == source_text(ENGLISH)
    caps = parse_article_file(pdf).captions
    assert [p.name for c in caps for p in c.photographers] == ["Xu Tao", "Li Yuheng"]


def test_reading_order_reads_columns_down_then_across():
    class Box:
        def __init__(self, name, x0, y0, x1, y1):
            self.name, self.x0, self.y0, self.x1, self.y1 = name, x0, y0, x1, y1

    boxes = [Box("head", 50, 780, 550, 800),
             Box("left-top", 50, 600, 290, 760), Box("right-top", 310, 650, 550, 760),
             Box("left-bottom", 50, 400, 290, 590), Box("right-bottom", 310, 400, 550, 640)]
    order = [b.name for b, _ in reading_order(boxes)]
    assert order == ["head", "left-top", "left-bottom", "right-top", "right-bottom"]
    edges = {b.name: e for b, e in reading_order(boxes)}
    assert edges["left-top"] == (50, 290) and edges["right-bottom"] == (310, 550)


def test_a_scanned_page_says_it_has_no_text(tmp_path):
    scan = page_pdf([], tmp_path / "scan.pdf", images_only=True)
    with pytest.raises(InputError, match="no text layer"):
        read_article_file(scan)


def test_damaged_and_misnamed_pdfs_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    with pytest.raises(InputError, match="bad.pdf"):
        read_article_file(bad)
    text_named_pdf = tmp_path / "page.txt"
    text_named_pdf.write_bytes(page_pdf(PAGE[:3], tmp_path / "p.pdf").read_bytes())
    assert "南岸区" in read_article_file(text_named_pdf)  # sniffed by its %PDF- header


def _cli(*args):
    exe = Path(sys.executable).with_name("caption-studio")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})


def test_cli_parse_of_the_pdf_equals_the_text_and_a_scan_exits_2(page, tmp_path):
    txt = tmp_path / "page5.txt"
    txt.write_text(source_text(PAGE), encoding="utf-8")
    from_pdf = _cli("parse", "--json", "--year", "2024", str(page))
    from_txt = _cli("parse", "--json", "--year", "2024", str(txt))
    assert from_pdf.returncode == 0, from_pdf.stderr
    assert json.loads(from_pdf.stdout) == json.loads(from_txt.stdout)
    scan = _cli("parse", str(page_pdf([], tmp_path / "scan.pdf", images_only=True)))
    assert scan.returncode == 2
    assert scan.stdout == ""
    assert len(scan.stderr.strip().splitlines()) == 1 and "no text layer" in scan.stderr


def test_the_project_imports_a_pdf_article(page, tmp_path):
    with Project.create(tmp_path / "desk.capstudio") as project:
        article_id = import_article(project, page, year=2024)
        rows = project.conn.execute("SELECT description FROM captions WHERE article_id = ? "
                                    "ORDER BY position", (article_id,)).fetchall()
        assert len(rows) == 4 and rows[0][0].startswith("南岸区某森林公园")
