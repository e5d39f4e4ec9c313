"""`caption-studio parse` through click's CliRunner, plus one real subprocess run."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from caption_studio.cli.main import cli

ARTICLE = ("## 港口新貌\n\n四月十八日，青溪港集装箱码头，岸桥正在装卸货物。\n\n记者 林某 摄/视觉重庆\n\n"
           "4月18日下午，市政府召开推进会。\n\n（云岭日报记者 宋某 见习记者 何某）\n")


def run(*args):
    return CliRunner().invoke(cli, ["parse", *args], catch_exceptions=False)


def test_json_contract(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="gb18030")
    result = run(str(path), "--json", "--year", "2025")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["article"]["headline"] == "港口新貌"
    assert [(w["name"], w["role"]) for w in data["article"]["writers"]] == [("宋某", "云岭日报记者"), ("何某", "见习记者")]
    (cap,) = data["captions"]
    assert cap["date"] == "2025-04-18" and cap["date_source"] == "option"
    assert cap["location"] == "青溪港集装箱码头"
    assert cap["photographers"][0]["name"] == "林某" and cap["photographers"][0]["role"] == "记者"
    assert cap["credit"] == "视觉重庆"
    assert set(cap) >= {"text", "description", "date", "date_source", "location", "photographers", "credit", "span"}


def test_date_option_and_table(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(str(path), "--date", "2023-04-19")
    assert result.exit_code == 0
    assert "港口新貌" in result.output and "2023-04-18" in result.output and "视觉重庆" in result.output


def test_bad_input_is_one_line_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "b.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    for path in (empty, binary, tmp_path / "missing.txt"):
        result = CliRunner().invoke(cli, ["parse", str(path)])
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1
    result = CliRunner().invoke(cli, ["parse", str(empty), "--date", "yesterday"])
    assert result.exit_code == 2


def test_help_text():
    result = CliRunner().invoke(cli, ["parse", "--help"])
    assert result.exit_code == 0 and "--year" in result.output and "--json" in result.output


def test_real_process(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-16")
    proc = subprocess.run([sys.executable, "-m", "caption_studio", "parse", str(path), "--json", "--year", "2025"],
                          capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout.decode("utf-8"))["captions"][0]["credit"] == "视觉重庆"
