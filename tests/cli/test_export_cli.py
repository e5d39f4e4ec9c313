import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from caption_studio.cli.main import cli
from tests.core.export_data import CAPTIONS, build_page


@pytest.fixture(scope="module")
def page_path(tmp_path_factory):
    return build_page(tmp_path_factory.mktemp("cli"))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_credits_csv_to_stdout_and_file(page_path, tmp_path):
    result = run("credits", page_path, "--article", 1)
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0][:2] == ["Article", "Headline"] and len(table) == 4
    out = tmp_path / "page.csv"
    result = run("credits", page_path, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert f"wrote {len(CAPTIONS)} credit rows" in result.stderr


def test_credits_filters_and_formats(page_path, tmp_path):
    result = run("credits", page_path, "--status", "approved", "--format", "json")
    assert [r["photo_id"] for r in json.loads(result.stdout)["rows"]] == [1, 2]
    result = run("credits", page_path, "--from", "2024-05-01", "--to", "2024-05-31",
                 "--format", "txt")
    assert result.stdout.splitlines() == [
        "Beijing commuters (2024-05-01)", "摄影：Andy Wong（AP）；王鹏（新华社）",
        "Photos: Andy Wong / AP; Wang Peng / Xinhua"]
    assert run("credits", page_path, "--format", "md").stdout.startswith("# Credits\n")
    out = tmp_path / "c.xlsx"
    assert run("credits", page_path, "-o", out).exit_code == 0
    assert load_workbook(out)["Credits"].freeze_panes == "A2"


@pytest.mark.parametrize("args, message", [
    (["--format", "xlsx"], "give a file with -o"),
    (["--from", "yesterday"], "not a date"),
    (["-o", "x.pdf"], "unknown export format"),
])
def test_credits_errors_are_one_line(page_path, args, message):
    result = run("credits", page_path, *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_contact_sheet_command(page_path, tmp_path):
    out = tmp_path / "sheet.pdf"
    result = run("contact-sheet", page_path, "-o", out, "--article", 2, "--columns", 3)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    result = run("contact-sheet", page_path, "-o", out, "--article", 9)
    assert result.exit_code == 2 and "nothing to print" in result.stderr


def test_credits_in_a_subprocess_while_the_project_is_open(page_path):
    from caption_studio.core.project.file import Project

    with Project.open(page_path):  # the desk has it open: export still reads it
        out = subprocess.run([sys.executable, "-m", "caption_studio", "credits", str(page_path),
                              "--format", "txt", "--article", "1"],
                             capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "摄影：李雨恒 张锦辉 尹诗语（视觉重庆）；欧阳小雨 曾一" in out.stdout


def test_commands_have_help():
    for name in ("credits", "contact-sheet"):
        result = run(name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output
