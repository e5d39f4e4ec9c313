"""How sure a chosen pair is: what the desk would have to look like for it to be wrong.

The assignment (`matcher.assign`) picks the pairs by score, file order included. Whether a
pair is *sure* is asked apart from that, on the evidence alone and in points (not in the 0..1
score, which a pair with only a photographer and a day keeps small however clear it is):

- The lead of a pair (photo p, caption c) is the evidence of the chosen pairs minus the
  evidence of the best assignment in which p does not get c. That is the real runner-up for
  that photo and that caption: p's next caption and c's next photo, as far as the rest of the
  desk lets them move. Another photo by the same photographer on the same day competes for c
  (lead 0); a photo that has its own caption to go to, or none of the evidence, does not.
- The file order never counts, and the form a name came in does not either: a By-line in
  the file, a folder or a file name spelled after the photographer identify the same person.
  (The outtake that kept its By-line is no likelier the printed frame than the one that was
  exported without metadata and renamed; its extra weight must not make it sure.)
- A pair is sure when its lead is more than one same-day date (`SURE_LEAD`): being wrong would
  take more than one piece of evidence to be wrong or missing. One frame whose clock is a day
  off against an undated one (lead 0.7), or a dated frame against an undated one of the same
  photographer (lead 1.0) stay ambiguous; two frames whose days each name their own caption,
  as in the sample project, are sure together (lead 1.4: both clocks would have to be off).

The lead is reported as a margin on the score's scale (`margin_of`), so `margin` in the JSON
and in the window keeps its meaning: 0 for a tie, towards 1 for a clear lead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from caption_studio.core.pairing.signals import W_DATE_SAME, W_NAME_EMBEDDED, W_NAME_PATH

if TYPE_CHECKING:
    import numpy as np

    from caption_studio.core.tasks import CancelToken

SCALE = 3.0  # points -> score: 1 - exp(-points / SCALE)
SURE_LEAD = 1.25 * W_DATE_SAME  # points: more than one same-day date


def to_score(points: float) -> float:
    return 1 - math.exp(-points / SCALE) if points > 0 else 0.0


def margin_of(lead: float) -> float:
    """A lead in points on the 0..1 scale of the scores (negative when the pair loses)."""
    return math.copysign(1 - math.exp(-abs(lead) / SCALE), lead)


SURE_MARGIN = margin_of(SURE_LEAD)


def identity_points(points: float, name_points: float) -> float:
    """The evidence that tells this frame from another: a name that identifies the
    photographer counts the same in whichever form it came."""
    if name_points >= min(W_NAME_PATH, W_NAME_EMBEDDED):
        return points - name_points + W_NAME_EMBEDDED
    return points


@dataclass(frozen=True)
class Lead:
    points: float
    runner_up_caption: int | None  # index of the caption the photo would get instead
    runner_up_photo: int | None  # index of the photo the caption would get instead

    @property
    def margin(self) -> float:
        return margin_of(self.points)

    @property
    def sure(self) -> bool:
        return self.points >= SURE_LEAD - 1e-9


def leads(identity: np.ndarray, chosen: list[tuple[int, int]], min_points: float,
          cancel: CancelToken | None = None) -> list[Lead]:
    """The lead of each chosen (photo index, caption index) pair over the best assignment
    without it. `identity` holds the points of `identity_points`; below `min_points` a pair is
    worth nothing (the same as leaving both unpaired)."""
    from scipy.optimize import linear_sum_assignment  # 0.8 s to import: only when pairing

    worth = identity.copy()
    worth[worth < min_points] = 0.0
    total = sum(float(worth[r, c]) for r, c in chosen)
    out = []
    for r, c in chosen:
        if cancel is not None:
            cancel.raise_if_cancelled()
        without = worth.copy()
        without[r, c] = 0.0
        rows, cols = linear_sum_assignment(without, maximize=True)
        best = float(without[rows, cols].sum())
        other = {int(a): int(b) for a, b in zip(rows, cols, strict=True) if without[a, b] > 0}
        photo_of = {b: a for a, b in other.items()}
        out.append(Lead(total - best, other.get(r), photo_of.get(c)))
    return out
