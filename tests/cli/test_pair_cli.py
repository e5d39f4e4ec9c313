import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from scripts.eval_pairing.fixtures import CaptionSpec, PhotoSpec, add_article, add_photos

from caption_studio.cli.main import cli
from caption_studio.core.project.file import Project


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "desk.capstudio"
    with Project.create(path) as project:
        add_article(project, [
            CaptionSpec("4月23日，市民在渝北区仙桃数据谷参观无人机展览。本报记者 李雨恒 摄",
                        [("李雨恒", "记者")], "2024-04-23", "渝北区仙桃数据谷"),
            CaptionSpec("4月23日，游客在南岸区南山植物园赏花。本报记者 徐涛 摄",
                        [("徐涛", "记者")], "2024-04-23", "南岸区南山植物园"),
            CaptionSpec("4月23日，工人在江北区检修输电线路。本报记者 王伟 摄",
                        [("王伟", "记者")], "2024-04-23", "江北区")], headline="山城春日")
        add_photos(project, [
            PhotoSpec("photos/xu_tao/DSC_0001.JPG", "2024-04-23T10:00:00"),
            PhotoSpec("photos/DSC_0002.JPG", "2024-04-23T09:00:00", {"creator": ["Li Yuheng"]}),
            PhotoSpec("photos/DSC_0003.JPG", "2024-04-25T09:00:00")])
    return path


def test_dry_run_prints_pairs_and_changes_nothing(project_file):
    out = CliRunner().invoke(cli, ["pair", str(project_file), "--dry-run"])
    assert out.exit_code == 0, out.output
    assert "sure" in out.output and "photographer 徐涛 (folder xu_tao)" in out.output
    assert "unmatched photo    3: photos/DSC_0003.JPG" in out.output
    assert "unmatched caption  article 1 caption 3" in out.output
    assert "would apply" in out.output
    with Project.open(project_file, readonly=True) as project:
        assert project.counts()["pairings"] == 0


def test_json_then_photos_json_shows_the_pairing(project_file):
    out = CliRunner().invoke(cli, ["pair", str(project_file), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert {(p["photo_path"], p["caption_index"], p["state"]) for p in data["pairs"]} == {
        ("photos/xu_tao/DSC_0001.JPG", 2, "sure"), ("photos/DSC_0002.JPG", 1, "sure")}
    assert data["unmatched_photos"] == [3] and data["unmatched_captions"] == [3]
    photos = json.loads(CliRunner().invoke(cli, ["photos", str(project_file), "--json"]).output)
    by_path = {p["path"]: p for p in photos}
    pairing = by_path["photos/DSC_0002.JPG"]["pairing"]
    assert pairing["article"] == 1 and pairing["caption_index"] == 1
    assert pairing["state"] == "sure" and pairing["reasons"][0].startswith("photographer 李雨恒")
    assert by_path["photos/DSC_0003.JPG"]["pairing"] is None
    assert by_path["photos/DSC_0002.JPG"]["fields"]["creator"] == {
        "value": ["李雨恒"], "provenance": "caption"}


def test_unknown_article_is_one_line(project_file):
    out = CliRunner().invoke(cli, ["pair", str(project_file), "--article", "7"])
    assert out.exit_code == 2
    assert out.output.strip() == "caption-studio: error: no article with id 7 in this project"


def test_in_a_subprocess(project_file):
    done = subprocess.run([sys.executable, "-m", "caption_studio", "pair", str(project_file)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "2 pair(s): 2 sure (applied)" in done.stdout
