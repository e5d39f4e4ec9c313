"""Bytes -> text: an article file as plain text with ``\\n`` line ends.

Plain text is decoded in this order: BOM, strict UTF-8, GB18030 (what Chinese newsroom
Windows machines write), then charset-normalizer. ``.docx`` and ``.html`` are reduced to
their paragraphs, one paragraph per block separated by a blank line, so that the caption
finder sees the same layout as in a text file; so is a ``.pdf``'s text layer (`pdf`).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from pathlib import Path

from caption_studio.core.errors import InputError

MAX_ARTICLE_BYTES = 64 * 1024 * 1024
# .docx is a zip: refuse archives whose parts would inflate past this (zip bombs).
MAX_DOCX_UNPACKED = 64 * 1024 * 1024
MAX_DOCX_RATIO = 200
MAX_DOCX_MEMBERS = 2000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in an article (everything below space except tab,
# newline, CR, form feed, plus DEL).
_BINARY_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LINE_ENDS_RE = re.compile(r"\r\n?|[\x0c\x85\u2028\u2029]")


def read_article_file(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p} is a folder, not an article file")
    if p.exists() and not p.is_file():
        # a FIFO or device: reading would block forever or never end
        raise InputError(f"{p.name} is not a regular file, not an article")
    try:
        size = p.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(f"{p.name} is too large for an article ({size // 1_000_000} MB)")
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"no such file: {p}") from exc
    except PermissionError as exc:
        raise InputError(f"cannot read {p}: permission denied") from exc
    except OSError as exc:  # a symlink loop, a name too long, an I/O error
        raise InputError(f"cannot read {p.name}: {exc.strerror or exc}") from exc
    return read_article_bytes(data, p.name)


def read_article_bytes(data: bytes, filename: str = "") -> str:
    name = filename.lower()
    label = filename or "the article"
    if not data.strip():
        raise InputError(f"{label} is empty")
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(f"{label} is too large for an article")
    if name.endswith(".docx") or (data[:4] == b"PK\x03\x04" and not name.endswith((".txt", ".md"))):
        text = _docx_text(data, label)
    elif name.endswith(".pdf") or data[:5] == b"%PDF-":
        from caption_studio.core.article.pdf import pdf_text  # pdfminer: only for PDFs

        text = pdf_text(data, label)
    elif name.endswith((".html", ".htm", ".xhtml")) or _looks_like_html(data):
        text = _html_text(data, label)
    elif name.endswith((".doc", ".rtf", ".odt")):
        raise InputError(f"{label}: this file type is not supported; save it as .docx, .pdf, .txt or .html")
    else:
        text = _decode_text(data, label)
    text = _LINE_ENDS_RE.sub("\n", text).replace("\ufeff", "")
    if not text.strip():
        raise InputError(f"{label} contains no text")
    return text


# --- plain text -------------------------------------------------------------------------

def _decode_text(data: bytes, label: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(encoding), label)
            except UnicodeDecodeError as exc:
                raise InputError(f"{label} is not valid {encoding} text despite its byte-order mark") from exc
    if b"\x00" in data:  # no text encoding but UTF-16/32 has NUL bytes
        utf16 = _guess_utf16(data)
        if utf16:
            return _check_text(utf16, label)
        raise InputError(f"{label} looks like a binary file, not an article")
    try:
        return _check_text(data.decode("utf-8"), label)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_chinese(text):
        return _check_text(text, label)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{label} looks like a binary file, not an article")
    return _check_text(str(best), label)


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NULs in every other byte."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) / 2
    for encoding, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros > half * 0.3 and len(data) % 2 == 0:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only when the result reads as
    Chinese: mostly common Han characters, CJK punctuation and ASCII."""
    if not text:
        return False
    good = sum(
        1 for ch in text
        if ch.isascii() or "\u4e00" <= ch <= "\u9fa5" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
        or ch in "“”‘’—…·"
    )
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fa5")
    return han > 0 and good / len(text) > 0.97


def _check_text(text: str, label: str) -> str:
    sample = text[:65536]
    if sample and len(_BINARY_CHARS_RE.findall(sample)) > max(2, len(sample) // 200):
        raise InputError(f"{label} looks like a binary file, not an article")
    return _BINARY_CHARS_RE.sub("", text)


# --- docx -------------------------------------------------------------------------------

def _docx_text(data: bytes, label: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"{label} is not a valid .docx file") from exc
    if len(infos) > MAX_DOCX_MEMBERS:
        raise InputError(f"{label}: refusing a .docx with {len(infos)} parts")
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_DOCX_UNPACKED or total / packed > MAX_DOCX_RATIO:
        raise InputError(f"{label}: refusing a .docx that inflates to {total // 1_000_000} MB (zip bomb?)")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise InputError(f"{label} is not a valid .docx file (no word/document.xml)")

    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    # python-docx parses with lxml; check every XML part first with defusedxml, which refuses
    # DTDs, entity declarations and external references (billion laughs, XXE).
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            try:
                safe_et.fromstring(_read_member(archive, info, label))
            except DefusedXmlException as exc:
                raise InputError(f"{label}: refusing a .docx with unsafe XML ({info.filename})") from exc
            except Exception as exc:  # ParseError and friends from a broken part
                raise InputError(f"{label} is not a valid .docx file ({info.filename})") from exc

    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise InputError(f"{label} is not a valid .docx file") from exc

    blocks: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            blocks.append(_docx_paragraph(element, qn))
        elif element.tag == qn("w:tbl"):
            for para in element.iter(qn("w:p")):
                blocks.append(_docx_paragraph(para, qn))
    return "\n\n".join(b for b in (b.strip() for b in blocks) if b) + "\n"


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    with archive.open(info) as fh:
        data = fh.read(MAX_DOCX_UNPACKED + 1)
    if len(data) > MAX_DOCX_UNPACKED:
        raise InputError(f"{label}: refusing an oversize .docx part ({info.filename})")
    return data


def _docx_paragraph(element, qn) -> str:  # noqa: ANN001 - lxml element
    parts: list[str] = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


# --- html -------------------------------------------------------------------------------

_HTML_SNIFF_RE = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<article)", re.IGNORECASE)
_CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                "iframe", "svg", "template", "button", "select", "menu")
_CHROME_HINT_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|header|sidebar|breadcrumb|share|social|comment|"
    r"related|recommend|advert|ad|ads|banner|copyright|login|subscribe)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BODY_HINT_RE = re.compile(r"article|content|story|main|body|text|detail|正文", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tr", "td",
               "th", "blockquote", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
               "pre", "dd", "dt", "dl", "address", "center"}


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip(codecs.BOM_UTF8)
    return bool(_HTML_SNIFF_RE.match(head))


# Real pages nest a few dozen levels; thousands is hostile: the parser slows quadratically
# and the tree walk would exceed Python's recursion limit.
MAX_HTML_DEPTH = 400
_TAG_RE = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID_TAGS = {b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link",
              b"meta", b"param", b"source", b"track", b"wbr", b"p", b"li", b"td", b"tr",
              b"option", b"dt", b"dd"}


def _html_depth_ok(data: bytes) -> bool:
    depth = 0
    for m in _TAG_RE.finditer(data):
        if m.group(3) or m.group(2).lower() in _VOID_TAGS:
            continue  # self-closing, void, or often left unclosed
        depth += -1 if m.group(1) else 1
        if depth > MAX_HTML_DEPTH:
            return False
    return True


def _html_text(data: bytes, label: str = "the article") -> str:
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    if not _html_depth_ok(data):
        raise InputError(f"{label} nests tags more than {MAX_HTML_DEPTH} levels deep; "
                         "save the article as .txt or .docx")
    soup = BeautifulSoup(data, "html.parser")
    # The headline often sits in the article's <header>, which goes with the page chrome.
    scope = soup.find("article") or soup
    title_tag = scope.find("h1") or soup.find("h1")
    headline = title_tag.get_text(" ", strip=True) if title_tag else ""
    if not headline and soup.title:
        headline = soup.title.get_text(" ", strip=True)
    for tag in soup(_CHROME_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        hints = " ".join([tag.get("id") or "", *(tag.get("class") or []), tag.get("role") or ""])
        if hints.strip() and _CHROME_HINT_RE.search(hints) and not _BODY_HINT_RE.search(tag.get("id") or ""):
            tag.decompose()

    body = soup.find("article") or soup.find("main") or _densest_block(soup) or soup.body or soup

    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = "".join(current).strip()
        if line:
            blocks.append(line)
        current.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                current.append(re.sub(r"\s+", " ", str(child)))
            elif isinstance(child, Tag):
                if child.name == "br":
                    current.append("\n")
                elif child.name in _BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(body)
    flush()
    blocks = [re.sub(r" *\n *", "\n", b) for b in blocks]
    if headline and (not blocks or blocks[0] != headline):
        if headline in blocks:
            blocks.remove(headline)
        blocks.insert(0, headline)
    return "\n\n".join(blocks) + "\n"


def _densest_block(soup):  # noqa: ANN001, ANN202 - bs4 objects
    """The element holding the most paragraph text, for pages without <article>."""
    best, best_len = None, 0
    for tag in soup.find_all(["div", "section", "td"]):
        length = sum(len(p.get_text(strip=True)) for p in tag.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = tag, length
    return best
