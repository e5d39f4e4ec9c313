#!/usr/bin/env python3
"""The shared archive's speed on a throw-away PostgreSQL server (tests/archive/cluster.py).

    .venv/bin/python benchmarks/bench_archive.py [--photos 100000] [--scale 10] [--keep DIR]

1. Publish: a desk project of --photos photos (eight field values each, one article a hundred
   photos, every photo paired and credited; built with fast SQL as bench_gui does) is
   published into an empty archive, then published again unchanged. Prints seconds, photos/s
   and staged rows/s, and where the time went. Goal: 20,000 photos/s.
2. Search: the archive grows to --scale times the published photos (the published rows
   copied in SQL with new ids, fingerprints and file names, indexes rebuilt: publishing a
   million photos through the desk path would take a quarter of an hour), then each query is
   timed (median of 9) in the archive and, as the reference, the same query in the desk's
   own 100,000-photo SQLite project (FTS5 trigram, instr for short terms). Goal: a
   3-character Chinese term and a 2-character name under 50 ms on 1,000,000 photos.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.archive helpers

from tests.archive.cluster import running_cluster  # noqa: E402
from tests.archive.desks import PHOTOGRAPHERS, bulk_desk  # noqa: E402

from caption_studio.core.archive import schema, search  # noqa: E402
from caption_studio.core.archive.connection import connect  # noqa: E402
from caption_studio.core.archive.publish import publish  # noqa: E402
from caption_studio.core.project import search as desk_search  # noqa: E402
from caption_studio.core.project.file import Project  # noqa: E402


def timed(fn, rounds: int = 9) -> float:
    """Median milliseconds of `rounds` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bench_publish(project: Path, address: str) -> None:
    stages: list[tuple[float, str]] = []
    started = time.perf_counter()
    summary = publish(project, address, desk="bench",
                      progress=lambda done, total, what: stages.append(
                          (time.perf_counter() - started, what)))
    rows = summary.photos * 12  # photo, 8 values, caption, pairing, credit row
    print(f"publish {summary.photos:,} photos into an empty archive: {summary.seconds:.1f} s, "
          f"{summary.photos / summary.seconds:,.0f} photos/s ({rows / summary.seconds:,.0f} "
          f"staged rows/s; goal 20,000 photos/s)")
    for (at, what), (_, after) in zip(stages, stages[1:], strict=False):
        print(f"  {at:6.1f} s  {what} -> {after}")
    again = publish(project, address, desk="bench")
    print(f"publish again, nothing changed: {again.seconds:.1f} s, "
          f"{again.photos / again.seconds:,.0f} photos/s, changed: {again.changed}")


_GROW = ("""
INSERT INTO photos (id, fingerprint, file_name, size, width, height, format, capture_time)
SELECT id + %(k)s * %(span)s, fingerprint || '-' || %(k)s, 'K' || %(k)s || file_name, size,
       width, height, format, capture_time FROM photos WHERE id <= %(span)s""", """
INSERT INTO field_claims
SELECT photo_id + %(k)s * %(span)s, field, project_id, value, provenance, updated_at
FROM field_claims WHERE photo_id <= %(span)s""", """
INSERT INTO search (photo_id, text, status, creators, day, paired)
SELECT photo_id + %(k)s * %(span)s, 'k' || %(k)s || text, status, creators, day, paired
FROM search WHERE photo_id <= %(span)s""")


def grow(address: str, scale: int) -> int:
    with connect(address) as conn, conn.cursor() as cur:
        cur.execute("SELECT max(id) FROM photos")
        span = int(cur.fetchone()[0])
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("DROP INDEX search_trigrams, search_grams, search_status")
        for k in range(1, scale):
            for statement in _GROW:
                cur.execute(statement, {"k": k, "span": span})
        cur.execute("CREATE INDEX search_trigrams ON search USING gin (text gin_trgm_ops) "
                    "WITH (gin_pending_list_limit = 32768)")
        cur.execute('CREATE INDEX search_grams ON search USING gin ((short_grams(text) '
                    'COLLATE "C")) '
                    "WITH (gin_pending_list_limit = 32768)")
        cur.execute("CREATE INDEX search_status ON search (status)")
        cur.execute("SELECT setval('photos_id_seq', (SELECT max(id) FROM photos))")
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE photos, field_claims, search")
        cur.execute("SELECT count(*) FROM search")
        return int(cur.fetchone()[0])


def bench_search(project: Path, address: str) -> None:
    three = next(n for n in PHOTOGRAPHERS if len(n) == 3)
    two = next(n for n in PHOTOGRAPHERS if len(n) == 2)
    queries = [(f"3-character name {three}", three), (f"2-character name {two}", two),
               ("3-character place 渝北区 (1 photo in 12)", "渝北区"),
               ("two terms 渝北区 志愿者", "渝北区 志愿者"), ("1 character 桥", "桥")]
    with Project.open(project) as desk:
        desk_search.sync_index(desk)
        desk_photos = desk.conn.execute("SELECT count(*) FROM photos").fetchone()[0]
        with connect(address) as conn:
            search.prepare(conn)
            print(f"{'query':42s} {'matches':>8s} {'archive':>9s} {'first 100':>10s} "
                  f"{'desk':>8s} {'ratio':>6s}")
            for label, query in queries:
                total = search.count(conn, query)
                everything = timed(lambda q=query: search.search_ids(conn, q))
                page = timed(lambda q=query: search.photos(conn, search.search_ids(
                    conn, q, limit=100, matches=search.count(conn, q))))
                reference = timed(lambda q=query: desk_search.photo_ids(desk, q))
                print(f"{label:42s} {total:8,d} {everything:7.1f}ms {page:8.1f}ms "
                      f"{reference:6.1f}ms {everything / reference:6.2f}")
    print("archive: every matching id, newest first; first 100: the CLI's search (count, then "
          "the first 100 with their values and sources); desk: the same query's ids in the "
          f"desk's {desk_photos:,}-photo project; ratio: archive / desk")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the desk project here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-archive-"))
    folder.mkdir(parents=True, exist_ok=True)
    project = folder / f"desk-{args.photos}.capstudio"
    if not project.exists():
        started = time.perf_counter()
        bulk_desk(project, args.photos)
        print(f"built the desk project ({args.photos:,} photos) in "
              f"{time.perf_counter() - started:.0f} s")
    with running_cluster({"shared_buffers": "512MB"}) as cluster:
        address = cluster.url()
        with connect(address) as conn:
            schema.init(conn)
        bench_publish(project, address)
        started = time.perf_counter()
        total = grow(address, args.scale)
        print(f"archive grown to {total:,} photos in {time.perf_counter() - started:.0f} s")
        bench_search(project, address)


if __name__ == "__main__":
    main()
