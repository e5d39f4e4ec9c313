import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from caption_studio.cli.main import cli
from tests.bad_files import write_bad_files
from tests.media_builders import make_jpeg

ARTICLE = """## 春耕时节

4月23日，璧山区田间，农民驾驶插秧机作业。
记者 周雨桐 摄/视觉重庆

（新重庆-重庆日报记者 周雨桐）
"""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _photos(tmp_path):
    make_jpeg(tmp_path / "photos" / "a.jpg", iptc={"Iptc.Application2.Caption": "插秧机作业"})
    make_jpeg(tmp_path / "photos" / "day2" / "b.jpg", color=(0, 90, 200))
    return tmp_path / "photos"


def test_import_all_good_exits_0_with_summary_and_report(tmp_path):
    project = tmp_path / "desk.capstudio"
    assert run("new", project).exit_code == 0
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    report = tmp_path / "report.json"

    result = run("import", project, _photos(tmp_path), "--article", article, "--report", report,
                 "--thumbnails")

    assert result.exit_code == 0, result.output
    assert "2 imported" in result.stdout and "0 skipped" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["imported"] == 2 and data["skipped"] == [] and len(data["articles"]) == 1
    assert data["thumbnails"]["made"] == 2
    assert len(list((tmp_path / "desk.cache").rglob("*.jpg"))) == 2

    again = run("import", project, tmp_path / "photos", "--json")
    assert again.exit_code == 0
    assert json.loads(again.stdout)["unchanged"] == 2


def test_bad_files_exit_1_and_every_one_is_in_the_report(tmp_path):
    project = tmp_path / "desk.capstudio"
    run("new", project)
    bad = write_bad_files(tmp_path / "bad")
    report = tmp_path / "r.json"

    result = run("import", project, tmp_path / "bad", "--report", report)

    assert result.exit_code == 1, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    listed = {e["path"] for e in data["skipped"]} | {e["path"] for e in data["warnings"]}
    expected = {os.fsencode(b.path).decode("utf-8", "backslashreplace")
                for b in bad if b.outcome in ("skip", "warn")}
    assert expected <= listed
    assert "skipped  " in result.stderr and "Traceback" not in result.output


def test_usage_and_project_errors_exit_2_with_one_line(tmp_path):
    result = run("import", tmp_path / "missing.capstudio", tmp_path)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    project = tmp_path / "desk.capstudio"
    run("new", project)
    assert run("import", project).exit_code == 2


def test_relink_command(tmp_path):
    project = tmp_path / "desk.capstudio"
    run("new", project)
    run("import", project, _photos(tmp_path))
    (tmp_path / "photos").rename(tmp_path / "moved")
    result = run("relink", project, tmp_path / "moved", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["relinked"]) == 2


def test_real_command_in_a_subprocess(tmp_path):
    project = tmp_path / "desk.capstudio"
    photos = _photos(tmp_path)
    run("new", project)
    done = subprocess.run([sys.executable, "-m", "caption_studio", "import", str(project),
                           str(photos), "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == 2
    listed = run("photos", project, "--json")
    assert [p["file_name"] for p in json.loads(listed.stdout)] == ["a.jpg", "b.jpg"]


def test_an_unreadable_article_is_reported_and_the_photos_stay(tmp_path):
    project = tmp_path / "desk.capstudio"
    run("new", project)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("import", project, _photos(tmp_path), "--article", empty, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["imported"] == 2 and data["articles"] == []
    assert data["skipped"][0]["path"] == str(empty)
    assert "article not imported" in data["skipped"][0]["reason"]


@pytest.mark.slow
def test_ctrl_c_in_a_real_import_keeps_what_was_committed(tmp_path):
    from caption_studio.core.project.file import Project
    from tests.bad_files import jpeg_bytes

    template = jpeg_bytes((32, 24))
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(3000):
        unique = f"n{n:09}".encode()
        com = b"\xff\xfe" + (len(unique) + 2).to_bytes(2, "big") + unique
        (folder / f"IMG_{n:05}.jpg").write_bytes(template[:2] + com + template[2:])
    project = tmp_path / "desk.capstudio"
    run("new", project)
    proc = subprocess.Popen([sys.executable, "-m", "caption_studio", "import", str(project),
                             str(folder), "--batch-size", "10"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)

    def committed():
        with Project.open(project, readonly=True) as p:
            return p.counts()["photos"]

    deadline = time.monotonic() + 120
    while committed() < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # polling the project file, not waiting for a fixed time
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)

    kept = committed()
    assert proc.returncode == 1, err
    assert "interrupted" in err and "Traceback" not in err
    assert 10 <= kept < 3000 and kept % 10 == 0  # whole batches only
    rest = run("import", project, folder, "--json")
    data = json.loads(rest.stdout)
    assert (data["unchanged"], data["imported"]) == (kept, 3000 - kept)
