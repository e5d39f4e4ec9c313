"""Articles, captions and photos put straight into a project file, the way the importer
stores them, for the pairing tests and the evaluation harness."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from caption_studio.core.fields import Provenance
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project, now_iso


@dataclass
class CaptionSpec:
    text: str
    photographers: Sequence[tuple[str, str | None]] = ()
    date: str | None = None
    location: str | None = None
    credit: str | None = None
    description: str | None = None


@dataclass
class PhotoSpec:
    path: str
    capture_time: str | None = None
    embedded: dict[str, object] = field(default_factory=dict)  # field -> value (embedded)
    sidecar: str | None = None  # the text of name.txt, as the importer stores it


def add_article(project: Project, captions: Iterable[CaptionSpec], *, headline: str = "",
                date: str | None = None, text: str | None = None) -> tuple[int, list[int]]:
    captions = list(captions)
    body = text if text is not None else "\n\n".join([headline, *(c.text for c in captions)])
    with project.transaction() as conn:
        article = conn.execute(
            "INSERT INTO articles (path, headline, date, writers, text, imported_at) "
            "VALUES (?, ?, ?, '[]', ?, ?)", (None, headline or None, date, body, now_iso())
        ).lastrowid
        ids = []
        for position, c in enumerate(captions, 1):
            start = body.find(c.text)
            people = json.dumps([{"name": n, "role": r} for n, r in c.photographers],
                                ensure_ascii=False)
            ids.append(conn.execute(
                "INSERT INTO captions (article_id, position, text, description, date, "
                "date_source, location, photographers, credit, span_start, span_end) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article, position, c.text, c.description or c.text, c.date,
                 "caption" if c.date else None, c.location, people, c.credit,
                 start if start >= 0 else None, start + len(c.text) if start >= 0 else None),
            ).lastrowid)
    return int(article), [int(i) for i in ids]


def add_photos(project: Project, photos: Iterable[PhotoSpec]) -> list[int]:
    ids = []
    with project.transaction() as conn:
        for p in photos:
            pid = conn.execute(
                "INSERT INTO photos (path, file_name, capture_time, sidecar_caption, imported_at)"
                " VALUES (?, ?, ?, ?, ?)", (p.path, p.path.rsplit("/", 1)[-1], p.capture_time,
                                            p.sidecar, now_iso())).lastrowid
            if p.embedded:
                ops.set_fields(project, [pid], p.embedded, provenance=Provenance.EMBEDDED,
                               action="import")
            ids.append(int(pid))
    return ids
