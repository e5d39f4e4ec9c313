"""Find the photo files under the paths a person gave, fast and without tripping.

One `os.scandir` per folder and one `stat` per photo, all on bytes paths so that names that
are not valid UTF-8 survive. Symbolic links are followed, but each folder is entered once
(tracked by device and inode), so a link loop cannot trap the walk. Sidecars (`name.xmp`,
`name.ext.xmp`, `name.txt`) are found in the same folder listing.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass

from caption_studio.core.media.fingerprint import (
    PHOTO_EXTENSIONS,
    UNSUPPORTED_IMAGE_EXTENSIONS,
    extension,
)
from caption_studio.core.tasks import CancelToken

SIDECAR_EXTENSIONS = (b".xmp", b".txt")


@dataclass(slots=True)
class Sidecar:
    kind: str  # "xmp" or "txt"
    path: bytes
    size: int
    mtime: float

    def __reduce__(self) -> tuple[type, tuple[str, bytes, int, float]]:
        return Sidecar, (self.kind, self.path, self.size, self.mtime)


@dataclass(slots=True)
class Candidate:
    path: bytes  # absolute
    size: int
    mtime: float
    sidecars: list[Sidecar]

    @property
    def sidecar_sig(self) -> str | None:
        if not self.sidecars:
            return None
        return ";".join(f"{s.kind}:{os.path.basename(s.path).decode('utf-8', 'backslashreplace')}"
                        f":{s.size}:{s.mtime!r}" for s in self.sidecars)

    def sidecar(self, kind: str) -> Sidecar | None:
        return next((s for s in self.sidecars if s.kind == kind), None)

    def __reduce__(self) -> tuple[type, tuple[bytes, int, float, list[Sidecar]]]:
        # half the cost of the default for slots (the importer hands all of them to its workers)
        return Candidate, (self.path, self.size, self.mtime, self.sidecars)


def display(path: bytes | str) -> str:
    """A path as text for people and reports; bytes that are not UTF-8 appear as \\xNN."""
    raw = path if isinstance(path, bytes) else os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")


def is_photo_name(name: bytes) -> bool:
    return not name.startswith(b".") and extension(name) in PHOTO_EXTENSIONS


def scan(paths: Iterable[str | bytes | os.PathLike[str]], *, recursive: bool = True,
         exclude: Iterable[str | bytes | os.PathLike[str]] = (),
         cancel: CancelToken | None = None) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """(photo files found, [(path, reason)] for what could not be looked at)."""
    found: list[Candidate] = []
    skipped: list[tuple[str, str]] = []
    seen_files: set[bytes] = set()
    visited: set[tuple[int, int]] = set()
    excluded = {os.path.abspath(os.fsencode(p)) for p in exclude}
    for given in paths:
        path = os.path.abspath(os.fsencode(given))
        try:
            st = os.stat(path)
        except OSError as exc:
            skipped.append((display(path), _stat_reason(path, exc)))
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(path, st, recursive, found, skipped, seen_files, visited, excluded, cancel)
        elif stat.S_ISREG(st.st_mode):
            if path in seen_files:
                continue
            seen_files.add(path)
            if extension(path) not in PHOTO_EXTENSIONS:
                skipped.append((display(path), "not a supported photo type"))
                continue
            found.append(Candidate(path, st.st_size, st.st_mtime, _sidecars_beside(path)))
        else:
            skipped.append((display(path), "not a regular file"))
    return found, skipped


def _walk(root: bytes, root_st: os.stat_result, recursive: bool, found: list[Candidate],
          skipped: list[tuple[str, str]], seen_files: set[bytes],
          visited: set[tuple[int, int]], excluded: set[bytes],
          cancel: CancelToken | None) -> None:
    stack = [(root, (root_st.st_dev, root_st.st_ino))]
    while stack:
        if cancel is not None:
            cancel.raise_if_cancelled()
        folder, key = stack.pop()
        if key in visited or folder in excluded:
            continue
        visited.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skipped.append((display(folder), f"folder cannot be read: {exc.strerror or exc}"))
            continue
        # Sidecars by lower-case name; most folders have none, and then no photo looks.
        lower = {e.name.lower(): e for e in entries
                 if e.name.lower().endswith(SIDECAR_EXTENSIONS)}
        subfolders = []
        first = len(found)
        for entry in entries:
            name = entry.name
            if name.startswith(b"."):
                continue  # hidden files, AppleDouble `._x.jpg`, our own caches
            if extension(name) not in PHOTO_EXTENSIONS:
                if recursive and entry.is_dir():
                    try:
                        st = entry.stat()
                    except OSError as exc:
                        skipped.append((display(entry.path), _stat_reason(entry.path, exc)))
                        continue
                    subfolders.append((entry.path, (st.st_dev, st.st_ino)))
                elif entry.is_symlink() and not os.path.exists(entry.path):
                    pass  # a dangling link to something that is not a photo: not ours
                elif extension(name) in UNSUPPORTED_IMAGE_EXTENSIONS and entry.is_file():
                    skipped.append((display(entry.path),
                                    f"not a supported photo type (.{extension(name)})"))
                continue
            try:
                st = entry.stat()
            except OSError as exc:
                skipped.append((display(entry.path), _stat_reason(entry.path, exc)))
                continue
            if stat.S_ISDIR(st.st_mode):
                if recursive:
                    subfolders.append((entry.path, (st.st_dev, st.st_ino)))
                continue
            if not stat.S_ISREG(st.st_mode):
                skipped.append((display(entry.path), "not a regular file"))
                continue
            if entry.path in seen_files:
                continue
            seen_files.add(entry.path)
            found.append(Candidate(entry.path, st.st_size, st.st_mtime,
                                   _sidecars_in(folder, name, lower) if lower else []))
        if lower:
            _report_stray_xmp(lower, found[first:], skipped)
        stack.extend(reversed(subfolders))


def _report_stray_xmp(lower: dict[bytes, os.DirEntry[bytes]], found: list[Candidate],
                      skipped: list[tuple[str, str]]) -> None:
    """An .xmp no photo in its folder claims is named in the report, not passed over."""
    used = {s.path for c in found for s in c.sidecars}
    for key, entry in lower.items():
        if key.endswith(b".xmp") and not key.startswith(b".") and entry.path not in used:
            skipped.append((display(entry.path),
                            "an XMP sidecar without its photo beside it (same name); not read"))


def _sidecars_in(folder: bytes, name: bytes, lower: dict[bytes, os.DirEntry[bytes]]) -> list[Sidecar]:
    stem = os.path.splitext(name)[0].lower()
    out: list[Sidecar] = []
    for kind, names in (("xmp", (name.lower() + b".xmp", stem + b".xmp")),
                        ("txt", (stem + b".txt", name.lower() + b".txt"))):
        for candidate in names:
            entry = lower.get(candidate)
            if entry is None:
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                out.append(Sidecar(kind, entry.path, st.st_size, st.st_mtime))
                break
    return out


def _sidecars_beside(path: bytes) -> list[Sidecar]:
    folder, name = os.path.split(path)
    try:
        with os.scandir(folder) as it:
            lower = {e.name.lower(): e for e in it
                     if e.name.lower().endswith(SIDECAR_EXTENSIONS)}
    except OSError:
        return []
    return _sidecars_in(folder, name, lower)


def _stat_reason(path: bytes | str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link" if os.path.islink(path) else "no such file or folder"
    if exc.errno == errno.EACCES:
        return "cannot be read (permission denied)"
    return f"cannot be read: {exc.strerror or exc}"
