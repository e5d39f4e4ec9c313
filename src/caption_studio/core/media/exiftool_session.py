"""One long-running exiftool for a whole write-back (`-stay_open`, through PyExifTool).

exiftool is what writes the metadata into photo files and what checks that nothing else in
them changed: it is the tool the industry trusts to rewrite EXIF without breaking maker
notes (it moves their offsets with them), it writes every format a desk receives (JPEG,
TIFF, DNG, PSD, PNG, WebP, HEIC/HEIF/AVIF, JPEG XL), and its `-j -a -G1` view is the
reference for "every tag". Perl starts in about 0.1 s, so one process serves every file of
a batch; each call costs a few milliseconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import exiftool

from caption_studio.core.errors import CaptionStudioError

# -a: duplicates too (a second IPTC block is IPTC2); -G1: the group each tag is in (IFD0,
# ExifIFD, Olympus, IPTC, XMP-dc...); -n: values as stored, not as printed; -e: no
# composite tags (derived values, not in the file); -u: unknown maker-note tags too, so
# that the check covers camera data exiftool cannot name; -m: values at suspicious offsets
# too (exiftool hides them otherwise, and shows them once a rewrite made the offsets sound).
READ_ARGS = ("-j", "-a", "-G1", "-n", "-e", "-u", "-m", "-api", "LargeFileSupport=1")

class ExifToolMissing(CaptionStudioError):
    """exiftool is not installed; write-back cannot check what it writes."""


class ExifToolFailed(CaptionStudioError):
    """exiftool refused a file; the message is exiftool's own reason."""


def _keep_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        name, n = key, 1
        while name in out:  # the same tag twice in one group: both are compared
            n += 1
            name = f"{key}#{n}"
        out[name] = value
    return out


class Session:
    """`with Session() as et:` one exiftool process; started at the first call."""

    def __init__(self) -> None:
        self._et: exiftool.ExifTool | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._et is not None and self._et.running:
            with contextlib.suppress(Exception):  # a dead exiftool needs no goodbye
                self._et.terminate()
        self._et = None

    def _process(self) -> exiftool.ExifTool:
        if self._et is None or not self._et.running:
            exe = shutil.which("exiftool")
            if exe is None:
                raise ExifToolMissing(
                    "exiftool is not installed (Debian: libimage-exiftool-perl; "
                    "`make system-deps` installs it); files are written only with it")
            et = exiftool.ExifTool(executable=exe, common_args=[], encoding="utf-8")
            et.run()
            self._et = et
        return self._et

    def _run(self, *args: str | bytes) -> tuple[str, str, int]:
        et = self._process()
        out = et.execute(*args)
        return str(out), str(et.last_stderr or ""), int(et.last_status or 0)

    def tags(self, path: Path | str | bytes, iim_charset: str | None = None) -> dict[str, Any]:
        """Every tag of one file, as `exiftool -j -a -G1 -n -e -u` shows it."""
        extra = ("-charset", f"iptc={iim_charset}") if iim_charset else ()
        out, err, status = self._run(*READ_ARGS, *extra, _arg(path))
        try:
            rows = json.loads(out, object_pairs_hook=_keep_duplicates) if out.strip() else []
        except ValueError:
            rows = []
        if status != 0 or not rows:
            raise ExifToolFailed(_first_line(err) or "exiftool cannot read it")
        return rows[0]

    def write(self, path: Path, args: list[str], source: str | bytes | None = None) -> list[str]:
        """Apply `args` (tag assignments) to the file in place, or write `path` anew from
        `source` (which it must not exist); returns exiftool's warnings. Raises
        ExifToolFailed with exiftool's reason when it wrote nothing."""
        if source is None:
            out, err, status = self._run("-overwrite_original", "-charset", "utf8", *args,
                                         str(path))
        else:
            out, err, status = self._run("-o", str(path), "-charset", "utf8", *args, source)
        lines = [line.strip() for line in err.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("Error")]
        done = "1 image files updated" in out or "1 image files created" in out
        if status != 0 or errors or not done:
            reason = errors[0] if errors else (_first_line(err) or out.strip() or "no change")
            raise ExifToolFailed(_without_path(reason.removeprefix("Error: "), path, source))
        return [line.removeprefix("Warning: ") for line in lines if line.startswith("Warning")]


def _without_path(reason: str, *paths: Path | str | bytes | None) -> str:
    """exiftool's reason without its ` - /tmp/...` tail: the report names the file already
    (and the path is our temporary copy's, which means nothing to a person)."""
    for p in paths:
        if p is not None:
            text = os.fsdecode(p) if isinstance(p, bytes) else str(p)
            reason = reason.removesuffix(f" - {text}")
    return reason


def _arg(path: Path | str | bytes) -> str | bytes:
    return path if isinstance(path, bytes | str) else str(path)


def cstr(text: str) -> str:
    """An argument line that may hold newlines: exiftool's `#[CSTR]` C-string form."""
    escaped = (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t").replace('"', '\\"'))
    return "#[CSTR]" + escaped


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
