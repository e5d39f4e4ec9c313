"""IPTC IIM text: which character set a file's datasets are in, and decoding them.

IIM declares its charset in 1:90 CodedCharacterSet with an ISO 2022 escape sequence; most
newsroom files today carry ESC % G (UTF-8). Files without it come from older tools: they are
tried as UTF-8, then as GB18030 (Chinese desks' legacy encoding) when the bytes look like
Chinese, then as Windows-1252 or MacRoman (decided by where the accented bytes stand),
and finally as Latin-1, which never fails. The charset is decided once
per file from all its text, as Photini does, because one short value alone says too little.
"""

from __future__ import annotations

from collections.abc import Iterable

UTF8_ESCAPE = b"\x1b%G"

# ISO 2022 escape sequences seen in IIM 1:90 (after ESC), as in Photini's table.
_ESCAPES: dict[bytes, str] = {
    b"%G": "utf-8",
    b"%/L": "utf-16-be",
    b"%/F": "utf-32-be",
    b"-A": "latin-1",
    b"-B": "iso8859-2",
    b"-C": "iso8859-3",
    b"-D": "iso8859-4",
    b"-@": "iso8859-5",
    b"-F": "iso8859-7",
    b"-G": "iso8859-6",
    b"-H": "iso8859-8",
    b"(B": "ascii",
    b"(N": "koi8-r",
    b"$B": "euc-jp",
    b"$(B": "euc-jp",
    b"$A": "gb2312",
    b"$)A": "gb2312",
}


def declared_charset(coded_character_set: bytes | None) -> str | None:
    """The Python codec named by a 1:90 value, or None when absent or not understood."""
    if not coded_character_set or coded_character_set[:1] != b"\x1b":
        return None
    return _ESCAPES.get(bytes(coded_character_set[1:]).rstrip(b"\x00"))


def _looks_like_gb(raw: bytes) -> bool:
    """True when the non-ASCII bytes pair up as GB2312 hanzi (both bytes in A1-FE).

    GB18030 decodes almost any byte string, so a successful decode proves nothing: Latin-1
    words like "Zürich" decode to rare ideographs. Real Chinese text is nearly all in the
    GB2312 block, where lead and trail bytes are both high; Latin-1 accents are followed by
    ASCII letters."""
    pairs = good = 0
    i = 0
    n = len(raw)
    while i < n:
        b = raw[i]
        if b < 0x80:
            i += 1
            continue
        if i + 1 >= n:
            return False
        pairs += 1
        trail = raw[i + 1]
        if 0xA1 <= b <= 0xF7 and 0xA1 <= trail <= 0xFE:
            good += 1
            i += 2
        elif 0x81 <= b <= 0xFE and 0x30 <= trail <= 0x39:  # GB18030 four-byte form
            i += 4
        else:
            i += 2
    return pairs > 0 and good / pairs >= 0.8


def guess_charset(values: Iterable[bytes]) -> str:
    """The charset of undeclared IIM text, decided from all of a file's text values."""
    joined = b"\n".join(v for v in values if v)
    if not joined or joined.isascii():
        return "utf-8"
    try:
        joined.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_like_gb(joined):
        try:
            joined.decode("gb18030")
            return "gb18030"
        except UnicodeDecodeError:
            pass
    mac, windows = _mac_roman_evidence(joined)
    try:
        joined.decode("cp1252")
    except UnicodeDecodeError:
        return "mac_roman" if mac else "latin-1"
    return "mac_roman" if mac > windows else "cp1252"


def _is_letter(byte: int) -> bool:
    return 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A


def _mac_roman_evidence(raw: bytes) -> tuple[int, int]:
    """(MacRoman, Windows-1252) evidence in undeclared 8-bit text. Old Mac tools wrote
    MacRoman, whose accented letters (ü is 0x9F) lie where Windows-1252 has punctuation and
    rare capitals (`Trübiger` reads `TrŸbiger`). A byte 0x80-0x9F inside a word is a MacRoman
    letter; one beside a space or a quote is Windows-1252 punctuation (“ ” – — …), and a
    byte 0xC0-0xFF inside a word is a Windows-1252 letter (`Zürich`)."""
    mac = windows = 0
    for i in range(len(raw)):
        byte = raw[i]
        if byte < 0x80:
            continue
        inside = 0 < i < len(raw) - 1 and _is_letter(raw[i - 1]) and _is_letter(raw[i + 1])
        if byte <= 0x9F:
            if inside:
                mac += 1
            else:
                windows += 1
        elif byte >= 0xC0 and inside:
            windows += 1
    return mac, windows


def decode(raw: bytes, charset: str) -> tuple[str, bool]:
    """Decode one value; returns (text, clean). Never raises: bytes the charset cannot decode
    are replaced, and `clean` is False so the caller can warn."""
    raw = bytes(raw).split(b"\x00", 1)[0] if charset not in ("utf-16-be", "utf-32-be") else raw
    try:
        return raw.decode(charset), True
    except (UnicodeDecodeError, LookupError):
        return raw.decode("utf-8" if charset != "utf-8" else "latin-1", errors="replace"), False


def truncate_utf8(text: str, max_bytes: int) -> str:
    """The longest prefix of text whose UTF-8 form fits max_bytes (never half a character)."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", errors="ignore")
