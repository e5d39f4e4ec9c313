"""Archive search: the desk's query language (core.project.search: words that must all
match, "quoted phrases", terms of any length, Chinese included, and the quick filters) on
PostgreSQL indexes.

- A term of three or more characters: `text LIKE '%term%'` through pg_trgm's trigram GIN
  index (search_trigrams); the LIKE re-checks every candidate exactly.
- A term of one or two characters (夏元, 张亦, 王): trigrams cannot hold it, so the
  search_grams GIN index over every character and adjacent pair of the text
  (`short_grams(text) COLLATE "C" @> ARRAY[term]`, migration 4) finds its rows; containment
  is exact, so no LIKE is needed. A query that has one puts its other terms into the same
  index scan (their pairs), and strpos tests those on the rows found.
- Walking the newest photos for the first page of a common term tests the text itself
  (`strpos`), which is as exact and computes no pairs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from caption_studio.core.archive import schema
from caption_studio.core.archive.connection import ArchiveError, connect
from caption_studio.core.archive.text import escape, unescape
from caption_studio.core.project.search import NO_FILTERS, STATUSES, Filters, terms

_TRIGRAM_MIN = 3


@dataclass
class ArchivePhoto:
    photo_id: int
    fingerprint: str
    file_name: str
    capture_time: str | None
    fields: dict[str, Any] = field(default_factory=dict)  # winning value of each field
    sources: list[dict[str, Any]] = field(default_factory=list)  # desk, project, path

    def to_dict(self) -> dict[str, Any]:
        return {"photo_id": self.photo_id, "fingerprint": self.fingerprint,
                "file_name": self.file_name, "capture_time": self.capture_time,
                "fields": self.fields, "sources": self.sources}


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _pairs(term: str) -> list[str]:
    return [a + b for a, b in zip(term, term[1:], strict=False)]


def where(query: str, filters: Filters = NO_FILTERS,
          walk: bool = False) -> tuple[sql.Composed, list[Any]]:
    """The WHERE clause over `search s` for a query and filters, with its parameters. `walk`:
    the plan reads rows newest first and tests each, so every term tests the text itself."""
    parts: list[sql.Composable] = []
    args: list[Any] = []
    stored = [escape(term) for term in terms(query)]  # a NUL is stored as two characters
    if walk:
        for term in stored:
            parts.append(sql.SQL("strpos(s.text, %s) > 0"))
            args.append(term)
    elif any(len(term) < _TRIGRAM_MIN for term in stored):
        # A short term needs search_grams, which holds every character and adjacent pair of
        # the text: containment is the exact answer for it, and for a longer term its pairs
        # narrow the rows that strpos then tests. All the terms go into that one index scan:
        # mixed with a trigram condition, the trigram re-check of every row computed the pairs
        # of its text again (志愿者 桥 on 1,000,000 photos: 7.1 s; in one scan: see README).
        grams = dict.fromkeys(g for term in stored
                              for g in (_pairs(term) if len(term) >= _TRIGRAM_MIN else [term]))
        # The expression is the index's own, or the planner cannot use it.
        parts.append(sql.SQL('(short_grams(s.text) COLLATE "C") @> %s::text[]'))
        args.append(list(grams))
        for term in stored:
            if len(term) >= _TRIGRAM_MIN:
                parts.append(sql.SQL("strpos(s.text, %s) > 0"))
                args.append(term)
    else:
        for term in stored:
            parts.append(sql.SQL("s.text LIKE %s"))
            args.append(_like(term))
    if filters.unpaired:
        parts.append(sql.SQL("NOT s.paired"))
    if filters.status:
        if filters.status not in STATUSES:
            raise ArchiveError(f"unknown status {filters.status!r}")
        parts.append(sql.SQL("s.status = %s"))
        args.append(filters.status)
    if filters.photographer:
        # The creator value is a JSON array, as on the desk: look for the quoted name in it.
        parts.append(sql.SQL("strpos(s.creators, %s) > 0"))
        args.append(escape(json.dumps(filters.photographer.strip(), ensure_ascii=False)))
    if filters.date:
        parts.append(sql.SQL("s.day LIKE %s"))
        args.append(filters.date.replace("%", "").replace("_", "") + "%")
    clause = sql.SQL(" AND ").join(parts) if parts else sql.SQL("true")
    return clause, args


# Below this share of the archive, the first page of matches is found faster through the
# term's index than by walking photo ids down from the newest (1,000,000 photos, first 100:
# 何丽, 0.35%: 150 ms walking, 5 ms by index; 渝北区, 8%: 1 ms walking, 158 ms by index).
_SPARSE = 0.015


def search_ids(conn: psycopg.Connection, query: str, filters: Filters = NO_FILTERS,
               limit: int | None = None, matches: int | None = None) -> list[int]:
    """Matching archive photo ids, newest first (highest id), at most `limit`. `matches`
    (their count, when known) chooses how the first `limit` are found."""
    sparse = limit is None or matches is None or matches < _SPARSE * _rows(conn)
    clause, args = where(query, filters, walk=not sparse)
    order = sql.SQL("s.photo_id")
    if limit is not None and sparse:
        # `+ 0` hides the id order from the planner, so it cannot walk the primary key
        # (reading and filtering rows until `limit` match, thousands for a rare term).
        order = sql.SQL("s.photo_id + 0")
    statement = sql.SQL("SELECT s.photo_id FROM search s WHERE {} ORDER BY {} DESC"
                        ).format(clause, order)
    if limit is not None:
        statement = sql.SQL("{} LIMIT %s").format(statement)
        args = [*args, int(limit)]
    with conn.cursor() as cur:
        cur.execute(statement, args)
        return [row[0] for row in cur.fetchall()]


def _rows(conn: psycopg.Connection) -> float:
    """The planner's estimate of the search rows (free: no scan)."""
    with conn.cursor() as cur:
        cur.execute("SELECT reltuples FROM pg_class WHERE oid = 'search'::regclass")
        return max(float(cur.fetchone()[0]), 0.0)


def count(conn: psycopg.Connection, query: str, filters: Filters = NO_FILTERS) -> int:
    clause, args = where(query, filters)
    with conn.cursor() as cur:
        cur.execute(sql.SQL("SELECT count(*) FROM search s WHERE {}").format(clause), args)
        return int(cur.fetchone()[0])


def photos(conn: psycopg.Connection, ids: list[int]) -> list[ArchivePhoto]:
    """The photos with these ids, in that order: winning field values and every source."""
    if not ids:
        return []
    with conn.cursor() as cur:
        cur.execute("SELECT id, fingerprint, file_name, capture_time FROM photos "
                    "WHERE id = ANY(%s)", (ids,))
        found = {r[0]: ArchivePhoto(r[0], r[1], unescape(r[2]), r[3]) for r in cur.fetchall()}
        cur.execute("SELECT photo_id, field, value, provenance FROM field_values "
                    "WHERE photo_id = ANY(%s)", (ids,))
        from caption_studio.core import fields as registry

        for pid, key, value, provenance in cur.fetchall():
            value = unescape(value)
            try:
                decoded = registry.decode(key, value)
            except (KeyError, ValueError):
                decoded = value
            found[pid].fields[key] = {"value": decoded, "provenance": provenance}
        cur.execute("SELECT o.photo_id, p.desk, p.name, o.path, o.local_id, o.published_at "
                    "FROM photo_sources o JOIN projects p ON p.id = o.project_id "
                    "WHERE o.photo_id = ANY(%s) ORDER BY o.published_at", (ids,))
        for pid, desk, project, path, local_id, at in cur.fetchall():
            found[pid].sources.append({"desk": desk, "project": unescape(project),
                                       "path": unescape(path), "photo_id": local_id,
                                       "published_at": at.isoformat()})
    return [found[i] for i in ids if i in found]


def prepare(conn: psycopg.Connection) -> None:
    """Session settings for searching (they change plans only, never answers)."""
    # Room for an exact bitmap of a common term's rows: with the default 4 MB a bitmap of
    # a few hundred thousand rows turns lossy and every row of its pages is re-checked.
    conn.execute("SET work_mem = '64MB'")
    # An archive lives on SSD, where PostgreSQL's default (4, for spinning disks) keeps
    # a common 3-character term on a sequential scan (渝北区 on 1,000,000: 490 -> 110 ms).
    conn.execute("SET random_page_cost = 1.1")
    # psycopg prepares a statement run five times, and PostgreSQL may then plan it once for
    # any parameters: a plan for `LIKE $1` that cannot know whether the term is rare. Each
    # search is planned for its own terms instead (a window or script asks the same query
    # shape again and again).
    conn.execute("SET plan_cache_mode = force_custom_plan")
    # A term in nearly every row (`2`, `jp`) looks cheaper to the planner by reading the whole
    # table, which computes the characters and pairs of every text (search_grams is an index
    # expression): 32 s on 1,000,000 photos, against 0.5 s through the index. Reading the
    # table stays possible where no index applies (a filter alone).
    conn.execute("SET enable_seqscan = off")


def search(address: str, query: str, filters: Filters = NO_FILTERS,
           limit: int | None = 100) -> tuple[int, list[ArchivePhoto]]:
    """(how many match, the first `limit` of them with their values and sources)."""
    with connect(address, "caption-studio search") as conn:
        schema.check(conn)
        prepare(conn)
        total = count(conn, query, filters)
        return total, photos(conn, search_ids(conn, query, filters, limit, matches=total))
