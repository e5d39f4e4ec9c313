"""The archive under hard conditions: a publish killed mid-transaction, hostile values."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from psycopg import sql

from caption_studio.core.archive import publish as publishing
from caption_studio.core.archive import schema, search
from caption_studio.core.archive.connection import connect
from caption_studio.core.archive.credits import archive_credits
from caption_studio.core.archive.publish import publish
from caption_studio.core.project.file import Project
from tests.archive.desks import bulk_desk, make_jpegs, page_desk

TABLES = ("projects", "photos", "photo_sources", "field_claims", "field_history", "articles",
          "captions", "pairings", "credits", "search")


@pytest.fixture(scope="module")
def address(cluster):
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE hard_archive")
    address = cluster.url("hard_archive")
    with connect(address) as conn:
        schema.init(conn)
    return address


def snapshot(address: str) -> dict[str, object]:
    """Every table's row count and a digest of its rows: any change shows."""
    with psycopg.connect(address) as conn:
        return {t: conn.execute(f"SELECT count(*), md5(coalesce(string_agg(x::text, '|' "
                                f"ORDER BY x::text), '')) FROM capstudio.{t} x").fetchone()
                for t in TABLES}


def cli(*args: object) -> list[str]:
    return [sys.executable, "-m", "caption_studio", *map(str, args)]


def publishing_backend(address: str) -> int | None:
    """The server process of a publish that has begun writing (its transaction has an id)."""
    with psycopg.connect(address, autocommit=True) as conn:
        row = conn.execute("SELECT pid FROM pg_stat_activity WHERE application_name = "
                           "'caption-studio publish' AND backend_xid IS NOT NULL").fetchone()
    return row[0] if row else None


def wait_until_gone(address: str, pid: int, seconds: float = 60) -> None:
    """The server ends a killed client's transaction once it notices the closed socket."""
    deadline = time.monotonic() + seconds
    with psycopg.connect(address, autocommit=True) as conn:
        while conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s",
                           (pid,)).fetchone():
            assert time.monotonic() < deadline, "the killed publish's backend never ended"
            time.sleep(0.05)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_killed_publish_leaves_the_archive_as_it_was(address, tmp_path, seed):
    first = bulk_desk(tmp_path / f"first{seed}.capstudio", 300, seed=seed, first=seed * 100_000)
    assert subprocess.run(cli("archive", "publish", first, address, "--desk", "city"),
                          capture_output=True).returncode == 0
    before = snapshot(address)
    big = bulk_desk(tmp_path / f"big{seed}.capstudio", 6000, seed=seed, first=seed * 100_000 + 200)

    child = subprocess.Popen(cli("archive", "publish", big, address, "--desk", "sport"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while (backend := publishing_backend(address)) is None:
        assert child.poll() is None, "the publish ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(random.Random(seed).uniform(0.0, 1.5))  # somewhere in the COPY or the merge
    assert child.poll() is None, "the publish ended before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    wait_until_gone(address, backend)

    assert snapshot(address) == before
    again = subprocess.run(cli("archive", "publish", big, address, "--desk", "sport", "--json"),
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["photos"] == 6000 and summary["new_photos"] == 5900  # 100 shared
    with psycopg.connect(address) as conn:
        assert conn.execute("SELECT count(*) FROM capstudio.photo_sources o JOIN "
                            "capstudio.projects p ON p.id = o.project_id WHERE p.desk = 'sport'"
                            " AND p.name = %s", (f"big{seed}",)).fetchone()[0] == 6000


# Quotes of every kind, SQL and LIKE metacharacters, backslashes, COPY's own separators, NUL
# (which PostgreSQL text cannot hold: core.archive.text escapes it reversibly), the escape's own
# private-use mark, and a 10,000-character caption.
HOSTILE = ("它说：\"不'要`\"; DROP TABLE photos; -- 100% _完_ \\N \\\\ \t制表\r\n换行\x00零\ue000标"
           "\ue0000")
LONG = ("长篇图片说明" * 1700)[:9_993] + "NUL\x00END"


def test_hostile_values_are_stored_and_returned_exactly(address, tmp_path):
    assert len(LONG) == 10_000
    photos = make_jpegs(tmp_path / "photos", ["hostile_1.jpg", "hostile_2.jpg"], seed=9)
    captions = [
        {"description": HOSTILE, "people": [("钱'\"x\x00", "记者")], "credit": "新华社",
         "printed": "记者 钱'\"x 摄/新华社", "keywords": ["引号'\"", "零\x00", "%_"]},
        {"description": LONG, "people": [("林晓彤", "记者")], "credit": "视觉重庆",
         "printed": "记者 林晓彤 摄"},
    ]
    project = page_desk(tmp_path / "hostile.capstudio", photos, captions,
                        headline="标题 'quoted' \"double\" \x00", date="2024-05-03")
    with Project.open(project, readonly=True) as opened:
        stored = {r["file_name"]: r for r in opened.query(
            "SELECT p.file_name, v.value FROM photos p JOIN field_values v "
            "ON v.photo_id = p.id AND v.field = 'description'")}
    assert stored["hostile_1.jpg"]["value"] == HOSTILE  # the desk kept them as given
    assert stored["hostile_2.jpg"]["value"] == LONG

    summary = publish(project, address, desk="hostile")
    assert summary.photos == 2 and not publish(project, address, desk="hostile").changed

    out = subprocess.run(cli("archive", "search", address, '"DROP TABLE"', "--json"),
                         capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)
    assert found["total"] == 1
    fields = found["photos"][0]["fields"]
    assert fields["description"]["value"] == HOSTILE
    assert fields["keywords"]["value"] == ["引号'\"", "零\x00", "%_"]
    assert fields["creator"]["value"] == ["钱'\"x\x00"]
    # LIKE's metacharacters are searched for as themselves.
    out = subprocess.run(cli("archive", "search", address, "100% _完_", "--json"),
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["total"] == 1
    # A two-character term holding a NUL is three characters once stored: still found
    # (argv cannot carry a NUL, so in process).
    assert search.search(address, "行\x00")[0] == 1  # the description's 换行\x00零
    assert search.search(address, "\x00")[0] == 2
    out = subprocess.run(cli("archive", "search", address, "NUL END 长篇", "--json"),
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["photos"][0]["fields"]["description"]["value"] == LONG

    rows = {r.file_name: r for r in archive_credits(address, desk="hostile")}
    assert rows["hostile_1.jpg"].description == HOSTILE
    assert rows["hostile_1.jpg"].headline == "标题 'quoted' \"double\" \x00"
    assert rows["hostile_2.jpg"].description == LONG
    with psycopg.connect(address) as conn:  # NUL never reached the server; the rest as is
        assert conn.execute("SELECT count(*) FROM capstudio.field_claims WHERE "
                            "value LIKE %s", ("%DROP TABLE photos; --%",)).fetchone()[0] == 1


def test_an_archive_of_schema_1_upgrades_and_keeps_its_search(cluster, tmp_path, monkeypatch):
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE old_archive")
    old = cluster.url("old_archive")
    project = bulk_desk(tmp_path / "old.capstudio", 50, seed=4)
    with Project.open(project, readonly=True) as opened:
        name = json.loads(opened.conn.execute(
            "SELECT value FROM field_values WHERE field = 'creator'").fetchone()[0])[0]
    with monkeypatch.context() as patch:  # the code of schema version 1
        patch.setattr(schema, "MIGRATIONS", {1: schema.MIGRATIONS[1]})
        patch.setattr(publishing, "_MERGE", tuple(
            step for step in publishing._MERGE if "flush_search_indexes" not in step[1]))
        with connect(old) as conn:
            assert schema.init(conn) == (0, 1)
        publish(project, old, desk="old")
    upgraded = subprocess.run(cli("archive", "init", old), capture_output=True, text=True)
    assert upgraded.returncode == 0 and "upgraded" in upgraded.stderr
    with connect(old) as conn:
        assert schema.check(conn) == schema.latest_version()
        # migration 3: the tables a publish fills a row a photo carry no per-row key checks
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY("
            "ARRAY['photo_sources', 'captions', 'pairings', 'credits']::regclass[])"
        ).fetchone()[0] == 0
        # migration 4: the characters and pairs live in the index expression, not a column
        assert conn.execute("SELECT count(*) FROM information_schema.columns WHERE "
                            "table_name = 'search' AND column_name = 'grams'").fetchone()[0] == 0
        for term in (name, name[:2], name[-1]):  # the grams of rows published before
            assert search.count(conn, term) == search.count(conn, f'"{term}"') > 0
        conn.execute("SET enable_seqscan = off")  # a query not matching the index would scan
        clause, args = search.where(name[:2])
        plan = "\n".join(r[0] for r in conn.execute(
            sql.SQL("EXPLAIN SELECT count(*) FROM search s WHERE {}").format(clause),
            args))
        assert "search_grams" in plan, plan
    assert not publish(project, old, desk="old").changed
