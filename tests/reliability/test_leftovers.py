"""What a killed write leaves behind is cleared by the next run (regressions found by the
kill trials)."""

from __future__ import annotations

import subprocess
import sys

from caption_studio.core.media.importer import import_paths
from caption_studio.core.media.writeback import embed_metadata
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields
from tests.media_builders import jpeg_scan_data, make_jpeg

from .support import integrity, project_with_rows


def test_embed_clears_temporaries_a_killed_write_left(tmp_path):
    photo = make_jpeg(tmp_path / "photos" / "a.jpg")
    other = make_jpeg(tmp_path / "photos" / "b.jpg", color=(10, 200, 90))
    stale = tmp_path / "photos" / ".a.jpg.k3j_x9q.capstudio-tmp"
    stale.write_bytes(photo.read_bytes()[:100])  # half a copy, as SIGKILL leaves it
    foreign = tmp_path / "photos" / ".b.jpg.notes"  # not ours: kept
    foreign.write_text("keep")
    scan = jpeg_scan_data(photo)
    with Project.create(tmp_path / "desk.capstudio") as project:
        import_paths(project, [tmp_path / "photos"], workers=1)
        set_fields(project, [1, 2], {"headline": "after the crash"})
        summary = embed_metadata(project, in_place=True)
    assert not summary.skipped
    assert sorted(p.name for p in (tmp_path / "photos").iterdir()) == [
        ".b.jpg.notes", "a.jpg", "b.jpg"]
    assert jpeg_scan_data(photo) == scan
    assert other.exists() and foreign.read_text() == "keep"


def test_readers_open_a_project_whose_writer_died_mid_transaction(tmp_path):
    # A hot journal (the kill trials found it) used to lock every reader out ("attempt to
    # write a readonly database") until someone opened the project for writing.
    path = project_with_rows(tmp_path / "desk.capstudio", photos=50)
    crash = ("import os, signal, sqlite3, sys\n"
             "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
             "c.execute('PRAGMA journal_mode = DELETE'); c.execute('PRAGMA cache_size = 1')\n"
             "c.execute('BEGIN')\n"
             "c.execute('UPDATE photos SET file_name = hex(randomblob(3000))')\n"
             "os.kill(os.getpid(), signal.SIGKILL)\n")
    subprocess.run([sys.executable, "-c", crash, str(path)], check=False, timeout=60)
    assert (tmp_path / "desk.capstudio-journal").exists()
    with Project.open(path, readonly=True) as project:  # what info, photos and exports do
        assert project.counts()["photos"] == 50
        assert all(name.endswith(".jpg") for (name,) in
                   project.conn.execute("SELECT file_name FROM photos"))
    assert integrity(path) == "ok"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.capstudio"]
