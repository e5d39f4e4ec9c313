"""A project file from someone else is untrusted input: it opens, or it is refused with one
ProjectError line and left byte-identical with nothing beside it; nothing in it runs."""

from __future__ import annotations

import shutil
import sqlite3
import struct
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caption_studio.core.errors import ProjectError
from caption_studio.core.project import migrations
from caption_studio.core.project.file import Project

from .support import digest, leftovers, project_with_rows, run_cli


class Healthy(bytes):
    # a short repr: hypothesis prints the fixture with every failing example
    def __repr__(self) -> str:
        return f"<healthy project, {len(self)} bytes>"


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Healthy:
    path = project_with_rows(tmp_path_factory.mktemp("healthy") / "base.capstudio")
    return Healthy(path.read_bytes())


# -- fuzzing the opener ----------------------------------------------------------------------

mutation = st.one_of(
    # a few bytes anywhere, with the 100-byte header hit more often than its share
    st.tuples(st.just("poke"), st.lists(st.tuples(
        st.one_of(st.integers(0, 99), st.integers(0, 10**6)), st.integers(0, 255)),
        min_size=1, max_size=12)),
    st.tuples(st.just("truncate"), st.integers(0, 10**6)),
    st.tuples(st.just("append"), st.binary(min_size=1, max_size=5000)),
    # a whole page overwritten with noise (a damaged sector)
    st.tuples(st.just("page"), st.tuples(st.integers(0, 60), st.binary(min_size=64, max_size=64))),
)


def mutate(data: bytes, change) -> bytes:
    kind, arg = change
    out = bytearray(data)
    if not out:
        return data + (arg if kind == "append" else b"")
    if kind == "poke":
        for offset, value in arg:
            out[offset % len(out)] = value
    elif kind == "truncate":
        del out[arg % len(out):]
    elif kind == "append":
        out += arg
    else:
        page, noise = arg
        start = (page * 4096) % len(out)
        out[start:start + 4096] = (noise * 64)[: len(out[start:start + 4096])]
    return bytes(out)


def check_open(data: bytes) -> str:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        path = folder / "fuzzed.capstudio"
        path.write_bytes(data)
        try:
            Project.open(path).close()
        except ProjectError as exc:
            assert "\n" not in str(exc)
            assert path.read_bytes() == data, "a refused file was changed"
            assert leftovers(folder, {path.name}) == [], "a refused file left files beside it"
            return "refused"
        return "opened"
    finally:
        shutil.rmtree(folder)


def _fuzz(healthy: bytes, changes) -> None:
    data = healthy
    for change in changes:
        data = mutate(data, change)
    check_open(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(mutation, min_size=1, max_size=3))
def test_fuzzed_project_opens_or_is_refused_unchanged(healthy, changes):
    _fuzz(healthy, changes)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(mutation, min_size=1, max_size=3))
def test_fuzzed_project_opens_or_is_refused_unchanged_long(healthy, changes):
    _fuzz(healthy, changes)


@pytest.mark.parametrize("offset", range(0, 100))
def test_every_header_byte(healthy, offset):
    # Each header field at a handful of telling values (0, 1, small, sign bit, all ones).
    for value in (0, 1, 2, 3, 5, 0x7F, 0x80, 0xFF):
        if healthy[offset] != value:
            check_open(healthy[:offset] + bytes([value]) + healthy[offset + 1:])


def test_forged_old_version_over_new_schema_is_refused_unchanged(tmp_path, healthy):
    # user_version says 1 but the schema is already the newest.
    path = tmp_path / "forged.capstudio"
    data = bytearray(healthy)
    data[60:64] = struct.pack(">I", 1)
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match="did not write"):
        Project.open(path)
    assert path.read_bytes() == bytes(data)
    assert leftovers(tmp_path, {path.name}) == []


def test_an_upgrade_that_fails_half_way_changes_nothing(tmp_path, monkeypatch):
    # Two pending steps, the second fails: the first must not stay applied, the file must be
    # byte-identical, and the backup made for the upgrade is not left lying around.
    path = project_with_rows(tmp_path / "old.capstudio")
    before = digest(path)
    top = migrations.latest_version()
    monkeypatch.setitem(migrations.MIGRATIONS, top + 1, "CREATE TABLE step_one (id INTEGER);")
    monkeypatch.setitem(migrations.MIGRATIONS, top + 2, "CREATE TABLE step_two (id INTEGER);\n"
                        "INSERT INTO no_such_table VALUES (1);")
    with pytest.raises(ProjectError, match="cannot be upgraded"):
        Project.open(path)
    assert digest(path) == before
    assert leftovers(tmp_path, {path.name}) == []
    monkeypatch.delitem(migrations.MIGRATIONS, top + 2)
    with Project.open(path) as project:
        assert project.format_version == top + 1
        assert "step_one" in project.db.table_names()


def test_names_that_are_not_utf8_are_refused(tmp_path, healthy):
    path = tmp_path / "names.capstudio"
    data = bytearray(healthy)
    at = data.index(b"CREATE TABLE meta")
    data[at + 13:at + 17] = b"\xff\xfe\xfd\xfc"  # the table name `meta` in the schema text
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectError):
        Project.open(path)
    assert path.read_bytes() == bytes(data)


# -- hostile schema ----------------------------------------------------------------------------

def _tamper(path: Path, *statements: str) -> str:
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return digest(path)


HOSTILE = {
    "trigger": "CREATE TRIGGER wipe AFTER INSERT ON photos BEGIN DELETE FROM field_values; END",
    "view": "CREATE VIEW photo_dump AS SELECT * FROM photos",
    "view_load_extension": "CREATE VIEW loader AS SELECT load_extension('/tmp/evil.so')",
    "trigger_on_meta": "CREATE TRIGGER spy AFTER UPDATE ON meta BEGIN "
                       "INSERT INTO meta (key, value) SELECT 'copy', value FROM meta; END",
    "temp_like_name": "CREATE TRIGGER \"search photos ai\" BEFORE DELETE ON photos "
                      "BEGIN SELECT RAISE(ABORT, 'no'); END",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_schema_is_refused_unchanged(tmp_path, kind):
    path = project_with_rows(tmp_path / "hostile.capstudio")
    before = _tamper(path, HOSTILE[kind])
    with pytest.raises(ProjectError, match="did not create"):
        Project.open(path)
    assert digest(path) == before
    assert leftovers(tmp_path, {path.name}) == []


def test_known_trigger_name_with_another_body_is_refused(tmp_path, monkeypatch):
    monkeypatch.setitem(migrations.MIGRATIONS, migrations.latest_version() + 1,
                        "CREATE TRIGGER stamp AFTER INSERT ON photos BEGIN "
                        "UPDATE photos SET missing = 0 WHERE id = new.id; END;")
    monkeypatch.setattr(migrations, "KNOWN_TRIGGERS", migrations.KNOWN_TRIGGERS | {"stamp"})
    monkeypatch.setattr("caption_studio.core.project.guard.KNOWN_TRIGGERS",
                        migrations.KNOWN_TRIGGERS)
    path = project_with_rows(tmp_path / "ours.capstudio")
    Project.open(path).close()  # our own trigger, as written, is accepted
    before = _tamper(path, "DROP TRIGGER stamp",
                     "CREATE TRIGGER stamp AFTER INSERT ON photos BEGIN "
                     "DELETE FROM field_values; END")
    with pytest.raises(ProjectError, match="did not write"):
        Project.open(path)
    assert digest(path) == before


def test_every_trigger_and_view_we_ship_is_checked_by_its_text(tmp_path):
    # Each of our own triggers/views, redefined under its own name with another body.
    path = project_with_rows(tmp_path / "base.capstudio")
    conn = sqlite3.connect(path)
    ours = conn.execute("SELECT type, name, tbl_name FROM sqlite_master "
                        "WHERE type IN ('trigger', 'view')").fetchall()
    conn.close()
    for kind, name, table in ours:
        forged = tmp_path / f"forged-{name}.capstudio"
        shutil.copy(path, forged)
        body = (f"CREATE VIEW {name} AS SELECT * FROM meta" if kind == "view" else
                f"CREATE TRIGGER {name} AFTER INSERT ON {table} BEGIN DELETE FROM meta; END")
        before = _tamper(forged, f"DROP {kind.upper()} {name}", body)
        with pytest.raises(ProjectError, match="did not write"):
            Project.open(forged)
        assert digest(forged) == before


def test_our_tables_cannot_be_redefined(tmp_path):
    # `photos` rebuilt with a clause of its own: REPLACE would silently delete rows on import.
    path = project_with_rows(tmp_path / "redefined.capstudio")
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'photos'").fetchone()[0]
    conn.close()
    forged = sql.replace("path TEXT NOT NULL UNIQUE", "path TEXT NOT NULL UNIQUE ON CONFLICT REPLACE")
    assert forged != sql
    before = _tamper(path, "PRAGMA writable_schema = ON",
                     f"UPDATE sqlite_master SET sql = '{forged.replace(chr(39), chr(39) * 2)}' "
                     "WHERE name = 'photos'")
    with pytest.raises(ProjectError, match=r"table \(photos\).*did not write"):
        Project.open(path)
    assert digest(path) == before


def test_schema_code_cannot_call_functions(tmp_path, monkeypatch):
    # A view whose name we allow, or a DEFAULT, cannot call a function that is not innocuous
    # (an app-registered one included) nor load an extension.
    monkeypatch.setattr("caption_studio.core.project.guard.KNOWN_VIEWS",
                        migrations.KNOWN_VIEWS | {"lure"})
    path = project_with_rows(tmp_path / "calls.capstudio")
    _tamper(path,
            "CREATE TABLE trap (x TEXT DEFAULT (load_extension('/tmp/e')))",
            "CREATE VIEW lure AS SELECT load_extension('/tmp/evil.so') AS x")
    called: list[str] = []
    with Project.open(path) as project:
        project.conn.create_function("load_extension", 1, called.append)
        for sql in ("SELECT * FROM lure", "INSERT INTO trap DEFAULT VALUES"):
            with pytest.raises(sqlite3.OperationalError, match="unsafe use"):
                project.conn.execute(sql).fetchall()
        # and nothing we run can reach another file
        with pytest.raises(sqlite3.OperationalError, match="too many attached"):
            project.conn.execute("ATTACH DATABASE ? AS other", (str(tmp_path / "x.db"),))
    assert called == []
    assert not (tmp_path / "x.db").exists()


def test_foreign_and_damaged_files_through_the_cli(tmp_path):
    # The real command: one line on stderr, exit 2, the file untouched.
    files = {
        "foreign.capstudio": None,
        "image.capstudio": b"\xff\xd8\xff\xe0" + b"\0" * 500,
        "zero.capstudio": b"",
    }
    conn = sqlite3.connect(tmp_path / "foreign.capstudio")
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    for name, data in files.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
    healthy = project_with_rows(tmp_path / "evil.capstudio")
    _tamper(healthy, HOSTILE["trigger"])
    for path in sorted(tmp_path.iterdir()):
        before = digest(path)
        result = run_cli("info", path, timeout=60)
        assert result.returncode == 2, result
        assert result.one_line_error, result.stderr
        assert digest(path) == before
    assert leftovers(tmp_path, {*files, "evil.capstudio"}) == []
