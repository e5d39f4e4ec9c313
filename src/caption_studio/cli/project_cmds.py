"""`new` and `info`: create a project file, describe one."""

from __future__ import annotations

import json
from pathlib import Path

import click

from caption_studio.cli.common import user_errors
from caption_studio.core.project.file import Project


@click.command()
@click.argument("project", type=click.Path(path_type=Path))
@user_errors
def new(project: Path) -> None:
    """Create an empty project file (PROJECT.capstudio)."""
    with Project.create(project) as created:
        click.echo(f"created {created.path}")


@click.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@user_errors
def info(project: Path, as_json: bool) -> None:
    """Counts of articles, captions, photos and pairings; format version; path."""
    with Project.open(project, readonly=True) as opened:
        details = opened.info()
    if as_json:
        click.echo(json.dumps(details, ensure_ascii=False, indent=2))
        return
    width = max(len(k) for k in details)
    for key, value in details.items():
        click.echo(f"{key.replace('_', ' '):<{width}}  {value}")
