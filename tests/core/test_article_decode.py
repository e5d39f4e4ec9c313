"""Bytes -> text: encodings, line ends, .docx, .html, and refusing what is not an article."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from caption_studio.core.article.decode import read_article_bytes, read_article_file
from caption_studio.core.errors import InputError

ZH = "标题\n\n4月23日，某区某园，技术人员调试设备。记者 王某 摄/视觉重庆\n"


@pytest.mark.parametrize("data", [
    ZH.encode("utf-8"),
    codecs.BOM_UTF8 + ZH.encode("utf-8"),
    ZH.encode("gb18030"),
    ZH.encode("gbk"),
    ZH.encode("utf-16"),
    codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"),
    ZH.replace("\n", "\r\n").encode("gb18030"),
    ZH.replace("\n", "\r").encode("utf-8"),
    ZH.replace("\n", "\r\n").encode("utf-16"),
])
def test_text_encodings_and_line_ends(data):
    assert read_article_bytes(data, "a.txt") == ZH


def test_utf16_without_bom():
    text = "Workers at a plant. (AP Photo/Ann Lee)\n"
    assert read_article_bytes(text.encode("utf-16-le"), "a.txt") == text


def test_latin1_falls_back_to_detection():
    text = "Caf\u00e9 owners in S\u00e3o Paulo reopen their terraces after the long winter months.\n" * 3
    # Single-byte code pages are guesswork; the accented letters must survive at least.
    assert "Café owners" in read_article_bytes(text.encode("cp1252"), "a.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\x00\x01\x02\x03" * 200, bytes(range(256)) * 40])
def test_empty_or_binary_is_an_input_error(data):
    with pytest.raises(InputError):
        read_article_bytes(data, "a.txt")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_article_file(tmp_path)


def _docx(paragraphs):
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "表格里的图注。记者 李某 摄"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_tables(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(_docx(["标题", "4月23日，某园，工人作业。记者 王某 摄"]))
    text = read_article_file(path)
    assert text == "标题\n\n4月23日，某园，工人作业。记者 王某 摄\n\n表格里的图注。记者 李某 摄\n"


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in replace.items():
            if name not in src.namelist():
                dst.writestr(name, content)
    return out.getvalue()


def test_docx_entity_bomb_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    data = _rezip(_docx(["x"]), {"word/document.xml": bomb})
    with pytest.raises(InputError, match="unsafe XML"):
        read_article_bytes(data, "bomb.docx")


def test_docx_zip_bomb_is_refused():
    data = _rezip(_docx(["x"]), {"word/media/padding.bin": b"\0" * (8 * 1024 * 1024)})
    with pytest.raises(InputError, match="zip bomb|inflates"):
        read_article_bytes(data, "big.docx")


def test_broken_docx_is_an_input_error():
    with pytest.raises(InputError):
        read_article_bytes(b"PK\x03\x04 not really a zip", "a.docx")


def test_html_body_without_chrome():
    html = """<html><head><title>Site</title><script>var x="记者 甲 摄";</script></head><body>
    <nav><a>Home</a> <a>Photos (AP Photo/Nav Man)</a></nav>
    <div class="content"><h1>标题</h1><p>正文第一段。</p>
    <figure><figcaption>4月23日，某园，工人作业。<br>记者 王某 摄</figcaption></figure></div>
    <footer>版权所有 (AP Photo/Foot Man)</footer></body></html>"""
    text = read_article_bytes(html.encode("gb18030").replace(b"<head>", b'<head><meta charset="gb18030">'), "a.html")
    assert text == "标题\n\n正文第一段。\n\n4月23日，某园，工人作业。\n记者 王某 摄\n"
