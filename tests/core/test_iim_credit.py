"""The IIM Credit form of a long printed credit line: fits 32 bytes, never cuts a name."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from PIL import Image

from caption_studio.core.media.exiftool_session import Session
from caption_studio.core.media.iim_credit import iim_credit
from caption_studio.core.media.metadata import read_embedded
from caption_studio.core.media.writeback import embed_metadata
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields
from tests.helpers import add_photo_rows

NAMES = ["李雨恒", "欧阳晨曦", "司马相如", "周文静", "Mark Lennihan", "Ouyang Chenxi", "王鹏"]
AGENCIES = ["视觉重庆", "新华社", "视觉中国", "Xinhua News Agency", "The Associated Press", "CFP"]
ROLES = ["记者 {n} 摄", "本报记者 {n} 摄", "{n}", "Photo by {n}", "特约记者 {n} 摄", "见习记者 {n}摄"]


def test_the_printed_line_goes_in_whole_when_it_fits() -> None:
    assert iim_credit("记者 李雨恒 摄") == "记者 李雨恒 摄"
    assert iim_credit("AP Photo/Mark Lennihan") == "AP Photo/Mark Lennihan"


def test_a_long_line_becomes_name_and_agency_then_the_agency() -> None:
    assert iim_credit("记者 李雨恒 摄/视觉重庆") == "李雨恒/视觉重庆"  # 37 bytes printed
    assert iim_credit("新华社记者 欧阳晨曦 司马相如 摄") == "新华社"
    assert iim_credit("视觉重庆 记者 李雨恒 周文静 欧阳晨曦 摄") == "视觉重庆"
    assert iim_credit("Photo by Mark Lennihan-Whitestone/The Associated Press") == \
        "The Associated Press"


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[\s/]+", text) if w}


def test_no_iim_credit_is_ever_cut_inside_a_name_or_an_agency() -> None:
    lines = []
    for role, agency in itertools.product(ROLES, AGENCIES):
        for a, b in itertools.permutations(NAMES, 2):
            lines += [role.format(n=a) + "/" + agency, agency + " " + role.format(n=f"{a} {b}"),
                      role.format(n=f"{a} {b}") + "/" + agency]
    whole = set()
    for text in NAMES + AGENCIES:
        whole |= _words(text)
    for line in lines:
        short = iim_credit(line)
        assert len(short.encode("utf-8")) <= 32, line
        role_words = _words(line) - whole
        for word in _words(short):
            # every word is a whole name or agency word of the line, or one of its role words
            assert word in whole or word in role_words, (line, short)
        assert short, line


def test_the_short_form_goes_into_iim_and_the_printed_line_into_xmp(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "desk.capstudio")
    folder = project.folder / "photos"
    folder.mkdir()
    Image.new("RGB", (32, 24), (200, 80, 20)).save(folder / "a.jpg", "JPEG")
    (pid,) = add_photo_rows(project, ["a.jpg"])
    printed = "记者 李雨恒 摄/视觉重庆"
    set_fields(project, [pid], {"credit_line": printed})
    with project:
        summary = embed_metadata(project, in_place=True)
    assert summary.skipped == []
    with Session() as et:
        tags = et.tags(folder / "a.jpg", "UTF8")
    assert tags["IPTC:Credit"] == "李雨恒/视觉重庆"
    assert tags["XMP-photoshop:Credit"] == printed
    read = read_embedded(folder / "a.jpg")
    assert read.fields["credit_line"] == printed and "credit_line" not in read.conflicts
