from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from caption_studio.cli.main import cli
from caption_studio.core.media.metadata import read_embedded
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields
from tests.helpers import add_photo_rows
from tests.media_builders import make_jpeg


def _project(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "desk.capstudio"
    with Project.create(path) as proj:
        for name in names:
            make_jpeg(tmp_path / "photos" / name)
        ids = add_photo_rows(proj, names)
        set_fields(proj, ids, {"description": "重庆 " + "长" * 700, "creator": ["李雨恒"]})
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_embed_in_place_and_summary(tmp_path: Path) -> None:
    project = _project(tmp_path, ["a.jpg", "b.jpg"])
    result = run("embed", str(project), "--in-place")
    assert result.exit_code == 0, result.output
    assert "2 written, 0 failed" in result.output
    assert "description cut to the IPTC limit" in result.output
    assert read_embedded(tmp_path / "photos" / "a.jpg").fields["creator"] == ["李雨恒"]
    result = run("embed", str(project), "--in-place", "--only-changed", "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["written"] == [] and len(data["unchanged"]) == 2


def test_some_files_failing_exit_1(tmp_path: Path) -> None:
    project = _project(tmp_path, ["a.jpg", "b.jpg"])
    (tmp_path / "photos" / "b.jpg").unlink()
    result = run("embed", str(project), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "not written  photos/b.jpg: b.jpg: the file is missing" in result.output
    assert (tmp_path / "out" / "photos" / "a.jpg").is_file()


def test_usage_and_project_errors_exit_2(tmp_path: Path) -> None:
    project = _project(tmp_path, ["a.jpg"])
    assert run("embed", str(project)).exit_code == 2
    assert run("embed", str(project), "--in-place", "--out", str(tmp_path)).exit_code == 2
    missing = run("embed", str(tmp_path / "nope.capstudio"), "--in-place")
    assert missing.exit_code == 2 and "does not exist" in missing.output
    assert "Traceback" not in missing.output


def test_embed_in_a_subprocess(tmp_path: Path) -> None:
    project = _project(tmp_path, ["a.jpg"])
    proc = subprocess.run([sys.executable, "-m", "caption_studio", "embed", str(project),
                           "--in-place", "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["written"] == [str(tmp_path / "photos" / "a.jpg")]
    assert proc.stderr == ""
