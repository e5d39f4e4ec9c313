"""The Photoshop image resource block (IRB) that carries IPTC IIM in JPEG (APP13) and its
IPTC digest (resource 0x0425: MD5 of the IIM bytes, resource 0x0404).

The digest is how the Metadata Working Group tells whether IIM and XMP are in sync: a tool
that knows XMP updates it with both; an old tool that edits only IIM leaves it stale. exiv2
reads and writes the IIM but neither reports nor updates the digest, so these few lines read
the JPEG segment headers (never the scan data) to get at it.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass

PS_HEADER = b"Photoshop 3.0\x00"
IPTC_NAA = 0x0404
IPTC_DIGEST = 0x0425
_MAX_HEADER_BYTES = 16 * 1024 * 1024  # metadata segments before the scan: bounded


@dataclass
class Resource:
    id: int
    name: bytes
    data: bytes


def parse_irb(data: bytes) -> list[Resource]:
    """8BIM resources in order; stops quietly at the first damaged one."""
    out: list[Resource] = []
    pos = 0
    n = len(data)
    while pos + 12 <= n and data[pos:pos + 4] in (b"8BIM", b"PHUT", b"DCSR", b"AgHg"):
        rid = struct.unpack_from(">H", data, pos + 4)[0]
        name_len = data[pos + 6]
        name_field = 1 + name_len + ((1 + name_len) & 1)
        name = data[pos + 7:pos + 7 + name_len]
        size_at = pos + 6 + name_field
        if size_at + 4 > n:
            break
        size = struct.unpack_from(">I", data, size_at)[0]
        start = size_at + 4
        if start + size > n:
            break
        out.append(Resource(rid, name, data[start:start + size]))
        pos = start + size + (size & 1)
    return out


def build_irb(resources: list[Resource]) -> bytes:
    parts = []
    for r in resources:
        name = bytes([len(r.name)]) + r.name
        if len(name) & 1:
            name += b"\x00"
        parts.append(b"8BIM" + struct.pack(">H", r.id) + name + struct.pack(">I", len(r.data))
                     + r.data + (b"\x00" if len(r.data) & 1 else b""))
    return b"".join(parts)


@dataclass
class Segment:
    marker: int
    offset: int  # of the 0xFF marker byte
    length: int  # the segment's length field (payload + 2)
    payload: bytes


def jpeg_header_segments(path: str | os.PathLike[str]) -> list[Segment]:
    """The marker segments before the first scan (SOS). Reads only those bytes."""
    segs: list[Segment] = []
    with open(path, "rb") as fh:
        if fh.read(2) != b"\xff\xd8":
            return segs
        pos = 2
        while pos < _MAX_HEADER_BYTES:
            head = fh.read(2)
            if len(head) < 2 or head[0] != 0xFF:
                break
            marker = head[1]
            if marker == 0xFF:  # fill byte
                fh.seek(pos + 1)
                pos += 1
                continue
            if marker == 0xDA or marker == 0xD9:
                break
            if 0xD0 <= marker <= 0xD7 or marker == 0x01:
                pos += 2
                continue
            size_bytes = fh.read(2)
            if len(size_bytes) < 2:
                break
            length = struct.unpack(">H", size_bytes)[0]
            if length < 2:
                break
            payload = fh.read(length - 2) if marker == 0xED else b""
            if marker != 0xED:
                fh.seek(length - 2, os.SEEK_CUR)
            segs.append(Segment(marker, pos, length, payload))
            pos += 2 + length
    return segs


def jpeg_photoshop_irb(path: str | os.PathLike[str]) -> bytes | None:
    """The Photoshop IRB of a JPEG (APP13 segments joined), or None."""
    chunks = [s.payload[len(PS_HEADER):] for s in jpeg_header_segments(path)
              if s.marker == 0xED and s.payload.startswith(PS_HEADER)]
    return b"".join(chunks) if chunks else None


def digest_state(irb: bytes | None) -> tuple[bytes | None, bytes | None]:
    """(stored digest, digest of the IIM actually there); either is None when absent."""
    if not irb:
        return None, None
    stored = current = None
    for r in parse_irb(irb):
        if r.id == IPTC_DIGEST and len(r.data) == 16:
            stored = r.data
        elif r.id == IPTC_NAA:
            current = hashlib.md5(r.data).digest()  # noqa: S324 - the format's checksum
    return stored, current


def set_jpeg_iptc_digest(path: str | os.PathLike[str], digest: bytes | None = None) -> bool:
    """Rewrite a JPEG's APP13 so its IPTC digest is `digest` (default: the MD5 of the IIM now
    in the file). Only the APP13 segment changes; every other byte is copied as it was.
    Returns False (and changes nothing) when the file has no Photoshop IRB with IIM."""
    segs = [s for s in jpeg_header_segments(path)
            if s.marker == 0xED and s.payload.startswith(PS_HEADER)]
    if not segs:
        return False
    resources = parse_irb(b"".join(s.payload[len(PS_HEADER):] for s in segs))
    iim = next((r for r in resources if r.id == IPTC_NAA), None)
    if iim is None:
        return False
    value = digest if digest is not None else hashlib.md5(iim.data).digest()  # noqa: S324
    kept = [r for r in resources if r.id != IPTC_DIGEST]
    kept.insert(kept.index(iim) + 1, Resource(IPTC_DIGEST, b"", value))
    payload = PS_HEADER + build_irb(kept)
    if len(payload) + 2 > 0xFFFF:
        return False  # would need splitting over segments; leave the file alone
    with open(path, "rb") as fh:
        data = fh.read()
    first, last = segs[0], segs[-1]
    new_seg = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    # segments between the first and last APP13 (rare) are kept, after the new one
    middle = b"".join(data[s.offset:s.offset + 2 + s.length]
                      for s in jpeg_header_segments(path)
                      if first.offset < s.offset < last.offset and s.marker != 0xED)
    out = data[:first.offset] + new_seg + middle + data[last.offset + 2 + last.length:]
    with open(path, "r+b") as fh:
        fh.write(out)
        fh.truncate()
    return True


# -- TIFF: the IRB is tag 34377 (Exif.Image.ImageResources), the IIM tag 33723 (IPTCNAA) ----

_TIFF_IRB = "Exif.Image.ImageResources"
_TIFF_IIM = "Exif.Image.IPTCNAA"


def _datum_bytes(datum: object, byte_order: object) -> bytes:
    import warnings

    buf = bytearray(datum.size())  # type: ignore[attr-defined]
    with warnings.catch_warnings():
        # python-exiv2 deprecates copy(), but it is the one way to get a Long tag's raw bytes
        warnings.simplefilter("ignore", DeprecationWarning)
        datum.copy(buf, byte_order)  # type: ignore[attr-defined]
    return bytes(buf)


def tiff_digest_state(image: object) -> tuple[bytes | None, bytes | None]:
    """(stored, current) IPTC digests of an open exiv2 TIFF image, as exiftool computes them
    (MD5 of the IPTCNAA tag's bytes, padding included)."""
    exif = image.exifData()  # type: ignore[attr-defined]
    if _TIFF_IRB not in exif or _TIFF_IIM not in exif:
        return None, None
    order = image.byteOrder()  # type: ignore[attr-defined]
    stored = next((r.data for r in parse_irb(_datum_bytes(exif[_TIFF_IRB], order))
                   if r.id == IPTC_DIGEST and len(r.data) == 16), None)
    current = hashlib.md5(_datum_bytes(exif[_TIFF_IIM], order)).digest()  # noqa: S324
    return stored, current


def set_tiff_iptc_digest(image: object) -> bool:
    """Bring a stale digest in an open exiv2 TIFF image up to date (caller writes the image).
    A TIFF without a digest is left without one: MWG readers then trust XMP anyway."""
    stored, current = tiff_digest_state(image)
    if stored is None or current is None or stored == current:
        return False
    import exiv2

    exif = image.exifData()  # type: ignore[attr-defined]
    resources = parse_irb(_datum_bytes(exif[_TIFF_IRB], image.byteOrder()))  # type: ignore[attr-defined]
    for r in resources:
        if r.id == IPTC_DIGEST:
            r.data = current
    value = exiv2.DataValue(exiv2.TypeId.undefined)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        value.read(build_irb(resources))
    exif[_TIFF_IRB] = value
    return True
