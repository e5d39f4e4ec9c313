"""What parsing an article gives: its captions with their fields, and the article's own
headline, date and writers. Every field keeps its ``[start, end)`` span in `ParsedArticle.text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from caption_studio.core.article import places


@dataclass(slots=True)
class Person:
    name: str
    role: str | None = None
    org: str | None = None
    span: tuple[int, int] | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "org": self.org,
                "span": list(self.span) if self.span else None}


@dataclass(slots=True)
class Caption:
    text: str
    description: str
    date: dt.date | None
    date_source: str | None
    location: str | None
    photographers: list[Person]
    credit: str | None
    span: tuple[int, int]
    date_text: str | None = None
    flag: str | None = None  # File, File Photo, （资料图片）
    style: str | None = None  # key of the credit style that found it
    field_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    place: places.Place | None = None  # sublocation, city, province, country from `location`

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "description": self.description,
            "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source,
            "date_text": self.date_text,
            "location": self.location,
            "photographers": [p.to_json() for p in self.photographers],
            "credit": self.credit,
            "flag": self.flag,
            "style": self.style,
            "span": list(self.span),
            "field_spans": {k: list(v) for k, v in self.field_spans.items()},
            "place": self.place.to_json() if self.place else None,
        }


@dataclass
class ParsedArticle:
    headline: str | None
    date: dt.date | None
    writers: list[Person]
    captions: list[Caption]
    text: str
    date_source: str | None = None
    headline_span: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "article": {
                "headline": self.headline,
                "date": self.date.isoformat() if self.date else None,
                "date_source": self.date_source,
                "writers": [w.to_json() for w in self.writers],
                "headline_span": list(self.headline_span) if self.headline_span else None,
                "length": len(self.text),
            },
            "captions": [c.to_json() for c in self.captions],
        }
