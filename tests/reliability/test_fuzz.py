"""Hypothesis fuzzing of the caption parser (through whole documents: .txt, .html, .docx)
and of the embedded-metadata reader on mutated real JPEGs. The project opener's fuzzing is in
test_untrusted_project.py. Default runs stay under ~10 s each; `-m slow` runs many more."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caption_studio.core.article.captions import parse_article
from caption_studio.core.article.decode import read_article_bytes
from caption_studio.core.errors import InputError
from caption_studio.core.media.metadata import read_embedded
from tests.media_builders import make_jpeg

PIECES = ["本报记者 李雨恒 摄", "新华社记者 王某 摄", "记者 张三 通讯员 李四 摄", " 摄/视觉重庆",
          "视觉中国供图", "(AP Photo/Ann Lee)", "REUTERS/Tom Brown", "(Xinhua/Li Hua)",
          "(Photo by Jo Doe/Getty Images)", "EPA-EFE/X Y", "4月23日，", "2024年4月23日，",
          "市民在渝北区参观。", "April 23, 2024.", "\n", "\n\n", "，", "。", "摄", "）", "（",
          "\u3000", "\ufeff", "\u200b", "<", "&", "]]>"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=30).map("".join)
PARAGRAPHS = st.lists(TEXT, min_size=1, max_size=8)


def _fuzz(examples: int):
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def _check(parsed) -> None:
    n = len(parsed.text)
    for cap in parsed.captions:
        start, end = cap.span
        assert 0 <= start <= end <= n
        for key, (s, e) in cap.field_spans.items():
            assert 0 <= s <= e <= n, key
        for person in cap.photographers:
            if person.span:
                assert parsed.text[person.span[0]:person.span[1]].strip(), person


def _docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p, quote=False)}</w:t></w:r>"
                   "</w:p>" for p in paragraphs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml",
                    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
                    'openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body
                    + "</w:body></w:document>")
    return buf.getvalue()


def _html(paragraphs: list[str], tags: list[str]) -> bytes:
    inner = "".join(f"<{t}>{escape(p)}</{t}>" for p, t in zip(paragraphs, tags * 8, strict=False))
    return f"<html><head><title>t</title></head><body><article>{inner}</article></body></html>"\
        .encode()


def _document_roundtrip(kind: str, paragraphs: list[str], tags: list[str], encoding: str):
    try:
        if kind == "docx":
            data, name = _docx(paragraphs), "a.docx"
        elif kind == "html":
            data, name = _html(paragraphs, tags), "a.html"
        else:
            data, name = "\n\n".join(paragraphs).encode(encoding, "ignore"), "a.txt"
        text = read_article_bytes(data, name)
    except InputError:
        return
    _check(parse_article(text))


DOC = dict(kind=st.sampled_from(["txt", "html", "docx"]), paragraphs=PARAGRAPHS,
           tags=st.lists(st.sampled_from(["p", "div", "span", "figcaption", "b", "li"]),
                         min_size=1, max_size=4),
           encoding=st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"]))


@_fuzz(120)
@given(**DOC)
def test_parse_documents(kind, paragraphs, tags, encoding):
    _document_roundtrip(kind, paragraphs, tags, encoding)


@pytest.mark.slow
@_fuzz(3000)
@given(**DOC)
def test_parse_documents_long(kind, paragraphs, tags, encoding):
    _document_roundtrip(kind, paragraphs, tags, encoding)


# -- the embedded-metadata reader on mutated JPEGs -------------------------------------------

class _Jpeg(bytes):
    def __repr__(self) -> str:  # hypothesis prints fixtures with failures
        return f"<jpeg {len(self)} bytes>"


@pytest.fixture(scope="module")
def rich_jpeg(tmp_path_factory) -> _Jpeg:
    path = make_jpeg(
        tmp_path_factory.mktemp("rich") / "rich.jpg", (64, 48),
        exif={"Exif.Image.Artist": "Li Yuheng", "Exif.Photo.DateTimeOriginal":
              "2024:04:23 10:00:00", "Exif.Image.ImageDescription": "desc"},
        iptc={"Iptc.Application2.Caption": "市民参观无人机展览", "Iptc.Application2.Byline":
              ["李雨恒", "徐涛"], "Iptc.Application2.Keywords": ["春", "重庆"],
              "Iptc.Application2.City": "重庆"},
        xmp={"Xmp.dc.title": {"x-default": "山城春日"}, "Xmp.dc.creator": ["李雨恒"],
             "Xmp.photoshop.Headline": "标题"})
    return _Jpeg(path.read_bytes())


def _scan_start(data: bytes) -> int:
    at = data.find(b"\xff\xda")
    return at if at > 0 else len(data)


def _read_mutated(data: bytes, pokes: list[tuple[int, int]], cut: int | None) -> None:
    header = _scan_start(data)
    out = bytearray(data)
    for offset, value in pokes:
        out[2 + offset % max(1, header - 2)] = value  # inside the metadata segments
    if cut is not None:
        del out[cut % len(out):]
    folder = Path(tempfile.mkdtemp(prefix="meta-fuzz-"))
    try:
        path = folder / "mutated.jpg"
        path.write_bytes(bytes(out))
        try:
            meta = read_embedded(path)
        except InputError as exc:
            assert "\n" not in str(exc)
            return
        assert isinstance(meta.fields, dict) and isinstance(meta.warnings, list)
        for key, value in meta.fields.items():
            assert value is None or isinstance(value, str | list | int | float), key
    finally:
        shutil.rmtree(folder)


MUTATION = dict(pokes=st.lists(st.tuples(st.integers(0, 10**5), st.integers(0, 255)),
                               min_size=1, max_size=16),
                cut=st.one_of(st.none(), st.integers(0, 10**5)))


@_fuzz(150)
@given(**MUTATION)
def test_read_mutated_jpeg(rich_jpeg, pokes, cut):
    _read_mutated(rich_jpeg, pokes, cut)


@pytest.mark.slow
@_fuzz(5000)
@given(**MUTATION)
def test_read_mutated_jpeg_long(rich_jpeg, pokes, cut):
    _read_mutated(rich_jpeg, pokes, cut)
