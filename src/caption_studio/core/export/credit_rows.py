"""Who shot what: the credit rows of published photos, their summary, and the printable
credit line of a page.

A photo counts as published when it is paired with a (not dismissed) caption of an article:
unpaired photos are not on any page, so they are left out even when they carry credit fields.
The rows come from the `credits` view (migration 3), so `sqlite-utils` users see the same rows;
Python adds what SQL cannot know well: Latin names, and staff / freelance / agency per
photographer from the roster and the agency table (core.credit_terms).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from caption_studio.core import fields as registry
from caption_studio.core.credit_terms import credit_english, find_agency
from caption_studio.core.employment import infer_employment
from caption_studio.core.errors import InputError, ProjectError
from caption_studio.core.project.file import Project

# --- names ----------------------------------------------------------------------------------



class _Names:
    """Latin names and roster status, looked up once per name per export."""

    def __init__(self, project: Project) -> None:
        from caption_studio.core.desk import roster  # 0.17 s of imports: when exporting

        self.project = project
        self._roster = roster
        self._latin: dict[str, str] = {}
        self._status: dict[str, str | None] = {}

    def latin(self, name: str) -> str:
        if name not in self._latin:
            self._latin[name] = self._roster.latin_name_for(self.project, name)
        return self._latin[name]

    def status(self, name: str) -> str | None:
        if name not in self._status:
            self._status[name] = self._roster.status_for(self.project, name)
        return self._status[name]


# --- rows -----------------------------------------------------------------------------------


@dataclass
class CreditRow:
    photo_id: int
    article_id: int
    caption_id: int
    headline: str | None
    article_date: str | None
    page: str | None
    edition: str | None
    caption_no: int
    file_name: str
    path: str
    photographers: list[str]
    latin_names: list[str]
    role: str | None
    credit_line: str | None  # as printed: 记者 李雨恒 摄/视觉重庆
    agency: str | None  # the organisation credited: 视觉重庆, 新华社, AP; None for own staff
    agency_en: str | None
    source: str | None
    employments: list[str | None]  # one per photographer (or one for the credit when none)
    date_taken: str | None
    status: str
    description: str | None
    pairing_state: str

    @property
    def employment(self) -> str | None:
        known = list(dict.fromkeys(e or "" for e in self.employments))
        if not known or known == [""]:
            return None
        return known[0] if len(known) == 1 else "; ".join(e or "?" for e in self.employments)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["employment"] = self.employment
        return data


# (key, header) of the exported columns, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "Article"),
    ("headline", "Headline"),
    ("article_date", "Date"),
    ("page", "Page"),
    ("edition", "Edition"),
    ("caption_no", "Caption no."),
    ("file_name", "File"),
    ("photographers", "Photographer"),
    ("latin_names", "Photographer (Latin)"),
    ("role", "Role"),
    ("agency", "Agency"),
    ("credit_line", "Credit line"),
    ("source", "Source"),
    ("employment", "Staff/freelance/agency"),
    ("date_taken", "Date taken"),
    ("status", "Status"),
    ("pairing_state", "Pairing"),
    ("photo_id", "Photo ID"),
)


def cell(row: CreditRow, key: str) -> Any:
    """A row's value for one column, as a spreadsheet shows it (lists joined with `; `)."""
    value = row.employment if key == "employment" else getattr(row, key)
    if isinstance(value, list):
        return "; ".join(value)
    return value


def _iso_date(value: str | dt.date | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    try:
        return registry.normalize("date_created", value)[:10]
    except ValueError:
        raise InputError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)") from None


def credit_rows(project: Project, *, article_id: int | None = None,
                date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                status: str | None = None) -> list[CreditRow]:
    """One row per published photo. Dates filter on the article's date (the photo's date taken
    when the article has none); `status` is the workflow status (new / needs_review / approved)."""
    where, args = [], []
    if article_id is not None:
        where.append("v.article_id = ?")
        args.append(int(article_id))
    start, end = _iso_date(date_from, "from"), _iso_date(date_to, "to")
    day = "substr(coalesce(v.article_date, v.date_taken), 1, 10)"
    if start:
        where.append(f"{day} >= ?")
        args.append(start)
    if end:
        where.append(f"{day} <= ?")
        args.append(end)
    if status:
        wanted = status.strip().lower().replace(" ", "_")
        if wanted not in registry.STATUS_CHOICES:
            raise InputError(f"status {status!r} is not one of {', '.join(registry.STATUS_CHOICES)}")
        where.append("v.status = ?")
        args.append(wanted)
    sql = (f"SELECT {_VIEW_COLUMNS}, c.photographers AS caption_people FROM credits v "
           "JOIN captions c ON c.id = v.caption_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY v.article_date IS NULL, v.article_date, v.article_id, v.caption_no,"
             " v.file_name")
    try:
        found = list(project.query(sql, args))
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{project.path.name}: cannot read the credits: {exc}") from exc
    names = _Names(project)
    return [_row(r, names) for r in found]


# The view's columns that the rows are made from. Not its `employment`: Python decides that
# with the roster and Latin names too, and leaving the view's column out makes SQLite skip its
# subqueries (100,000 rows: 7.5 -> 2.7 s).
_VIEW_COLUMNS = ", ".join(f"v.{c}" for c in (
    "photo_id", "article_id", "caption_id", "headline", "article_date", "page", "edition",
    "caption_no", "file_name", "path", "photographers", "role", "credit_line", "agency",
    "source", "date_taken", "status", "description", "pairing_state"))


def _row(r: dict[str, Any], names: _Names) -> CreditRow:
    people = [n for n in (r["photographers"] or "").split("; ") if n]
    roles = _caption_roles(r["caption_people"])
    agency = r["agency"] or (r["credit_line"] if find_agency(r["credit_line"]) else None)
    employments: list[str | None] = []
    for name in people or [""]:
        role = roles.get(name) or r["role"]
        employments.append((names.status(name) if name else None)
                           or infer_employment(role, agency))
    if not people and not agency:
        employments = []
    return CreditRow(
        photo_id=r["photo_id"], article_id=r["article_id"], caption_id=r["caption_id"],
        headline=r["headline"], article_date=r["article_date"], page=r["page"],
        edition=r["edition"], caption_no=r["caption_no"], file_name=r["file_name"],
        path=r["path"], photographers=people, latin_names=[names.latin(n) for n in people],
        role=r["role"], credit_line=r["credit_line"], agency=agency,
        agency_en=credit_english(agency),
        source=r["source"], employments=employments, date_taken=r["date_taken"],
        status=r["status"], description=r["description"], pairing_state=r["pairing_state"])


def _caption_roles(stored: str | None) -> dict[str, str]:
    try:
        people = json.loads(stored or "[]")
    except ValueError:
        return {}
    return {p["name"]: p["role"] for p in people
            if isinstance(p, dict) and p.get("name") and p.get("role")}


# --- summary --------------------------------------------------------------------------------


@dataclass
class PhotographerTotal:
    name: str
    latin_name: str
    employment: str | None
    agencies: list[str] = field(default_factory=list)
    photos: int = 0
    articles: int = 0


@dataclass
class AgencyTotal:
    agency: str
    english: str
    photos: int = 0
    photographers: int = 0


@dataclass
class Summary:
    photos: int
    photographers: list[PhotographerTotal]
    agencies: list[AgencyTotal]
    without_photographer: int  # photos credited to an agency or nobody

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarize(rows: Sequence[CreditRow]) -> Summary:
    """Photos per photographer (a photo shot by two counts once for each) and per agency."""
    people: dict[str, PhotographerTotal] = {}
    articles: dict[str, set[int]] = {}
    agencies: dict[str, AgencyTotal] = {}
    agency_people: dict[str, set[str]] = {}
    without = 0
    for row in rows:
        if not row.photographers:
            without += 1
        for name, latin, employment in zip(row.photographers, row.latin_names,
                                           row.employments, strict=False):
            total = people.setdefault(name, PhotographerTotal(name, latin, employment))
            total.photos += 1
            total.employment = total.employment or employment
            if row.agency and row.agency not in total.agencies:
                total.agencies.append(row.agency)
            articles.setdefault(name, set()).add(row.article_id)
        if row.agency:
            agency = agencies.setdefault(row.agency, AgencyTotal(
                row.agency, row.agency_en or row.agency))
            agency.photos += 1
            agency_people.setdefault(row.agency, set()).update(row.photographers)
    for name, total in people.items():
        total.articles = len(articles[name])
    for credit, agency in agencies.items():
        agency.photographers = len(agency_people[credit])
    return Summary(
        photos=len(rows),
        photographers=sorted(people.values(), key=lambda t: (-t.photos, t.latin_name)),
        agencies=sorted(agencies.values(), key=lambda t: (-t.photos, t.english)),
        without_photographer=without)


# --- the printable credit line --------------------------------------------------------------


def _groups(rows: Iterable[CreditRow]) -> list[tuple[str | None, str | None, list[tuple[str, str]]]]:
    """[(credit, english credit, [(name, latin)])] in order of first appearance."""
    groups: dict[str | None, tuple[str | None, list[tuple[str, str]]]] = {}
    seen: set[str] = set()
    for row in rows:
        key = row.agency or None
        _, members = groups.setdefault(key, (row.agency_en, []))
        for name, latin in zip(row.photographers, row.latin_names, strict=False):
            if name not in seen:
                seen.add(name)
                members.append((name, latin))
    return [(credit, en, members) for credit, (en, members) in groups.items()
            if members or credit]


def credit_line_zh(rows: Iterable[CreditRow]) -> str:
    """摄影：李雨恒 张锦辉（视觉重庆）；王鹏（新华社）"""
    parts, any_names = [], False
    for credit, _, members in _groups(rows):
        names = " ".join(name for name, _ in members)
        any_names = any_names or bool(names)
        parts.append(f"{names}（{credit}）" if names and credit else names or credit or "")
    if not parts:
        return ""
    return ("摄影：" if any_names else "图片：") + "；".join(parts)


def credit_line_en(rows: Iterable[CreditRow]) -> str:
    """Photos: Li Yuheng, Zhang Jinhui / Visual Chongqing; Wang Peng / Xinhua"""
    parts, count = [], 0
    for credit, english, members in _groups(rows):
        names = ", ".join(latin for _, latin in members)
        count += len(members) or 1
        label = english or credit
        parts.append(f"{names} / {label}" if names and label else names or label or "")
    if not parts:
        return ""
    return ("Photo: " if count == 1 else "Photos: ") + "; ".join(parts)


def pages(rows: Sequence[CreditRow]) -> list[tuple[str, list[CreditRow]]]:
    """Rows grouped the way a credit line is printed: by page where known, else by article."""
    grouped: dict[tuple[Any, ...], tuple[str, list[CreditRow]]] = {}
    for row in rows:
        if row.page:
            key: tuple[Any, ...] = ("page", row.article_date, row.edition, row.page)
            title = " ".join(x for x in (row.article_date, row.edition, f"第{row.page}版"
                                         if row.page.isdigit() else row.page) if x)
        else:
            key = ("article", row.article_id)
            title = " ".join(x for x in (row.headline or f"#{row.article_id}",
                                         row.article_date and f"({row.article_date})") if x)
        grouped.setdefault(key, (title, []))[1].append(row)
    return list(grouped.values())
