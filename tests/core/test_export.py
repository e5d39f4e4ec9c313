import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from openpyxl import load_workbook

from caption_studio.core.credit_terms import find_agency
from caption_studio.core.employment import infer_employment
from caption_studio.core.errors import InputError
from caption_studio.core.export import credit_files as export
from caption_studio.core.export.credit_rows import (
    COLUMNS,
    credit_line_en,
    credit_line_zh,
    credit_rows,
    summarize,
)
from caption_studio.core.project.file import Project
from tests.core.export_data import CAPTIONS, build_page


@pytest.fixture(scope="module")
def page_path(tmp_path_factory):
    return build_page(tmp_path_factory.mktemp("page"))


@pytest.fixture
def project(page_path):
    with Project.open(page_path, readonly=True) as p:
        yield p


def test_one_row_per_published_photo_in_page_order(project):
    rows = credit_rows(project)
    assert [r.file_name for r in rows] == [c[5] for c in CAPTIONS]  # spare.jpg is unpaired
    first = rows[0]
    assert (first.headline, first.article_date, first.page, first.edition, first.caption_no) == (
        "山城夜色：重庆夜间经济持续升温", "2024-04-23", "3", "A叠", 1)
    assert first.photographers == ["李雨恒"] and first.latin_names == ["Li Yuheng"]
    assert (first.role, first.agency, first.agency_en) == ("记者", "视觉重庆", "Visual Chongqing")
    assert first.credit_line == "记者 李雨恒 摄/视觉重庆"
    assert first.status == "approved" and first.date_taken == "2024-04-23"


def test_manual_fix_wins_and_employment_per_photographer(project):
    by_file = {r.file_name: r for r in credit_rows(project)}
    staff = by_file["CQ0423_003.jpg"]
    assert staff.photographers == ["欧阳小雨", "曾一"]
    assert staff.latin_names == ["Ouyang Xiaoyu", "Zeng Yi"]  # compound surname, 曾 read zeng
    assert staff.employments == ["staff", "staff"] and staff.employment == "staff"
    pair = by_file["CQ0423_002.jpg"]
    # The roster knows 张锦辉 (freelance, own Latin name); 尹诗语 is inferred from the credit.
    assert pair.latin_names == ["Cheung Kam-fai", "Yin Shiyu"]
    assert pair.employments == ["freelance", "agency"]
    assert pair.employment == "freelance; agency"
    assert by_file["BJ0501_002.jpg"].employments == ["agency"]
    assert by_file["BJ0501_001.jpg"].latin_names == ["Andy Wong"]


def test_filters(project):
    assert {r.article_id for r in credit_rows(project, article_id=2)} == {2}
    assert [r.photo_id for r in credit_rows(project, status="Approved")] == [1, 2]
    assert {r.article_id for r in credit_rows(project, date_from="2024-04-24")} == {2}
    assert {r.article_id for r in credit_rows(project, date_to="2024/04/23")} == {1}
    assert credit_rows(project, date_from="2024-06-01") == []
    with pytest.raises(InputError, match="not a date"):
        credit_rows(project, date_from="April")
    with pytest.raises(InputError, match="not one of"):
        credit_rows(project, status="published")


def test_summary_counts_each_photographer_and_agency(project):
    summary = summarize(credit_rows(project))
    people = {t.name: t for t in summary.photographers}
    assert summary.photos == len(CAPTIONS) and summary.without_photographer == 0
    assert people["张锦辉"].photos == 1 and people["张锦辉"].employment == "freelance"
    assert people["李雨恒"].agencies == ["视觉重庆"] and people["李雨恒"].articles == 1
    agencies = {t.agency: (t.english, t.photos, t.photographers) for t in summary.agencies}
    assert agencies == {"视觉重庆": ("Visual Chongqing", 2, 3), "AP": ("AP", 1, 1),
                        "新华社": ("Xinhua", 1, 1)}


def test_printable_credit_lines(project):
    page = credit_rows(project, article_id=1)
    assert credit_line_zh(page[:2]) == "摄影：李雨恒 张锦辉 尹诗语（视觉重庆）"
    assert credit_line_en(page[:2]) == "Photos: Li Yuheng, Cheung Kam-fai, Yin Shiyu / Visual Chongqing"
    assert credit_line_zh(page) == "摄影：李雨恒 张锦辉 尹诗语（视觉重庆）；欧阳小雨 曾一"
    assert credit_line_en(page[2:]) == "Photos: Ouyang Xiaoyu, Zeng Yi"
    wire = credit_rows(project, article_id=2)
    assert credit_line_en(wire[1:]) == "Photo: Wang Peng / Xinhua"
    text = export.credit_lines_text(credit_rows(project))
    assert text.splitlines()[0] == "2024-04-23 A叠 第3版"
    assert "Photos: Andy Wong / AP; Wang Peng / Xinhua" in text


def test_agency_table_and_inference():
    assert find_agency("AP Photo").english == "AP"
    assert find_agency("Getty Images North America").english == "Getty Images"
    assert find_agency("视觉中国供图").english == "VCG"
    assert find_agency("重庆晨报") is None
    assert infer_employment("本报记者", None) == "staff"
    assert infer_employment("特约摄影", None) == "freelance"
    assert infer_employment("新华社记者", None) == "agency"
    assert infer_employment(None, "Reuters") == "agency"
    assert infer_employment(None, None) is None


def test_csv_has_bom_and_reopens(project, tmp_path):
    rows = credit_rows(project)
    out = export.write_credits(rows, tmp_path / "credits.csv", "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == [h for _, h in COLUMNS]
    assert len(table) == len(rows) + 1
    assert table[2][table[0].index("Photographer")] == "张锦辉; 尹诗语"
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left behind


def test_xlsx_header_frozen_widths_and_summary(project, tmp_path):
    rows = credit_rows(project)
    out = export.write_credits(rows, tmp_path / "credits.xlsx", "xlsx")
    book = load_workbook(out)
    sheet = book["Credits"]
    assert [c.value for c in sheet[1]] == [h for _, h in COLUMNS]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == len(rows) + 1
    headline_col = [h for _, h in COLUMNS].index("Headline") + 1
    letter = sheet.cell(1, headline_col).column_letter
    # 15 CJK characters are 30 columns wide, not 15.
    assert sheet.column_dimensions[letter].width >= export.display_width(rows[0].headline)
    assert export.display_width(rows[0].headline) == 2 * len(rows[0].headline)
    totals = book["Summary"]
    assert totals.freeze_panes == "A2"
    names = [totals.cell(r, 1).value for r in range(2, 2 + len(summarize(rows).photographers))]
    assert "张锦辉" in names
    values = [c.value for row in totals.iter_rows() for c in row]
    assert "摄影：李雨恒 张锦辉 尹诗语（视觉重庆）；欧阳小雨 曾一" in values


def test_json_and_markdown(project, tmp_path):
    rows = credit_rows(project)
    data = json.loads(export.write_credits(rows, tmp_path / "c.json", "json").read_text("utf-8"))
    assert len(data["rows"]) == len(rows)
    assert data["rows"][1]["photographers"] == ["张锦辉", "尹诗语"]
    assert data["rows"][1]["employment"] == "freelance; agency"
    assert data["summary"]["photos"] == len(rows)
    assert data["credit_lines"][1]["en"] == "Photos: Andy Wong / AP; Wang Peng / Xinhua"
    md = export.render_text(rows, "md")
    lines = md.splitlines()
    assert lines[2].startswith("| Article | Headline |")
    assert sum(1 for line in lines if line.startswith("| 1 | 山城夜色")) == 3


def test_formats_from_suffix_and_text_only_to_stdout(project):
    assert export.format_for("a/b.XLSX", None) == "xlsx"
    assert export.format_for(None, None) == "csv"
    assert export.format_for("x.csv", "json") == "json"
    with pytest.raises(InputError, match="unknown export format"):
        export.format_for("x.pdf", None)
    with pytest.raises(InputError, match="not a text format"):
        export.render_text(credit_rows(project), "xlsx")


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "credits.csv"
    target.write_text("old")

    def broken(fh):
        fh.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        export.atomic_write(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["credits.csv"]


def test_credits_view_under_trusted_schema_off_and_sqlite_utils(project, page_path):
    assert project.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    view = list(project.db.query("SELECT * FROM credits ORDER BY photo_id"))
    rows = credit_rows(project)
    assert [v["photo_id"] for v in view] == sorted(r.photo_id for r in rows)
    # A plain connection, as sqlite-utils and Datasette users have it.
    db = sqlite_utils.Database(sqlite3.connect(page_path))
    plain = {r["file_name"]: r for r in db["credits"].rows}
    assert plain["CQ0423_002.jpg"]["photographers"] == "张锦辉; 尹诗语"
    assert plain["CQ0423_003.jpg"]["photographers"] == "欧阳小雨; 曾一"
    assert plain["CQ0423_001.jpg"]["employment"] == "agency"
    assert plain["CQ0423_003.jpg"]["employment"] == "staff"
    assert plain["CQ0423_002.jpg"]["employment"] == "freelance"  # the roster, first photographer
    assert "spare.jpg" not in plain


def test_credits_view_through_the_sqlite_utils_command(page_path):
    exe = Path(sys.executable).with_name("sqlite-utils")
    out = subprocess.run([str(exe), "query", str(page_path), "select file_name, agency, employment "
                          "from credits order by photo_id"], capture_output=True, text=True,
                         check=True)
    data = json.loads(out.stdout)
    assert data[0] == {"file_name": "CQ0423_001.jpg", "agency": "视觉重庆", "employment": "agency"}
    assert len(data) == len(CAPTIONS)


def test_the_credits_view_judges_employment_from_the_one_credit_table(page_path, tmp_path):
    import shutil

    from caption_studio.core.credit_terms import table_rows

    copy = tmp_path / "copy.capstudio"
    shutil.copy(page_path, copy)
    with Project.open(copy) as p:
        view = {r["file_name"]: r["employment"] for r in p.query("SELECT * FROM credits")}
        # No roster entry for these: the view's judgement is infer_employment's for the
        # first photographer.
        for row in credit_rows(p):
            if row.photographers and p.conn.execute(
                    "SELECT 1 FROM people WHERE name = ? AND status IS NOT NULL",
                    (row.photographers[0],)).fetchone() is None:
                assert view[row.file_name] == infer_employment(row.role, row.agency)
        assert sorted(p.conn.execute("SELECT term, means FROM credit_terms")) == table_rows()
        # A file whose table lacks an agency (made before it was added) gets it on reopening.
        with p.transaction() as conn:
            conn.execute("DELETE FROM credit_terms WHERE term = 'xinhua'")
    with Project.open(copy) as p:
        assert ("xinhua", "agency") in set(p.conn.execute("SELECT term, means FROM credit_terms"))
