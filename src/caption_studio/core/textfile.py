"""Small UTF-8 list files people exchange between tools (keyword lists, code replacements):
read whole, with a size cap, one clear line for anything that is not such a file."""

from __future__ import annotations

import os
from pathlib import Path

from caption_studio.core.errors import InputError


def read_text_file(path: str | os.PathLike[str], *, what: str, max_bytes: int) -> str:
    """`what` names the kind of file for messages ("a keyword list"). UTF-8 (with or without
    BOM) is expected; UTF-16 with a BOM and GB18030 (lists saved by older Windows tools in the
    local code page) are accepted too."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{p} is a folder, not {what}")
        if p.exists() and not p.is_file():  # a FIFO or device would block or never end
            raise InputError(f"{p.name} is not a regular file, not {what}")
        if p.stat().st_size > max_bytes:
            raise InputError(f"{p.name} is too large for {what}")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {p}") from None
    except PermissionError:
        raise InputError(f"cannot read {p}: permission denied") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{p.name} is not a text file ({what} is UTF-8 text)")
