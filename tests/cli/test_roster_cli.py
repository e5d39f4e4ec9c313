import json

from click.testing import CliRunner

from caption_studio.cli.main import cli
from caption_studio.core.pairing import matcher as pairing
from caption_studio.core.project.file import Project
from tests.gui.desk_article import build


def test_roster_keywords_replacements_commands(tmp_path):
    path = build(tmp_path)
    with Project.open(path) as project:
        pairing.pair_project(project)
    runner = CliRunner()
    result = runner.invoke(cli, ["roster", "learn", str(path)])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(cli, ["roster", "list", str(path), "--json"]).output)
    by_name = {r["name"]: r for r in listed}
    assert set(by_name) == {"李雨恒", "张锦辉", "王鹏", "夏元", "视觉重庆", "新华社"}
    assert result.output.startswith(f"{len(listed)} added")
    assert by_name["李雨恒"]["latin_name"] == "Li Yuheng"
    assert by_name["王鹏"]["status"] == "agency"

    words = tmp_path / "kw.txt"
    words.write_text("[地点]\n\t中国\n\t\t重庆\n\t\t\t{渝}\n", encoding="utf-8")
    assert "3 keywords added" in runner.invoke(cli, ["keywords", "import", str(path),
                                                     str(words)]).output
    out = tmp_path / "out.txt"
    assert runner.invoke(cli, ["keywords", "export", str(path), str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == "[地点]\n\t中国\n\t\t重庆\n\t\t\t{渝}\n"

    codes = tmp_path / "codes.txt"
    codes.write_bytes("\ufefflyh\t记者 李雨恒 摄\r\n".encode())
    assert "1 codes imported" in runner.invoke(cli, ["replacements", "import", str(path),
                                                     str(codes)]).output
    back = tmp_path / "back.txt"
    runner.invoke(cli, ["replacements", "export", str(path), str(back)])
    assert back.read_text(encoding="utf-8") == "lyh\t记者 李雨恒 摄\n"

    bad = runner.invoke(cli, ["keywords", "import", str(path), str(tmp_path / "none.txt")])
    assert bad.exit_code != 0 and "no such file" in bad.output
    assert "Traceback" not in bad.output
