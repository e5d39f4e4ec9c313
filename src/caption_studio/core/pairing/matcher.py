"""Which photo goes with which caption, how sure we are, and why.

Modelled on MusicBrainz Picard's file-to-track matching: every photo-caption pair gets
points from several signals (`signals`), the points become a 0..1 score, and one global
assignment (the Hungarian method, not greedy one by one) picks the pairs. A pair is `sure`
only when its evidence leads the best assignment without it, for that photo and that caption,
by more than one piece of evidence (`certainty`); otherwise it is `ambiguous` and waits for a
person. The order of files never counts towards that lead, so a guess from order alone is
never sure.

Pairs a person made or confirmed (`confirmed`) are never touched; re-running replaces only
`sure` and `ambiguous` pairs. Applying a pair (fields written with provenance `caption`,
undo) lives in `apply`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from natsort import natsort_keygen

from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.fields import text_list
from caption_studio.core.pairing import certainty
from caption_studio.core.pairing.apply import (
    PairingChanges,
    apply_pair,
    confirm,
    pairing_of,
    pairings_of,
    snapshot,
    store_proposal,
    undo_pairing,
    unpair,
)
from caption_studio.core.pairing.apply import (
    apply_many as _apply_many,
)
from caption_studio.core.pairing.certainty import (
    SURE_MARGIN,
    identity_points,
    leads,
    to_score,
)
from caption_studio.core.pairing.signals import (
    CaptionFacts,
    Evidence,
    PhotoFacts,
    date_signal,
    name_signal,
    order_signal,
    path_hints,
    text_signal,
)
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import Changes
from caption_studio.core.tasks import CancelToken, Progress, no_progress

__all__ = [
    "SURE_MARGIN", "PairingChanges", "PairingResult", "Proposal", "apply_pair", "confirm",
    "pair_project", "pairing_of", "pairings_of", "propose_pairs", "runner_up", "to_score",
    "undo_pairing", "unpair",
]

MIN_SCORE = 0.1  # below this a pair is not proposed at all


@dataclass(frozen=True)
class Proposal:
    photo_id: int
    caption_id: int
    score: float
    margin: float
    state: str  # confirmed | sure | ambiguous
    reasons: tuple[str, ...] = ()
    # What the photo and the caption would get instead (`certainty.leads`), when anything.
    runner_up_caption: int | None = None
    runner_up_photo: int | None = None


@dataclass
class PairingResult:
    pairs: list[Proposal] = field(default_factory=list)
    unmatched_photos: list[int] = field(default_factory=list)
    unmatched_captions: list[int] = field(default_factory=list)
    kept: list[Proposal] = field(default_factory=list)  # confirmed pairs, left alone

    def to_json(self) -> dict[str, object]:
        def pair(p: Proposal) -> dict[str, object]:
            return {"photo_id": p.photo_id, "caption_id": p.caption_id,
                    "score": round(p.score, 3), "margin": round(p.margin, 3),
                    "state": p.state, "reasons": list(p.reasons),
                    "runner_up_caption_id": p.runner_up_caption,
                    "runner_up_photo_id": p.runner_up_photo}
        return {"pairs": [pair(p) for p in self.pairs], "kept": [pair(p) for p in self.kept],
                "unmatched_photos": self.unmatched_photos,
                "unmatched_captions": self.unmatched_captions}


# --- what we know about the photos and captions --------------------------------------------

def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def load_photos(project: Project, photo_ids: list[int]) -> list[PhotoFacts]:
    facts: dict[int, PhotoFacts] = {}
    for chunk in _chunks(photo_ids):
        marks = ",".join("?" * len(chunk))
        # The importer keeps the text of a `name.txt` sidecar in photos.sidecar_caption.
        for pid, path, name, capture, sidecar in project.conn.execute(
                f"SELECT id, path, file_name, capture_time, sidecar_caption FROM photos "
                f"WHERE id IN ({marks})", chunk):
            facts[pid] = PhotoFacts(pid, path, name, date=_day(capture), capture_time=capture,
                                    sidecar=sidecar)
        # The embedded values, wherever they are now: still current, or set aside by a
        # caption that was applied earlier.
        for pid, key, value in project.conn.execute(
                f"SELECT photo_id, field, value FROM field_values WHERE provenance = 'embedded'"
                f" AND field IN ('description', 'creator', 'date_created') AND photo_id IN ({marks})"
                f" UNION ALL SELECT photo_id, field, value FROM field_alternatives WHERE"
                f" provenance = 'embedded' AND field IN ('description', 'creator', 'date_created')"
                f" AND photo_id IN ({marks})", chunk + chunk):
            photo = facts[pid]
            if key == "description":
                photo.description = photo.description or value
            elif key == "creator":
                photo.creators = photo.creators or text_list(value)
            elif photo.date is None and _day(value):
                photo.date, photo.date_label = _day(value), "embedded date"
    return [facts[pid] for pid in photo_ids if pid in facts]


def load_captions(project: Project, caption_ids: list[int]) -> list[CaptionFacts]:
    out: dict[int, CaptionFacts] = {}
    for chunk in _chunks(caption_ids):
        marks = ",".join("?" * len(chunk))
        for row in project.conn.execute(
                f"SELECT id, article_id, position, text, description, date, location, "
                f"photographers, credit FROM captions WHERE id IN ({marks})", chunk):
            cid, article, position, text, description, date, location, people, credit = row
            try:
                credited = [(str(p.get("name")), p.get("role")) for p in json.loads(people or "[]")
                            if isinstance(p, dict) and p.get("name")]
            except (ValueError, AttributeError):
                credited = []
            out[cid] = CaptionFacts(cid, article, position, text or "", description,
                                    _day(date), location, credited, credit)
    return [out[cid] for cid in caption_ids if cid in out]


def _chunks(ids: list[int], size: int = 400) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def candidates(project: Project, article_id: int | None) -> tuple[list[int], list[int]]:
    """Photos and captions that may be (re-)paired: not dismissed, not in a confirmed pair,
    and, for one article, not in an unconfirmed pair with another article."""
    if article_id is not None and project.conn.execute(
            "SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
        raise CaptionStudioError(f"no article with id {article_id} in this project")
    where, args = ("AND c.article_id = ?", [article_id]) if article_id is not None else ("", [])
    captions = [r[0] for r in project.conn.execute(
        f"SELECT c.id FROM captions c LEFT JOIN pairings p ON p.caption_id = c.id "
        f"WHERE c.dismissed = 0 AND (p.state IS NULL OR p.state != 'confirmed') {where} "
        f"ORDER BY c.article_id, c.position, c.id", args)]
    photos = [r[0] for r in project.conn.execute(
        "SELECT ph.id FROM photos ph LEFT JOIN pairings p ON p.photo_id = ph.id "
        "LEFT JOIN captions c ON c.id = p.caption_id WHERE ph.missing = 0 AND "
        "(p.state IS NULL OR (p.state != 'confirmed' AND (? IS NULL OR c.article_id = ?))) "
        "ORDER BY ph.id", (article_id, article_id))]
    return photos, captions


# --- scoring and assignment ------------------------------------------------------------------

def _photo_orders(photos: list[PhotoFacts]) -> dict[int, list[tuple[int, int, str]]]:
    """Each photo's rank by natural file-name order and by capture time."""
    ranks: dict[int, list[tuple[int, int, str]]] = {p.id: [] for p in photos}
    key = natsort_keygen()
    by_name = sorted(photos, key=lambda p: (key(p.file_name), key(p.path)))
    for i, p in enumerate(by_name):
        ranks[p.id].append((i, len(photos), ""))
    timed = sorted((p for p in photos if p.capture_time), key=lambda p: (p.capture_time, p.id))
    if len(timed) == len(photos):
        for i, p in enumerate(timed):
            ranks[p.id].append((i, len(timed), " by time"))
    return ranks


@dataclass
class Scored(Evidence):
    """A pair's evidence and, apart, the points that tell its frame from another
    (`certainty.identity_points`)."""

    identity: float = 0.0


def score_matrix(photos: list[PhotoFacts], captions: list[CaptionFacts],
                 progress: Progress = no_progress, cancel: CancelToken | None = None,
                 ) -> list[list[Scored]]:
    names = {n for c in captions for n, _ in c.photographers}
    orders = _photo_orders(photos)
    per_article: dict[int, list[int]] = {}
    for c in captions:
        per_article.setdefault(c.article_id, []).append(c.id)
    rank = {cid: i for ids in per_article.values() for i, cid in enumerate(ids)}
    matrix: list[list[Scored]] = []
    for i, photo in enumerate(photos):
        if cancel is not None:
            cancel.raise_if_cancelled()
        hints = path_hints(photo.path, names)
        row = []
        for caption in captions:
            ev = Scored()
            text_signal(photo, caption, ev)
            before = ev.points
            name_signal(photo, caption, hints, ev)
            named = ev.points - before
            date_signal(photo, caption, ev)
            ev.identity = identity_points(ev.points, named)
            order_signal(orders[photo.id], rank[caption.id], len(per_article[caption.article_id]),
                         ev)
            row.append(ev)
        matrix.append(row)
        progress(i + 1, len(photos), "scoring")
    return matrix


@dataclass(frozen=True)
class Choice:
    photo: int  # index into the photos
    caption: int  # index into the captions
    score: float
    margin: float
    sure: bool
    runner_up_caption: int | None
    runner_up_photo: int | None


def assign(evidence: list[list[Scored]], cancel: CancelToken | None = None) -> list[Choice]:
    """The chosen pairs, each with how sure it is."""
    if not evidence or not evidence[0]:
        return []
    import numpy as np  # loaded when pairing runs, not when the window starts
    from scipy.optimize import linear_sum_assignment  # 0.8 s to import: only when pairing

    full = np.array([[to_score(e.points + e.order) for e in row] for row in evidence])
    full[full < MIN_SCORE] = 0.0  # worth nothing: the same as leaving both unpaired
    rows, cols = linear_sum_assignment(full, maximize=True)
    chosen = [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if full[r, c] > 0]
    identity = np.array([[e.identity for e in row] for row in evidence])
    min_points = -certainty.SCALE * np.log(1 - MIN_SCORE)  # the points of MIN_SCORE
    out = []
    for (r, c), lead in zip(chosen, leads(identity, chosen, min_points, cancel), strict=True):
        out.append(Choice(r, c, float(full[r, c]), lead.margin, lead.sure,
                          lead.runner_up_caption, lead.runner_up_photo))
    return out


def propose_pairs(project: Project, *, article_id: int | None = None,
                  progress: Progress = no_progress, cancel: CancelToken | None = None,
                  ) -> PairingResult:
    """What pairing would do now. Nothing is written."""
    photo_ids, caption_ids = candidates(project, article_id)
    photos = load_photos(project, photo_ids)
    captions = load_captions(project, caption_ids)
    evidence = score_matrix(photos, captions, progress, cancel)
    result = PairingResult()
    taken_p: set[int] = set()
    taken_c: set[int] = set()
    for choice in assign(evidence, cancel):
        r, c = choice.photo, choice.caption
        ev = evidence[r][c]
        reasons = list(ev.reasons) + ([ev.order_reason] if ev.order_reason else [])
        result.pairs.append(Proposal(
            photos[r].id, captions[c].id, round(choice.score, 4), round(choice.margin, 4),
            "sure" if choice.sure else "ambiguous", tuple(reasons),
            None if choice.runner_up_caption is None else captions[choice.runner_up_caption].id,
            None if choice.runner_up_photo is None else photos[choice.runner_up_photo].id))
        taken_p.add(photos[r].id)
        taken_c.add(captions[c].id)
    caption_order = {cid: i for i, cid in enumerate(caption_ids)}
    result.pairs.sort(key=lambda p: caption_order[p.caption_id])
    result.unmatched_photos = [p for p in photo_ids if p not in taken_p]
    result.unmatched_captions = [c for c in caption_ids if c not in taken_c]
    where, args = ("AND c.article_id = ?", [article_id]) if article_id is not None else ("", [])
    for pid, cid, score, margin, reasons in project.conn.execute(
            f"SELECT p.photo_id, p.caption_id, p.score, p.margin, p.reasons FROM pairings p "
            f"JOIN captions c ON c.id = p.caption_id WHERE p.state = 'confirmed' {where} "
            f"ORDER BY c.article_id, c.position", args):
        result.kept.append(Proposal(pid, cid, score or 1.0, margin or 0.0, "confirmed",
                                    tuple(text_list(reasons))))
    return result


def pair_project(project: Project, *, article_id: int | None = None, dry_run: bool = False,
                 progress: Progress = no_progress, cancel: CancelToken | None = None,
                 ) -> tuple[PairingResult, Changes]:
    """Pair the unconfirmed photos and captions: sure pairs are applied (their fields filled
    from the caption), ambiguous ones are stored as proposals for a person to confirm, and
    unconfirmed pairs that no longer hold are undone. The returned changes undo it all with
    `undo_pairing`."""
    result = propose_pairs(project, article_id=article_id, progress=progress, cancel=cancel)
    if dry_run:
        return result, PairingChanges.empty("pair")
    photo_ids, caption_ids = candidates(project, article_id)
    with project.transaction():
        changes = PairingChanges.empty("pair", snapshot(project, photo_ids, caption_ids))
        current = pairings_of(project, photo_ids)
        wanted = {p.photo_id: p for p in result.pairs}
        for pid, row in current.items():
            proposal = wanted.get(pid)
            if proposal is None or proposal.caption_id != row["caption_id"] or (
                    proposal.state != row["state"]):
                unpair(project, pid, changes=changes)
        _apply_many(project, [(p.photo_id, p.caption_id, p.state, p.score, p.margin, p.reasons)
                              for p in result.pairs if p.photo_id not in current
                              or current[p.photo_id]["caption_id"] != p.caption_id
                              or current[p.photo_id]["state"] != p.state], changes=changes)
        for p in result.pairs:
            row = current.get(p.photo_id)
            if row and row["caption_id"] == p.caption_id and row["state"] == p.state:
                store_proposal(project, p.photo_id, p.caption_id, p.state, p.score, p.margin,
                               p.reasons)
    return result, changes


def runner_up(project: Project, photo_id: int) -> int | None:
    """The caption a photo in an unconfirmed pair would take next: the best other caption of
    the same article that no confirmed or sure pair holds, by its evidence, or None when no
    other caption has any. What the editor offers one key away."""
    row = project.conn.execute(
        "SELECT p.caption_id, c.article_id FROM pairings p JOIN captions c ON c.id = p.caption_id"
        " WHERE p.photo_id = ? AND p.state != 'confirmed'", (photo_id,)).fetchone()
    if row is None:
        return None
    current, article_id = row
    caption_ids = [r[0] for r in project.conn.execute(
        "SELECT c.id FROM captions c LEFT JOIN pairings p ON p.caption_id = c.id "
        "WHERE c.article_id = ? AND c.dismissed = 0 AND (p.state IS NULL OR "
        "p.state = 'ambiguous') ORDER BY c.position, c.id", (article_id,))]
    captions = load_captions(project, caption_ids)
    photos = load_photos(project, [photo_id])
    if not photos or not captions:
        return None
    evidence = score_matrix(photos, captions)[0]
    best = max(((e.points, -i, c.id) for i, (e, c) in enumerate(zip(evidence, captions,
                                                                    strict=True))
                if c.id != current), default=None)  # ties: the earlier caption
    return best[2] if best is not None and to_score(best[0]) >= MIN_SCORE else None
