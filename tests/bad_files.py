"""A corpus of the files that must never stop an import, written into a folder at test time.

    files = write_bad_files(tmp_path / "bad")
    for bad in files: bad.kind, bad.path (bytes), bad.outcome ("skip" | "warn" | "ignore")

`outcome`: "skip" means the import lists it as skipped, "warn" means it is imported with a
warning, "ignore" means the walk passes over it silently (a link loop between folders).
Add new kinds by appending a writer to `_WRITERS`; keep each one small and fast.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image


@dataclass(frozen=True)
class BadFile:
    kind: str
    path: bytes
    outcome: str  # skip | warn | ignore
    note: str = ""


def jpeg_bytes(size: tuple[int, int] = (96, 64), color: tuple[int, int, int] = (180, 90, 40),
               quality: int = 85) -> bytes:
    img = Image.new("RGB", size, color)
    for x in range(0, size[0], 8):
        img.paste((x * 255 // size[0], 200, 60), (x, 0, x + 3, size[1]))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def png_bytes(size: tuple[int, int] = (96, 64)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (30, 140, 200)).save(buf, "PNG")
    return buf.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(width: int = 40_000, height: int = 40_000) -> bytes:
    """A PNG that claims 1.6 gigapixels in a few hundred bytes (a decompression bomb)."""
    row = b"\x00" + b"\x00" * (width // 8)
    data = zlib.compress(row * 16, 9)  # only the first rows: the decoder must stop anyway
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0,
                                                                 0, 0, 0))
            + _chunk(b"IDAT", data) + _chunk(b"IEND", b""))


def _exif_segment(tiff: bytes) -> bytes:
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_app1(app1: bytes) -> bytes:
    data = jpeg_bytes()
    return data[:2] + app1 + data[2:]


def looping_exif_jpeg() -> bytes:
    """IFD0 whose next-IFD pointer points back at itself, plus an entry pointing past the end."""
    entries = struct.pack("<HHII", 0x010F, 2, 400, 4000)  # Make: ASCII at an offset far away
    entries += struct.pack("<HHII", 0x8769, 4, 1, 8)  # ExifIFD pointer -> IFD0 again
    ifd = struct.pack("<H", 2) + entries + struct.pack("<I", 8)  # next IFD -> itself
    return jpeg_with_app1(_exif_segment(b"II*\x00" + struct.pack("<I", 8) + ifd))


def garbage_exif_jpeg() -> bytes:
    return jpeg_with_app1(_exif_segment(b"MM\x00*" + os.urandom(64)))


def iptc_jpeg(dataset_values: list[tuple[int, bytes]], utf8: bool = True) -> bytes:
    """A JPEG with a Photoshop APP13 IPTC block made by hand (so it can be wrong on purpose)."""
    iim = b""
    if utf8:
        iim += b"\x1c\x01\x5a" + struct.pack(">H", 3) + b"\x1b%G"
    for dataset, value in dataset_values:
        iim += b"\x1c\x02" + bytes([dataset]) + struct.pack(">H", len(value)) + value
    if len(iim) % 2:
        iim += b"\x00"
    irb = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    payload = b"Photoshop 3.0\x00" + irb
    return jpeg_with_app1(b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload)


def _write(path: bytes, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)


def _zero(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"zero.jpg")
    _write(path, b"")
    return BadFile("zero_byte", path, "skip")


def _truncated(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"truncated.jpg")
    data = jpeg_bytes((320, 240))
    _write(path, data[: len(data) * 2 // 3])
    return BadFile("truncated_jpeg", path, "warn")


def _text(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"notes.jpg")
    _write(path, "这不是照片 this is not a photo\n".encode())
    return BadFile("text_named_jpg", path, "skip")


def _html(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"download.jpeg")
    _write(path, b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
    return BadFile("html_named_jpg", path, "skip")


def _png(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"really_png.jpg")
    _write(path, png_bytes())
    return BadFile("png_named_jpg", path, "warn")


def _bomb(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"bomb.png")
    _write(path, bomb_png())
    return BadFile("decompression_bomb", path, "warn")


def _loop_exif(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"looping_exif.jpg")
    _write(path, looping_exif_jpeg())
    return BadFile("looping_exif", path, "ok")


def _garbage_exif(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"garbage_exif.jpg")
    _write(path, garbage_exif_jpeg())
    return BadFile("corrupt_exif", path, "ok")


def _long_iptc(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"long_iptc.jpg")
    _write(path, iptc_jpeg([(120, ("长" * 1500).encode()), (80, "李雨恒".encode())]))
    return BadFile("over_long_iptc", path, "ok")


def _bad_iptc(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"misencoded_iptc.jpg")
    # declares UTF-8 (1:90) but holds GB18030 bytes and a stray 0xff
    _write(path, iptc_jpeg([(120, "重庆日报摄影".encode("gb18030") + b"\xff"),
                            (80, "张锦辉".encode("gb18030"))]))
    return BadFile("misencoded_iptc", path, "ok")


def _unreadable(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"locked.jpg")
    _write(path, jpeg_bytes())
    os.chmod(path, 0)
    # root reads it anyway: then it is an ordinary photo
    return BadFile("unreadable", path, "ok" if os.geteuid() == 0 else "skip")


def _broken_link(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"gone.jpg")
    os.symlink(b"does-not-exist.jpg", path)
    return BadFile("broken_symlink", path, "skip")


def _link_loop(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"loop.jpg")
    os.symlink(b"loop.jpg", path)
    return BadFile("symlink_loop", path, "skip")


def _folder_loop(folder: bytes) -> BadFile:
    sub = os.path.join(folder, b"nested")
    os.makedirs(sub, exist_ok=True)
    _write(os.path.join(sub, b"inside.jpg"), jpeg_bytes(color=(20, 200, 90)))
    path = os.path.join(sub, b"up")
    os.symlink(b"..", path)
    return BadFile("folder_symlink_loop", path, "ignore")


def _non_utf8(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"\xc9\xe3\xd3\xb0_gbk_name.jpg")  # "摄影" in GBK
    _write(path, jpeg_bytes(color=(120, 40, 160)))
    return BadFile("non_utf8_name", path, "warn")


def _fifo(folder: bytes) -> BadFile:
    path = os.path.join(folder, b"pipe.jpg")
    os.mkfifo(path)
    return BadFile("fifo_named_jpg", path, "skip")


_WRITERS: list[Callable[[bytes], BadFile]] = [
    _zero, _truncated, _text, _html, _png, _bomb, _loop_exif, _garbage_exif, _long_iptc,
    _bad_iptc, _unreadable, _broken_link, _link_loop, _folder_loop, _non_utf8, _fifo,
]


def write_bad_files(folder: str | os.PathLike[str] | bytes) -> list[BadFile]:
    target = os.fsencode(folder)
    os.makedirs(target, exist_ok=True)
    return [writer(target) for writer in _WRITERS]


def good_photo(folder: str | os.PathLike[str], name: str = "good.jpg") -> Path:
    path = Path(os.fsdecode(folder)) / name
    path.write_bytes(jpeg_bytes(color=(60, 60, 200)))
    return path
