"""`photos` (how scripts read a project) and `set` (a scripted batch edit)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from caption_studio.cli.common import fail, user_errors
from caption_studio.core import fields as registry
from caption_studio.core.fields import text_list
from caption_studio.core.project.file import Project

_CHUNK = 500


def photo_records(project: Project) -> Iterator[dict[str, Any]]:
    """Every photo as the JSON object `photos --json` prints, in id order, a chunk at a
    time so that a 100,000-photo project is never all in memory."""
    last = 0
    while True:
        rows = project.conn.execute(
            "SELECT id, path, file_name, size, width, height, format, orientation, "
            "capture_time, camera, fingerprint, warnings, missing, sidecar_caption FROM photos "
            "WHERE id > ? "
            "ORDER BY id LIMIT ?", (last, _CHUNK)).fetchall()
        if not rows:
            return
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        values: dict[int, dict[str, Any]] = {pid: {} for pid in ids}
        for pid, key, value, prov in project.conn.execute(
                f"SELECT photo_id, field, value, provenance FROM field_values "
                f"WHERE photo_id IN ({marks})", ids):
            if key in registry.BY_KEY:
                values[pid][key] = {"value": registry.decode(key, value), "provenance": prov}
        pairings: dict[int, dict[str, Any]] = {}
        for pid, article, position, text, state, score, margin, reasons in project.conn.execute(
                f"SELECT p.photo_id, c.article_id, c.position, c.text, p.state, p.score, "
                f"p.margin, p.reasons FROM pairings p JOIN captions c ON c.id = p.caption_id "
                f"WHERE p.photo_id IN ({marks})", ids):
            pairings[pid] = {"article": article, "caption_index": position,
                             "caption_text": text, "state": state,
                             "score": float(score) if score is not None else None,
                             "margin": float(margin) if margin is not None else None,
                             "reasons": text_list(reasons)}
        for (pid, path, name, size, width, height, fmt, orientation, capture, camera, fp,
             warnings, missing, sidecar) in rows:
            yield {
                "id": pid, "path": path, "file_name": name, "size": size, "width": width,
                "height": height, "format": fmt, "orientation": orientation,
                "capture_time": capture, "camera": camera, "fingerprint": fp,
                "missing": bool(missing),
                "fields": {k: values[pid][k] for k in registry.KEYS if k in values[pid]},
                "warnings": text_list(warnings),
                "sidecar_caption": sidecar,
                "pairing": pairings.get(pid),
            }
        last = ids[-1]


@click.command("photos")
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON array: every photo with its fields, provenance and pairing.")
@user_errors
def photos(project: Path, as_json: bool) -> None:
    """List the photos of a project with their caption, photographer and pairing."""
    with Project.open(project, readonly=True) as opened:
        if as_json:
            click.echo("[", nl=False)
            for n, record in enumerate(photo_records(opened)):
                click.echo(("," if n else "") + "\n  " + json.dumps(record, ensure_ascii=False),
                           nl=False)
            click.echo("\n]")
            return
        for record in photo_records(opened):
            f = record["fields"]
            caption = registry.display("description", f.get("description", {}).get("value"))
            creator = registry.display("creator", f.get("creator", {}).get("value"))
            pairing = record["pairing"]
            paired = f"caption {pairing['caption_index']} ({pairing['state']})" if pairing \
                else "unpaired"
            size = f"{record['width']}x{record['height']}" if record["width"] else "?"
            click.echo(f"{record['id']:>6}  {record['path']}  {size}  {creator or '-'}  "
                       f"{paired}  {caption[:60]}")


@click.command("set")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("assignments", nargs=-1, metavar="FIELD=VALUE...")
@click.option("--photo", "photo_refs", multiple=True, metavar="ID|PATH",
              help="A photo id or file path; repeatable.")
@user_errors
def set_cmd(project: Path, assignments: tuple[str, ...], photo_refs: tuple[str, ...]) -> None:
    """Set fields on photos, as a person would in the editor (recorded in the history).

    List fields (keywords, creator, person_in_image) take `;`-separated values; an empty
    value clears the field. Example: set desk.capstudio --photo 3 --photo 4
    'creator=李雨恒' 'keywords=重庆;两会'
    """
    from caption_studio.core.project.operations import set_fields

    if not photo_refs:
        fail("give at least one --photo ID or PATH")
    if not assignments:
        fail("give at least one FIELD=VALUE")
    values: dict[str, str] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            fail(f"{item!r} is not FIELD=VALUE")
        if key not in registry.BY_KEY:
            fail(f"unknown field {key!r} (known fields: {', '.join(registry.KEYS)})")
        values[key] = value
    with Project.open(project) as opened:
        ids = [_resolve_photo(opened, ref) for ref in photo_refs]
        changes = set_fields(opened, ids, values, action="set")
    click.echo(f"{len(changes.field_changes)} value(s) changed on {len(changes.photos)} "
               f"of {len(set(ids))} photo(s)")


def _resolve_photo(project: Project, ref: str) -> int:
    if ref.isdigit():
        row = project.conn.execute("SELECT id FROM photos WHERE id = ?", (int(ref),)).fetchone()
        if row:
            return int(row[0])
    for stored in (ref, project.relative(os.path.abspath(ref))):
        row = project.conn.execute("SELECT id FROM photos WHERE path = ?", (stored,)).fetchone()
        if row:
            return int(row[0])
    fail(f"no photo {ref!r} in {project.path.name} (give its id or its file path)")
    raise AssertionError  # fail() exits
