"""A read-only project folder or file, a full disk: one clear line, and nothing lost.

Read-only is real: chmod for an ordinary user; for root (whom permissions do not stop) a
read-only bind mount. A full disk is made at the edge: `PRAGMA max_page_count` makes SQLite
hit SQLITE_FULL; for write-back and exports the OS call reports ENOSPC.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from caption_studio.cli.main import cli
from caption_studio.core.media.importer import import_paths
from caption_studio.core.project import connection as project_module
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import get_fields, set_fields
from tests.media_builders import make_jpeg

from .support import digest, digests, integrity, project_with_rows


@contextlib.contextmanager
def read_only(path: Path):
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    subprocess.run(["mount", "--bind", path, path], check=True, capture_output=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", path], check=True,
                       capture_output=True)
        yield
    finally:
        subprocess.run(["umount", path], check=True, capture_output=True)


def _cli(*args):
    result = CliRunner().invoke(cli, [os.fspath(a) for a in args])
    lines = result.output.strip().splitlines()
    return result.exit_code, lines


def _desk(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    path = project_with_rows(folder / "desk.capstudio", photos=3)
    with Project.open(path) as project:
        set_fields(project, [1], {"headline": "kept"})
    return path


@pytest.mark.parametrize("what", ["folder", "file"])
def test_read_only_project(tmp_path, what):
    path = _desk(tmp_path)
    before = digest(path)
    with read_only(path.parent if what == "folder" else path):
        code, lines = _cli("info", path)
        assert code == 0, lines
        code, lines = _cli("photos", path, "--json")
        assert code == 0 and '"kept"' in "\n".join(lines), lines
        code, lines = _cli("set", path, "--photo", "2", "headline=lost?")
        assert code == 2 and len(lines) == 1 and "read-only" in lines[0], lines
        code, lines = _cli("import", path, tmp_path)
        assert code == 2 and len(lines) == 1 and "read-only" in lines[0], lines
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["desk.capstudio"]
    # made writable again, the edit goes in and the old one is still there
    assert _cli("set", path, "--photo", "2", "headline=now")[0] == 0
    with Project.open(path, readonly=True) as project:
        assert get_fields(project, 1)["headline"][0] == "kept"
        assert get_fields(project, 2)["headline"][0] == "now"


def small_disk(monkeypatch):
    """Every connection the app opens may grow its file by only a few pages."""
    original = project_module.connect

    def connect(path, *, readonly, **kwargs):
        conn = original(path, readonly=readonly, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        return conn

    monkeypatch.setattr(project_module, "connect", connect)


def test_disk_full_during_a_batch_edit(tmp_path, monkeypatch):
    path = project_with_rows(tmp_path / "desk.capstudio", photos=400)
    small_disk(monkeypatch)
    code, lines = _cli("set", path, "--photo", "1", "headline=small edit fits")
    assert code == 0, lines
    refs = [a for pid in range(1, 401) for a in ("--photo", str(pid))]
    code, lines = _cli("set", path, *refs, "description=" + "长说明" * 400)
    assert code == 2 and len(lines) == 1 and "disk is full" in lines[0], lines
    assert integrity(path) == "ok"
    with Project.open(path, readonly=True) as project:
        assert get_fields(project, 1) == {"headline": ("small edit fits", "manual")}
        assert project.conn.execute("SELECT count(*) FROM field_values "
                                    "WHERE field = 'description'").fetchone()[0] == 0


def test_disk_full_during_import(tmp_path, monkeypatch):
    for i in range(30):
        make_jpeg(tmp_path / "photos" / f"p{i:02}.jpg", color=(i * 8, 90, 200),
                  iptc={"Iptc.Application2.Caption": "说明" * 200})
    path = tmp_path / "desk.capstudio"
    Project.create(path).close()
    originals = digests(tmp_path / "photos")
    small_disk(monkeypatch)
    code, lines = _cli("import", path, tmp_path / "photos")
    assert code == 2 and "disk is full" in lines[-1], lines
    assert not any("Traceback" in line for line in lines)
    assert integrity(path) == "ok"
    assert digests(tmp_path / "photos") == originals
    with Project.open(path, readonly=True) as project:
        assert project.counts()["photos"] in (0, 30) or project.counts()["photos"] % 500 == 0


def _enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_disk_full_during_embed(tmp_path, monkeypatch):
    photos = [make_jpeg(tmp_path / "photos" / f"p{i}.jpg", color=(i * 40, 90, 20))
              for i in range(3)]
    originals = digests(tmp_path / "photos")
    with Project.create(tmp_path / "desk.capstudio") as project:
        import_paths(project, [tmp_path / "photos"], workers=1)
        set_fields(project, [1, 2, 3], {"headline": "满了"})
    # exiftool writes the new file in its own process; the disk fills at our fsync of it
    real_fsync = os.fsync
    monkeypatch.setattr("caption_studio.core.media.writeback.os.fsync", _enospc)
    code, lines = _cli("embed", tmp_path / "desk.capstudio", "--in-place")
    assert code == 1, lines
    assert sum("disk is full" in line for line in lines) == len(photos), lines
    assert digests(tmp_path / "photos") == originals  # no temporary left, nothing touched
    monkeypatch.setattr("caption_studio.core.media.writeback.os.fsync", real_fsync)
    assert _cli("embed", tmp_path / "desk.capstudio", "--in-place")[0] == 0


def test_disk_full_during_export(tmp_path, monkeypatch):
    path = _desk(tmp_path)
    out = tmp_path / "credits.csv"
    out.write_text("yesterday's list\n", "utf-8")
    monkeypatch.setattr("caption_studio.core.export.credit_files.os.fsync", _enospc)
    code, lines = _cli("credits", path, "-o", out)
    assert code == 2 and len(lines) == 1 and "No space left" in lines[0], lines
    assert out.read_text("utf-8") == "yesterday's list\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["credits.csv", "desk"]
