"""The archive against a real PostgreSQL server: the real CLI, real project files."""

from __future__ import annotations

import json
import subprocess
import sys

import psycopg
import pytest
from click.testing import CliRunner

from caption_studio.cli.main import cli
from caption_studio.core.archive import schema
from caption_studio.core.archive.publish import publish
from caption_studio.core.export.credit_rows import credit_rows
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from tests.archive.desks import bulk_desk


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def archive(cluster):
    """A fresh database with the archive schema for this module."""
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE cli_archive")
    address = cluster.url("cli_archive")
    result = run("archive", "init", address)
    assert result.exit_code == 0, result.output
    return address


@pytest.fixture(scope="module")
def desks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desks")
    # Photos 101-200 are on both desks (same fingerprints).
    return (bulk_desk(folder / "city.capstudio", 200, seed=1, first=1),
            bulk_desk(folder / "sport.capstudio", 200, seed=2, first=101))


def counts(address):
    with psycopg.connect(address) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM capstudio.{t}").fetchone()[0]
                for t in ("photos", "photo_sources", "field_claims", "credits", "search")}


def test_publish_twice_is_idempotent_and_desks_share_photos(archive, desks):
    city, sport = desks
    first = publish(city, archive, desk="city")
    assert (first.photos, first.new_photos, first.values_changed) == (200, 200, 1600)
    again = publish(city, archive, desk="city")
    assert not again.changed and again.search_rows_changed == 0
    before = counts(archive)
    other = publish(sport, archive, desk="sport")
    assert other.new_photos == 100  # the other hundred were already there
    after = counts(archive)
    assert after["photos"] == 300 and after["photo_sources"] == 400
    assert after["search"] == 300 and before["photos"] == 200


def test_later_manual_edit_wins_and_is_listed(archive, desks):
    city, sport = desks
    publish(city, archive, desk="city")
    publish(sport, archive, desk="sport")
    with Project.open(sport) as project:  # photo 150 of the city desk is the sport desk's 50
        ops.set_fields(project, [50], {"sublocation": "人民大礼堂"})
    summary = publish(sport, archive, desk="sport")
    assert summary.values_changed == 1
    result = run("archive", "conflicts", archive, "--json")
    assert result.exit_code == 0, result.output
    # The two generated desks disagree on many shared photos; this one is the manual edit.
    found = [c for c in json.loads(result.stdout)
             if c["field"] == "sublocation" and c["fingerprint"] == f"{150:040x}"]
    assert len(found) == 1
    winner = [c for c in found[0]["claims"] if c["wins"]]
    assert winner[0]["desk"] == "sport" and winner[0]["value"] == "人民大礼堂"
    assert {c["desk"] for c in found[0]["claims"]} == {"city", "sport"}
    hits = json.loads(run("archive", "search", archive, "人民大礼堂", "--json").stdout)
    assert hits["total"] == 1


def test_search_chinese_terms_match_the_desks(archive, desks):
    city, sport = desks
    publish(city, archive, desk="city")
    publish(sport, archive, desk="sport")
    # one term of each length, and queries mixing long and short terms (one index scan)
    for term in ("渝北区", "轨道交通", "夏", "重庆", "渝北区 游", "夜景 王", "重庆 轨道交通", "夏 jpg"):
        words = term.split()
        expected = set()
        for path in desks:
            with Project.open(path, readonly=True) as project:
                expected |= {r[0] for r in project.conn.execute(
                    "SELECT p.fingerprint FROM photos p JOIN search_text s ON s.photo_id = p.id"
                    " WHERE " + " AND ".join(["instr(s.text, ?) > 0"] * len(words)), words)}
        result = run("archive", "search", archive, term, "--json", "--limit", 1000)
        assert result.exit_code == 0, result.output
        got = {p["fingerprint"] for p in json.loads(result.stdout)["photos"]}
        # Photos 101-200 are on both desks and the archive searches the winning values, so
        # there a match on one desk need not match; photos of one desk must match exactly.
        shared = {f"{n:040x}" for n in range(101, 201)}
        assert got - shared == expected - shared and expected - shared, term
        assert got & shared <= expected & shared, term


def test_search_plans_never_compute_the_pairs_of_every_row(archive, desks):
    """search_grams is an index expression: a plan reading the whole table computes it for
    every row (32 s on 1,000,000 photos for a term in all of them)."""
    from caption_studio.core.archive import search

    for path, desk in zip(desks, ("city", "sport"), strict=True):
        publish(path, archive, desk=desk)
    with psycopg.connect(archive, autocommit=True) as conn:
        conn.execute("SET search_path = capstudio")
        conn.execute("ANALYZE search")  # the planner knows `j` is in every row
        search.prepare(conn)
        for query in ("j", "jp", "夏 jpg", "渝北区"):  # .jpg is in every file name
            clause, args = search.where(query)
            plan = "\n".join(r[0] for r in conn.execute(psycopg.sql.SQL(
                "EXPLAIN SELECT count(*) FROM search s WHERE {}").format(clause), args))
            assert "Seq Scan" not in plan, (query, plan)
            assert search.count(conn, query) > 0


def test_archive_credits_are_the_sum_of_the_desks(archive, desks):
    city, sport = desks
    publish(city, archive, desk="city")
    publish(sport, archive, desk="sport")
    expected = []
    for path in desks:
        with Project.open(path, readonly=True) as project:
            expected += [(r.file_name, tuple(r.photographers), r.agency, r.employment)
                         for r in credit_rows(project, date_from="2024-01-01",
                                              date_to="2024-06-30")]
    result = run("archive", "credits", archive, "--from", "2024-01-01", "--to", "2024-06-30",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    got = [(r["file_name"], tuple(r["photographers"]), r["agency"], r["employment"])
           for r in rows]
    assert expected and sorted(got) == sorted(expected)


def test_reader_role_is_refused_on_publish(archive, desks, cluster):
    with psycopg.connect(archive, autocommit=True) as conn:
        conn.execute("CREATE ROLE anna LOGIN IN ROLE capstudio_reader")
    reader = archive.replace("archive_admin@", "anna@")
    result = run("archive", "publish", desks[0], reader)
    assert result.exit_code == 2
    assert "may only read this archive" in result.stderr
    assert "Traceback" not in result.output
    assert run("archive", "search", reader, "渝北区").exit_code == 0


def test_newer_schema_is_refused(cluster):
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE future")
    address = cluster.url("future")
    assert run("archive", "init", address).exit_code == 0
    with psycopg.connect(address, autocommit=True) as conn:
        conn.execute("UPDATE capstudio.meta SET value = %s WHERE key = 'schema_version'",
                     (str(schema.latest_version() + 1),))
    result = run("archive", "search", address, "x")
    assert result.exit_code == 2 and "newer than this Caption Studio" in result.stderr


def test_other_commands_do_not_load_psycopg():
    code = ("import sys\nfrom caption_studio.cli.main import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('psycopg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
