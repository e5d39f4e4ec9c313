"""Writing pairs: the pairing row, the photo's fields filled from the caption, and undo.

A caption fills fields with provenance `caption` through `operations.set_fields`, so manual
values are never overwritten and every change is in the history. The value a caption
replaced (an embedded By-line, an EXIF date) is kept in `field_alternatives`, flagged as a
conflict when the two disagree; the photo is then marked `needs_review`. Unpairing puts
those values back.

Undo is by snapshot: every operation here returns a `PairingChanges` that holds the field
changes (reverted with `operations.revert`) and the pairing and alternative rows as they
were before. `undo_pairing` restores them and returns the changes that redo it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from caption_studio.core import fields as registry
from caption_studio.core.article import places as gazetteer
from caption_studio.core.article.store import caption_locations
from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.fields import Provenance
from caption_studio.core.names import same_name
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project, now_iso

STATES = ("confirmed", "sure", "ambiguous")
_APPLIED = ("confirmed", "sure")  # states whose caption fills the photo's fields
_CONFLICT_DAYS = 2  # one day off is a time zone, two is a disagreement


@dataclass
class Snapshot:
    photo_ids: list[int]
    caption_ids: list[int]
    pairings: list[tuple[Any, ...]]
    alternatives: list[tuple[Any, ...]]


@dataclass
class PairingChanges(ops.Changes):
    before: Snapshot | None = field(default=None)

    @classmethod
    def empty(cls, action: str, before: Snapshot | None = None) -> PairingChanges:
        base = ops.new_changes(action)
        return cls(operation_id=base.operation_id, action=action, before=before)


def _marks(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def snapshot(project: Project, photo_ids: Iterable[int], caption_ids: Iterable[int]) -> Snapshot:
    """The pairing rows touching these photos or captions, and their photos' alternatives.
    The sets are closed over existing pairs so that restoring them cannot collide."""
    photos, captions = set(photo_ids), set(caption_ids)
    while True:
        rows = _pairing_rows(project, photos, captions)
        more_p = {r[0] for r in rows} - photos
        more_c = {r[1] for r in rows} - captions
        if not more_p and not more_c:
            break
        photos |= more_p
        captions |= more_c
    p = sorted(photos)
    alternatives = [tuple(r) for r in project.conn.execute(
        f"SELECT photo_id, field, value, provenance, conflict FROM field_alternatives "
        f"WHERE photo_id IN ({_marks(p)})", p)] if p else []
    return Snapshot(p, sorted(captions), rows, alternatives)


def _pairing_rows(project: Project, photos: set[int], captions: set[int]) -> list[tuple[Any, ...]]:
    p, c = sorted(photos), sorted(captions)
    return [tuple(r) for r in project.conn.execute(
        f"SELECT photo_id, caption_id, state, score, margin, reasons, created_at FROM pairings "
        f"WHERE photo_id IN ({_marks(p)}) OR caption_id IN ({_marks(c)})", p + c)]


def _restore_rows(project: Project, snap: Snapshot) -> None:
    p, c = snap.photo_ids, snap.caption_ids
    conn = project.conn
    conn.execute(f"DELETE FROM pairings WHERE photo_id IN ({_marks(p)}) OR caption_id IN "
                 f"({_marks(c)})", p + c)
    conn.execute(f"DELETE FROM field_alternatives WHERE photo_id IN ({_marks(p)})", p)
    conn.executemany("INSERT INTO pairings (photo_id, caption_id, state, score, margin, reasons,"
                     " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", snap.pairings)
    conn.executemany("INSERT INTO field_alternatives (photo_id, field, value, provenance, "
                     "conflict) VALUES (?, ?, ?, ?, ?)", snap.alternatives)


def undo_pairing(project: Project, changes: ops.Changes) -> PairingChanges:
    """Undo what a pairing operation did; the result undoes the undo (redo)."""
    if not isinstance(changes, PairingChanges) or changes.before is None:
        raise CaptionStudioError("these changes were not made by pairing; nothing to undo")
    snap = changes.before
    with project.transaction():
        now = snapshot(project, snap.photo_ids, snap.caption_ids)
        inverse = ops.revert(project, changes, action=f"undo {changes.action}")
        _restore_rows(project, snap)
    redo = PairingChanges(operation_id=inverse.operation_id, action=inverse.action,
                          field_changes=inverse.field_changes, before=now)
    redo.pairings = set(snap.photo_ids) | {r[0] for r in now.pairings}
    redo.captions = set(snap.caption_ids)
    return redo


# --- reading pairs -------------------------------------------------------------------------

def pairings_of(project: Project, photo_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    ids = list(photo_ids)
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        for row in project.query(
                f"SELECT p.photo_id, p.caption_id, p.state, p.score, p.margin, p.reasons, "
                f"c.article_id, c.position, c.text FROM pairings p JOIN captions c ON "
                f"c.id = p.caption_id WHERE p.photo_id IN ({_marks(chunk)})", chunk):
            out[row["photo_id"]] = row
    return out


def pairing_of(project: Project, photo_id: int) -> dict[str, Any] | None:
    """A photo's pair as `caption-studio photos --json` shows it, or None."""
    row = pairings_of(project, [photo_id]).get(photo_id)
    if row is None:
        return None
    try:
        reasons = [str(r) for r in json.loads(row["reasons"] or "[]")]
    except ValueError:
        reasons = []
    return {"article": row["article_id"], "caption_index": row["position"],
            "caption_text": row["text"], "state": row["state"],
            "score": row["score"] if row["score"] is not None else 1.0,
            "margin": row["margin"] if row["margin"] is not None else 0.0, "reasons": reasons}


# --- what a caption writes ------------------------------------------------------------------

def caption_values(project: Project, caption_id: int) -> dict[str, Any]:
    row = project.conn.execute(
        "SELECT c.text, c.description, c.date, c.location, c.photographers, c.credit, c.extra, "
        "c.span_start, c.span_end, a.headline, a.text, a.id FROM captions c JOIN articles a ON "
        "a.id = c.article_id WHERE c.id = ?", (caption_id,)).fetchone()
    if row is None:
        raise CaptionStudioError(f"no caption with id {caption_id} in this project")
    text, description, date, location, people, credit, extra, start, end, headline, article, article_id = row
    try:
        credited = [p for p in json.loads(people or "[]") if isinstance(p, dict) and p.get("name")]
    except ValueError:
        credited = []
    values: dict[str, Any] = {
        "description": description or text,
        "creator": [str(p["name"]) for p in credited] or None,
        "creator_jobtitle": next((str(p["role"]) for p in credited if p.get("role")), None),
        "credit_line": _printed_credit(extra, article, start, end) or credit,
        "source": credit,
        "date_created": date,
        "sublocation": location,
        "headline": headline,
    }
    # The article's text is at hand: only the other captions' places are asked for.
    hints = gazetteer.article_hints(headline, article, caption_locations(project, article_id))
    place = gazetteer.locate(location, description or text, *hints)
    if place is not None:
        values["sublocation"] = place.sublocation  # without the city, province and country
        values.update(place.fields())
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def _printed_credit(extra: str | None, article: str | None, start: int | None,
                    end: int | None) -> str | None:
    """The credit as printed (本报记者 李雨恒 摄), from the span the parser recorded."""
    try:
        data = json.loads(extra or "{}")
    except ValueError:
        return None
    spans = data.get("field_spans", data) if isinstance(data, dict) else {}
    span = spans.get("credit_line") if isinstance(spans, dict) else None
    if not article or not isinstance(span, list | tuple) or len(span) != 2:
        return None
    lo, hi = span
    if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo < hi <= len(article)):
        return None
    if start is not None and end is not None and not start <= lo < hi <= end:
        lo, hi = lo + start, hi + start  # relative to the caption
        if hi > len(article):
            return None
    return article[lo:hi].strip(" （）()/") or None


def _conflicts(current: dict[str, tuple[Any, str]], values: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    embedded = {k: v for k, (v, prov) in current.items() if prov == Provenance.EMBEDDED}
    names = values.get("creator") or []
    if embedded.get("creator") and names and not any(
            same_name(a, b) for a in embedded["creator"] for b in names):
        out.add("creator")
    if embedded.get("date_created") and values.get("date_created"):
        try:
            days = abs((dt.date.fromisoformat(embedded["date_created"][:10])
                        - dt.date.fromisoformat(values["date_created"][:10])).days)
        except ValueError:
            days = 0
        if days >= _CONFLICT_DAYS:
            out.add("date_created")
    return out


def _fill(project: Project, photo_id: int, caption_id: int, changes: ops.Changes) -> None:
    values = caption_values(project, caption_id)
    current = ops.get_fields(project, photo_id)
    embedded_date = current.get("date_created", (None, None))
    if embedded_date[1] == Provenance.EMBEDDED and embedded_date[0] and values.get(
            "date_created") and embedded_date[0][:10] == values["date_created"][:10]:
        del values["date_created"]  # the file's own time of day is more precise
    conflicts = _conflicts(current, values)
    if conflicts:
        values["status"] = "needs_review"
    for key in values:
        old, prov = current.get(key, (None, None))
        if old is not None and prov in (Provenance.EMBEDDED, Provenance.TEMPLATE):
            project.conn.execute(
                "INSERT OR REPLACE INTO field_alternatives (photo_id, field, value, provenance,"
                " conflict) VALUES (?, ?, ?, ?, ?)",
                (photo_id, key, registry.encode(key, old), prov, int(key in conflicts)))
    ops.set_fields(project, [photo_id], values, provenance=Provenance.CAPTION, changes=changes)


def _restore_fields(project: Project, photo_id: int, changes: ops.Changes) -> None:
    current = ops.get_fields(project, photo_id)
    from_caption = [k for k, (_, prov) in current.items() if prov == Provenance.CAPTION]
    if not from_caption:
        return
    saved: dict[str, tuple[str, str]] = {}
    for key, value, prov in project.conn.execute(
            f"SELECT field, value, provenance FROM field_alternatives WHERE photo_id = ? AND "
            f"field IN ({_marks(from_caption)}) ORDER BY provenance = 'embedded'",
            [photo_id, *from_caption]):
        saved[key] = (value, prov)  # embedded last, so it wins over template
    by_provenance: dict[str, dict[str, Any]] = {}
    for key in from_caption:
        value, prov = saved.get(key, (None, Provenance.CAPTION.value))
        by_provenance.setdefault(prov, {})[key] = registry.decode(key, value)
    for prov, values in by_provenance.items():
        ops.set_fields(project, [photo_id], values, provenance=prov, changes=changes)
    project.conn.execute(
        f"DELETE FROM field_alternatives WHERE photo_id = ? AND field IN ({_marks(from_caption)})",
        [photo_id, *from_caption])


# --- the operations --------------------------------------------------------------------------

def store_proposal(project: Project, photo_id: int, caption_id: int, state: str,
                   score: float | None, margin: float | None, reasons: Sequence[str]) -> None:
    project.conn.execute(
        "INSERT INTO pairings (photo_id, caption_id, state, score, margin, reasons, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (photo_id) DO UPDATE SET caption_id = "
        "excluded.caption_id, state = excluded.state, score = excluded.score, margin = "
        "excluded.margin, reasons = excluded.reasons",
        (photo_id, caption_id, state, score, margin, json.dumps(list(reasons), ensure_ascii=False),
         now_iso()))


def _start(project: Project, action: str, changes: ops.Changes | None, photos: Iterable[int],
           captions: Iterable[int]) -> ops.Changes:
    return changes if changes is not None else PairingChanges.empty(
        action, snapshot(project, photos, captions))


def apply_pair(project: Project, photo_id: int, caption_id: int, *, state: str = "confirmed",
               score: float | None = None, margin: float | None = None,
               reasons: Sequence[str] = (), changes: ops.Changes | None = None) -> ops.Changes:
    """Pair a photo with a caption (by hand: `confirmed`). Whatever either was paired with
    before is unpaired first. Sure and confirmed pairs fill the photo's fields."""
    if state not in STATES:
        raise CaptionStudioError(f"unknown pairing state {state!r} (use {', '.join(STATES)})")
    with project.transaction():
        if project.conn.execute("SELECT 1 FROM photos WHERE id = ?", (photo_id,)).fetchone() is None:
            raise CaptionStudioError(f"no photo with id {photo_id} in this project")
        if project.conn.execute("SELECT 1 FROM captions WHERE id = ?",
                                (caption_id,)).fetchone() is None:
            raise CaptionStudioError(f"no caption with id {caption_id} in this project")
        result = _start(project, "pair", changes, [photo_id], [caption_id])
        holder = project.conn.execute("SELECT photo_id FROM pairings WHERE caption_id = ?",
                                      (caption_id,)).fetchone()
        for pid in {photo_id, holder[0] if holder else photo_id}:
            unpair(project, pid, changes=result)
        store_proposal(project, photo_id, caption_id, state, score, margin, reasons)
        if state in _APPLIED:
            _fill(project, photo_id, caption_id, result)
        result.pairings.add(photo_id)
        result.captions.add(caption_id)
    return result


def apply_many(project: Project, pairs: Sequence[tuple[int, int, str, float, float, Sequence[str]]],
               *, changes: ops.Changes) -> None:
    for photo_id, caption_id, state, score, margin, reasons in pairs:
        apply_pair(project, photo_id, caption_id, state=state, score=score, margin=margin,
                   reasons=reasons, changes=changes)


def unpair(project: Project, photo_id: int, *, changes: ops.Changes | None = None) -> ops.Changes:
    """Take the photo out of its pair and put back the values the caption replaced."""
    with project.transaction():
        row = project.conn.execute("SELECT caption_id FROM pairings WHERE photo_id = ?",
                                   (photo_id,)).fetchone()
        result = _start(project, "unpair", changes, [photo_id], [row[0]] if row else [])
        if row is None:
            return result
        _restore_fields(project, photo_id, result)
        project.conn.execute("DELETE FROM pairings WHERE photo_id = ?", (photo_id,))
        result.pairings.add(photo_id)
        result.captions.add(row[0])
    return result


def confirm(project: Project, photo_ids: Iterable[int], *,
            changes: ops.Changes | None = None) -> ops.Changes:
    """A person agrees with the proposed pairs: they become `confirmed` (and ambiguous ones,
    which had written nothing yet, now fill the photo's fields)."""
    ids = list(dict.fromkeys(photo_ids))
    with project.transaction():
        current = pairings_of(project, ids)
        result = _start(project, "confirm pair", changes, current,
                        [r["caption_id"] for r in current.values()])
        for pid, row in current.items():
            if row["state"] == "confirmed":
                continue
            project.conn.execute("UPDATE pairings SET state = 'confirmed' WHERE photo_id = ?",
                                 (pid,))
            if row["state"] not in _APPLIED:
                _fill(project, pid, row["caption_id"], result)
            result.pairings.add(pid)
            result.captions.add(row["caption_id"])
    return result
