"""Code replacements as in Photo Mechanic: a short code between delimiters (`=lyh=`) typed in
any field expands to its text (`记者 李雨恒 摄`).

The exchange file is Photo Mechanic's: UTF-8 text, one code per line, the code and its
replacement separated by a tab. Photo Mechanic allows more columns (`=code#2=` picks the
second); we read them too. Codes are case-sensitive, as in Photo Mechanic. When reading we
also accept a BOM, CRLF line ends, blank lines and `#` comment lines, which spreadsheet
exports and hand-edited lists contain.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from caption_studio.core.errors import InputError
from caption_studio.core.project.file import Project
from caption_studio.core.textfile import read_text_file

DELIMITER = "="
MAX_FILE_BYTES = 8 * 1024 * 1024
# Columns after the first replacement are stored joined by this (a tab never occurs inside
# a field value, since Photo Mechanic's own format could not carry it either).
_COLUMN_SEP = "\t"


def table(project: Project) -> dict[str, str]:
    return dict(project.conn.execute("SELECT code, text FROM code_replacements ORDER BY code"))


def expand(text: str, codes: Mapping[str, str], delimiter: str = DELIMITER) -> str:
    """Replace every `=code=` (or `=code#N=` for the N-th column) whose code is known.
    Unknown codes and lone delimiters (`a = b`) are left as typed."""
    if not codes or delimiter not in text:
        return text
    d = re.escape(delimiter)
    pattern = re.compile(rf"{d}([^\s{d}]+?)(?:#(\d+))?{d}")

    def one(m: re.Match[str]) -> str:
        replacement = codes.get(m.group(1))
        if replacement is None:
            return m.group(0)
        columns = replacement.split(_COLUMN_SEP)
        index = int(m.group(2) or 1) - 1
        return columns[index] if 0 <= index < len(columns) else m.group(0)

    return pattern.sub(one, text)


def parse(text: str) -> dict[str, str]:
    codes: dict[str, str] = {}
    for line in text.lstrip("\ufeff").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "\t" not in line:
            continue  # Photo Mechanic ignores lines without a tab: spaces never separate
        code, _, rest = line.partition("\t")
        code = code.strip()
        columns = [c.strip() for c in rest.split("\t")]
        while columns and not columns[-1]:
            columns.pop()
        if code and columns:
            codes[code] = _COLUMN_SEP.join(columns)
    return codes


def read_file(path: str | os.PathLike[str]) -> dict[str, str]:
    text = read_text_file(path, what="a code replacement list", max_bytes=MAX_FILE_BYTES)
    codes = parse(text)
    if not codes and text.strip():
        raise InputError(f"{Path(path).name} has no code replacements "
                         "(each line needs a code, a tab, and its text)")
    return codes


def format_file(codes: Mapping[str, str]) -> str:
    return "".join(f"{code}\t{text}\n" for code, text in sorted(codes.items()))


def write_file(codes: Mapping[str, str], path: str | os.PathLike[str]) -> None:
    Path(path).write_text(format_file(codes), encoding="utf-8", newline="\n")


def set_codes(project: Project, codes: Mapping[str, str], *, replace_all: bool = False) -> int:
    """Add or change codes (all of them replaced when `replace_all`). Returns how many."""
    clean = {c.strip(): t for c, t in codes.items() if c.strip() and t.strip()}
    for code in clean:
        if any(ch.isspace() for ch in code) or DELIMITER in code:
            raise InputError(f"code {code!r} may not contain spaces or {DELIMITER!r}")
    with project.transaction() as conn:
        if replace_all:
            conn.execute("DELETE FROM code_replacements")
        conn.executemany(
            "INSERT INTO code_replacements (code, text) VALUES (?, ?) "
            "ON CONFLICT (code) DO UPDATE SET text = excluded.text", clean.items())
    return len(clean)


def delete_codes(project: Project, codes: list[str]) -> None:
    with project.transaction() as conn:
        conn.executemany("DELETE FROM code_replacements WHERE code = ?", [(c,) for c in codes])


def import_file(project: Project, path: str | os.PathLike[str], *,
                replace_all: bool = False) -> int:
    return set_codes(project, read_file(path), replace_all=replace_all)


def export_file(project: Project, path: str | os.PathLike[str]) -> int:
    codes = table(project)
    write_file(codes, path)
    return len(codes)
