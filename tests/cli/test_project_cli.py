import hashlib
import json
import subprocess
import sys

from click.testing import CliRunner

from caption_studio.cli.main import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_new_then_info_json(tmp_path):
    path = tmp_path / "desk.capstudio"
    result = run("new", str(path))
    assert result.exit_code == 0, result.output
    result = run("info", str(path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["photos"] == 0 and data["articles"] == 0 and data["format_version"] >= 1
    assert data["path"] == str(path.resolve())


def test_damaged_file_gets_one_line_and_exit_2(tmp_path):
    path = tmp_path / "broken.capstudio"
    path.write_bytes(b"\x00\x01garbage" * 50)
    before = hashlib.sha256(path.read_bytes()).digest()
    result = run("info", str(path))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "not a Caption Studio project" in result.output
    assert "Traceback" not in result.output
    assert hashlib.sha256(path.read_bytes()).digest() == before


def test_every_command_has_help_text():
    import click

    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    assert {"new", "info", "parse", "import", "photos", "set", "pair", "embed", "credits",
            "contact-sheet"} <= set(names)
    for name in names:
        command = cli.get_command(ctx, name)
        assert command is not None and command.help and command.help.strip(), name
        result = run(name, "--help")
        assert result.exit_code == 0, name


def test_real_subprocess(tmp_path):
    path = tmp_path / "sub.capstudio"
    exe = [sys.executable, "-m", "caption_studio"]
    subprocess.run([*exe, "new", str(path)], check=True, capture_output=True)
    out = subprocess.run([*exe, "info", str(path), "--json"], check=True, capture_output=True,
                         text=True)
    assert json.loads(out.stdout)["name"] == "sub"
    bad = subprocess.run([*exe, "info", str(tmp_path / "missing.capstudio")],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert bad.stderr.startswith("caption-studio: error:") and "Traceback" not in bad.stderr
