"""Find and order photos: one search box over every searchable field and the file name, quick
filters, and the sort orders of the contact sheet.

The index (migration 2) is a plain table `search_text` (one row per photo: file name and every
searchable field value, ASCII-lowered), kept in step by triggers whoever writes, plus an FTS5
trigram index over it. Trigram needs 3 characters, yet many Chinese names have two (夏元, 张亦).
A shorter term is found through the index's vocabulary instead: every place it occurs starts a
trigram (the indexed text ends with two newlines, so even the last characters do), so the
trigrams that begin with it, read from an fts5vocab table, OR-ed together, find its rows in
milliseconds. Every candidate is then confirmed with `instr` on `search_text`.

Triggers may not write FTS5 tables under `trusted_schema=OFF`, so rows changed since the last
`sync_index` sit in `search_dirty`; a search takes the FTS candidates plus those rows (matched
directly), so it is never stale.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from caption_studio.core.project.file import Project
from caption_studio.core.project.migrations.search_index import SEARCH_TEXT

SORT_KEYS = ("name", "capture_time", "photographer", "status")
STATUSES = ("new", "needs_review", "approved")
_FTS_MIN = 3  # the trigram tokenizer finds nothing for shorter terms
_END = "\n\n"  # appended to indexed text: a 1-2 character term at the end still starts a trigram
_MAX_GRAMS = 3000  # a single common character: scanning is as fast as OR-ing this many
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Filters:
    """Quick filters; every one that is set must hold."""

    unpaired: bool = False
    status: str | None = None  # new | needs_review | approved
    photographer: str | None = None  # exact name among the photo's creators
    date: str | None = None  # a prefix of the ISO date: 2024, 2024-05 or 2024-05-03

    def __bool__(self) -> bool:
        return bool(self.unpaired or self.status or self.photographer or self.date)


NO_FILTERS = Filters()


def terms(query: str) -> list[str]:
    """Split the box's text into terms (whitespace separated; "quoted phrases" kept whole)."""
    found = re.findall(r'"([^"]+)"|(\S+)', query.translate(_ASCII_LOWER))
    return [a or b for a, b in found if (a or b).strip()]


def natural_key(name: str) -> str:
    """A string whose plain (binary) order is the natural order of file names: numbers compare
    by value (IMG_2 < IMG_10), letters without case. Stored, so SQLite can sort by it."""
    parts = []
    for i, part in enumerate(_DIGITS.split(name.casefold())):
        if i % 2:
            digits = part.lstrip("0") or "0"
            # Length first, so longer numbers sort after shorter ones; "\x01" sorts before text.
            parts.append(f"\x01{len(digits):03d}{digits}")
        else:
            parts.append(part)
    return "".join(parts)


def photo_ids(project: Project, query: str = "", filters: Filters = NO_FILTERS,
              sort_key: str = "name", descending: bool = False) -> list[int]:
    """Ids of the photos that match `query` and `filters`, in the contact sheet's order."""
    if sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort order {sort_key!r} (known: {', '.join(SORT_KEYS)})")
    fill_sort_names(project)
    words = terms(query)
    where, args = _where(project, words, filters)
    order, join = _ORDER[sort_key]
    if sort_key == "capture_time" or filters.date:
        join = "JOIN photos p ON p.id = s.photo_id " + join
    direction = "DESC" if descending else "ASC"
    # Without a query the (sort_name, photo_id) index gives the name order with no sort; with
    # one, the unary + keeps SQLite from walking that index over every photo, so it looks up
    # the few candidates and sorts them.
    name = "+s.sort_name" if words else "s.sort_name"
    order = order.replace("s.sort_name", name).replace("{dir}", direction)
    tail = "" if sort_key == "name" else f"{name} {direction}, "
    sql = (f"SELECT s.photo_id FROM search_text s {join} "
           f"WHERE {' AND '.join(where) or '1'} "
           f"ORDER BY {order}, {tail}s.photo_id {direction}")
    return [r[0] for r in project.conn.execute(sql, args)]


def search_photo_ids(project: Project, query: str, filters: Filters = NO_FILTERS) -> list[int]:
    return photo_ids(project, query, filters)


def sorted_photo_ids(project: Project, sort_key: str = "name", filters: Filters = NO_FILTERS,
                     descending: bool = False) -> list[int]:
    return photo_ids(project, "", filters, sort_key, descending)


_STATUS_SQL = "coalesce((SELECT value FROM field_values WHERE photo_id = s.photo_id" \
              " AND field = 'status'), 'new')"
_ORDER: dict[str, tuple[str, str]] = {
    "name": ("s.sort_name {dir}", ""),  # ties (same name, other folder) by id
    "capture_time": ("p.capture_time IS NULL, p.capture_time {dir}", ""),
    "photographer": ("c.value IS NULL, c.value {dir}",
                     "LEFT JOIN field_values c ON c.photo_id = s.photo_id AND c.field = 'creator'"),
    "status": (f"CASE {_STATUS_SQL} WHEN 'new' THEN 0 WHEN 'needs_review' THEN 1 ELSE 2 END {{dir}}",
               ""),
}


def _where(project: Project, words: list[str], filters: Filters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    for word in words:
        where.append("instr(s.text, ?) > 0")
        args.append(word)
    parts = [_fts_part(project, w) for w in words]
    if words and all(p is not None for p in parts):
        # The FTS candidates (plus rows not indexed yet) drive the query; instr above confirms
        # every term on those few rows.
        if all(parts):
            where.insert(0, "s.photo_id IN (SELECT rowid FROM search_fts WHERE search_fts "
                            "MATCH ? UNION ALL SELECT photo_id FROM search_dirty)")
            args.insert(0, " AND ".join(f"({p})" for p in parts))
        else:  # a term no indexed row contains: only rows not indexed yet can match
            where.insert(0, "s.photo_id IN (SELECT photo_id FROM search_dirty)")
    if filters.unpaired:
        where.append("NOT EXISTS (SELECT 1 FROM pairings WHERE photo_id = s.photo_id)")
    if filters.status:
        if filters.status not in STATUSES:
            raise ValueError(f"unknown status {filters.status!r}")
        # Through the (field, value) index: a lookup per photo would read 100,000 rows.
        if filters.status == "new":  # no status value counts as new
            where.append("s.photo_id NOT IN (SELECT photo_id FROM field_values "
                         "WHERE field = 'status' AND value != 'new')")
        else:
            where.append("s.photo_id IN (SELECT photo_id FROM field_values "
                         "WHERE field = 'status' AND value = ?)")
            args.append(filters.status)
    if filters.photographer:
        where.append("EXISTS (SELECT 1 FROM field_values WHERE photo_id = s.photo_id AND "
                     "field = 'creator' AND instr(value, ?) > 0)")
        args.append(_json_string(filters.photographer))
    if filters.date:
        where.append("(coalesce((SELECT value FROM field_values WHERE photo_id = s.photo_id "
                     "AND field = 'date_created'), p.capture_time, '') LIKE ? || '%')")
        args.append(filters.date.replace("%", "").replace("_", ""))
    return where, args


def _fts_part(project: Project, word: str) -> str | None:
    """The FTS query for one term; "" when no indexed row can contain it; None to scan."""
    if len(word) >= _FTS_MIN:
        return _fts_phrase(word)
    conn = project.conn
    try:
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
                     "USING fts5vocab(main, search_fts, 'row')")
        grams = [r[0] for r in conn.execute(
            "SELECT term FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (word, word + "\U0010ffff", _MAX_GRAMS + 1))]
    except sqlite3.Error:
        return None
    if len(grams) > _MAX_GRAMS:
        return None
    return " OR ".join(_fts_phrase(g) for g in grams)


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _json_string(text: str) -> str:
    return json.dumps(text.strip(), ensure_ascii=False)


def fill_sort_names(project: Project) -> int:
    """Compute natural-sort keys for photos that have none yet (new imports). Returns how
    many. A read-only project gets them in a temporary table instead (for this session)."""
    rows = project.conn.execute(
        "SELECT s.photo_id, p.file_name FROM search_text s JOIN photos p ON p.id = s.photo_id "
        "WHERE s.sort_name IS NULL").fetchall()
    if not rows or project.readonly:
        return 0
    with project.transaction() as conn:
        conn.executemany("UPDATE search_text SET sort_name = ? WHERE photo_id = ?",
                         [(natural_key(name), pid) for pid, name in rows])
    return len(rows)


def pending(project: Project) -> int:
    return int(project.conn.execute("SELECT count(*) FROM search_dirty").fetchone()[0])


def sync_index(project: Project, batch: int = 2000) -> int:
    """Bring the FTS index up to date with the rows changed since the last sync. Returns how
    many rows it indexed. Searching is correct without it; it keeps searching fast. Works in
    short transactions so that edits made meanwhile wait milliseconds, not seconds."""
    if project.readonly:
        return 0
    total = 0
    while True:
        with project.transaction() as conn:
            dirty = conn.execute("SELECT photo_id, old_text FROM search_dirty LIMIT ?",
                                 (batch,)).fetchall()
            if not dirty:
                return total
            conn.executemany(
                "INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', ?, ?)",
                [(pid, old + _END) for pid, old in dirty if old is not None])
            conn.executemany(
                "INSERT INTO search_fts (rowid, text) SELECT photo_id, text || ? "
                "FROM search_text WHERE photo_id = ?", [(_END, pid) for pid, _old in dirty])
            conn.executemany("DELETE FROM search_dirty WHERE photo_id = ?",
                             [(pid,) for pid, _old in dirty])
        total += len(dirty)


def rebuild_index(project: Project) -> None:
    """Recompute everything from photos and field_values (after a damaged index, say)."""
    with project.transaction() as conn:
        conn.execute("DELETE FROM search_text")
        conn.execute("INSERT INTO search_text (photo_id, text) SELECT id, '' FROM photos")
        # Touching one searchable value per photo would do; recomputing directly is simpler.
        conn.execute("UPDATE photos SET file_name = file_name")
        conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        conn.execute("INSERT INTO search_fts (rowid, text) SELECT photo_id, text || ? "
                     "FROM search_text", (_END,))
        conn.execute("DELETE FROM search_dirty")


@contextlib.contextmanager
def deferred(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside the caller's transaction: the photos and field_values insert/change triggers
    (migrations 7 and 8) leave search_text alone until the end, when the caller must call
    `refresh_text` for every photo it inserted or whose values it changed; it rebuilds each
    row once. A bulk writer (the importer) saves rebuilding a photo's row for every value."""
    conn.execute("INSERT INTO meta (key, value) VALUES ('search_deferred', '1')")
    try:
        yield
    finally:
        # An error rolls the caller's transaction back, the flag with it; the DELETE also
        # covers a caller that catches the error and goes on.
        conn.execute("DELETE FROM meta WHERE key = 'search_deferred'")


def refresh_text(conn: sqlite3.Connection, photo_ids: Iterable[int]) -> None:
    """Recompute the search_text rows of these photos (what the triggers would have made),
    creating those that a deferred insert left out."""
    ids = list(dict.fromkeys(photo_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        # `AS p`: inside the row's subqueries `photos.id` would name their own table
        conn.execute(f"INSERT INTO search_text (photo_id, text) "
                     f"SELECT p.id, {SEARCH_TEXT.format(pid='p.id')} FROM photos AS p "
                     f"WHERE p.id IN ({','.join('?' * len(chunk))}) "
                     f"ON CONFLICT (photo_id) DO UPDATE SET text = excluded.text", chunk)


def photographers(project: Project, limit: int = 500) -> list[str]:
    """Names in the creator field, most used first (for the quick filter)."""
    counts: dict[str, int] = {}
    for value, count in project.conn.execute(
            "SELECT value, count(*) FROM field_values WHERE field = 'creator' GROUP BY value"):
        try:
            names = json.loads(value)
        except (ValueError, TypeError):
            names = [value]
        for name in names if isinstance(names, list) else [names]:
            counts[str(name)] = counts.get(str(name), 0) + count
    return sorted(counts, key=lambda n: (-counts[n], n))[:limit]
