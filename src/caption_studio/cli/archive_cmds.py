"""`archive`: publish projects into the newsroom's shared PostgreSQL archive, search it, and
draw credit lists over every desk. Loaded (with psycopg) only when an archive command runs."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from caption_studio.cli.common import ProgressBar, fail, user_errors
from caption_studio.core.export.credit_files import FORMATS, format_for, render_text, write_credits
from caption_studio.core.fields import STATUS_CHOICES

ADDRESS_HELP = ("ADDRESS is a libpq connection string: postgresql://user@host/db or "
                "service=NAME; keep passwords in ~/.pgpass or the service file.")


def archive_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Our errors as one line (user_errors), and the driver's too: never a traceback."""

    @functools.wraps(func)
    @user_errors
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Here, not at the top: `caption-studio --help` builds this group but must not load
        # the driver (the archive is optional and other commands' start-up stays as it was).
        import psycopg

        from caption_studio.core.archive.connection import one_line

        try:
            return func(*args, **kwargs)
        except psycopg.Error as exc:
            fail(f"the archive refused: {one_line(exc)}")
        except KeyboardInterrupt:
            fail("interrupted: nothing was committed, the archive is as it was")

    return wrapper


@click.group("archive")
def archive() -> None:
    """The newsroom archive: many desks publish into one shared PostgreSQL database, which
    archivists search and editors draw monthly credit lists from (see the README)."""


@archive.command("init")
@click.argument("address")
@click.option("--desk-role", default="capstudio_desk", show_default=True,
              help="Group role whose members may publish.")
@click.option("--reader-role", default="capstudio_reader", show_default=True,
              help="Group role whose members may search and list credits.")
@archive_errors
def init_cmd(address: str, desk_role: str, reader_role: str) -> None:
    """Create the archive schema in the database at ADDRESS, or upgrade an older one.
    Run it as the database's owner."""
    from caption_studio.core.archive import schema
    from caption_studio.core.archive.connection import connect, describe

    with connect(address, "caption-studio init") as conn:
        before, after = schema.init(conn, schema.Roles(desk_role, reader_role))
        cjk = schema.trigram_sees_cjk(conn)
    what = "created" if before == 0 else ("upgraded" if before < after else "up to date")
    click.echo(f"archive {what} at {describe(address)} (schema version {after})", err=True)
    if not cjk:
        click.echo("warning: this database's LC_CTYPE hides Chinese from pg_trgm, so terms of "
                   "3+ Chinese characters are searched without an index; create the database "
                   "with a UTF-8 locale (e.g. C.UTF-8)", err=True)



@archive.command("publish")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("address")
@click.option("--status", type=click.Choice(STATUS_CHOICES, case_sensitive=False),
              help="Publish only photos with this workflow status (e.g. approved).")
@click.option("--desk", help="The desk's name in the archive; default: the PostgreSQL user.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@archive_errors
def publish_cmd(project: Path, address: str, status: str | None, desk: str | None,
                as_json: bool) -> None:
    """Copy a project's photos (by fingerprint), field values with their provenance,
    keywords, articles, captions, pairings and credit rows into the archive, in one
    transaction. Publishing again updates only what changed."""
    from caption_studio.core.archive.publish import publish

    bar = ProgressBar("publishing")
    try:
        summary = publish(project, address, desk=desk, status=status and status.lower(),
                          progress=bar)
    finally:
        bar.close()
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(
        f"published {summary.photos} photos of {summary.project} as desk {summary.desk} "
        f"in {summary.seconds:.1f} s: {summary.new_photos} new to the archive, "
        f"{summary.values_changed} values changed, {summary.values_removed} removed, "
        f"{summary.pairings_changed} pairings and {summary.credits_changed} credit rows "
        f"changed; {summary.conflicts} fields disagree with another desk", err=True)
    if summary.without_fingerprint:
        click.echo(f"left out {summary.without_fingerprint} photos without a fingerprint "
                   "(re-import them to read their files)", err=True)


@archive.command("search")
@click.argument("address")
@click.argument("query", default="")
@click.option("--unpaired", is_flag=True, help="Only photos no desk paired with a caption.")
@click.option("--status", type=click.Choice(STATUS_CHOICES, case_sensitive=False))
@click.option("--photographer", help="Only photos by this photographer (exact name).")
@click.option("--date", help="Only photos taken on this day, month or year (2024-05).")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
@archive_errors
def search_cmd(address: str, query: str, unpaired: bool, status: str | None,
               photographer: str | None, date: str | None, limit: int, as_json: bool) -> None:
    """Find photos in the archive with the desk's search language: words that must all
    match, "quoted phrases", Chinese terms of any length (夏元 渝北区), and filters."""
    from caption_studio.core.archive.search import search
    from caption_studio.core.project.search import Filters

    filters = Filters(unpaired=unpaired, status=status and status.lower(),
                      photographer=photographer, date=date)
    total, found = search(address, query, filters, limit)
    if as_json:
        click.echo(json.dumps({"total": total, "photos": [p.to_dict() for p in found]},
                              ensure_ascii=False, indent=2))
        return
    for photo in found:
        caption = photo.fields.get("description", {}).get("value") or ""
        desks = ", ".join(sorted({s["desk"] for s in photo.sources}))
        click.echo(f"{photo.photo_id}\t{photo.file_name}\t{desks}\t"
                   f"{str(caption).splitlines()[0][:80] if caption else ''}")
    click.echo(f"{total} photos match" + (f"; showing {len(found)}" if total > len(found)
                                          else ""), err=True)


@archive.command("credits")
@click.argument("address")
@click.option("--from", "date_from", metavar="DATE",
              help="Only articles dated on or after DATE (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE",
              help="Only articles dated on or before DATE (YYYY-MM-DD).")
@click.option("--status", type=click.Choice(STATUS_CHOICES, case_sensitive=False),
              help="Only photos with this workflow status.")
@click.option("--desk", help="Only this desk's rows.")
@click.option("--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False),
              help="Output format; default: from the -o suffix, else csv.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (required for xlsx); default: standard output.")
@archive_errors
def credits_cmd(address: str, date_from: str | None, date_to: str | None, status: str | None,
                desk: str | None, fmt: str | None, output: Path | None) -> None:
    """The credit list over every desk (the monthly freelance payment list): the same
    columns and formats as `caption-studio credits`, one row per published photo and page."""
    from caption_studio.core.archive.credits import archive_credits

    fmt = format_for(output, fmt)
    if output is None and fmt == "xlsx":
        fail("xlsx is a binary format: give a file with -o FILE.xlsx")
    rows = archive_credits(address, date_from=date_from, date_to=date_to, status=status,
                           desk=desk)
    if output is None:
        click.echo(render_text(rows, fmt), nl=False)
        return
    write_credits(rows, output, fmt)
    click.echo(f"wrote {len(rows)} credit rows to {output}", err=True)


@archive.command("conflicts")
@click.argument("address")
@click.option("--limit", type=click.IntRange(1), default=1000, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the conflicts as JSON.")
@archive_errors
def conflicts_cmd(address: str, limit: int, as_json: bool) -> None:
    """Fields on which desks published different values for the same photo: each desk's
    value, and which one the archive keeps (a manual edit beats an automatic value, then the
    later edit wins)."""
    from caption_studio.core.archive.conflicts import list_conflicts

    found = list_conflicts(address, limit)
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2))
        return
    for conflict in found:
        click.echo(f"{conflict.photo_id}\t{conflict.file_name}\t{conflict.field}")
        for claim in conflict.claims:
            mark = "*" if claim.wins else " "
            click.echo(f"  {mark} {claim.desk}\t{claim.provenance}\t{claim.updated_at}\t"
                       f"{claim.value}")
    click.echo(f"{len(found)} conflicting fields", err=True)


for _command in (init_cmd, publish_cmd, search_cmd, credits_cmd, conflicts_cmd):
    _command.help = (_command.help or "") + "\n\n" + ADDRESS_HELP
