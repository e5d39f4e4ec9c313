"""`roster`, `keywords` and `replacements`: the project's names, keyword vocabulary and code
replacements, for scripts (the desk does the same in Tools)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from caption_studio.cli.common import user_errors
from caption_studio.core.desk import keywords as kw
from caption_studio.core.desk import replacements as rep
from caption_studio.core.desk import roster as ros
from caption_studio.core.project.file import Project

_PROJECT = click.argument("project", type=click.Path(path_type=Path))


@click.group()
def roster() -> None:
    """The people and organisations of a project (photographers, writers, agencies)."""


@roster.command("learn")
@_PROJECT
@user_errors
def roster_learn(project: Path) -> None:
    """Add the names found in captions, articles and photo credits."""
    with Project.open(project) as opened:
        result = ros.learn_from_project(opened)
    click.echo(f"{len(result.added)} added, {len(result.updated)} completed")


@roster.command("list")
@_PROJECT
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@user_errors
def roster_list(project: Path, as_json: bool) -> None:
    """Every entry: name, kind, role, agency, Latin name, status, variants."""
    with Project.open(project, readonly=True) as opened:
        rows = ros.people(opened)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        variants = f" (also {'、'.join(r['aliases'])})" if r["aliases"] else ""
        click.echo(f"{r['name']}\t{r['latin_name'] or ''}\t{r['status'] or ''}\t"
                   f"{r['agency'] or ''}{variants}")


@click.group()
def keywords() -> None:
    """The controlled keyword vocabulary (Lightroom / Photo Mechanic keyword text files)."""


@keywords.command("import")
@_PROJECT
@click.argument("file", type=click.Path(path_type=Path))
@user_errors
def keywords_import(project: Path, file: Path) -> None:
    """Merge a tab-indented keyword list into the project's vocabulary."""
    with Project.open(project) as opened:
        added = kw.import_file(opened, file)
    click.echo(f"{added} keywords added")


@keywords.command("export")
@_PROJECT
@click.argument("file", type=click.Path(path_type=Path))
@user_errors
def keywords_export(project: Path, file: Path) -> None:
    """Write the vocabulary as a tab-indented keyword list (UTF-8)."""
    with Project.open(project, readonly=True) as opened:
        lines = kw.export_file(opened, file)
    click.echo(f"{lines} lines written to {file}")


@click.group()
def replacements() -> None:
    """Code replacements (=code= expands in every field), Photo Mechanic's file format."""


@replacements.command("import")
@_PROJECT
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Drop the codes not in FILE.")
@user_errors
def replacements_import(project: Path, file: Path, replace: bool) -> None:
    """Read a tab-separated code replacement file into the project."""
    with Project.open(project) as opened:
        n = rep.import_file(opened, file, replace_all=replace)
    click.echo(f"{n} codes imported")


@replacements.command("export")
@_PROJECT
@click.argument("file", type=click.Path(path_type=Path))
@user_errors
def replacements_export(project: Path, file: Path) -> None:
    """Write the project's codes as a tab-separated UTF-8 file."""
    with Project.open(project, readonly=True) as opened:
        n = rep.export_file(opened, file)
    click.echo(f"{n} codes written to {file}")
