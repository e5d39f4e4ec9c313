from __future__ import annotations

import struct
from pathlib import Path

import pytest

from caption_studio.core.errors import InputError
from caption_studio.core.media.metadata import extract_preview, read_embedded
from caption_studio.core.media.photoshop_irb import (
    digest_state,
    jpeg_photoshop_irb,
    set_jpeg_iptc_digest,
)
from tests.media_builders import make_jpeg, make_png, make_sidecar, make_tiff

CAPTION = "4月18日，市民在重庆渝北区中央公园赏花。本报记者 李雨恒 摄"


def test_utf8_iptc_with_1_90(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", iptc={
        "Iptc.Application2.Caption": CAPTION,
        "Iptc.Application2.Byline": ["李雨恒", "张锦辉"],
        "Iptc.Application2.City": "重庆",
        "Iptc.Application2.Keywords": ["春天", "公园"],
    })
    md = read_embedded(path)
    assert md.fields["description"] == CAPTION
    assert md.fields["creator"] == ["李雨恒", "张锦辉"]
    assert md.fields["keywords"] == ["春天", "公园"]
    assert md.sources["city"] == "IPTC City"
    assert md.sources["creator"] == "IPTC By-line"
    assert (md.width, md.height, md.format) == (64, 48, "image/jpeg")
    assert md.warnings == []


def test_utf8_iptc_without_1_90(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", iptc={"Iptc.Application2.Caption": CAPTION},
                     iptc_charset=None)
    md = read_embedded(path)
    assert md.fields["description"] == CAPTION
    assert md.warnings == []


def test_gb18030_iim_without_1_90(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", iptc_charset="gb18030", iptc={
        "Iptc.Application2.Caption": CAPTION, "Iptc.Application2.Byline": "李雨恒"})
    raw = path.read_bytes()
    assert CAPTION.encode("gb18030") in raw and CAPTION.encode("utf-8") not in raw
    md = read_embedded(path)
    assert md.fields["description"] == CAPTION
    assert md.fields["creator"] == ["李雨恒"]
    assert any("GB18030" in w for w in md.warnings)


def test_latin1_iim_is_not_mistaken_for_chinese(tmp_path: Path) -> None:
    text = "Zürich: Müller scores, café crowd cheers"
    path = make_jpeg(tmp_path / "a.jpg", iptc_charset="latin-1",
                     iptc={"Iptc.Application2.Caption": text})
    assert read_embedded(path).fields["description"] == text


def test_xmp_lists_langalt_and_exif_extras(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", orientation=6, xmp={
        "Xmp.dc.description": {"x-default": CAPTION, "en-GB": "Spring"},
        "Xmp.dc.creator": ["李雨恒"],
        "Xmp.iptcExt.PersonInImage": ["王 五", "赵六"],
        "Xmp.photoshop.Headline": "春到山城",
        "Xmp.xmp.Rating": "4",
    }, exif={"Exif.Image.Make": "Canon", "Exif.Image.Model": "Canon EOS R5",
             "Exif.Photo.DateTimeOriginal": "2024:04:18 09:30:05"})
    md = read_embedded(path)
    assert md.fields["description"] == CAPTION
    assert md.fields["person_in_image"] == ["王 五", "赵六"]
    assert md.fields["rating"] == 4
    assert md.sources["headline"] == "XMP photoshop:Headline"
    assert md.camera == "Canon EOS R5"
    assert md.orientation == 6
    assert md.capture_time == "2024-04-18T09:30:05"
    assert md.fields["date_created"] == "2024-04-18T09:30:05"


def test_gps(tmp_path: Path) -> None:
    import exiv2

    path = make_jpeg(tmp_path / "a.jpg", exif={"Exif.GPSInfo.GPSLatitudeRef": "N",
                                              "Exif.GPSInfo.GPSLongitudeRef": "W"})
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    image.exifData()["Exif.GPSInfo.GPSLatitude"] = exiv2.URationalValue([(29, 1), (33, 1), (0, 1)])
    image.exifData()["Exif.GPSInfo.GPSLongitude"] = exiv2.URationalValue(
        [(106, 1), (30, 1), (36, 1)])
    image.writeMetadata()
    md = read_embedded(path)
    assert md.gps_lat == pytest.approx(29.55)
    assert md.gps_lon == pytest.approx(-106.51)


# -- MWG reconciliation ------------------------------------------------------------------

def _three_way(tmp_path: Path, name: str = "a.jpg") -> Path:
    return make_jpeg(tmp_path / name,
                     exif={"Exif.Image.Artist": "Exif Name"},
                     iptc={"Iptc.Application2.Caption": "IIM caption",
                           "Iptc.Application2.City": "IIM City"},
                     xmp={"Xmp.dc.description": "XMP caption",
                          "Xmp.photoshop.City": "XMP City",
                          "Xmp.dc.creator": ["XMP Name"]})


def test_mwg_no_digest_prefers_xmp_and_exif_wins(tmp_path: Path) -> None:
    md = read_embedded(_three_way(tmp_path))
    assert md.fields["description"] == "XMP caption"
    assert md.fields["city"] == "XMP City"
    assert md.fields["creator"] == ["Exif Name"]
    assert md.sources["creator"] == "EXIF Artist"
    assert md.conflicts["description"] == {"IPTC Caption": "IIM caption",
                                           "XMP dc:description": "XMP caption"}
    assert md.conflicts["creator"]["XMP dc:creator"] == ["XMP Name"]


def test_mwg_matching_digest_prefers_xmp(tmp_path: Path) -> None:
    path = _three_way(tmp_path)
    assert set_jpeg_iptc_digest(path)
    stored, current = digest_state(jpeg_photoshop_irb(path))
    assert stored == current is not None
    assert read_embedded(path).fields["city"] == "XMP City"


def test_mwg_stale_digest_prefers_iim(tmp_path: Path) -> None:
    path = _three_way(tmp_path)
    assert set_jpeg_iptc_digest(path, b"\x01" * 16)
    md = read_embedded(path)
    assert md.fields["city"] == "IIM City"
    assert md.fields["description"] == "IIM caption"
    assert md.sources["city"] == "IPTC City"
    # the pixels are still readable after our APP13 rewrite
    from PIL import Image
    with Image.open(path) as img:
        img.load()


def test_mwg_truncated_iim_recovers_full_xmp_text(tmp_path: Path) -> None:
    full = "重庆" * 20  # 120 UTF-8 bytes, City's IIM limit is 32
    cut = full.encode()[:32].decode("utf-8", "ignore")
    path = make_jpeg(tmp_path / "a.jpg", iptc={"Iptc.Application2.City": cut},
                     xmp={"Xmp.photoshop.City": full})
    set_jpeg_iptc_digest(path, b"\x02" * 16)
    md = read_embedded(path)
    assert md.fields["city"] == full
    assert "city" not in md.conflicts


def test_dates_disagree_warns(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg",
                     exif={"Exif.Photo.DateTimeOriginal": "2024:04:18 09:30:05"},
                     xmp={"Xmp.photoshop.DateCreated": "2023-01-02"})
    md = read_embedded(path)
    assert md.fields["date_created"] == "2024-04-18T09:30:05"
    assert "EXIF and XMP dates disagree" in md.warnings


@pytest.mark.parametrize("text", ["OLYMPUS DIGITAL CAMERA", "SONY DSC", "   ", "DCIM"])
def test_camera_boilerplate_is_not_a_caption(tmp_path: Path, text: str) -> None:
    path = make_jpeg(tmp_path / "a.jpg", exif={"Exif.Image.ImageDescription": text},
                     iptc={"Iptc.Application2.Caption": "Real caption"})
    md = read_embedded(path)
    assert md.fields["description"] == "Real caption"
    assert "description" not in md.conflicts


def test_sidecar_wins_for_raw_and_fills_gaps_otherwise(tmp_path: Path) -> None:
    jpeg = make_jpeg(tmp_path / "a.jpg", xmp={"Xmp.photoshop.City": "Embedded"})
    side = make_sidecar(tmp_path / "a.xmp", {"Xmp.photoshop.City": "Sidecar",
                                             "Xmp.photoshop.Country": "中国"})
    md = read_embedded(jpeg, sidecar_xmp=side)
    assert md.fields["city"] == "Embedded"
    assert md.fields["country"] == "中国"
    assert md.sources["country"] == "XMP sidecar"
    # a DNG is a TIFF to exiv2's parser; what makes it RAW is what it is called
    raw = make_tiff(tmp_path / "b.dng", xmp={"Xmp.photoshop.City": "Embedded"})
    md = read_embedded(raw, sidecar_xmp=side)
    assert md.fields["city"] == "Sidecar"


def test_hostile_sidecar_is_ignored_with_a_warning(tmp_path: Path) -> None:
    jpeg = make_jpeg(tmp_path / "a.jpg")
    bomb = tmp_path / "a.xmp"
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 12))
    bomb.write_text(f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e0 "lol">{entities}]>'
                    '<x:xmpmeta xmlns:x="adobe:ns:meta/">&e11;</x:xmpmeta>')
    md = read_embedded(jpeg, sidecar_xmp=bomb)
    assert any("entities" in w for w in md.warnings)


def test_entity_bomb_in_embedded_xmp_does_not_hang(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg")
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    packet = (f'<!DOCTYPE x [<!ENTITY e0 "lol">{entities}]><x:xmpmeta xmlns:x="adobe:ns:meta/">'
              '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
              ' photoshop:City="&e9;"/></rdf:RDF></x:xmpmeta>').encode()
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    data = path.read_bytes()
    path.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
                     + data[2:])
    md = read_embedded(path)
    assert "city" not in md.fields
    assert any("unreadable XMP" in w for w in md.warnings)


# -- bad files ---------------------------------------------------------------------------

def test_bad_files_raise_input_error_with_a_human_message(tmp_path: Path) -> None:
    (tmp_path / "zero.jpg").write_bytes(b"")
    (tmp_path / "text.jpg").write_text("not a photo at all\n")
    good = make_jpeg(tmp_path / "good.jpg", size=(640, 480)).read_bytes()
    (tmp_path / "head.jpg").write_bytes(good[:40])
    for name in ("zero.jpg", "text.jpg", "head.jpg", "missing.jpg"):
        with pytest.raises(InputError, match=name.replace(".", r"\.")):
            read_embedded(tmp_path / name)


def test_truncated_jpeg_reads_its_metadata(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", size=(640, 480),
                     iptc={"Iptc.Application2.Caption": CAPTION})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    assert read_embedded(path).fields["description"] == CAPTION


def test_png_named_jpg(tmp_path: Path) -> None:
    png = make_png(tmp_path / "p.png", xmp={"Xmp.dc.description": CAPTION})
    named = tmp_path / "p.jpg"
    named.write_bytes(png.read_bytes())
    md = read_embedded(named)
    assert md.format == "image/png"
    assert md.fields["description"] == CAPTION
    assert "the file is a PNG but named .jpg" in md.warnings


def test_overlong_and_misencoded_iptc_warns(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", iptc={
        "Iptc.Application2.Caption": "长" * 800,  # 2400 bytes > 2000
        "Iptc.Application2.City": b"\xff\xfe\x00broken",
    })
    md = read_embedded(path)
    assert md.fields["description"] == "长" * 800
    assert any("Caption over 2000 bytes" in w for w in md.warnings)
    assert any("City is not valid UTF-8" in w for w in md.warnings)


def _damage_ifd0(path: Path, *, scribble: bool) -> None:
    data = bytearray(path.read_bytes())
    start = data.index(b"Exif\x00\x00") + 6
    order = "little" if data[start] == 0x49 else "big"
    ifd0 = int.from_bytes(data[start + 4:start + 8], order)
    entries = int.from_bytes(data[start + ifd0:start + ifd0 + 2], order)
    next_at = start + ifd0 + 2 + 12 * entries
    data[next_at:next_at + 4] = ifd0.to_bytes(4, order)  # IFD0 -> IFD0: a loop
    if scribble:
        data[start + ifd0 + 2:start + ifd0 + 30] = b"\xff" * 28
    path.write_bytes(bytes(data))


def test_looping_exif_reads_the_rest(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", exif={"Exif.Image.Artist": "Someone"},
                     iptc={"Iptc.Application2.City": "重庆"})
    _damage_ifd0(path, scribble=False)
    md = read_embedded(path)
    assert md.fields["city"] == "重庆"


def test_garbled_exif_is_an_input_error(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", exif={"Exif.Image.Artist": "Someone"})
    _damage_ifd0(path, scribble=True)
    try:
        md = read_embedded(path)
    except InputError as exc:
        assert str(exc).startswith("a.jpg: damaged")
    else:
        assert md.warnings


def test_preview_from_exif_thumbnail(tmp_path: Path) -> None:
    import exiv2

    from tests.media_builders import jpeg_bytes

    path = make_jpeg(tmp_path / "a.jpg", size=(320, 240))
    assert extract_preview(path) is None
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    thumb = jpeg_bytes((160, 120))
    exiv2.ExifThumb(image.exifData()).setJpegThumbnail(thumb)
    image.writeMetadata()
    assert extract_preview(path) == thumb
    assert extract_preview(tmp_path / "missing.jpg") is None


def _as_read(md) -> tuple:  # noqa: ANN001 - EmbeddedMetadata
    return (md.fields, md.sources, md.warnings, md.conflicts, md.width, md.height,
            md.orientation, md.format, md.capture_time, md.camera, md.keyword_paths)


def test_a_jpeg_read_from_its_first_bytes_reads_as_from_the_file(tmp_path: Path) -> None:
    # The importer hands over the 64 KiB it already read for the fingerprint; a JPEG whose
    # header segments all lie in them is read from memory, and must read the same.
    cases = {
        "utf8.jpg": make_jpeg(tmp_path / "utf8.jpg", size=(900, 600), orientation=6, iptc={
            "Iptc.Application2.Caption": CAPTION, "Iptc.Application2.Byline": "李雨恒"},
            exif={"Exif.Image.Make": "Nikon", "Exif.Image.Model": "Z 9",
                  "Exif.Photo.DateTimeOriginal": "2024:04:18 09:30:00"},
            xmp={"Xmp.photoshop.Headline": "春天"}),
        "gb.jpg": make_jpeg(tmp_path / "gb.jpg", iptc_charset="gb18030", iptc={
            "Iptc.Application2.Caption": CAPTION}),
        "conflict.jpg": make_jpeg(tmp_path / "conflict.jpg", iptc={
            "Iptc.Application2.Caption": "旧说明"}, xmp={"Xmp.dc.description": "新说明"}),
        "big_xmp.jpg": make_jpeg(tmp_path / "big_xmp.jpg", xmp={
            "Xmp.dc.description": "长" * 6_000}),
    }
    # 70 KB of application segments first: the metadata lies beyond the first 64 KiB, so the
    # header is not all there and the file itself is read
    data = cases["big_xmp.jpg"].read_bytes()
    padding = b"".join(b"\xff\xef" + (35_002).to_bytes(2, "big") + bytes(35_000)
                       for _ in range(2))
    cases["big_xmp.jpg"].write_bytes(data[:2] + padding + data[2:])
    for name, path in cases.items():
        head = path.read_bytes()[:64 * 1024]
        assert _as_read(read_embedded(path, head=head)) == _as_read(read_embedded(path)), name
    assert read_embedded(cases["big_xmp.jpg"], head=b"\xff\xd8").fields["description"] \
        == "长" * 6_000
    assert read_embedded(cases["gb.jpg"], head=cases["gb.jpg"].read_bytes()).fields[
        "description"] == CAPTION
    from caption_studio.core.media.metadata import _jpeg_header_in

    assert _jpeg_header_in(cases["utf8.jpg"].read_bytes()[:64 * 1024])
    assert not _jpeg_header_in(cases["big_xmp.jpg"].read_bytes()[:64 * 1024])
    assert not _jpeg_header_in(cases["utf8.jpg"].read_bytes()[:300])  # cut inside a segment
