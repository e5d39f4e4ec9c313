import hashlib
import multiprocessing
import sqlite3
import struct

import pytest

from caption_studio.core.errors import ProjectError, ProjectLockedError, ProjectTooNewError
from caption_studio.core.project.file import APPLICATION_ID, Project
from caption_studio.core.project.migrations import latest_version


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_and_reopen(tmp_path):
    path = tmp_path / "desk.capstudio"
    with Project.create(path) as project:
        assert project.format_version == latest_version()
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        project.db["meta"].insert({"key": "note", "value": "kept"})
    with Project.open(path) as project:
        assert project.db["meta"].get("note")["value"] == "kept"
        assert project.counts() == {"articles": 0, "captions": 0, "photos": 0, "pairings": 0}


def test_create_adds_suffix_and_refuses_existing(tmp_path):
    with Project.create(tmp_path / "desk") as project:
        assert project.path.name == "desk.capstudio"
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(tmp_path / "desk.capstudio")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.capstudio"]


def test_create_in_missing_folder(tmp_path):
    with pytest.raises(ProjectError, match="does not exist"):
        Project.create(tmp_path / "nope" / "x.capstudio")


def _foreign_sqlite(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind,message", [
    ("empty", "empty"),
    ("text", "not an SQLite database"),
    ("foreign", "another application"),
    ("truncated", "truncated"),
    ("folder", "is a folder"),
    ("missing", "does not exist"),
])
def test_bad_files_are_refused_and_untouched(tmp_path, kind, message):
    path = tmp_path / "bad.capstudio"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("just some notes\n" * 20)
    elif kind == "foreign":
        _foreign_sqlite(path)
    elif kind == "truncated":
        with Project.create(path) as project:
            project.db["meta"].insert_all({"key": f"k{i}", "value": "x" * 500} for i in range(200))
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "folder":
        path.mkdir()
    before = digest(path) if path.is_file() else None
    with pytest.raises(ProjectError, match=message):
        Project.open(path)
    if before is not None:
        assert digest(path) == before
        assert not (tmp_path / "bad.capstudio-wal").exists()


def test_newer_file_refused_untouched(tmp_path):
    path = tmp_path / "future.capstudio"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectTooNewError, match="newer Caption Studio"):
        Project.open(path)
    assert digest(path) == before


def test_unknown_trigger_is_refused(tmp_path):
    path = tmp_path / "tampered.capstudio"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TRIGGER evil AFTER INSERT ON photos BEGIN DELETE FROM meta; END")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="trigger"):
        Project.open(path)
    assert digest(path) == before


def test_old_file_is_backed_up_then_migrated(tmp_path, monkeypatch):
    from caption_studio.core.project import migrations

    path = tmp_path / "old.capstudio"
    with Project.create(path) as project:
        project.db["meta"].insert({"key": "marker", "value": "v1"})
    monkeypatch.setitem(migrations.MIGRATIONS, latest_version() + 1,
                        "CREATE TABLE added_later (id INTEGER PRIMARY KEY);")
    with Project.open(path) as project:
        assert project.format_version == latest_version()
        assert "added_later" in project.db.table_names()
    backups = list(tmp_path.glob("old.capstudio.v*.bak"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT value FROM meta WHERE key='marker'").fetchone()[0] == "v1"
    assert "added_later" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    from caption_studio.core.project import migrations

    path = tmp_path / "old.capstudio"
    Project.create(path).close()
    version = latest_version()
    monkeypatch.setitem(migrations.MIGRATIONS, version + 1,
                        "CREATE TABLE half (id INTEGER); THIS IS NOT SQL;")
    with pytest.raises(ProjectError, match="cannot be upgraded"):
        Project.open(path)
    monkeypatch.delitem(migrations.MIGRATIONS, version + 1)
    with Project.open(path) as project:
        assert project.format_version == version
        assert "half" not in project.db.table_names()


def test_header_carries_application_id(tmp_path):
    path = tmp_path / "x.capstudio"
    Project.create(path).close()
    header = path.read_bytes()[:100]
    assert struct.unpack(">I", header[68:72])[0] == APPLICATION_ID


def _try_open(path, queue):
    try:
        Project.open(path).close()
        queue.put("opened")
    except ProjectLockedError as exc:
        queue.put(f"locked: {exc}")


def test_second_process_is_told_project_is_open(tmp_path):
    path = tmp_path / "shared.capstudio"
    with Project.create(path):
        queue = multiprocessing.get_context("spawn").Queue()
        proc = multiprocessing.get_context("spawn").Process(target=_try_open, args=(path, queue))
        proc.start()
        proc.join(30)
        result = queue.get(timeout=5)
    assert result.startswith("locked: ") and "open in another" in result
    # Once closed, the other process gets in.
    queue = multiprocessing.get_context("spawn").Queue()
    proc = multiprocessing.get_context("spawn").Process(target=_try_open, args=(path, queue))
    proc.start()
    proc.join(30)
    assert queue.get(timeout=5) == "opened"


def test_readonly_open_alongside_writer(tmp_path):
    path = tmp_path / "shared.capstudio"
    with Project.create(path) as writer:
        writer.db["meta"].insert({"key": "a", "value": "1"})
        with Project.open(path, readonly=True) as reader:
            assert reader.db["meta"].get("a")["value"] == "1"
            with pytest.raises(ProjectError, match="read-only"), reader.transaction():
                pass


def _latest_wal_page(wal: bytes, page_size: int, page_no: int) -> bytes:
    """The newest copy of a page among a WAL file's frames (24-byte header, then the page)."""
    found = None
    for offset in range(32, len(wal) - 24 - page_size + 1, 24 + page_size):
        if struct.unpack(">I", wal[offset:offset + 4])[0] == page_no:
            found = wal[offset + 24:offset + 24 + page_size]
    assert found is not None
    return found


def test_a_kill_during_a_checkpoint_is_not_mistaken_for_damage(tmp_path):
    # A checkpoint copies pages from the WAL into the file in page order: page 1 (saying the
    # file's new size) lands before the pages that extend the file. Killed there, the file
    # looks short, yet the WAL still holds everything and SQLite finishes the job.
    path = tmp_path / "desk.capstudio"
    Project.create(path).close()
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    with writer:
        writer.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                           [(f"k{i}", "x" * 500) for i in range(300)])
    page_size = writer.execute("PRAGMA page_size").fetchone()[0]
    crashed = tmp_path / "crashed.capstudio"
    wal = (tmp_path / "desk.capstudio-wal").read_bytes()
    data = bytearray(path.read_bytes())
    data[:page_size] = _latest_wal_page(wal, page_size, 1)
    crashed.write_bytes(bytes(data))
    (tmp_path / "crashed.capstudio-wal").write_bytes(wal)
    writer.close()
    assert struct.unpack(">I", data[28:32])[0] * page_size > len(data)  # the header says more
    with Project.open(crashed, readonly=True) as reader:
        assert reader.conn.execute("SELECT count(*) FROM meta WHERE key LIKE 'k%'"
                                   ).fetchone()[0] == 300
    with Project.open(crashed) as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
