"""`caption-studio parse`: print the captions found in an article."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import click

from caption_studio.cli.common import user_errors
from caption_studio.core.article.captions import ParsedArticle, parse_article_file


@click.command("parse")
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--year", type=click.IntRange(1800, 2200), metavar="YYYY",
              help="Year for captions that print only month and day, when the article does not say.")
@click.option("--date", "date_", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Date of the article, for captions that print only the day or month and day.")
@user_errors
def parse(article: Path, as_json: bool, year: int | None, date_: dt.datetime | None) -> None:
    """Find the photo captions in ARTICLE (.txt, .md, .docx, .html, .pdf) and print them:
    date, place, photographers with their roles, agency credit and description.

    Exits with 2 and one line on stderr when the file cannot be read (a scanned PDF
    without a text layer included).
    """
    parsed = parse_article_file(article, year=year, default_date=date_.date() if date_ else None)
    if as_json:
        click.echo(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(parsed))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > width - (1 if len(out) < len(text) else 0):
            out.append("…")
            used += 1
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * max(0, width - used)


def format_table(parsed: ParsedArticle) -> str:
    lines = [
        f"Headline: {parsed.headline or '-'}",
        f"Date:     {parsed.date.isoformat() if parsed.date else '-'}",
        "Writers:  " + (", ".join(f"{w.name} ({w.role})" if w.role else w.name for w in parsed.writers) or "-"),
        f"Captions: {len(parsed.captions)}",
        "",
    ]
    columns = (("#", 3), ("Date", 12), ("Location", 22), ("Photographers", 24), ("Credit", 14), ("Description", 40))
    lines.append("  ".join(_fit(name, w) for name, w in columns).rstrip())
    for n, cap in enumerate(parsed.captions, 1):
        people = ", ".join(f"{p.role} {p.name}" if p.role else p.name for p in cap.photographers)
        date = cap.date.isoformat() if cap.date else (cap.date_text or "-")
        if cap.date and cap.date_source not in (None, "caption"):
            date += "*"
        cells = (str(n), date, cap.location or "-", people or "-", cap.credit or "-", cap.description)
        lines.append("  ".join(_fit(c, w) for c, (_, w) in zip(cells, columns, strict=True)).rstrip())
    if any(c.date_source not in (None, "caption") for c in parsed.captions if c.date):
        lines += ["", "* year (or month) taken from the article or the --year/--date option"]
    return "\n".join(lines)
