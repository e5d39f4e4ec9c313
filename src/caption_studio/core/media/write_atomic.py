"""Writing a file so that it is never half written: a temporary beside the target, edited,
fsynced, renamed over the target in one step; a write killed part way leaves only a
temporary that the next write of that target clears."""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

from caption_studio.core.media.embed_values import Truncation

EMPTY_SIDECAR = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
                  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
                  '"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""/>'
                  '</rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>')

TMP_SUFFIX = ".capstudio-tmp"
_EXIFTOOL_TMP = "_exiftool_tmp"  # exiftool's own temporary beside the file it rewrites


def os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return "the disk is full; the file was left as it was"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "cannot be written (read-only file or folder)"
    if isinstance(exc, FileNotFoundError):
        return "the file or its folder vanished while writing"
    return f"cannot be written ({exc.strerror or exc})"


def atomic(base: Path | None, target: Path, edit: Any, *, copy: bool = True) -> list[Truncation]:
    """Copy `base` (or start empty) to a temporary file beside `target`, let `edit` change
    it, fsync, rename over `target`. The target is never half written. `copy=False`: the
    temporary's name is reserved but the file left absent, for `edit` to create from `base`
    (exiftool -o writes the new file in one pass)."""
    if target.exists() and (not os.access(target, os.W_OK) or not
                            target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)):
        # a read-only file is a person's "do not touch", even for root (who could replace it)
        raise PermissionError(errno.EACCES, "read-only file", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(target)
    # the target's extension last: exiftool tells TIFF-based formats (DNG...) by it
    ext = target.suffix if target.suffix.isascii() else ""
    fd, tmp_name = tempfile.mkstemp(prefix=_tmp_prefix(target), suffix=TMP_SUFFIX + ext,
                                    dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            if base is not None and copy:
                with open(base, "rb") as src:
                    shutil.copyfileobj(src, out, 1024 * 1024)
            elif base is None:
                out.write(EMPTY_SIDECAR.encode("utf-8"))
        if not copy:
            tmp.unlink()
        result = edit(tmp) or []
        if base is not None:
            with contextlib.suppress(OSError):
                shutil.copymode(base, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + _EXIFTOOL_TMP)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    _fsync_dir(target.parent)
    return result


def _tmp_prefix(target: Path) -> str:
    """`.NAME.`; for a name that is not valid UTF-8 a stand-in made from it, because exiv2
    opens only paths it can pass on as UTF-8 text."""
    try:
        target.name.encode("utf-8")
        return f".{target.name}."
    except UnicodeEncodeError:
        digest = hashlib.sha1(os.fsencode(target.name)).hexdigest()[:16]  # noqa: S324
        return f".capstudio-{digest}{target.suffix if target.suffix.isascii() else ''}."


def _remove_stale_temporaries(target: Path) -> None:
    # A write killed part way (power cut, SIGKILL) leaves its temporary beside the target;
    # the next write of that target clears it. Only our own names:
    # `.NAME.XXXX.capstudio-tmp.EXT` (and exiftool's `..._exiftool_tmp` beside it).
    with contextlib.suppress(OSError):
        prefix = glob.escape(_tmp_prefix(target))
        for stale in target.parent.glob(f"{prefix}*{TMP_SUFFIX}*"):
            if stale.is_file() and not stale.is_symlink():
                with contextlib.suppress(OSError):
                    stale.unlink()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
