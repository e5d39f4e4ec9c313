"""Credit lists written to files: CSV (UTF-8 with BOM, for Excel and WPS), XLSX, JSON,
Markdown and a printable text credit line per page.

Every file is written to a temporary name in the target folder and renamed over the target,
so a reader never sees half a file and a failed export leaves the old one in place.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from caption_studio.core.errors import InputError
from caption_studio.core.export.credit_rows import (
    COLUMNS,
    CreditRow,
    Summary,
    cell,
    credit_line_en,
    credit_line_zh,
    pages,
    summarize,
)

FORMATS = ("csv", "xlsx", "json", "md", "txt")
TEXT_FORMATS = ("csv", "json", "md", "txt")

# Read once at import: os.umask() can only be read by setting it, which is racy in threads.
_UMASK = os.umask(0o022)
os.umask(_UMASK)

_PHOTOGRAPHER_HEADERS = ("Photographer", "Latin name", "Staff/freelance/agency", "Agency",
                         "Photos", "Articles")
_AGENCY_HEADERS = ("Agency", "English", "Photos", "Photographers")


def format_for(path: str | os.PathLike[str] | None, fmt: str | None) -> str:
    """The format asked for, else the one the file name's suffix says, else CSV."""
    if fmt:
        wanted = fmt.lower().lstrip(".")
    elif path is not None and Path(path).suffix:
        wanted = Path(path).suffix.lower().lstrip(".")
        wanted = {"markdown": "md", "text": "txt"}.get(wanted, wanted)
    else:
        wanted = "csv"
    if wanted not in FORMATS:
        raise InputError(f"unknown export format {wanted!r} (use one of {', '.join(FORMATS)})")
    return wanted


def write_credits(rows: Sequence[CreditRow], path: str | os.PathLike[str], fmt: str) -> Path:
    """Write the rows (and their summary) to `path` atomically."""
    target = Path(path)
    summary = summarize(rows)
    if fmt == "xlsx":
        return atomic_write(target, lambda fh: _write_xlsx(rows, summary, fh))
    text = render_text(rows, fmt, summary)
    # CSV gets a BOM: without it Excel and WPS read UTF-8 Chinese as mojibake.
    data = text.encode("utf-8-sig" if fmt == "csv" else "utf-8")
    return atomic_write(target, lambda fh: fh.write(data))


def render_text(rows: Sequence[CreditRow], fmt: str, summary: Summary | None = None) -> str:
    summary = summary or summarize(rows)
    if fmt == "csv":
        return _csv(rows)
    if fmt == "json":
        return _json(rows, summary)
    if fmt == "md":
        return _markdown(rows, summary)
    if fmt == "txt":
        return credit_lines_text(rows)
    raise InputError(f"{fmt} is not a text format; write it to a file with -o")


def atomic_write(target: Path, write: Callable[[BinaryIO], Any]) -> Path:
    if not target.parent.is_dir():
        raise InputError(f"folder {target.parent} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); an export is an ordinary document.
        os.chmod(tmp_name, 0o666 & ~_UMASK)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return target


# --- formats --------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return "" if value is None else value


def _csv(rows: Sequence[CreditRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # what Excel writes and expects
    writer.writerow([header for _, header in COLUMNS])
    for row in rows:
        writer.writerow([_plain(cell(row, key)) for key, _ in COLUMNS])
    return out.getvalue()


def _json(rows: Sequence[CreditRow], summary: Summary) -> str:
    data = {
        "rows": [row.to_dict() for row in rows],
        "summary": summary.to_dict(),
        "credit_lines": [{"title": title, "zh": credit_line_zh(group), "en": credit_line_en(group)}
                         for title, group in pages(rows)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _md_cell(value: Any) -> str:
    return str(_plain(value)).replace("|", "\\|").replace("\n", " ")


def _md_table(headers: Sequence[str], body: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in body]
    return lines


def _markdown(rows: Sequence[CreditRow], summary: Summary) -> str:
    lines = ["# Credits", ""]
    lines += _md_table([h for _, h in COLUMNS], [[cell(r, k) for k, _ in COLUMNS] for r in rows])
    lines += ["", "## Per photographer", ""]
    lines += _md_table(_PHOTOGRAPHER_HEADERS, _photographer_rows(summary))
    lines += ["", "## Per agency", ""]
    lines += _md_table(_AGENCY_HEADERS, _agency_rows(summary))
    lines += ["", "## Credit lines", ""]
    for title, group in pages(rows):
        lines += [f"**{_md_cell(title)}**", "", credit_line_zh(group) + "  ",
                  credit_line_en(group), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def credit_lines_text(rows: Sequence[CreditRow]) -> str:
    """Per page (or article): its title, then the Chinese and the English credit line."""
    blocks = []
    for title, group in pages(rows):
        blocks.append("\n".join([title, credit_line_zh(group), credit_line_en(group)]))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _photographer_rows(summary: Summary) -> list[list[Any]]:
    return [[t.name, t.latin_name, t.employment or "", "; ".join(t.agencies), t.photos,
             t.articles] for t in summary.photographers]


def _agency_rows(summary: Summary) -> list[list[Any]]:
    return [[t.agency, t.english, t.photos, t.photographers] for t in summary.agencies]


# --- XLSX -----------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK and full-width characters count double."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _write_xlsx(rows: Sequence[CreditRow], summary: Summary, fh: BinaryIO) -> None:
    # Write-only mode streams rows: a year of credits (10,000 rows) in a few seconds, not ten.
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    body = [[_plain(cell(r, k)) for k, _ in COLUMNS] for r in rows]
    _sheet(book, "Credits", [h for _, h in COLUMNS], body)

    totals: list[list[Any]] = [*_photographer_rows(summary), [],
                               [_Bold(h) for h in _AGENCY_HEADERS], *_agency_rows(summary)]
    for title, group in pages(rows):
        # Credit lines are long: kept out of the width fitting so column A stays readable.
        totals += [[], [_Bold(title, fit=False)], [_Wide(credit_line_zh(group))],
                   [_Wide(credit_line_en(group))]]
    _sheet(book, "Summary", _PHOTOGRAPHER_HEADERS, totals)
    book.save(fh)


class _Bold(str):
    fit = True

    def __new__(cls, text: str, fit: bool = True) -> _Bold:
        obj = super().__new__(cls, text)
        obj.fit = fit
        return obj


class _Wide(str):
    """A cell value left out of the column width."""


def _sheet(book: Any, title: str, headers: Sequence[str], body: Sequence[Sequence[Any]]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    widths: dict[int, int] = {}
    for values in [list(headers), *body]:
        for col, value in enumerate(values, 1):
            if value is None or value == "" or isinstance(value, _Wide) or (
                    isinstance(value, _Bold) and not value.fit):
                continue
            widths[col] = max(widths.get(col, 0), display_width(str(value)))
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 6), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def styled(value: Any) -> Any:
        if isinstance(value, _Bold):
            out = WriteOnlyCell(sheet, str(value))
            out.font = bold
            return out
        return str(value) if isinstance(value, _Wide) else value

    sheet.append([styled(_Bold(h)) for h in headers])
    for values in body:
        sheet.append([styled(v) for v in values])
