"""The evidence that a photo goes with a caption, one signal at a time.

Each signal looks at one photo and one caption and returns points (positive: evidence for
the pair, negative: evidence against, nothing: it cannot tell) and a reason a person can
read. Points add up; `pairing.py` turns the sum into a 0..1 score. The file and capture-time
order is kept apart from the rest: it may break ties, but it never makes a pair sure.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from caption_studio.core.names import name_keys, same_name

# Points for each signal. The embedded or sidecar caption is the strongest evidence: a text
# written for that very frame. A name is next, then the day. See scripts/eval_pairing for the
# scenarios these were tuned on.
W_TEXT = 5.0
TEXT_FLOOR = 0.45  # similarity that counts as neither for nor against
W_NAME_EMBEDDED = 2.0
W_NAME_PATH = 1.5
W_NAME_INITIALS = 0.5
W_NAME_CONFLICT = -2.0
W_NAME_OTHERS_FOLDER = -1.0
W_DATE_SAME = 1.0
W_DATE_NEAR = 0.3  # one day off: a camera clock in another time zone
W_DATE_FAR = -2.0
W_ORDER = 0.4

# File name prefixes cameras write; never a photographer's initials.
CAMERA_PREFIXES = frozenset({
    "dsc", "dscf", "dscn", "img", "imgp", "mg", "p", "pic", "photo", "dji", "gopr", "sam",
    "mvimg", "pxl", "dcim", "jpg", "jpeg", "heic", "cr", "nef", "arw", "raw", "edit", "final",
})
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
_LETTERS_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


@dataclass
class PhotoFacts:
    id: int
    path: str
    file_name: str
    date: dt.date | None = None
    date_label: str = "EXIF"
    capture_time: str | None = None
    description: str | None = None  # embedded caption
    creators: list[str] = field(default_factory=list)  # embedded names
    creator_label: str = "embedded By-line"
    sidecar: str | None = None


@dataclass
class CaptionFacts:
    id: int
    article_id: int
    position: int
    text: str
    description: str | None = None
    date: dt.date | None = None
    location: str | None = None
    photographers: list[tuple[str, str | None]] = field(default_factory=list)
    credit: str | None = None


@dataclass
class Evidence:
    points: float = 0.0
    order: float = 0.0
    reasons: list[str] = field(default_factory=list)
    order_reason: str | None = None

    def add(self, points: float, reason: str) -> None:
        self.points += points
        self.reasons.append(reason)


# --- text ---------------------------------------------------------------------------------

def normalise(text: str) -> str:
    return "".join(_WORD_RE.findall(unicodedata.normalize("NFKC", text).lower()))


def tokens(text: str) -> frozenset[str]:
    """Words for Latin script, character bigrams for Chinese (which has no spaces)."""
    out: set[str] = set()
    for run in _WORD_RE.findall(unicodedata.normalize("NFKC", text).lower()):
        if _HAN_RE.match(run):
            out.update(run[i:i + 2] for i in range(max(1, len(run) - 1)))
        else:
            out.add(run)
    return frozenset(out)


def is_chinese(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if _HAN_RE.match(c)) * 2 >= len(letters)


def text_similarity(a: str, b: str) -> float:
    """0..1. A photographer's own caption is often shorter than the printed one or a draft of
    it, so containment counts as much as overlap, but only once there is enough of it: a
    caption of a few characters contained in another says little."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    common = len(ta & tb)
    dice = 2 * common / (len(ta) + len(tb))
    na, nb = normalise(a), normalise(b)
    contained = common / min(len(ta), len(tb)) * min(1.0, min(len(na), len(nb)) / 12)
    chars = fuzz.ratio(na, nb) / 100
    return max(dice, contained, chars)


# --- names --------------------------------------------------------------------------------

def path_words(path: str) -> list[tuple[str, list[str]]]:
    """(where, letter words) for each folder of the photo's path and its file name:
    `LiYuheng-0423.jpg` -> ("file name", ["li", "yuheng"])."""
    parts = path.replace("\\", "/").split("/")
    out: list[tuple[str, list[str]]] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        stem = part.rsplit(".", 1)[0] if last else part
        # tone marks come apart from their letters, so `Xú_Tāo` reads as xu, tao
        words = [w.lower() for w in _LETTERS_RE.findall(unicodedata.normalize("NFKD", stem))]
        if words:
            out.append(("file name" if last else f"folder {part}", words))
    return out


def _joins(words: list[str]) -> set[str]:
    return {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


@dataclass
class PathHints:
    """Which credited names a photo's folders and file name spell, computed once per photo."""

    full: dict[str, str] = field(default_factory=dict)  # name -> where
    initials: dict[str, str] = field(default_factory=dict)


def path_hints(path: str, names: set[str]) -> PathHints:
    hints = PathHints()
    for where, words in path_words(path):
        joined = _joins(words)
        singles = {w for w in words if w not in CAMERA_PREFIXES}
        for name in names:
            full, initials = name_keys(name)
            if any(len(k) >= 4 for k in full & joined):
                hints.full.setdefault(name, where)
            elif initials & singles:
                hints.initials.setdefault(name, where)
    return hints


# --- the signals --------------------------------------------------------------------------

def text_signal(photo: PhotoFacts, caption: CaptionFacts, ev: Evidence) -> None:
    printed = caption.description or caption.text
    for own, label in ((photo.description, "embedded caption"), (photo.sidecar, "sidecar caption")):
        if not own or is_chinese(own) != is_chinese(printed):
            continue  # an English caption says nothing about a Chinese one
        sim = text_similarity(own, printed)
        points = W_TEXT * (sim - TEXT_FLOOR) / (1 - TEXT_FLOOR)
        if sim >= TEXT_FLOOR:
            ev.add(points, f"{label} {sim:.2f} similar")
        else:
            ev.add(max(points, -W_TEXT / 4), f"{label} not similar ({sim:.2f})")
        return


def name_signal(photo: PhotoFacts, caption: CaptionFacts, hints: PathHints,
                ev: Evidence) -> None:
    credited = [n for n, _ in caption.photographers]
    if not credited:
        return
    for name in credited:
        if any(same_name(name, c) for c in photo.creators):
            ev.add(W_NAME_EMBEDDED, f"photographer {name} ({photo.creator_label})")
            return
    for name in credited:
        if name in hints.full:
            ev.add(W_NAME_PATH, f"photographer {name} ({hints.full[name]})")
            return
    if photo.creators:
        ev.add(W_NAME_CONFLICT, f"photographer {', '.join(credited)} ≠ "
                                f"{'; '.join(photo.creators)} ({photo.creator_label})")
        return
    if hints.full:
        other = next(iter(hints.full))
        ev.add(W_NAME_OTHERS_FOLDER, f"{hints.full[other]} names {other}, not "
                                     f"{', '.join(credited)}")
        return
    for name in credited:
        if name in hints.initials:
            ev.add(W_NAME_INITIALS, f"initials of {name} ({hints.initials[name]})")
            return


def date_signal(photo: PhotoFacts, caption: CaptionFacts, ev: Evidence) -> None:
    if photo.date is None or caption.date is None:
        return
    days = abs((photo.date - caption.date).days)
    iso = caption.date.isoformat()
    if days == 0:
        ev.add(W_DATE_SAME, f"date {iso} = {photo.date_label}")
    elif days == 1:
        ev.add(W_DATE_NEAR, f"date {iso} ≈ {photo.date_label} {photo.date.isoformat()} "
                            "(one day off: time zone?)")
    else:
        ev.add(W_DATE_FAR, f"date {iso} ≠ {photo.date_label} {photo.date.isoformat()}")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def order_signal(photo_ranks: list[tuple[int, int, str]], caption_rank: int, n_captions: int,
                 ev: Evidence) -> None:
    """photo_ranks: (rank, count, by what) for each order the photos can be put in. Equal
    ranks are a hint; otherwise the relative position says a little."""
    best = 0.0
    for rank, count, label in photo_ranks:
        if count == n_captions and rank == caption_rank:
            ev.order = W_ORDER
            ev.order_reason = f"{ordinal(rank + 1)} photo{label} / {ordinal(caption_rank + 1)} caption"
            return
        if count > 1 and n_captions > 1:
            best = max(best, 1 - abs(rank / (count - 1) - caption_rank / (n_captions - 1)))
    ev.order = W_ORDER / 2 * best ** 4
