"""The credit that fits IIM Credit (2:110, 32 bytes) when the printed credit line does not.

IPTC defines the Credit Line as "the credit to person(s) and/or organisation(s) required by
the supplier of the image to be used when published": the printed line, kept whole in XMP
(photoshop:Credit). The legacy IIM dataset has room for 32 bytes, 10 Chinese characters.
Agencies put the provider there, not a sentence (AP: `AP`, Reuters: `REUTERS`, Xinhua:
`新华社`) and the photographer in By-line, so a short form loses nothing a reader of IIM
expects. Cutting the printed line at byte 32 does: `记者 李雨恒 摄/视觉重` names an agency that
does not exist. So IIM gets the first of these that fits, and is never cut inside a word:

1. the printed line itself;
2. `name/agency`: the line without its role words (`记者`, `摄`, `Photo by`), its parts kept
   (`记者 李雨恒 摄/视觉重庆` -> `李雨恒/视觉重庆`);
3. the agency alone (the last part that names a known agency, or the part after the slash);
4. the photographer's name alone;
5. as many whole words of the line as fit; nothing when not even the first does.
"""

from __future__ import annotations

import re

from caption_studio.core.credit_terms import STAFF_ROLES, find_agency

IIM_CREDIT_BYTES = 32
_PARTS = re.compile(r"\s*[/／|｜]\s*")
_ROLE_WORDS = frozenset({*STAFF_ROLES, "本报记者", "本刊记者", "特约记者", "通讯员", "特约摄影",
                         "摄", "摄影", "图", "图片", "供图", "文/图", "photo", "photos", "by",
                         "photo by", "photograph", "photographer"})
_ROLE_SUFFIXES = ("记者", "通讯员", "摄影师")  # 新华社记者 -> the agency 新华社
_TRAILING = ("摄影", "摄", "供图")


def _fits(text: str, limit: int) -> bool:
    return bool(text) and len(text.encode("utf-8")) <= limit


def _core(part: str) -> list[str]:
    """The words of one part of a credit line that are names: role words dropped."""
    words: list[str] = []
    for word in part.replace("：", " ").replace(":", " ").split():
        folded = word.casefold()
        if folded in _ROLE_WORDS:
            continue
        for suffix in _ROLE_SUFFIXES:
            if word.endswith(suffix) and find_agency(word.removesuffix(suffix)):
                word = word.removesuffix(suffix)
        words.append(word)
    if words:
        for tail in _TRAILING:  # `李雨恒摄`: the role glued to the name
            if words[-1].endswith(tail) and len(words[-1]) > len(tail) + 1:
                words[-1] = words[-1].removesuffix(tail)
    return words


def iim_credit(line: str, limit: int = IIM_CREDIT_BYTES) -> str:
    """The form of the printed credit line that goes into IIM Credit (see the module)."""
    line = line.strip()
    if _fits(line, limit) or not line:
        return line
    split = [words for words in map(_core, _PARTS.split(line)) if words]
    agencies: list[str] = []
    names: list[str] = []
    for words in split:
        lead = _agency_lead(words)
        if lead:
            agencies.append(" ".join(words[:lead]))
        if words[lead:]:
            names.append(" ".join(words[lead:]))
    if not agencies and len(split) > 1:  # `name/The Daily`: the part after the slash
        agencies.append(names.pop())
    agency = agencies[-1] if agencies else ""
    joined = "/".join(" ".join(words) for words in split)
    for candidate in (joined, "/".join(filter(None, (names[0] if names else "", agency))),
                      agency, names[0] if names else ""):
        if _fits(candidate, limit):
            return candidate
    return _whole_words(line, limit)


def _agency_lead(words: list[str]) -> int:
    """How many of the first words name a known agency (`新华社`, `Xinhua News Agency`): 0
    when they do not."""
    for n in range(len(words), 0, -1):
        agency = find_agency(" ".join(words[:n]))
        if agency is not None and " ".join(words[:n]).casefold() in {
                k.casefold() for k in (agency.name, agency.english, *agency.aliases)}:
            return n
    return 0


def _whole_words(line: str, limit: int) -> str:
    """The longest run of the line's first words (and parts) that fits; never half a word."""
    best = ""
    for match in re.finditer(r"[\s/／|｜]+|$", line):
        head = line[:match.start()].strip()
        if not _fits(head, limit):
            break
        best = head
    return best
