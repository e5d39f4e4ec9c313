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
from caption_studio.core.project import search
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
    """What one operation changed. Views refresh by what it holds, never by `action` (a label
    for history and undo text)."""

    operation_id: str
    action: str
    field_changes: list[FieldChange] = field(default_factory=list)
    photos_added: set[int] = field(default_factory=set)
    photos_removed: set[int] = field(default_factory=set)
    captions: set[int] = field(default_factory=set)
    pairings: set[int] = field(default_factory=set)  # photo ids whose pairing changed
    articles: set[int] = field(default_factory=set)  # articles stored, replaced or removed
    lists: set[str] = field(default_factory=set)  # desk lists changed: "replacements", ...
    # Values put back by `revert` (undo, redo): not what the person is typing right now.
    reverted: bool = False

    @property
    def photos(self) -> set[int]:
        return {c.photo_id for c in self.field_changes} | self.photos_added | self.pairings

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.field_changes}

    def __bool__(self) -> bool:
        return bool(self.field_changes or self.photos_added or self.photos_removed
                    or self.captions or self.pairings or self.articles or self.lists)

    def merge(self, other: Changes) -> Changes:
        self.field_changes.extend(other.field_changes)
        self.photos_added |= other.photos_added
        self.photos_removed |= other.photos_removed
        self.captions |= other.captions
        self.pairings |= other.pairings
        self.articles |= other.articles
        self.lists |= other.lists
        self.reverted = self.reverted or other.reverted
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
        rows = _Rows(result.operation_id, result.action, project.user, now_iso())
        for pid in ids:
            for key, new in normalized.items():
                old, old_prov = current[pid].get(key, (None, None))
                if not may_replace(old_prov, provenance.value, keep_manual=keep_manual):
                    continue
                if only_empty and old is not None:
                    continue
                new_prov = provenance.value if new is not None else None
                if old == new and (new is None or old_prov == new_prov):
                    continue
                change = FieldChange(pid, key, old, old_prov, new, new_prov)
                result.field_changes.append(change)
                rows.change(change)
        rows.write(conn)
    return result


def revert(project: Project, changes: Changes, *, action: str = "undo") -> Changes:
    """Put back the values a `Changes` replaced (undo). Returns the inverse changes (redo)."""
    inverse = new_changes(action)
    inverse.reverted = True
    with project.transaction() as conn:
        rows = _Rows(inverse.operation_id, inverse.action, project.user, now_iso())
        current = get_fields_many(project, {c.photo_id for c in changes.field_changes})
        for change in reversed(changes.field_changes):
            now = current[change.photo_id].get(change.field, (None, None))
            back = FieldChange(change.photo_id, change.field, now[0], now[1],
                               change.old_value, change.old_provenance)
            current[change.photo_id][change.field] = (change.old_value, change.old_provenance)
            inverse.field_changes.append(back)
            rows.change(back)
        rows.write(conn)
    return inverse


def write_embedded(project: Project, writes: list[tuple[int, dict[str, Any], bool]], *,
                   operation_id: str, stamp: str, action: str = "import") -> None:
    """Embedded values for many photos at once, with the same rules and history rows as
    `operations.set_fields(provenance=embedded)`, except that a value from a caption or a
    template is not replaced either (the file's value is kept as its alternative).

    `writes` holds (photo id, {field: normalized value}, is_new_photo). Fields the file no
    longer carries lose their `embedded` value. Must run inside the caller's transaction,
    with search rows deferred (`search.deferred`) when it inserted the new photos.

    A new photo gets one history row (`action`, no field): the file itself holds what it
    brought, and a row per value made the history the biggest cost of an import. A changed
    value of a known photo gets its row, as an edit does.
    """
    conn = project.conn
    existing_ids = [pid for pid, _, fresh in writes if not fresh]
    current: dict[int, dict[str, tuple[str, str]]] = {pid: {} for pid in existing_ids}
    for start in range(0, len(existing_ids), 500):
        chunk = existing_ids[start:start + 500]
        rows = conn.execute(
            f"SELECT photo_id, field, value, provenance FROM field_values "
            f"WHERE photo_id IN ({','.join('?' * len(chunk))})", chunk)
        for pid, key, value, prov in rows:
            current[pid][key] = (value, prov)
    rows = _Rows(operation_id, action, project.user, stamp)
    alternatives = []
    embedded = Provenance.EMBEDDED.value
    for pid, values, fresh in writes:
        encoded = {k: registry.encode(k, v) for k, v in values.items()}
        if fresh:
            rows.final.update(((pid, key), (new, embedded)) for key, new in encoded.items()
                              if new is not None and key in registry.BY_KEY)
            rows.history.append((operation_id, stamp, project.user, action, pid, None, None,
                                 None, None, None))
            continue
        have = current.get(pid, {})
        for key in encoded.keys() | {k for k, (_, p) in have.items() if p == embedded}:
            if key not in registry.BY_KEY:
                continue
            new = encoded.get(key)
            old, old_prov = have.get(key, (None, None))
            if not may_replace(old_prov, embedded, reread=True):
                if new is not None:
                    alternatives.append((new, pid, key))
                continue
            if old == new:
                continue
            rows.encoded(pid, key, old, old_prov, new, embedded if new is not None else None)
    rows.write(conn)
    search.refresh_text(conn, (pid for pid, _, _ in writes))
    conn.executemany(
        "UPDATE field_alternatives SET value = ? WHERE photo_id = ? AND field = ? "
        "AND provenance = 'embedded'", alternatives)


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


def may_replace(old_provenance: str | None, new_provenance: str, *, keep_manual: bool = True,
                reread: bool = False) -> bool:
    """The one precedence rule between sources. A person's value (`manual`) is replaced only by
    a person, unless the caller says otherwise (`keep_manual=False`). A file read again at
    import (`reread`) replaces only what the file gave before: a caption or template value
    was chosen by a person applying it (the file's value is kept as its alternative). Any
    other write says what it means (unpairing puts the file's values back explicitly)."""
    if old_provenance is None or old_provenance == new_provenance:
        return True
    if old_provenance == Provenance.MANUAL.value:
        return not keep_manual
    return not reread


@dataclass
class _Rows:
    """The rows one operation writes, sent to SQLite in three statements: the one bulk write
    behind edits, undo, pairing and import, so provenance and history rows have one shape."""

    operation_id: str
    action: str
    user: str
    stamp: str
    # (photo, field) -> (encoded value or None, provenance): the last change of a value wins,
    # as if each had been written in turn (an undo of a macro may touch one value twice).
    final: dict[tuple[int, str], tuple[str | None, str | None]] = field(default_factory=dict)
    history: list[tuple[Any, ...]] = field(default_factory=list)

    def change(self, c: FieldChange) -> None:
        self.encoded(c.photo_id, c.field, registry.encode(c.field, c.old_value), c.old_provenance,
                     registry.encode(c.field, c.new_value), c.new_provenance)

    def encoded(self, photo_id: int, key: str, old: str | None, old_provenance: str | None,
                new: str | None, new_provenance: str | None) -> None:
        self.final[photo_id, key] = (new, new_provenance or Provenance.MANUAL.value)
        self.history.append((self.operation_id, self.stamp, self.user, self.action, photo_id,
                             key, old, old_provenance, new, new_provenance))

    def write(self, conn: Any) -> None:
        conn.executemany("DELETE FROM field_values WHERE photo_id = ? AND field = ?",
                         [k for k, (value, _) in self.final.items() if value is None])
        conn.executemany(
            "INSERT INTO field_values (photo_id, field, value, provenance, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (photo_id, field) DO UPDATE SET "
            "value = excluded.value, provenance = excluded.provenance, "
            "updated_at = excluded.updated_at",
            [(pid, key, value, prov, self.stamp) for (pid, key), (value, prov)
             in self.final.items() if value is not None])
        conn.executemany(
            "INSERT INTO history (operation_id, at, user, action, photo_id, field, old_value,"
            " old_provenance, new_value, new_provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.history)
