"""The fidelity check on a generated file: a JPEG whose maker note (an IFD of an unknown
maker, its value at an offset from the TIFF header, as most cameras write them) must come
through write-back unchanged, and a writer that damages it must be refused."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image

from caption_studio.core.media import fidelity, writeback
from caption_studio.core.media.exiftool_session import Session
from caption_studio.core.media.writeback import embed_metadata
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields
from tests.helpers import add_photo_rows

SERIAL = b"SERIAL0123456789"
SERIAL_TAG = "MakerUnknown:Unknown_0x0001"


def makernote_jpeg(path: Path) -> Path:
    """One maker-note entry whose 16-byte value lies outside the note, addressed from the
    TIFF header: moving the note without fixing that offset points it at other bytes."""
    blob = (struct.pack("<H", 1) + struct.pack("<HHII", 1, 2, 16, 0xDEADBEEF)
            + struct.pack("<I", 0) + SERIAL)
    exif = Image.Exif()
    exif[0x010F] = "Acme"
    exif[0x0110] = "Acme One"
    exif.get_ifd(0x8769)[0x927C] = blob
    tiff = exif.tobytes()[6:]
    start = tiff.index(blob)
    tiff = tiff.replace(struct.pack("<I", 0xDEADBEEF), struct.pack("<I", start + 18), 1)
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 30, 200)).save(buf, "JPEG", exif=b"Exif\0\0" + tiff)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return path


def _photo(tmp_path: Path) -> tuple[Project, int, Path]:
    project = Project.create(tmp_path / "desk.capstudio")
    path = makernote_jpeg(project.folder / "photos" / "a.jpg")
    (pid,) = add_photo_rows(project, ["a.jpg"])
    set_fields(project, [pid], {"description": "市民在中央公园赏花", "creator": ["李雨恒"],
                                "city": "重庆", "headline": "春到山城"})
    return project, pid, path


def test_the_maker_note_survives_write_back(tmp_path: Path) -> None:
    project, _pid, path = _photo(tmp_path)
    with Session() as et:
        before = et.tags(path)
        assert before[SERIAL_TAG] == SERIAL.decode()
        with project:
            summary = embed_metadata(project, in_place=True)
        assert summary.skipped == [] and summary.written == [str(path)]
        after = et.tags(path, "UTF8")
    assert after[SERIAL_TAG] == SERIAL.decode()
    assert after["IFD0:Artist"] == "李雨恒" and after["IPTC:City"] == "重庆"
    assert fidelity.differences(before, after, {"IFD0:Artist", "IFD0:ImageDescription"}
                                | {k for k in after if k.startswith(("IPTC", "XMP", "Photo"))}
                                | {"File:CurrentIPTCDigest"}) == []


def test_a_writer_that_damages_the_maker_note_is_refused(tmp_path: Path, monkeypatch) -> None:
    project, _pid, path = _photo(tmp_path)
    original = path.read_bytes()
    real_write = Session.write

    def damaging_write(self: Session, target: Path, args: list[str], source=None) -> list[str]:
        warnings = real_write(self, target, args, source)
        data = Path(target).read_bytes()  # what a writer that moves the note blindly does
        Path(target).write_bytes(data.replace(SERIAL, b"SERIAL?????????\0"))
        return warnings

    monkeypatch.setattr(writeback.Session, "write", damaging_write)
    with project:
        summary = embed_metadata(project, in_place=True)
    assert summary.written == []
    (reason,) = [r for _p, r in summary.skipped]
    assert SERIAL_TAG in reason and "not saved" in reason
    assert path.read_bytes() == original
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.jpg"]


def test_a_simple_webp_gets_its_xmp(tmp_path: Path) -> None:
    """A camera-less WebP (VP8 or VP8L, no VP8X header): adding XMP makes it an extended
    WebP with the XMP bit set, which is the only container change allowed."""
    project = Project.create(tmp_path / "desk.capstudio")
    folder = project.folder / "photos"
    folder.mkdir()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(folder / "lossy.webp", "WEBP")
    Image.new("RGBA", (40, 30), (10, 120, 60, 128)).save(folder / "alpha.webp", "WEBP",
                                                         lossless=True)
    ids = add_photo_rows(project, ["lossy.webp", "alpha.webp"])
    set_fields(project, ids, {"description": "江边的清晨", "city": "宜宾"})
    with Session() as et:
        before = {p.name: et.tags(p) for p in folder.iterdir()}
        assert before["lossy.webp"]["File:FileType"] == "WEBP"
        with project:
            summary = embed_metadata(project, in_place=True)
        assert summary.skipped == []
        for name, old in before.items():
            after = et.tags(folder / name, "UTF8")
            assert after["XMP-photoshop:City"] == "宜宾", name
            assert after["File:FileType"] == "Extended WEBP", name
            assert after["RIFF:WebP_Flags"] & 4, name
            managed = {k for k in after if k.startswith("XMP")}
            assert fidelity.differences(old, after, managed) == [], name


def test_the_webp_header_may_only_gain_the_xmp_bit() -> None:
    flags = {"File:FileType": "Extended WEBP", "RIFF:WebP_Flags": 40}
    assert fidelity.differences(flags, {**flags, "RIFF:WebP_Flags": 44}, set()) == []
    assert fidelity.differences(flags, {**flags, "RIFF:WebP_Flags": 56}, set()) != []
    assert fidelity.differences({"File:FileType": "JPEG"}, {"File:FileType": "Extended WEBP"},
                                set()) != []


def test_a_strip_offset_list_shown_as_binary_may_move() -> None:
    before = {"IFD0:StripOffsets": "(Binary data 6683 bytes, use -b option to extract)"}
    after = {"IFD0:StripOffsets": "(Binary data 6682 bytes, use -b option to extract)"}
    assert fidelity.differences(before, after, set()) == []
    assert fidelity.differences({"IFD0:Model": "(Binary data 3 bytes)"},
                                {"IFD0:Model": "(Binary data 4 bytes)"}, set()) != []
