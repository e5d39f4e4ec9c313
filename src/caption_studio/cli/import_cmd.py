"""`import` and `relink`: photo files, their embedded metadata and articles into a project."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import click

from caption_studio.cli.common import EXIT_OK, EXIT_PARTIAL, ProgressBar, user_errors
from caption_studio.core.errors import CaptionStudioError
from caption_studio.core.project.file import Project


@click.command("import")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--article", "articles", multiple=True, type=click.Path(path_type=Path),
              help="An article file (.txt, .docx, .html, .pdf) whose captions to import; repeatable.")
@click.option("--year", type=int, help="Year for caption dates that have none.")
@click.option("--no-recursive", is_flag=True, help="Only the files directly in each folder.")
@click.option("--report", type=click.Path(path_type=Path),
              help="Write the full summary (every skipped file and warning) as JSON here.")
@click.option("--thumbnails/--no-thumbnails", default=False, show_default=True,
              help="Also make the thumbnails now (the app otherwise makes them when shown).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=500, show_default=True,
              help="Files committed per transaction (a crash loses at most one batch).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@user_errors
def import_cmd(project: Path, paths: tuple[Path, ...], articles: tuple[Path, ...],
               year: int | None, no_recursive: bool, report: Path | None, thumbnails: bool,
               batch_size: int, as_json: bool) -> None:
    """Import photo files and folders (recursively) and their embedded metadata.

    Re-running on the same folder imports only new or changed files. Ctrl-C stops cleanly:
    what was imported stays, and a re-run finishes the rest. Exit code 0 when everything was
    imported, 1 when some files were skipped (listed with the reason), 2 on an error.
    """
    from caption_studio.core.article.store import import_article
    from caption_studio.core.media.importer import import_paths

    if not paths and not articles:
        raise click.UsageError("give at least one photo file or folder, or --article FILE")
    # A second Ctrl-C while the batch in flight is rolled back must not kill us half way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with Project.open(project) as opened:
        bar = ProgressBar("Importing")
        try:
            # Worker processes: the CLI has no other threads, so forking is safe here.
            summary = import_paths(opened, list(paths), recursive=not no_recursive,
                                   progress=bar, batch_size=batch_size, processes=True)
        finally:
            bar.close()
        for article in articles:
            if summary.interrupted:
                break
            try:
                summary.articles.append(import_article(opened, article, year=year))
            except CaptionStudioError as exc:  # the photos are in; say what went wrong
                summary.skipped.append((str(article), f"article not imported: {exc}"))
        thumbs = None
        if thumbnails and not summary.interrupted and summary.photo_ids:
            from caption_studio.core.media.thumbnails import generate_thumbnails

            bar = ProgressBar("Thumbnails")
            try:
                thumbs = generate_thumbnails(opened, summary.photo_ids, progress=bar)
            finally:
                bar.close()
            summary.interrupted = thumbs.interrupted
    data = summary.to_json()
    if thumbs is not None:
        data["thumbnails"] = thumbs.to_json()
    if report is not None:
        report.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_summary(summary, thumbs)
    sys.exit(EXIT_PARTIAL if summary.skipped or summary.interrupted else EXIT_OK)


def _print_summary(summary, thumbs) -> None:  # noqa: ANN001 - core summary objects
    parts = [f"{summary.imported} imported", f"{summary.updated} updated",
             f"{summary.unchanged} unchanged"]
    if summary.relinked:
        parts.append(f"{summary.relinked} relinked")
    if summary.duplicates:
        parts.append(f"{summary.duplicates} duplicates not imported again")
    parts.append(f"{len(summary.skipped)} skipped")
    if summary.articles:
        parts.append(f"{len(summary.articles)} article(s)")
    for path, reason in summary.skipped:
        click.echo(f"skipped  {path}: {reason}", err=True)
    for path, text in summary.warnings:
        click.echo(f"warning  {path}: {text}", err=True)
    if thumbs is not None:
        parts.append(f"{thumbs.made} thumbnails made")
        for pid, reason in thumbs.failed:
            click.echo(f"warning  photo #{pid}: no thumbnail: {reason}", err=True)
    if summary.interrupted:
        click.echo("interrupted: what was imported so far is kept; run the same command "
                   "again to finish", err=True)
    click.echo(", ".join(parts))


@click.command("relink")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@user_errors
def relink_cmd(project: Path, folder: Path, as_json: bool) -> None:
    """Find photos whose files were moved: look for the same content under FOLDER."""
    from caption_studio.core.media.relink import relink

    with Project.open(project) as opened:
        result = relink(opened, folder)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        for pid, old, new in result.relinked:
            click.echo(f"#{pid}  {old} -> {new}")
        click.echo(f"{len(result.relinked)} relinked, {len(result.still_missing)} still missing")
    sys.exit(EXIT_PARTIAL if result.still_missing else EXIT_OK)
