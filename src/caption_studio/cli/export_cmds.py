"""`credits` and `contact-sheet`: credit lists and PDF contact sheets for editors."""

from __future__ import annotations

from pathlib import Path

import click

from caption_studio.cli.common import ProgressBar, fail, user_errors
from caption_studio.core.export.contact_sheet import contact_sheet
from caption_studio.core.export.credit_files import FORMATS, format_for, render_text, write_credits
from caption_studio.core.export.credit_rows import credit_rows
from caption_studio.core.fields import STATUS_CHOICES
from caption_studio.core.project.file import Project


@click.command("credits")
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--article", "article_id", type=int, help="Only this article (its id).")
@click.option("--from", "date_from", metavar="DATE",
              help="Only articles dated on or after DATE (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE",
              help="Only articles dated on or before DATE (YYYY-MM-DD).")
@click.option("--status", type=click.Choice(STATUS_CHOICES, case_sensitive=False),
              help="Only photos with this workflow status.")
@click.option("--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False),
              help="Output format; default: from the -o suffix, else csv.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (required for xlsx); default: standard output.")
@user_errors
def credits_cmd(project: Path, article_id: int | None, date_from: str | None,
                date_to: str | None, status: str | None, fmt: str | None,
                output: Path | None) -> None:
    """The credit list: one row per published photo (paired with a caption), with
    photographer, role, agency, staff/freelance/agency, and a summary per photographer and
    agency. `--format txt` prints the page's credit line in Chinese and English.

    CSV files are UTF-8 with a BOM so that Excel and WPS show Chinese correctly."""
    fmt = format_for(output, fmt)
    if output is None and fmt == "xlsx":
        fail("xlsx is a binary format: give a file with -o FILE.xlsx")
    with Project.open(project, readonly=True) as opened:
        rows = credit_rows(opened, article_id=article_id, date_from=date_from,
                           date_to=date_to, status=status)
    if output is None:
        click.echo(render_text(rows, fmt), nl=False)
        return
    write_credits(rows, output, fmt)
    click.echo(f"wrote {len(rows)} credit rows to {output}", err=True)


@click.command("contact-sheet")
@click.argument("project", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF file to write.")
@click.option("--article", "article_id", type=int, help="Only this article (its id).")
@click.option("--columns", type=click.IntRange(1, 8), default=4, show_default=True,
              help="Thumbnails per row.")
@user_errors
def contact_sheet_cmd(project: Path, output: Path, article_id: int | None, columns: int) -> None:
    """A PDF of thumbnails with caption number, file name, caption and credit under each,
    one article after another, with headline, date and page numbers."""
    bar = ProgressBar("contact sheet")
    try:
        with Project.open(project, readonly=True) as opened:
            written = contact_sheet(opened, output, article_id=article_id, columns=columns,
                                    progress=bar)
    finally:
        bar.close()
    click.echo(f"wrote {written}", err=True)
