"""Every mutation of photo metadata goes through here. Each operation runs in one transaction,
records one history row per changed value, and returns a `Changes` that says what changed (so
a view refreshes only that) and carries what undo needs."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from caption_studio.core import fields as registry
from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.fields import Provenance
from caption_studio.core.project.file import Project, now_iso


class FieldValueError(CaptionStudioError, ValueError):
    """A value a field cannot hold (a bad date, a rating of 7, an unknown field)."""


@dataclass(frozen=True)
class FieldChange:
    photo_id: int
    field: str
    old_value: Any
    old_provenance: str | None
    new_value: Any
    new_provenance: str | None


@dataclass
class Changes:
    """What one operation changed."""

    operation_id: str
    action: str
    field_changes: list[FieldChange] = field(default_factory=list)
    photos_added: set[int] = field(default_factory=set)
    photos_removed: set[int] = field(default_factory=set)
    captions: set[int] = field(default_factory=set)
    pairings: set[int] = field(default_factory=set)  # photo ids whose pairing changed

    @property
    def photos(self) -> set[int]:
        return {c.photo_id for c in self.field_changes} | self.photos_added | self.pairings

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.field_changes}

    def __bool__(self) -> bool:
        return bool(self.field_changes or self.photos_added or self.photos_removed
                    or self.captions or self.pairings)

    def merge(self, other: Changes) -> Changes:
        self.field_changes.extend(other.field_changes)
        self.photos_added |= other.photos_added
        self.photos_removed |= other.photos_removed
        self.captions |= other.captions
        self.pairings |= other.pairings
        return self


def new_changes(action: str) -> Changes:
    return Changes(operation_id=uuid.uuid4().hex, action=action)


def get_fields(project: Project, photo_id: int) -> dict[str, tuple[Any, str]]:
    """{field: (value, provenance)} for the fields the photo has a value for."""
    rows = project.conn.execute(
        "SELECT field, value, provenance FROM field_values WHERE photo_id = ?", (photo_id,))
    return {f: (registry.decode(f, v), p) for f, v, p in rows if f in registry.BY_KEY}


def get_fields_many(project: Project, photo_ids: Iterable[int]) -> dict[int, dict[str, tuple[Any, str]]]:
    ids = list(photo_ids)
    result: dict[int, dict[str, tuple[Any, str]]] = {pid: {} for pid in ids}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start:chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        rows = project.conn.execute(
            f"SELECT photo_id, field, value, provenance FROM field_values "
            f"WHERE photo_id IN ({marks})", chunk)
        for pid, f, v, p in rows:
            if f in registry.BY_KEY:
                result[pid][f] = (registry.decode(f, v), p)
    return result


def normalize_values(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        try:
            out[key] = registry.normalize(key, value)
        except (KeyError, ValueError) as exc:
            raise FieldValueError(str(exc).strip("'\"")) from None
    return out


def set_fields(
    project: Project,
    photo_ids: Iterable[int],
    values: Mapping[str, Any],
    *,
    provenance: Provenance | str = Provenance.MANUAL,
    action: str = "edit",
    keep_manual: bool | None = None,
    only_empty: bool = False,
    changes: Changes | None = None,
) -> Changes:
    """Set fields on one or many photos in one transaction (a batch edit).

    `values` maps field keys to values in any form `fields.normalize` accepts; None or ""
    clears the field. Automatic sources (embedded, caption, template) never overwrite a
    manual value unless `keep_manual=False`; `only_empty` fills only fields with no value.
    """
    provenance = Provenance(provenance)
    if keep_manual is None:
        keep_manual = provenance is not Provenance.MANUAL
    normalized = normalize_values(values)
    result = changes if changes is not None else new_changes(action)
    ids = list(dict.fromkeys(photo_ids))
    with project.transaction() as conn:
        existing_ids = _existing_photo_ids(project, ids)
        missing = [pid for pid in ids if pid not in existing_ids]
        if missing:
            raise CaptionStudioError(f"no photo with id {missing[0]} in this project")
        current = get_fields_many(project, ids)
        stamp = now_iso()
        for pid in ids:
            for key, new in normalized.items():
                old, old_prov = current[pid].get(key, (None, None))
                if keep_manual and old_prov == Provenance.MANUAL:
                    continue
                if only_empty and old is not None:
                    continue
                new_prov = provenance.value if new is not None else None
                if old == new and (new is None or old_prov == new_prov):
                    continue
                _write_value(conn, pid, key, new, new_prov, stamp)
                change = FieldChange(pid, key, old, old_prov, new, new_prov)
                _record(conn, result, change, project.user, stamp)
    return result


def revert(project: Project, changes: Changes, *, action: str = "undo") -> Changes:
    """Put back the values a `Changes` replaced (undo). Returns the inverse changes (redo)."""
    inverse = new_changes(action)
    with project.transaction() as conn:
        stamp = now_iso()
        for change in reversed(changes.field_changes):
            current = get_fields(project, change.photo_id).get(change.field, (None, None))
            _write_value(conn, change.photo_id, change.field, change.old_value,
                         change.old_provenance, stamp)
            back = FieldChange(change.photo_id, change.field, current[0], current[1],
                               change.old_value, change.old_provenance)
            _record(conn, inverse, back, project.user, stamp)
    return inverse


def history(project: Project, photo_id: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
    sql = "SELECT * FROM history"
    args: list[Any] = []
    if photo_id is not None:
        sql += " WHERE photo_id = ?"
        args.append(photo_id)
    sql += " ORDER BY id DESC LIMIT ?"
    args.append(limit)
    return [dict(r) for r in project.query(sql, args)]


def _existing_photo_ids(project: Project, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in project.conn.execute(
            f"SELECT id FROM photos WHERE id IN ({marks})", chunk))
    return found


def _write_value(conn: Any, photo_id: int, key: str, value: Any, provenance: str | None,
                 stamp: str) -> None:
    if value is None:
        conn.execute("DELETE FROM field_values WHERE photo_id = ? AND field = ?", (photo_id, key))
    else:
        conn.execute(
            "INSERT INTO field_values (photo_id, field, value, provenance, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (photo_id, field) DO UPDATE SET "
            "value = excluded.value, provenance = excluded.provenance, "
            "updated_at = excluded.updated_at",
            (photo_id, key, registry.encode(key, value), provenance or Provenance.MANUAL.value,
             stamp))


def _record(conn: Any, changes: Changes, change: FieldChange, user: str, stamp: str) -> None:
    changes.field_changes.append(change)
    conn.execute(
        "INSERT INTO history (operation_id, at, user, action, photo_id, field, old_value,"
        " old_provenance, new_value, new_provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (changes.operation_id, stamp, user, changes.action, change.photo_id, change.field,
         registry.encode(change.field, change.old_value), change.old_provenance,
         registry.encode(change.field, change.new_value), change.new_provenance))
