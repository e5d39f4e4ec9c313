"""Articles and their captions in the project: store a parsed article (from a file or pasted
text; the one route the CLI and the app both take), correct a caption's fields, mark a caption the parser missed, dismiss a false one.

Each function returns what undo needs (the old values, or the id it created), so the GUI can
wrap it in an undo command.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from caption_studio.core.article import places
from caption_studio.core.errors import CaptionStudioError, InputError
from caption_studio.core.project.file import Project, now_iso

if TYPE_CHECKING:
    from caption_studio.core.article.captions import Caption, ParsedArticle

# Caption columns a person may correct in place.
EDITABLE = ("description", "date", "location", "photographers", "credit")


def import_article(project: Project, path: str | os.PathLike[str], *, year: int | None = None,
                   default_date: Any = None) -> int:
    """Read, parse and store an article file (the CLI's `import --article`, the app's Import
    Article and drop); returns the article id. See `store_parsed` for a file imported again."""
    from caption_studio.core.article.captions import parse_article_file  # regexes: when used
    from caption_studio.core.media.scanning import display

    parsed = parse_article_file(path, year=year, default_date=default_date)
    # a name that is not UTF-8 cannot go to SQLite: stored in its readable form
    return store_parsed(project, parsed, path=display(project.relative(path)))


def import_article_text(project: Project, text: str, *, path: str | None = None,
                        year: int | None = None) -> int:
    """Parse pasted (or already decoded) article text and store it. Returns the article id."""
    if not text.strip():
        raise InputError("the pasted text is empty")
    from caption_studio.core.article.captions import parse_article

    return store_parsed(project, parse_article(text, year=year), path=path)


def store_parsed(project: Project, parsed: ParsedArticle, *, path: str | None = None) -> int:
    """Store a parsed article and its captions; returns the article id.

    Storing the same file again (same stored `path`) updates the article in place. Its new
    captions are matched to the old ones by text: a match keeps its id (so a pairing stays),
    unmatched parsed captions that nobody paired are replaced, and a paired caption that
    vanished from the text is kept (span cleared) so the person's work is not lost. Captions
    a person added by hand are always kept. Pasted text (no path) is always a new article.
    """
    stamp = now_iso()
    article = (path, parsed.headline, parsed.date.isoformat() if parsed.date else None,
               json.dumps([w.to_json() for w in parsed.writers], ensure_ascii=False),
               parsed.text)
    with project.transaction() as conn:
        row = None if path is None else conn.execute(
            "SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
        old: dict[str, list[int]] = {}
        if row is None:
            article_id = int(conn.execute(
                "INSERT INTO articles (path, headline, date, writers, text, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", (*article, stamp)).lastrowid)
        else:
            article_id = row[0]
            conn.execute("UPDATE articles SET path=?, headline=?, date=?, writers=?, text=?, "
                         "imported_at=? WHERE id=?", (*article, stamp, article_id))
            for cid, text in conn.execute("SELECT id, text FROM captions WHERE article_id = ? "
                                          "AND origin = 'parsed' ORDER BY position",
                                          (article_id,)):
                old.setdefault(text, []).append(cid)
        for position, caption in enumerate(parsed.captions, 1):
            reuse = old.get(caption.text)
            if reuse:
                conn.execute("UPDATE captions SET position=?, text=?, description=?, date=?, "
                             "date_source=?, location=?, photographers=?, credit=?, "
                             "span_start=?, span_end=?, extra=? WHERE id=?",
                             (position, *_caption_values(caption), reuse.pop(0)))
            else:
                _insert_caption(conn, article_id, position, caption, "parsed")
        for cid in (cid for ids in old.values() for cid in ids):
            paired = conn.execute("SELECT 1 FROM pairings WHERE caption_id = ?",
                                  (cid,)).fetchone()
            if paired:
                conn.execute("UPDATE captions SET span_start = NULL, span_end = NULL "
                             "WHERE id = ?", (cid,))
            else:
                conn.execute("DELETE FROM captions WHERE id = ?", (cid,))
    return article_id


def remove_article(project: Project, article_id: int) -> None:
    """Remove an article and its captions (their pairings go with them); the undo of an
    import that created it."""
    with project.transaction() as conn:
        conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))


def _caption_values(c: Caption) -> tuple[Any, ...]:
    """The caption columns from `text` to `extra`, in table order: the one shape every
    writer of captions uses."""
    extra = {"field_spans": {k: list(v) for k, v in c.field_spans.items()},
             "style": c.style, "flag": c.flag, "date_text": c.date_text}
    return (c.text, c.description, c.date.isoformat() if c.date else None, c.date_source,
            c.location, json.dumps([p.to_json() for p in c.photographers], ensure_ascii=False),
            c.credit, c.span[0], c.span[1], json.dumps(extra, ensure_ascii=False))


def _insert_caption(conn: Any, article_id: int, position: int, c: Caption, origin: str) -> int:
    cur = conn.execute(
        "INSERT INTO captions (article_id, position, text, description, date, date_source,"
        " location, photographers, credit, span_start, span_end, extra, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article_id, position, *_caption_values(c), origin))
    return int(cur.lastrowid)


def articles(project: Project) -> list[dict[str, Any]]:
    return [dict(r) for r in project.query(
        "SELECT id, path, headline, date FROM articles ORDER BY id")]


def article(project: Project, article_id: int) -> dict[str, Any]:
    rows = list(project.query("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        raise CaptionStudioError(f"no article with id {article_id} in this project")
    return rows[0]


def captions(project: Project, article_id: int, *, include_dismissed: bool = True
             ) -> list[dict[str, Any]]:
    sql = "SELECT * FROM captions WHERE article_id = ?"
    if not include_dismissed:
        sql += " AND dismissed = 0"
    return [_caption_row(r) for r in project.query(sql + " ORDER BY position", [article_id])]


def place_hints(project: Project, article_id: int) -> tuple[str, str]:
    """`places.locate`'s context and others for a caption of this article, as the parser gave
    them (the places its captions print now, corrections included; dismissed ones are none)."""
    found = article(project, article_id)
    return places.article_hints(found.get("headline"), found.get("text"),
                                caption_locations(project, article_id))


def caption_locations(project: Project, article_id: int) -> list[str]:
    """The places the article's captions print now (dismissed ones are no captions)."""
    return [r["location"] for r in project.query(
        "SELECT location FROM captions WHERE article_id = ? AND dismissed = 0 AND location IS NOT NULL "
        "ORDER BY position", [article_id])]


def caption(project: Project, caption_id: int) -> dict[str, Any]:
    rows = list(project.query("SELECT * FROM captions WHERE id = ?", [caption_id]))
    if not rows:
        raise CaptionStudioError(f"no caption with id {caption_id} in this project")
    return _caption_row(rows[0])


def _caption_row(row: dict[str, Any]) -> dict[str, Any]:
    try:
        people = json.loads(row.get("photographers") or "[]")
    except ValueError:
        people = []
    row["photographers"] = people if isinstance(people, list) else []
    return row


def photographer_names(row: dict[str, Any]) -> list[str]:
    return [str(p.get("name")) for p in row["photographers"] if isinstance(p, dict)
            and p.get("name")]


def update_caption(project: Project, caption_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """Correct fields of a caption. `photographers` may be a `、`/`;` separated string.
    Returns the old values (pass them back to undo)."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise CaptionStudioError(f"a caption has no field {sorted(unknown)[0]!r}")
    old = caption(project, caption_id)
    stored: dict[str, Any] = {}
    for key, value in values.items():
        if key == "photographers":
            stored[key] = json.dumps(_people(value, old["photographers"]), ensure_ascii=False)
        else:
            text = str(value).strip() if value is not None else ""
            stored[key] = text or None
            if key == "date" and text:
                from caption_studio.core import fields as registry
                try:
                    stored[key] = registry.normalize("date_created", text)[:10]
                except ValueError:
                    raise CaptionStudioError(f"{text!r} is not a date (use YYYY-MM-DD)") from None
                stored["date_source"] = "manual"
    assignments = ", ".join(f"{k} = :{k}" for k in stored)
    with project.transaction() as conn:
        conn.execute(f"UPDATE captions SET {assignments} WHERE id = :id",
                     {**stored, "id": caption_id})
    previous = {k: old[k] for k in values}
    if "date" in values:
        previous["date_source"] = old["date_source"]
    return previous


def restore_caption(project: Project, caption_id: int, previous: dict[str, Any]) -> None:
    stored = {k: (json.dumps(v, ensure_ascii=False) if k == "photographers" else v)
              for k, v in previous.items()}
    assignments = ", ".join(f"{k} = :{k}" for k in stored)
    with project.transaction() as conn:
        conn.execute(f"UPDATE captions SET {assignments} WHERE id = :id",
                     {**stored, "id": caption_id})


def _people(value: Any, old: list[Any]) -> list[dict[str, Any]]:
    if isinstance(value, list):
        names = [str(v.get("name") if isinstance(v, dict) else v) for v in value]
    else:
        names = [n for n in str(value or "").replace("、", ";").replace("，", ";").split(";")]
    roles = {p.get("name"): p for p in old if isinstance(p, dict)}
    out = []
    for name in (n.strip() for n in names):
        if name:
            known = roles.get(name, {})
            out.append({"name": name, "role": known.get("role"), "org": known.get("org"),
                        "span": None})
    return out


def set_dismissed(project: Project, caption_id: int, dismissed: bool) -> bool:
    """Mark a caption as not a caption (or back). Returns the previous state."""
    old = bool(caption(project, caption_id)["dismissed"])
    with project.transaction() as conn:
        conn.execute("UPDATE captions SET dismissed = ? WHERE id = ?", (int(dismissed),
                                                                         caption_id))
    return old


def add_manual_caption(project: Project, article_id: int, start: int, end: int) -> int:
    """A caption the parser missed, marked by selecting its text. Its fields are read from
    the selection by the same parser when it recognises a credit there."""
    text = article(project, article_id)["text"]
    start, end = max(0, start), min(len(text), end)
    snippet = text[start:end]
    if not snippet.strip():
        raise CaptionStudioError("select the caption's text first")
    from caption_studio.core.article.captions import Caption, parse_article

    found = parse_article(snippet).captions
    parsed = found[0] if len(found) == 1 else None
    if parsed is not None:
        shift = start
        parsed.span = (start, end)
        parsed.field_spans = {k: (a + shift, b + shift) for k, (a, b) in
                              parsed.field_spans.items()}
        for p in parsed.photographers:
            p.span = (p.span[0] + shift, p.span[1] + shift) if p.span else None
    else:
        clean = " ".join(snippet.split())
        parsed = Caption(text=clean, description=clean, date=None, date_source=None,
                         location=None, photographers=[], credit=None, span=(start, end))
    with project.transaction() as conn:
        caption_id = _insert_caption(conn, article_id, 0, parsed, "manual")
        _renumber(conn, article_id)
    return caption_id


def delete_caption(project: Project, caption_id: int) -> None:
    row = caption(project, caption_id)
    with project.transaction() as conn:
        conn.execute("DELETE FROM captions WHERE id = ?", (caption_id,))
        _renumber(conn, row["article_id"])


def _renumber(conn: Any, article_id: int) -> None:
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM captions WHERE article_id = ? ORDER BY coalesce(span_start, 1e18), "
        "position, id", (article_id,))]
    conn.executemany("UPDATE captions SET position = ? WHERE id = ?",
                     [(i, cid) for i, cid in enumerate(ids, 1)])
