"""A photo's identity without reading the whole file, and what kind of file it really is.

The fingerprint (SHA-256, 128 bits kept) hashes the size, the first 64 KiB, the last 16 KiB
and a few blocks in between. A press JPEG keeps its metadata and the start of its picture
data in the head, so two different photos practically never agree on all of that, while a
copy, a renamed file or a moved folder keeps the same fingerprint. Editing metadata changes
the head and therefore the fingerprint; the importer treats that as a changed file at the
same path.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass

EDGE = 64 * 1024  # the head: all the metadata and the start of the picture data
TAIL = 16 * 1024
MIDDLE_BLOCKS = 4
MIDDLE_SIZE = 4096

RAW_EXTENSIONS = frozenset({
    "3fr", "arw", "cr2", "cr3", "crw", "dcr", "dng", "erf", "iiq", "k25", "kdc", "mef", "mos",
    "mrw", "nef", "nrw", "orf", "pef", "raf", "raw", "rw2", "rwl", "sr2", "srf", "srw", "x3f",
})
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "jpe", "tif", "tiff", "png", "webp", "heic",
                              "heif", "hif", "avif"})
PHOTO_EXTENSIONS = IMAGE_EXTENSIONS | RAW_EXTENSIONS

_EXT_FORMAT = {"jpg": "jpeg", "jpeg": "jpeg", "jpe": "jpeg", "tif": "tiff", "tiff": "tiff",
               "png": "png", "webp": "webp", "heic": "heif", "heif": "heif", "hif": "heif",
               "avif": "heif"}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis",
                b"avif", b"avis"}


@dataclass(frozen=True)
class Probe:
    fingerprint: str
    format: str | None  # jpeg, png, tiff, webp, heif, raw; None when the content is no image
    truncated: bool  # a JPEG without its end marker


def extension(name: str | bytes) -> str:
    text = os.fsdecode(name) if isinstance(name, bytes) else name
    return os.path.splitext(text)[1][1:].lower()


def expected_format(name: str | bytes) -> str:
    ext = extension(name)
    return "raw" if ext in RAW_EXTENSIONS else _EXT_FORMAT.get(ext, ext)


def probe_fd(fd: int, size: int) -> Probe:
    """Fingerprint and sniff an open file (reads at most 96 KiB)."""
    digest = hashlib.sha256()  # SHA-NI/ARMv8 make it 2-3x faster than blake2b here
    digest.update(struct.pack("<Q", size))
    if size <= EDGE + TAIL + MIDDLE_BLOCKS * MIDDLE_SIZE:
        head = _read_at(fd, 0, size)
        digest.update(head)
        tail = head[-TAIL:]
    else:
        head = _read_at(fd, 0, EDGE)
        digest.update(head)
        for i in range(1, MIDDLE_BLOCKS + 1):
            digest.update(_read_at(fd, size * i // (MIDDLE_BLOCKS + 1), MIDDLE_SIZE))
        tail = _read_at(fd, size - TAIL, TAIL)
        digest.update(tail)
    fmt = sniff(head)
    truncated = fmt == "jpeg" and b"\xff\xd9" not in tail[-1024:]
    return Probe(digest.hexdigest()[:32], fmt, truncated)


def fingerprint_file(path: str | bytes | os.PathLike[str]) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return probe_fd(fd, os.fstat(fd).st_size).fingerprint
    finally:
        os.close(fd)


def _read_at(fd: int, offset: int, length: int) -> bytes:
    chunks = []
    while length > 0:
        chunk = os.pread(fd, length, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
        length -= len(chunk)
    return b"".join(chunks)


def sniff(head: bytes) -> str | None:
    """The format the bytes say, whatever the file is called."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"crx ":
            return "raw"
        if brand in _HEIF_BRANDS or any(head[i:i + 4] in _HEIF_BRANDS
                                         for i in range(16, min(len(head), 64), 4)):
            return "heif"
        return None
    if head.startswith((b"FUJIFILMCCD-RAW", b"IIRO", b"IIRS", b"IIU\x00", b"FOVb")):
        return "raw"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"  # also most camera RAW (CR2, NEF, ARW, DNG, PEF, SRW): decided by name
    return None


def describe_non_image(head: bytes) -> str:
    """Why bytes are not a photo, in words (for the import report)."""
    if not head:
        return "empty file (0 bytes)"
    sample = head[:512]
    if sample.lstrip().startswith((b"<html", b"<!DOCTYPE", b"<?xml")):
        return "not an image (HTML/XML text)"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:
            return "not an image (unrecognised content)"
    return "not an image (text file)"
