"""IIM as old and broken tools leave it: damaged blocks, a second Photoshop block, MacRoman
text without a character set. Read as exiftool reads it: what is sound, with a warning."""

from __future__ import annotations

import struct
from pathlib import Path

from caption_studio.core.media.exiftool_session import Session
from caption_studio.core.media.iim_read import walk
from caption_studio.core.media.metadata import read_embedded
from caption_studio.core.media.writeback import embed_metadata
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields
from tests.bad_files import jpeg_bytes
from tests.helpers import add_photo_rows

UTF8 = b"\x1c\x01\x5a\x00\x03\x1b%G"


def dataset(record: int, number: int, value: bytes, size: int | None = None) -> bytes:
    return b"\x1c" + bytes([record, number]) + struct.pack(
        ">H", len(value) if size is None else size) + value


def app13(iim: bytes) -> bytes:
    if len(iim) % 2:
        iim += b"\x00"
    irb = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    payload = b"Photoshop 3.0\x00" + irb
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_blocks(path: Path, *blocks: bytes) -> Path:
    data = jpeg_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[:2] + b"".join(app13(b) for b in blocks) + data[2:])
    return path


def test_a_dataset_running_past_its_block_keeps_the_sound_ones(tmp_path: Path) -> None:
    # exiv2 drops the whole block here; exiftool keeps the datasets before the damage
    path = jpeg_with_blocks(tmp_path / "cut.jpg", UTF8 + dataset(2, 25, "春天".encode())
                            + dataset(2, 80, "李雨恒".encode())
                            + dataset(2, 120, b"a caption that is cut", size=200))
    read = read_embedded(path)
    assert read.fields["keywords"] == ["春天"] and read.fields["creator"] == ["李雨恒"]
    assert "description" not in read.fields
    assert any("IPTC block is damaged (dataset 2:120 runs past" in w for w in read.warnings)


def test_nothing_after_a_bad_marker_is_taken_for_data(tmp_path: Path) -> None:
    # a broken 1:90 (its length says 1) leaves `%G` where the next marker should be; exiv2
    # skips ahead to the next 0x1C byte and reads on from there
    path = jpeg_with_blocks(tmp_path / "bad190.jpg", dataset(1, 90, b"\x1b", size=1) + b"%G"
                            + dataset(2, 25, b"Size") + dataset(2, 80, b"Jens"))
    read = read_embedded(path)
    assert "keywords" not in read.fields and "creator" not in read.fields
    assert any("a bad tag marker at byte 6" in w for w in read.warnings)
    with Session() as et:  # the independent reader agrees
        assert "IPTC:Keywords" not in et.tags(path)


def test_walk_reads_strictly() -> None:
    block = UTF8 + dataset(2, 25, b"Spring") + b"\x00\x13junk" + dataset(2, 25, b"Park")
    datasets, damage = walk(block)
    assert [(r, d, v) for r, d, v in datasets] == [(1, 90, b"\x1b%G"), (2, 25, b"Spring")]
    assert damage == "a bad tag marker at byte 19"
    assert walk(UTF8 + dataset(2, 25, b"Park") + b"\x00") == (
        [(1, 90, b"\x1b%G"), (2, 25, b"Park")], None)  # padding is no damage
    extended = b"\x1c\x02\x78\x80\x04" + struct.pack(">I", 3) + b"abc"
    assert walk(extended) == ([(2, 120, b"abc")], None)


def _two_blocks(path: Path) -> Path:
    return jpeg_with_blocks(path, UTF8 + dataset(2, 80, "李雨恒".encode()) + dataset(2, 25, b"first"),
                            UTF8 + dataset(2, 110, "旧的来源".encode()) + dataset(2, 90, "重庆".encode())
                            + dataset(2, 80, "别人".encode()))


def test_a_second_photoshop_block_is_read(tmp_path: Path) -> None:
    read = read_embedded(_two_blocks(tmp_path / "two.jpg"))
    assert read.fields["credit_line"] == "旧的来源" and read.fields["city"] == "重庆"
    assert read.fields["creator"] == ["李雨恒"]  # the first block's value wins
    with Session() as et:
        tags = et.tags(tmp_path / "two.jpg", "UTF8")
    assert tags["IPTC2:Credit"] == "旧的来源" and tags["IPTC2:City"] == "重庆"


def test_writing_leaves_no_stale_copy_in_the_second_block(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "desk.capstudio")
    path = _two_blocks(project.folder / "photos" / "two.jpg")
    (pid,) = add_photo_rows(project, ["two.jpg"])
    set_fields(project, [pid], {"credit_line": "视觉重庆", "city": "贵阳", "creator": ["周文静"]})
    with project:
        summary = embed_metadata(project, in_place=True)
    assert summary.skipped == [], summary.skipped
    with Session() as et:
        tags = et.tags(path, "UTF8")
    for tag, want in (("Credit", "视觉重庆"), ("City", "贵阳"), ("By-line", "周文静")):
        assert tags[f"IPTC:{tag}"] == want
        assert tags.get(f"IPTC2:{tag}", want) == want, tag  # no stale second copy
    read = read_embedded(path)
    assert read.fields["credit_line"] == "视觉重庆" and read.fields["city"] == "贵阳"


def test_macroman_without_a_character_set(tmp_path: Path) -> None:
    path = jpeg_with_blocks(tmp_path / "mac.jpg", dataset(2, 80, "Jens Trübiger".encode("mac_roman"))
                            + dataset(2, 90, "Zürich".encode("mac_roman")))
    read = read_embedded(path)
    assert read.fields["creator"] == ["Jens Trübiger"] and read.fields["city"] == "Zürich"
    assert "IPTC text has no character set; read as MAC_ROMAN" in read.warnings
    windows = jpeg_with_blocks(tmp_path / "win.jpg", dataset(2, 80, "Jens Trübiger".encode("cp1252")))
    assert read_embedded(windows).fields["creator"] == ["Jens Trübiger"]


def test_macroman_text_survives_write_back(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "desk.capstudio")
    path = jpeg_with_blocks(project.folder / "photos" / "mac.jpg",
                            dataset(2, 80, "Jens Trübiger".encode("mac_roman")))
    (pid,) = add_photo_rows(project, ["mac.jpg"])
    set_fields(project, [pid], {"headline": "Frühling"})
    with project:
        assert embed_metadata(project, in_place=True).skipped == []
    with Session() as et:
        tags = et.tags(path, "UTF8")
    assert tags["IPTC:By-line"] == "Jens Trübiger" and tags["IPTC:Headline"] == "Frühling"
