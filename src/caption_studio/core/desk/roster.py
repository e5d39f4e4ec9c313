"""The roster: the people (photographers, writers) and organisations (agencies, papers) of a
project, learnt from captions and files as they come in.

A name is stored once per kind; variant spellings merged into it live in `aliases`, so
`记者李雨恒`, `李雨恒` and `Li Yuheng` all lead to the same entry. The Latin form defaults to
pinyin, surname first (`Li Yuheng`, `Ouyang Xiu`); the spelling a photographer's own camera
writes (EXIF Artist `Tao Xu` beside By-line `徐涛`, learnt at import) replaces that default,
and a person can overwrite either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from caption_studio.core.article import credits as cr
from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.fields import json_list
from caption_studio.core.names import latin_key, pinyin_name
from caption_studio.core.project.file import Project

KINDS = ("person", "organisation")
STATUSES = ("staff", "freelance", "agency")
EDITABLE = ("name", "kind", "role", "agency", "latin_name", "status")

_ROLE_PREFIX_RE = re.compile(rf"^{cr.ZH_ROLE}[：:]?[ \t\u3000\xa0]*")

@dataclass
class RosterChanges:
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.updated)


@dataclass
class Entry:
    """Something learnt about a name: what the caller knows, the rest stays None."""

    name: str
    kind: str = "person"
    role: str | None = None
    agency: str | None = None
    status: str | None = None
    latin_name: str | None = None  # a spelling the person uses (a camera's EXIF Artist)


# -- names ----------------------------------------------------------------------------------

def split_role(name: str) -> tuple[str, str | None]:
    """`记者李雨恒` -> (`李雨恒`, `记者`); `新华社记者 王鹏` -> (`王鹏`, `新华社记者`)."""
    text = name.strip()
    m = _ROLE_PREFIX_RE.match(text)
    if m and len(text) > m.end():
        return text[m.end():].strip(), m.group(0).strip(" \t\u3000\xa0：:")
    return text, None


def _status_from_role(role: str | None) -> str | None:
    if not role:
        return None
    if role.startswith(("本报", "本刊")):
        return "staff"
    if "通讯员" in role or "特约" in role or "实习" in role:
        return "freelance"
    if cr.role_credit(role):
        return "agency"
    if role in cr.ROLE_WORDS:  # a bare 记者 in the paper's own pages is its own staff
        return "staff"
    return None


def _looks_like_organisation(text: str) -> bool:
    # A credit line field often holds the whole printed credit (记者 李雨恒 摄/视觉重庆,
    # (AP Photo/Andy Wong)): only a bare name is an organisation.
    return (0 < len(text) <= 24 and not any(ch in text for ch in "/／()（）摄:：")
            and not any(word in text for word in cr.ROLE_WORDS))


# -- reading --------------------------------------------------------------------------------

def _row(row: Any) -> dict[str, Any]:
    d = dict(row)
    try:
        aliases = json.loads(d.get("aliases") or "[]")
    except ValueError:
        aliases = []
    d["aliases"] = [str(a) for a in aliases] if isinstance(aliases, list) else []
    return d


def people(project: Project, kind: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM people"
    args: list[Any] = []
    if kind:
        sql += " WHERE kind = ?"
        args.append(kind)
    return [_row(r) for r in project.query(sql + " ORDER BY kind DESC, name", args)]


def get(project: Project, person_id: int) -> dict[str, Any]:
    rows = list(project.query("SELECT * FROM people WHERE id = ?", [person_id]))
    if not rows:
        raise CaptionStudioError(f"no one with id {person_id} in the roster")
    return _row(rows[0])


def find(project: Project, name: str, kind: str | None = None) -> dict[str, Any] | None:
    """The entry a name (or one of its aliases, or its Latin form) belongs to."""
    bare, _ = split_role(name)
    candidates = people(project, kind)
    for wanted in dict.fromkeys((name.strip(), bare)):
        for p in candidates:
            if p["name"] == wanted or wanted in p["aliases"]:
                return p
        for p in candidates:
            if p["latin_name"] and p["latin_name"].lower() == wanted.lower():
                return p
    return None


def latin_name_for(project: Project, name: str) -> str:
    """The Latin form of a name for credit lists: the roster's, else pinyin."""
    entry = find(project, name)
    if entry and entry["latin_name"]:
        return str(entry["latin_name"])
    return pinyin_name(split_role(name)[0])


def status_for(project: Project, name: str) -> str | None:
    """staff / freelance / agency, or None when the roster does not know."""
    entry = find(project, name)
    return entry["status"] if entry else None


def autocomplete(project: Project, prefix: str, kind: str | None = None,
                 limit: int = 20) -> list[str]:
    """Names that start with `prefix` (or whose alias or Latin form does), best first."""
    wanted = prefix.strip().lower()
    if not wanted:
        return []
    exact: list[str] = []
    other: list[str] = []
    for p in people(project, kind):
        keys = [p["name"], *p["aliases"], p["latin_name"] or ""]
        if p["name"].lower().startswith(wanted):
            exact.append(p["name"])
        elif any(k.lower().startswith(wanted) for k in keys if k):
            other.append(p["name"])
    return (exact + other)[:limit]


# Fields whose autocomplete offers the roster's names (the canonical spelling, so the desk
# converges on one form of each name).
PERSON_FIELDS = ("creator", "description_writer")
ORGANISATION_FIELDS = ("credit_line", "source")


def completions_for(project: Project, field_key: str) -> list[str]:
    if field_key in PERSON_FIELDS:
        kind = "person"
    elif field_key in ORGANISATION_FIELDS:
        kind = "organisation"
    else:
        return []
    return [str(r[0]) for r in project.conn.execute(
        "SELECT name FROM people WHERE kind = ? ORDER BY name", (kind,))]


# -- writing --------------------------------------------------------------------------------

def add(project: Project, name: str, kind: str = "person", **values: Any) -> int:
    bare, role = split_role(name) if kind == "person" else (name.strip(), None)
    if not bare:
        raise CaptionStudioError("a roster entry needs a name")
    _check_values({"kind": kind, **values})
    if find(project, bare, kind):
        raise CaptionStudioError(f"{bare} is already in the roster")
    row = {"name": bare, "kind": kind, "role": values.get("role") or role,
           "agency": values.get("agency"), "status": values.get("status"),
           "latin_name": values.get("latin_name") or (pinyin_name(bare) if kind == "person"
                                                      else None),
           "aliases": json.dumps(values.get("aliases") or [], ensure_ascii=False)}
    with project.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO people (name, kind, role, agency, latin_name, status, aliases) "
            "VALUES (:name, :kind, :role, :agency, :latin_name, :status, :aliases)", row)
    return int(cur.lastrowid)


def update(project: Project, person_id: int, **values: Any) -> dict[str, Any]:
    """Change some of name, kind, role, agency, latin_name, status. Returns the old values."""
    unknown = set(values) - set(EDITABLE) - {"aliases"}
    if unknown:
        raise CaptionStudioError(f"unknown roster field {sorted(unknown)[0]!r}")
    _check_values(values)
    old = get(project, person_id)
    if "name" in values and not str(values["name"] or "").strip():
        raise CaptionStudioError("a roster entry needs a name")
    sets = {k: (v.strip() or None if isinstance(v, str) else v) for k, v in values.items()}
    if "aliases" in sets:
        sets["aliases"] = json.dumps(list(sets["aliases"] or []), ensure_ascii=False)
    if not sets:
        return old
    assignments = ", ".join(f"{k} = :{k}" for k in sets)
    try:
        with project.transaction() as conn:
            conn.execute(f"UPDATE people SET {assignments} WHERE id = :id",
                         {**sets, "id": person_id})
    except Exception as exc:
        if "UNIQUE" in str(exc):
            raise CaptionStudioError(f"{values.get('name')} is already in the roster") from None
        raise
    return {k: old[k] for k in values}


def delete(project: Project, person_id: int) -> None:
    with project.transaction() as conn:
        conn.execute("DELETE FROM people WHERE id = ?", (person_id,))


def merge(project: Project, keep_id: int, merge_ids: Iterable[int]) -> dict[str, Any]:
    """Fold variants into one entry: their names become aliases of `keep_id`, and blanks of
    the kept entry are filled from them. Returns the kept entry."""
    keep = get(project, keep_id)
    aliases = list(keep["aliases"])
    fills: dict[str, Any] = {}
    others = [get(project, i) for i in dict.fromkeys(merge_ids) if i != keep_id]
    for other in others:
        for name in [other["name"], *other["aliases"]]:
            if name != keep["name"] and name not in aliases:
                aliases.append(name)
        for key in ("role", "agency", "status"):
            if not keep[key] and not fills.get(key) and other[key]:
                fills[key] = other[key]
    with project.transaction() as conn:
        for other in others:
            conn.execute("DELETE FROM people WHERE id = ?", (other["id"],))
        update(project, keep_id, aliases=aliases, **fills)
    return get(project, keep_id)


def learn(project: Project, entries: Iterable[Entry]) -> RosterChanges:
    """Add names not yet known and fill blanks of known ones; never overwrite what is there,
    so running it again changes nothing."""
    result = RosterChanges()
    index: dict[tuple[str, str], dict[str, Any]] = {}  # (kind, name/alias/latin) -> entry

    def remember(p: dict[str, Any]) -> None:
        for key in (p["name"], *p["aliases"]):
            index.setdefault((p["kind"], key), p)
        if p["latin_name"]:
            index.setdefault((p["kind"], p["latin_name"].lower()), p)

    for p in people(project):
        remember(p)
    with project.transaction() as conn:
        for entry in entries:
            if entry.kind == "person":
                name, role = split_role(entry.name)
                role = entry.role or role
            else:
                name, role = entry.name.strip(), entry.role
            if not name or len(name) > 60 or entry.kind not in KINDS:
                continue
            status = entry.status or (_status_from_role(role) if entry.kind == "person" else None)
            agency = entry.agency or (cr.role_credit(role) if role else None)
            known = index.get((entry.kind, name)) or index.get((entry.kind, name.lower()))
            if known is None:
                latin = entry.latin_name or (pinyin_name(name) if entry.kind == "person"
                                             else None)
                cur = conn.execute(
                    "INSERT INTO people (name, kind, role, agency, latin_name, status, aliases) "
                    "VALUES (?, ?, ?, ?, ?, ?, '[]')",
                    (name, entry.kind, role, agency, latin, status))
                result.added.append(int(cur.lastrowid))
                remember({"id": int(cur.lastrowid), "name": name, "kind": entry.kind,
                          "role": role, "agency": agency, "latin_name": latin,
                          "status": status, "aliases": []})
                continue
            fills = {k: v for k, v in (("role", role), ("agency", agency), ("status", status))
                     if v and not known[k]}
            if _better_latin(known, entry.latin_name):
                fills["latin_name"] = entry.latin_name
            if fills:
                update(project, known["id"], **fills)
                known.update(fills)
                remember(known)
                if known["id"] not in result.added:
                    result.updated.append(known["id"])
    return result


def _better_latin(known: dict[str, Any], spelling: str | None) -> bool:
    """A person's own spelling replaces a Latin name the roster only made up (the default
    pinyin), unless it says no more than that (`XU Tao` for `Xu Tao`); a name a person typed
    in stays."""
    current = known["latin_name"]
    if not spelling or known["kind"] != "person":
        return False
    if not current:
        return True
    made_up = current == pinyin_name(known["name"])
    return made_up and latin_key(spelling) != latin_key(current)


def learn_from_project(project: Project) -> RosterChanges:
    """Learn every name the project's captions, articles and photo fields mention."""
    return learn(project, list(_entries_in_project(project)))


def _entries_in_project(project: Project) -> Iterable[Entry]:
    conn = project.conn
    for photographers, credit in conn.execute(
            "SELECT photographers, credit FROM captions WHERE dismissed = 0 ORDER BY id"):
        for person in json_list(photographers):
            if isinstance(person, dict) and person.get("name"):
                org = person.get("org") or cr.role_credit(person.get("role")) or credit
                yield Entry(str(person["name"]), "person", person.get("role"), org)
        if credit:
            yield Entry(credit, "organisation", status="agency")
    for (writers,) in conn.execute("SELECT writers FROM articles ORDER BY id"):
        for person in json_list(writers):
            if isinstance(person, dict) and person.get("name"):
                yield Entry(str(person["name"]), "person", person.get("role"),
                            person.get("org"))
    for key, value in conn.execute(
            "SELECT DISTINCT field, value FROM field_values "
            "WHERE field IN ('creator', 'credit_line', 'source')"):
        if key == "creator":
            for name in json_list(value):
                if isinstance(name, str):
                    yield Entry(name, "person")
        elif value and _looks_like_organisation(value.strip()):
            yield Entry(value.strip(), "organisation", status="agency" if key == "source"
                        else None)


def _check_values(values: dict[str, Any]) -> None:
    if values.get("kind") not in (None, *KINDS):
        raise CaptionStudioError(f"kind must be person or organisation, not {values['kind']!r}")
    if values.get("status") not in (None, "", *STATUSES):
        raise CaptionStudioError(
            f"status must be staff, freelance or agency, not {values['status']!r}")
