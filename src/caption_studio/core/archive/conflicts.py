"""Fields of a photo on which desks disagree: each desk's value (its claim), which one the
archive shows (a `manual` value beats an automatic one, then the later edit wins), and the
replaced values kept in field_history."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import psycopg

from caption_studio.core.archive import schema
from caption_studio.core.archive.connection import connect
from caption_studio.core.archive.text import unescape


@dataclass
class Claim:
    desk: str
    project: str
    value: str | None
    provenance: str
    updated_at: str
    wins: bool


@dataclass
class Conflict:
    photo_id: int
    fingerprint: str
    file_name: str
    field: str
    claims: list[Claim] = field(default_factory=list)

    @property
    def winner(self) -> Claim:
        return next(c for c in self.claims if c.wins)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_CONFLICTS = """
WITH disputed AS (
    SELECT photo_id, field FROM field_claims
    GROUP BY photo_id, field HAVING count(DISTINCT coalesce(value, '')) > 1
    ORDER BY photo_id, field LIMIT %(limit)s)
SELECT d.photo_id, ph.fingerprint, ph.file_name, d.field, p.desk, p.name, c.value,
       c.provenance, c.updated_at, (w.project_id = c.project_id) AS wins
FROM disputed d
JOIN field_claims c ON c.photo_id = d.photo_id AND c.field = d.field
JOIN projects p ON p.id = c.project_id
JOIN photos ph ON ph.id = d.photo_id
JOIN field_values w ON w.photo_id = d.photo_id AND w.field = d.field
ORDER BY d.photo_id, d.field, wins DESC, c.updated_at DESC
"""


def conflicts(conn: psycopg.Connection, limit: int = 1000) -> list[Conflict]:
    found: dict[tuple[int, str], Conflict] = {}
    with conn.cursor() as cur:
        cur.execute(_CONFLICTS, {"limit": limit})
        for pid, fp, name, key, desk, project, value, prov, at, wins in cur.fetchall():
            conflict = found.setdefault((pid, key), Conflict(pid, fp, unescape(name), key))
            conflict.claims.append(Claim(desk, unescape(project), unescape(value), prov, at,
                                         bool(wins)))
    return list(found.values())


def list_conflicts(address: str, limit: int = 1000) -> list[Conflict]:
    with connect(address, "caption-studio conflicts") as conn:
        schema.check(conn)
        return conflicts(conn, limit)


def history(conn: psycopg.Connection, photo_id: int) -> list[dict[str, Any]]:
    """Every value desks replaced or removed on this photo, oldest first."""
    with conn.cursor() as cur:
        cur.execute("SELECT h.field, p.desk, h.old_value, h.old_provenance, h.new_value, "
                    "h.new_provenance, h.at FROM field_history h JOIN projects p "
                    "ON p.id = h.project_id WHERE h.photo_id = %s ORDER BY h.id", (photo_id,))
        keys = [d.name for d in cur.description or ()]
        return [dict(zip(keys, (unescape(v) for v in row), strict=True))
                for row in cur.fetchall()]
