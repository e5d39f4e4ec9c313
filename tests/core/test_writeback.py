from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, IptcImagePlugin

from caption_studio.core import fields as registry
from caption_studio.core.media import writeback
from caption_studio.core.media.metadata import read_embedded
from caption_studio.core.media.photoshop_irb import (
    digest_state,
    jpeg_photoshop_irb,
    set_jpeg_iptc_digest,
)
from caption_studio.core.media.writeback import embed_metadata
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields
from caption_studio.core.tasks import CancelToken
from tests.helpers import add_photo_rows
from tests.media_builders import jpeg_scan_data, make_jpeg, make_sidecar, make_tiff

VALUES: dict[str, Any] = {
    "headline": "春到山城",
    "description": "4月18日，市民在重庆渝北区中央公园赏花。本报记者 李雨恒 摄",
    "title": "渝北赏花",
    "keywords": ["春天", "公园", "Chongqing"],
    "person_in_image": ["王五", "Zhao Liu"],
    "event": "2024 重庆春季花展",
    "description_writer": "编辑 陈",
    "creator": ["李雨恒", "张锦辉"],
    "creator_jobtitle": "本报记者",
    "credit_line": "重庆日报",
    "source": "视觉重庆",
    "copyright_notice": "© 2024 重庆日报",
    "date_created": "2024-04-18T09:30:05",
    "sublocation": "中央公园",
    "city": "重庆",
    "province_state": "重庆市",
    "country": "中国",
    "country_code": "CHN",
    "instructions": "仅限新闻使用",
    "job_id": "CQ-0418",
    "rating": 4,
}


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "desk.capstudio") as proj:
        yield proj


def _photo(project: Project, name: str, **kwargs: Any) -> tuple[int, Path]:
    path = make_jpeg(project.folder / "photos" / name, **kwargs)
    (pid,) = add_photo_rows(project, [name])
    return pid, path


# -- independent readers --------------------------------------------------------------------

def _pillow_iptc(path: Path) -> dict[tuple[int, int], list[str]]:
    with Image.open(path) as img:
        info = IptcImagePlugin.getiptcinfo(img) or {}
    return {k: [x.decode("utf-8") for x in (v if isinstance(v, list) else [v])]
            for k, v in info.items()}


def _pillow_xmp(path: Path) -> dict[str, Any]:
    with Image.open(path) as img:
        desc = img.getxmp()["xmpmeta"]["RDF"]["Description"]
    return desc if isinstance(desc, dict) else {k: v for d in desc for k, v in d.items()}


def _xmp_plain(value: Any) -> Any:
    """Pillow's dict form of an XMP value -> str or list."""
    if isinstance(value, dict):
        for kind in ("Alt", "Seq", "Bag"):
            if kind in value:
                items = value[kind]["li"]
                items = items if isinstance(items, list) else [items]
                texts = [i["text"] if isinstance(i, dict) else i for i in items]
                return texts[0] if kind == "Alt" else texts
    return value


def _check_independently(path: Path, values: dict[str, Any]) -> None:
    iptc = _pillow_iptc(path)
    xmp = _pillow_xmp(path)
    assert iptc[(1, 90)] == ["\x1b%G"]
    for f in registry.FIELDS:
        value = values.get(f.key)
        if value is None:
            continue
        if f.xmp:
            got = _xmp_plain(xmp[f.xmp.split(".")[-1]])
            assert registry.normalize(f.key, got) == value, f.key
        if f.iim:
            got = iptc[(2, f.iim.dataset)]
            if f.type is registry.FieldType.DATE:
                assert got == [value[:10].replace("-", "")]
                assert iptc[(2, 60)][0].startswith(value[11:19].replace(":", ""))
            else:
                want = value if f.is_list else [registry.display(f.key, value)]
                assert got == [v.encode()[:f.iim.max_bytes].decode("utf-8", "ignore")
                               for v in want], f.key


# -- tests ----------------------------------------------------------------------------------

def test_every_field_round_trips_and_pixels_stay(project: Project) -> None:
    pid, path = _photo(project, "a.jpg", size=(320, 240),
                       exif={"Exif.Image.Make": "Canon", "Exif.Image.Model": "EOS R5"},
                       iptc={"Iptc.Application2.Caption": "old caption"})
    original = path.read_bytes()
    set_fields(project, [pid], VALUES)
    summary = embed_metadata(project, in_place=True)
    assert summary.written == [str(path)] and summary.skipped == []
    assert jpeg_scan_data(path) == jpeg_scan_data_bytes(original)
    _check_independently(path, VALUES)
    md = read_embedded(path)
    assert md.fields == VALUES
    assert md.camera == "Canon EOS R5"  # what we do not manage is kept
    stored, current = digest_state(jpeg_photoshop_irb(path))
    assert stored == current is not None
    assert not [p for p in path.parent.iterdir() if "capstudio" in p.name]


def jpeg_scan_data_bytes(data: bytes) -> bytes:
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"scan-{os.getpid()}.jpg"
    tmp.write_bytes(data)
    try:
        return jpeg_scan_data(tmp)
    finally:
        tmp.unlink()


def test_iim_limits_truncate_on_a_character_boundary(project: Project) -> None:
    pid, path = _photo(project, "a.jpg")
    long_caption = "长" * 700 + "尾"  # 2103 bytes
    set_fields(project, [pid], {"description": long_caption, "city": "重庆市渝北区中央公园东门外"})
    summary = embed_metadata(project, in_place=True)
    assert ("photos/a.jpg", "description", 2103) in summary.truncated
    assert ("photos/a.jpg", "city", len("重庆市渝北区中央公园东门外".encode())) in summary.truncated
    iptc = _pillow_iptc(path)
    assert iptc[(2, 120)] == ["长" * 666]  # 1998 bytes: the 667th character would not fit
    assert iptc[(2, 90)] == ["重庆市渝北区中央公园"]
    assert _xmp_plain(_pillow_xmp(path)["description"]) == long_caption
    assert read_embedded(path).fields["description"] == long_caption


def test_out_dir_keeps_structure_and_original(project: Project, tmp_path: Path) -> None:
    pid, path = _photo(project, "day1/a.jpg")
    original = path.read_bytes()
    set_fields(project, [pid], {"city": "重庆"})
    out = tmp_path / "export"
    summary = embed_metadata(project, out_dir=out)
    copy = out / "photos" / "day1" / "a.jpg"
    assert summary.written == [str(copy)]
    assert path.read_bytes() == original
    assert read_embedded(copy).fields["city"] == "重庆"


def test_failures_are_per_file_and_leave_originals(project: Project, monkeypatch) -> None:
    ids = {}
    for name in ("ok.jpg", "readonly.jpg", "gone.jpg", "full.jpg"):
        ids[name], _ = _photo(project, name)
    set_fields(project, list(ids.values()), {"headline": "新标题"})
    folder = project.folder / "photos"
    (folder / "gone.jpg").unlink()
    (folder / "readonly.jpg").chmod(0o444)
    before = {n: (folder / n).read_bytes() for n in ("readonly.jpg", "full.jpg")}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # a full disk cannot be made portably: fail at the OS edge
        if ".full.jpg." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(writeback.os, "fsync", fsync)
    summary = embed_metadata(project, in_place=True)
    reasons = dict(summary.skipped)
    assert summary.written == [str(folder / "ok.jpg")]
    assert "read-only" in reasons["photos/readonly.jpg"]
    assert "missing" in reasons["photos/gone.jpg"]
    assert "disk is full" in reasons["photos/full.jpg"]
    for name, data in before.items():
        assert (folder / name).read_bytes() == data
    assert sorted(p.name for p in folder.iterdir()) == ["full.jpg", "ok.jpg", "readonly.jpg"]


def test_only_changed(project: Project) -> None:
    a, _ = _photo(project, "a.jpg")
    b, _ = _photo(project, "b.jpg")
    set_fields(project, [a, b], {"city": "重庆"})
    assert len(embed_metadata(project, in_place=True, only_changed=True).written) == 2
    again = embed_metadata(project, in_place=True, only_changed=True)
    assert again.written == [] and sorted(again.unchanged) == ["photos/a.jpg", "photos/b.jpg"]
    set_fields(project, [b], {"city": "成都"})
    third = embed_metadata(project, in_place=True, only_changed=True)
    assert [Path(p).name for p in third.written] == ["b.jpg"]


def test_cleared_field_is_removed_untouched_ones_kept(project: Project) -> None:
    pid, path = _photo(project, "a.jpg", iptc={"Iptc.Application2.Source": "AFP",
                                               "Iptc.Application2.City": "Old"})
    set_fields(project, [pid], {"city": "重庆", "headline": "H"})
    set_fields(project, [pid], {"headline": None})
    embed_metadata(project, in_place=True)
    md = read_embedded(path)
    assert md.fields["city"] == "重庆"
    assert md.fields["source"] == "AFP"
    assert "headline" not in md.fields


def test_legacy_gb18030_iim_is_transcoded(project: Project) -> None:
    pid, path = _photo(project, "a.jpg", iptc_charset="gb18030", iptc={
        "Iptc.Application2.Caption": "旧说明", "Iptc.Application2.SuppCategory": "体育"})
    set_fields(project, [pid], {"city": "重庆"})
    embed_metadata(project, in_place=True)
    iptc = _pillow_iptc(path)
    assert iptc[(2, 20)] == ["体育"]
    assert iptc[(2, 120)] == ["旧说明"]


def test_stale_digest_is_replaced(project: Project) -> None:
    pid, path = _photo(project, "a.jpg", iptc={"Iptc.Application2.City": "Old"},
                       xmp={"Xmp.photoshop.City": "Old"})
    set_jpeg_iptc_digest(path, b"\x07" * 16)
    set_fields(project, [pid], {"city": "重庆" * 20})
    embed_metadata(project, in_place=True)
    stored, current = digest_state(jpeg_photoshop_irb(path))
    assert stored == current
    assert read_embedded(path).fields["city"] == "重庆" * 20  # XMP trusted, not the cut IIM


def test_raw_gets_a_sidecar_that_keeps_other_properties(project: Project) -> None:
    raw = make_tiff(project.folder / "photos" / "r.nef")
    raw_bytes = raw.read_bytes()
    make_sidecar(raw.with_suffix(".xmp"), {"Xmp.xmp.Label": "Red",
                                           "Xmp.photoshop.City": "Old"})
    (pid,) = add_photo_rows(project, ["r.nef"])
    set_fields(project, [pid], {"city": "重庆", "creator": ["李雨恒"]})
    summary = embed_metadata(project, in_place=True)
    side = raw.with_suffix(".xmp")
    assert summary.written == [str(side)]
    assert raw.read_bytes() == raw_bytes
    text = side.read_text(encoding="utf-8")
    assert "Red" in text and "重庆" in text and "Old" not in text
    md = read_embedded(raw, sidecar_xmp=side)
    assert md.fields["city"] == "重庆" and md.fields["creator"] == ["李雨恒"]


def test_dng_is_written_in_the_file(project: Project) -> None:
    dng = make_tiff(project.folder / "photos" / "d.dng", exif={"Exif.Image.Make": "Leica"})
    (pid,) = add_photo_rows(project, ["d.dng"])
    set_fields(project, [pid], {"city": "重庆", "creator": ["李雨恒"]})
    summary = embed_metadata(project, in_place=True)
    assert summary.written == [str(dng)] and summary.skipped == []
    assert not dng.with_suffix(".xmp").exists()
    md = read_embedded(dng)
    assert md.fields["city"] == "重庆" and md.fields["creator"] == ["李雨恒"]
    assert md.camera == "Leica"


def test_forced_sidecars_with_out_dir(project: Project, tmp_path: Path) -> None:
    pid, path = _photo(project, "a.jpg")
    set_fields(project, [pid], {"headline": "标题"})
    out = tmp_path / "o"
    summary = embed_metadata(project, out_dir=out, sidecar=True)
    assert sorted(Path(p).name for p in summary.written) == ["a.jpg", "a.xmp"]
    assert (out / "photos" / "a.jpg").read_bytes() == path.read_bytes()
    assert "标题" in (out / "photos" / "a.xmp").read_text(encoding="utf-8")


def test_cancel_stops_between_files(project: Project) -> None:
    ids = [_photo(project, f"{i}.jpg")[0] for i in range(3)]
    set_fields(project, ids, {"city": "重庆"})
    token = CancelToken()
    seen: list[int] = []

    def progress(done: int, total: int | None, label: str = "") -> None:
        seen.append(done)
        if done == 1:
            token.cancel()

    summary = embed_metadata(project, in_place=True, progress=progress, cancel=token)
    assert summary.cancelled and len(summary.written) == 1
    assert json.loads(json.dumps(summary.to_json()))["cancelled"] is True


def test_usage_errors(project: Project, tmp_path: Path) -> None:
    from caption_studio.core.errors import CaptionStudioError

    with pytest.raises(CaptionStudioError):
        embed_metadata(project)
    with pytest.raises(CaptionStudioError):
        embed_metadata(project, in_place=True, out_dir=tmp_path)


def test_exiftool_reads_what_we_wrote(project: Project) -> None:
    pid, path = _photo(project, "a.jpg")
    set_fields(project, [pid], VALUES)
    embed_metadata(project, in_place=True)
    out = subprocess.run(["exiftool", "-json", "-G1", "-charset", "iptc=utf8",
                          "-CurrentIPTCDigest", "-IPTCDigest", "-XMP-dc:all",
                          "-XMP-photoshop:all", "-IPTC:all", str(path)],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)[0]
    assert data["File:CurrentIPTCDigest"] == data["Photoshop:IPTCDigest"]
    assert data["XMP-dc:Description"] == VALUES["description"]
    assert data["XMP-dc:Creator"] == VALUES["creator"]
    assert data["IPTC:By-line"] == VALUES["creator"]
    assert data["IPTC:City"] == VALUES["city"]
    assert data["XMP-photoshop:Headline"] == VALUES["headline"]


def test_tiff_stale_digest_is_updated(project: Project) -> None:
    import exiv2

    from caption_studio.core.media.photoshop_irb import Resource, build_irb, tiff_digest_state

    path = make_tiff(project.folder / "photos" / "t.tif", iptc={"Iptc.Application2.City": "Old"},
                     xmp={"Xmp.photoshop.City": "Old"})
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    stale = exiv2.DataValue(exiv2.TypeId.undefined)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        stale.read(build_irb([Resource(0x0425, b"", b"\x05" * 16)]))
    image.exifData()["Exif.Image.ImageResources"] = stale
    image.writeMetadata()
    (pid,) = add_photo_rows(project, ["t.tif"])
    set_fields(project, [pid], {"city": "重庆" * 20})
    assert embed_metadata(project, in_place=True).skipped == []
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    stored, current = tiff_digest_state(image)
    assert stored == current is not None
    assert read_embedded(path).fields["city"] == "重庆" * 20


def test_after_a_real_import_including_a_non_utf8_name(project: Project, tmp_path: Path) -> None:
    from caption_studio.core.media.importer import import_paths

    folder = project.folder / "card"
    make_jpeg(folder / "a.jpg", iptc={"Iptc.Application2.Caption": "旧说明"}, iptc_charset=None)
    other = make_jpeg(tmp_path / "b.jpg", color=(1, 2, 3),
                      iptc={"Iptc.Application2.Caption": "旧说明"}, iptc_charset=None)
    odd = os.fsdecode(os.fsencode(str(folder)) + b"/\xb2\xe2\xca\xd4.jpg")  # GBK file name
    shutil.copyfile(other, odd)
    summary = import_paths(project, [folder])
    assert len(summary.photo_ids) == 2
    set_fields(project, summary.photo_ids, {"city": "重庆"})
    out = tmp_path / "out"
    result = embed_metadata(project, out_dir=out)
    assert result.skipped == [] and len(result.written) == 2
    copies = sorted((out / "card").iterdir())
    assert sorted(os.fsencode(c.name) for c in copies) == [b"a.jpg", b"\xb2\xe2\xca\xd4.jpg"]
    for n, copy in enumerate(copies):  # exiv2 opens UTF-8 paths only, as the importer knows
        link = tmp_path / f"link{n}.jpg"
        link.symlink_to(copy)
        md = read_embedded(link)
        assert (md.fields["city"], md.fields["description"]) == ("重庆", "旧说明")
