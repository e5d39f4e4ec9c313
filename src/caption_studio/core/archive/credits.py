"""The monthly credit list over every desk: the credit rows each desk published (made by the
same code as its `credits` command), as `CreditRow`s, so the desk's writers (CSV, XLSX, JSON,
Markdown, text; core.export.credit_files) write them with the same columns and formats."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import psycopg
from psycopg import sql

from caption_studio.core.archive import schema
from caption_studio.core.archive.connection import ArchiveError, connect
from caption_studio.core.archive.text import unescape_row
from caption_studio.core.errors import InputError
from caption_studio.core.export.credit_rows import CreditRow, _iso_date
from caption_studio.core.fields import STATUS_CHOICES

_COLUMNS = ("photo_id, article_id, caption_id, headline, article_date, page, edition, "
            "caption_no, file_name, path, photographers, latin_names, role, credit_line, agency, "
            "agency_en, source, employments, date_taken, status, description, pairing_state")
_LISTS = ("photographers", "latin_names", "employments")
_SELECTED = sql.SQL(", ").join(sql.Identifier("k", c.strip()) for c in _COLUMNS.split(","))


def credit_rows(conn: psycopg.Connection, *, date_from: str | dt.date | None = None,
                date_to: str | dt.date | None = None, status: str | None = None,
                desk: str | None = None) -> list[CreditRow]:
    """Every desk's published credit rows; dates filter on the article's date (the date taken
    when there is none), as the desk's list does. Ids are the archive's."""
    start, end = _iso_date(date_from, "from"), _iso_date(date_to, "to")
    if status:
        status = status.strip().lower().replace(" ", "_")
        if status not in STATUS_CHOICES:
            raise InputError(f"status {status!r} is not one of {', '.join(STATUS_CHOICES)}")
    with conn.cursor() as cur:
        cur.execute(
            sql.SQL("SELECT {} FROM credits k JOIN projects p ON p.id = k.project_id "
            "WHERE (%(start)s::text IS NULL OR "
            "       substr(coalesce(article_date, date_taken), 1, 10) >= %(start)s) "
            "AND (%(end)s::text IS NULL OR "
            "     substr(coalesce(article_date, date_taken), 1, 10) <= %(end)s) "
            "AND (%(status)s::text IS NULL OR k.status = %(status)s) "
            "AND (%(desk)s::text IS NULL OR p.desk = %(desk)s) "
            "ORDER BY k.article_date IS NULL, k.article_date, k.article_id, k.caption_no, "
            "k.file_name, k.photo_id").format(_SELECTED),
            {"start": start, "end": end, "status": status, "desk": desk})
        names = [d.name for d in cur.description or ()]
        return [_row(dict(zip(names, unescape_row(r), strict=True))) for r in cur.fetchall()]


def _row(values: dict[str, Any]) -> CreditRow:
    for key in _LISTS:
        try:
            values[key] = json.loads(values[key] or "[]")
        except ValueError:
            raise ArchiveError(f"credit row of photo {values['photo_id']} is damaged") from None
    return CreditRow(**values)


def archive_credits(address: str, **filters: Any) -> list[CreditRow]:
    with connect(address, "caption-studio credits") as conn:
        schema.check(conn)
        return credit_rows(conn, **filters)
