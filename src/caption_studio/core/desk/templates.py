"""Templates: named sets of field values (copyright, credit, source, city, instructions, ...)
saved in the project and applied to a selection.

Two modes. "fill" writes only fields that are empty. "replace" writes every field of the
template, manual values included: the person picked the template and asked for it to
replace, so unlike automatic sources it is allowed to overwrite hand edits. Either way the
values carry the `template` provenance and the result is a `Changes` that
`operations.revert` undoes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from caption_studio.core import fields as registry
from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.fields import Provenance
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project

FILL = "fill"
REPLACE = "replace"
MODES = (FILL, REPLACE)


def templates(project: Project) -> list[dict[str, Any]]:
    out = []
    for tid, name, values in project.conn.execute(
            "SELECT id, name, field_values FROM templates ORDER BY name"):
        out.append({"id": tid, "name": name, "values": _decode(values)})
    return out


def get(project: Project, name_or_id: str | int) -> dict[str, Any]:
    for t in templates(project):
        if t["id"] == name_or_id or t["name"] == name_or_id:
            return t
    raise CaptionStudioError(f"no template called {name_or_id!r} in this project")


def save(project: Project, name: str, values: Mapping[str, Any]) -> int:
    """Create or overwrite a template. Empty values are left out; values are checked and
    normalised by the field registry."""
    name = name.strip()
    if not name:
        raise CaptionStudioError("a template needs a name")
    normalized = {k: v for k, v in ops.normalize_values(values).items() if v is not None}
    if not normalized:
        raise CaptionStudioError(f"template {name!r} has no values")
    if "status" in normalized or "rating" in normalized:
        raise CaptionStudioError("a template cannot set the status or the rating")
    stored = json.dumps({k: registry.encode(k, v) for k, v in normalized.items()},
                        ensure_ascii=False)
    with project.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO templates (name, field_values) VALUES (?, ?) ON CONFLICT (name) "
            "DO UPDATE SET field_values = excluded.field_values RETURNING id", (name, stored))
        return int(cur.fetchone()[0])


def rename(project: Project, template_id: int, new_name: str) -> None:
    new_name = new_name.strip()
    if not new_name:
        raise CaptionStudioError("a template needs a name")
    try:
        with project.transaction() as conn:
            conn.execute("UPDATE templates SET name = ? WHERE id = ?", (new_name, template_id))
    except Exception as exc:
        if "UNIQUE" in str(exc):
            raise CaptionStudioError(f"a template called {new_name!r} already exists") from None
        raise


def delete(project: Project, template_id: int) -> None:
    with project.transaction() as conn:
        conn.execute("DELETE FROM templates WHERE id = ?", (template_id,))


def apply(project: Project, name_or_id: str | int, photo_ids: Iterable[int],
          mode: str = FILL) -> ops.Changes:
    if mode not in MODES:
        raise CaptionStudioError(f"mode must be {FILL} or {REPLACE}, not {mode!r}")
    template = get(project, name_or_id)
    return ops.set_fields(
        project, photo_ids, template["values"], provenance=Provenance.TEMPLATE,
        action=f"template {template['name']}", only_empty=mode == FILL,
        keep_manual=mode == FILL)


def _decode(stored: str) -> dict[str, Any]:
    try:
        raw = json.loads(stored)
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: registry.decode(k, v) for k, v in raw.items()
            if k in registry.BY_KEY and isinstance(v, str)}
