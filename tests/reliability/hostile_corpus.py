"""Malformed and hostile inputs, made at test time: photos (extending tests/bad_files.py) and
articles. Nothing here may crash, hang or go unreported in import, parse or embed.

    photos = write_hostile_photos(folder)      # bad_files' kinds + the ones below
    articles = write_hostile_articles(folder)  # for `parse` and `import --article`

Each item: kind, path (bytes), outcome ("skip" | "warn" | "ok" | "ignore" for photos; for
articles "read" or "refuse" is left to the code: either is fine, a crash or hang is not).
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from tests.bad_files import (
    BadFile,
    _chunk,
    _exif_segment,
    iptc_jpeg,
    jpeg_bytes,
    jpeg_with_app1,
    write_bad_files,
)

_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE x:xmpmeta [<!ENTITY a "hahahahahahahaha">'
           + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                     for i in range(9))
           + ']>')
_XMP_BODY = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
             '02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/'
             'elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">{}</rdf:li>'
             '</rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>')
SECRET = "CAPSTUDIO-SECRET-7f3a"  # in a file an external entity points at: must never show up


def billion_laughs_xmp() -> bytes:
    return (_LAUGHS + _XMP_BODY.format("&j;")).encode()


def external_entity_xmp(secret_path: str) -> bytes:
    return ('<?xml version="1.0"?><!DOCTYPE x:xmpmeta [<!ENTITY s SYSTEM "file://'
            + secret_path + '">]>' + _XMP_BODY.format("&s;")).encode()


def _xmp_app1(packet: bytes) -> bytes:
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    return b"\xff\xe1" + struct.pack(">H", min(len(payload) + 2, 0xFFFF)) + payload[:0xFFFD]


def _tiff(entries: list[tuple[int, int, int, int]], next_ifd: int = 0, tail: bytes = b"") -> bytes:
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", next_ifd) + tail


def _sof_dimensions(data: bytes, width: int, height: int) -> bytes:
    at = data.index(b"\xff\xc0")
    return data[:at + 5] + struct.pack(">HH", height, width) + data[at + 9:]


@dataclass(frozen=True)
class Article:
    kind: str
    path: bytes


# -- photos ---------------------------------------------------------------------------------

def _w(folder: bytes, name: bytes, data: bytes) -> bytes:
    path = os.path.join(folder, name)
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def _photo_writers(secret_path: str) -> list[tuple[str, str, Callable[[bytes], bytes]]]:
    j = jpeg_bytes((120, 80))
    return [
        ("soi_only", "skip", lambda f: _w(f, b"soi_only.jpg", b"\xff\xd8")),
        ("app1_length_past_end", "warn", lambda f: _w(
            f, b"app1_overflow.jpg", j[:2] + b"\xff\xe1\xff\xf0Exif\x00\x00II*\x00")),
        ("exif_absurd_count", "ok", lambda f: _w(f, b"exif_count.jpg", jpeg_with_app1(
            _exif_segment(_tiff([(0x010F, 2, 0x7FFFFFFF, 26), (0x0110, 4, 0x3FFFFFFF, 26)]))))),
        ("exif_65535_entries_claimed", "ok", lambda f: _w(f, b"exif_entries.jpg", jpeg_with_app1(
            _exif_segment(b"II*\x00" + struct.pack("<IH", 8, 0xFFFF) + b"\x01" * 60)))),
        ("exif_ifd_ping_pong", "ok", lambda f: _w(f, b"exif_pingpong.jpg", jpeg_with_app1(
            _exif_segment(_tiff([(0x8769, 4, 1, 26)], next_ifd=26,
                                tail=struct.pack("<HHHII", 1, 0x8825, 4, 1, 8) + b"\0" * 4))))),
        ("exif_thumbnail_length_bomb", "ok", lambda f: _w(f, b"exif_thumb.jpg", jpeg_with_app1(
            _exif_segment(_tiff([(0x0100, 4, 1, 1)], next_ifd=26, tail=struct.pack(
                "<HHHIIHHII", 2, 0x0201, 4, 1, 60, 0x0202, 4, 1, 0x7FFFFFF0) + b"\0" * 4))))),
        ("iptc_length_past_end", "ok", lambda f: _w(f, b"iptc_len.jpg", _iptc_raw(
            b"\x1c\x02\x78\x7f\xf0" + "说明".encode()))),
        ("iptc_extended_length", "ok", lambda f: _w(f, b"iptc_ext.jpg", _iptc_raw(
            b"\x1c\x02\x78\x80\x04\x7f\xff\xff\xff" + b"x" * 10))),
        ("iptc_irb_length_past_end", "ok", lambda f: _w(f, b"iptc_irb.jpg", _irb_overflow())),
        ("iptc_many_datasets", "ok", lambda f: _w(f, b"iptc_many.jpg", iptc_jpeg(
            [(25, f"k{i}".encode()) for i in range(5000)]))),
        ("xmp_billion_laughs", "ok", lambda f: _w(f, b"xmp_laughs.jpg",
                                                  jpeg_with_app1(_xmp_app1(billion_laughs_xmp())))),
        ("xmp_external_entity", "ok", lambda f: _w(
            f, b"xmp_xxe.jpg", jpeg_with_app1(_xmp_app1(external_entity_xmp(secret_path))))),
        ("xmp_not_xml", "ok", lambda f: _w(f, b"xmp_broken.jpg", jpeg_with_app1(_xmp_app1(
            b"<x:xmpmeta><rdf:RDF><unclosed attr='\xff\xfe'>")))),
        ("xmp_deep_nesting", "ok", lambda f: _w(f, b"xmp_deep.jpg", jpeg_with_app1(_xmp_app1(
            b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + b"<a>" * 6000 + b"</a>" * 6000
            + b"</x:xmpmeta>")))),
        ("sidecar_xmp_billion_laughs", "ok", lambda f: _with_sidecar(
            f, b"side_laughs", b".xmp", billion_laughs_xmp())),
        ("sidecar_xmp_external_entity", "ok", lambda f: _with_sidecar(
            f, b"side_xxe", b".xmp", external_entity_xmp(secret_path))),
        ("sidecar_txt_binary", "ok", lambda f: _with_sidecar(
            f, b"side_binary", b".txt", bytes(range(256)) * 64)),
        ("sidecar_txt_huge", "ok", lambda f: _with_sidecar(
            f, b"side_huge", b".txt", "说明".encode() * 3_000_000)),
        ("jpeg_zero_dimensions", "skip", lambda f: _w(f, b"zero_dims.jpg", _sof_dimensions(j, 0, 0))),
        ("jpeg_huge_dimensions", "warn", lambda f: _w(
            f, b"huge_dims.jpg", _sof_dimensions(j, 65000, 65000))),
        ("png_bad_crc", "warn", lambda f: _w(f, b"bad_crc.png", _png_bad_crc())),
        ("tiff_ifd_loop", "skip", lambda f: _w(f, b"loop.tif", _tiff([(0x0100, 3, 1, 10)], 8))),
        ("heic_truncated", "skip", lambda f: _w(
            f, b"cut.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 40)),
        ("jpeg_named_png", "warn", lambda f: _w(f, b"really_jpeg.png", j)),
        ("random_bytes_jpg", "skip", lambda f: _w(f, b"noise.jpg", os.urandom(4096))),
        ("name_with_newline", "ok", lambda f: _w(f, b"line\nbreak.jpg",
                                                 jpeg_bytes(color=(1, 2, 3)))),
        ("name_with_terminal_escape", "ok", lambda f: _w(f, b"\x1b[31mred\x1b[0m.jpg",
                                                         jpeg_bytes(color=(4, 5, 6)))),
        ("very_long_name", "ok", lambda f: _w(f, "长".encode() * 80 + b".jpg",
                                              jpeg_bytes(color=(7, 8, 9)))),
        ("very_long_path", "ok", _long_path),
        ("folder_named_jpg", "ignore", _folder_named_jpg),
        ("symlink_to_dev_zero", "skip", lambda f: _link(f, b"endless.jpg", b"/dev/zero")),
        ("symlink_outside_tree", "skip", lambda f: _link(f, b"passwd.jpg", b"/etc/passwd")),
        ("sparse_600mb", "skip", _sparse),
        ("two_images_in_one", "ok", lambda f: _w(f, b"double.jpg",
                                                 j + jpeg_bytes(color=(9, 9, 9)))),
    ]


def _iptc_raw(iim: bytes) -> bytes:
    iim += b"\x00" * (len(iim) % 2)
    irb = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    payload = b"Photoshop 3.0\x00" + irb
    return jpeg_with_app1(b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload)


def _irb_overflow() -> bytes:
    irb = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", 0x7FFFFFFF)
    payload = b"Photoshop 3.0\x00" + irb + b"\x1c\x02\x78\x00\x02ab"
    return jpeg_with_app1(b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload)


def _png_bad_crc() -> bytes:
    buf = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (40, 30), (200, 10, 10)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    at = data.index(b"IDAT")
    data[at + 6] ^= 0xFF  # inside the compressed data: the CRC no longer matches
    return bytes(data) + _chunk(b"tEXt", b"x" * 10)[:-2]


def _with_sidecar(folder: bytes, stem: bytes, ext: bytes, data: bytes) -> bytes:
    photo = _w(folder, stem + b".jpg", jpeg_bytes(color=(sum(stem) % 255, 70, 90)))
    _w(folder, stem + ext, data)
    return photo


def _long_path(folder: bytes) -> bytes:
    path = folder
    for i in range(14):  # ~3,600 bytes: near PATH_MAX on Linux
        path = os.path.join(path, f"{i:02}".encode() + "很长的文件夹名".encode() * 12)
        os.makedirs(path, exist_ok=True)
    return _w(path, b"deep.jpg", jpeg_bytes(color=(11, 12, 13)))


def _folder_named_jpg(folder: bytes) -> bytes:
    path = os.path.join(folder, b"folder.jpg")
    os.makedirs(path, exist_ok=True)
    return path


def _link(folder: bytes, name: bytes, target: bytes) -> bytes:
    path = os.path.join(folder, name)
    os.symlink(target, path)
    return path


def _sparse(folder: bytes) -> bytes:
    path = _w(folder, b"sparse.jpg", b"\xff\xd8\xff\xe0")
    os.truncate(path, 600 * 1024 * 1024)
    return path


def write_hostile_photos(folder: str | os.PathLike[str] | bytes) -> list[BadFile]:
    target = os.fsencode(folder)
    files = write_bad_files(target)
    secret = os.path.join(os.path.dirname(target.rstrip(b"/")), b"secret.txt")
    with open(secret, "w") as fh:
        fh.write(SECRET)
    for kind, outcome, writer in _photo_writers(os.fsdecode(secret)):
        files.append(BadFile(kind, writer(target), outcome))
    return files


# -- articles -------------------------------------------------------------------------------

_CAPTION = "4月23日，市民在渝北区仙桃数据谷参观无人机展览。本报记者 李雨恒 摄\n"


def _docx(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _docx_bomb() -> bytes:
    # 200 MB of spaces inside document.xml, deflated to well under a megabyte
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats'
                         b'.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            block = b" " * (8 << 20)
            for _ in range(25):
                member.write(block)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
        zf.writestr("[Content_Types].xml", b"<Types/>")
    return buf.getvalue()


_WORD = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _article_writers(secret_path: str) -> list[tuple[str, bytes, Callable[[], bytes]]]:
    return [
        ("empty", b"empty.txt", lambda: b""),
        ("only_bom", b"bom.txt", lambda: b"\xef\xbb\xbf"),
        ("whitespace", b"blank.md", lambda: b" \n\t\r\n" * 1000),
        ("binary", b"binary.txt", lambda: bytes(range(256)) * 400),
        ("nul_bytes", b"nul.txt", lambda: _CAPTION.encode().replace(b"\xef", b"\x00\xef")),
        ("one_line_50mb", b"oneline.txt", lambda: ("市民参观展览" * 2_900_000).encode()[:50 << 20]),
        ("many_caption_lines", b"many.txt", lambda: (_CAPTION * 3_000).encode()),
        ("utf16_no_bom", b"utf16.txt", lambda: (_CAPTION * 20).encode("utf-16-le")),
        ("utf16_odd_length", b"utf16odd.txt",
         lambda: b"\xff\xfe" + (_CAPTION * 5).encode("utf-16-le") + b"\x41"),
        ("gb18030_four_byte", b"gb18030.txt", lambda: ("𠀀𪚥" + _CAPTION).encode("gb18030") * 50),
        ("gbk_invalid_bytes", b"gbk_bad.txt", lambda: _CAPTION.encode("gbk") + b"\x81\x20\xfe\xff"),
        ("mixed_utf8_gbk", b"mixed.txt",
         lambda: _CAPTION.encode() + _CAPTION.encode("gbk") + _CAPTION.encode()),
        ("surrogates_cesu", b"cesu.txt", lambda: b"\xed\xa0\x80\xed\xb0\x80" + _CAPTION.encode()),
        ("bidi_and_zero_width", b"bidi.txt",
         lambda: ("\u202e\u200b\ufeff" + _CAPTION + "\u2066\u0000") .encode("utf-8")),
        ("docx_not_zip", b"fake.docx", lambda: b"PK\x03\x04 this is not a zip"),
        ("docx_zip_bomb", b"bomb.docx", _docx_bomb),
        ("docx_billion_laughs", b"laughs.docx", lambda: _docx({
            "word/document.xml": (_LAUGHS.replace("x:xmpmeta", "w:document")
                                  + f"<w:document {_WORD.decode()}><w:body><w:p><w:r><w:t>&j;"
                                  "</w:t></w:r></w:p></w:body></w:document>").encode()})),
        ("docx_external_entity", b"xxe.docx", lambda: _docx({
            "word/document.xml": (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY s '
                                  f'SYSTEM "file://{secret_path}">]><w:document {_WORD.decode()}>'
                                  "<w:body><w:p><w:r><w:t>&s;</w:t></w:r></w:p></w:body>"
                                  "</w:document>").encode()})),
        ("docx_no_document", b"empty.docx", lambda: _docx({"other.xml": b"<a/>"})),
        ("docx_traversal_names", b"traversal.docx", lambda: _docx({
            "../../../../tmp/evil.xml": b"<a/>", "word/document.xml":
            b"<w:document " + _WORD + b"><w:body/></w:document>"})),
        ("html_100k_nested", b"nested.html",
         lambda: b"<html><body>" + b"<div>" * 100_000 + _CAPTION.encode() + b"</div>" * 100_000),
        ("html_billion_laughs", b"laughs.html",
         lambda: (_LAUGHS.replace("x:xmpmeta", "html") + "<html><body><p>&j;</p>"
                  + _CAPTION + "</body></html>").encode()),
        ("html_script_only", b"script.html",
         lambda: b"<html><script>" + b"while(1){}" * 10_000 + b"</script></html>"),
        ("html_declared_wrong_charset", b"charset.html", lambda: (
            '<html><head><meta charset="utf-16"></head><body><p>' + _CAPTION
            + "</p></body></html>").encode("gb18030")),
        ("unknown_extension_binary", b"article.pdf", lambda: b"%PDF-1.4\n" + os.urandom(2000)),
    ]


def write_hostile_articles(folder: str | os.PathLike[str] | bytes) -> list[Article]:
    target = os.fsencode(folder)
    os.makedirs(target, exist_ok=True)
    secret = os.path.join(target, b"..", b"article-secret.txt")
    with open(secret, "w") as fh:
        fh.write(SECRET)
    found = []
    for kind, name, make in _article_writers(os.fsdecode(os.path.abspath(secret))):
        found.append(Article(kind, _w(target, name, make())))
    fifo = os.path.join(target, b"fifo.txt")
    os.mkfifo(fifo)
    found.append(Article("fifo", fifo))
    loop = os.path.join(target, b"loop.txt")
    os.symlink(b"loop.txt", loop)
    found.append(Article("symlink_loop", loop))
    found.append(Article("non_utf8_name", _w(target, b"\xb8\xe5\xbc\xfe.txt",
                                             _CAPTION.encode("gbk"))))
    found.append(Article("compressed_stream_not_zip", _w(
        target, b"deflated.txt", zlib.compress(_CAPTION.encode() * 100))))
    return found
