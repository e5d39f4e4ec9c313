"""Hierarchical keywords in the files: XMP lr:hierarchicalSubject written beside the flat
dc:subject / IPTC Keywords on embed, and read back (and into the vocabulary) on import."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import exiv2
import pytest
from PIL import Image, IptcImagePlugin

from caption_studio.core.desk import keywords as kw
from caption_studio.core.media import write_one, writeback
from caption_studio.core.media.importer import import_paths
from caption_studio.core.media.metadata import read_embedded
from caption_studio.core.media.writeback import embed_metadata
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import get_fields, set_fields
from tests.media_builders import make_jpeg

VOCABULARY = (
    "[地点]\n"
    "\t中国\n"
    "\t\t重庆\n"
    "\t\t\t{渝}\n"
    "\t\t\t渝北区\n"
    "\t\t\t江北区\n"
    "Events\n"
    "\tPolitics\n"
    "\tSport\n"
)
HIERARCHY = "Xmp.lr.hierarchicalSubject"


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "desk.capstudio") as proj:
        yield proj


def _imported_photo(project: Project, name: str, **kwargs: Any) -> tuple[int, Path]:
    path = make_jpeg(project.folder / "photos" / name, **kwargs)
    summary = import_paths(project, [path], workers=1)
    assert summary.skipped == []
    (pid,) = summary.photo_ids
    return pid, path


def _vocabulary(project: Project, tmp_path: Path) -> None:
    src = tmp_path / "keywords.txt"
    src.write_text(VOCABULARY, encoding="utf-8")
    assert kw.import_file(project, src) == 8


# -- independent readers --------------------------------------------------------------------

def _pillow_bag(path: Path, name: str) -> list[str] | None:
    with Image.open(path) as img:
        xmp = img.getxmp()
    if not xmp:  # no XMP packet left at all
        return None
    desc = xmp["xmpmeta"]["RDF"]["Description"]
    descs = desc if isinstance(desc, list) else [desc]
    for d in descs:
        if name in d:
            items = d[name]["Bag"]["li"]
            return items if isinstance(items, list) else [items]
    return None


def _exiv2_xmp(path: Path, key: str) -> list[str] | None:
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    data = image.xmpData()
    if key not in data:
        return None
    value = data[key].value()
    assert isinstance(value, exiv2.XmpArrayValue)
    assert value.xmpArrayType() == exiv2.XmpValue.XmpArrayType.xaBag
    return [str(v) for v in value]


def _iptc_keywords(path: Path) -> list[str]:
    with Image.open(path) as img:
        raw = (IptcImagePlugin.getiptcinfo(img) or {}).get((2, 25), [])
    return [v.decode("utf-8") for v in (raw if isinstance(raw, list) else [raw])]


def _exiftool(path: Path) -> dict[str, Any] | None:
    exe = shutil.which("exiftool")
    if exe is None:
        return None
    out = subprocess.run([exe, "-j", "-charset", "iptc=UTF8", "-XMP-lr:HierarchicalSubject",
                          "-XMP-dc:Subject", "-IPTC:Keywords", str(path)],
                         capture_output=True, check=True, timeout=60)
    return json.loads(out.stdout)[0]


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


# -- tests ----------------------------------------------------------------------------------

def test_embed_writes_tree_beside_flat_keywords(project: Project, tmp_path: Path) -> None:
    _vocabulary(project, tmp_path)
    pid, path = _imported_photo(project, "a.jpg", size=(160, 120))
    set_fields(project, [pid], {"keywords": ["夜景"]})  # a keyword outside the vocabulary
    kw.assign(project, [pid], ["地点|中国|重庆|渝北区", "Events|Politics"])
    flat = ["夜景", "中国", "重庆", "渝北区", "Events", "Politics"]
    tree = ["夜景", "地点|中国|重庆|渝北区", "Events|Politics"]
    assert get_fields(project, pid)["keywords"][0] == flat

    summary = embed_metadata(project, in_place=True)
    assert summary.written == [str(path)] and summary.skipped == []

    assert _pillow_bag(path, "hierarchicalSubject") == tree
    assert _pillow_bag(path, "subject") == flat
    assert _exiv2_xmp(path, HIERARCHY) == tree
    assert _exiv2_xmp(path, "Xmp.dc.subject") == flat
    assert _iptc_keywords(path) == flat
    md = read_embedded(path)
    assert md.keyword_paths == tree and md.fields["keywords"] == flat
    seen = _exiftool(path)
    if seen is not None:  # an independent XMP/IPTC implementation, where installed
        assert _as_list(seen["HierarchicalSubject"]) == tree
        assert _as_list(seen["Subject"]) == flat
        assert _as_list(seen["Keywords"]) == flat


def test_cleared_keywords_take_the_tree_with_them(project: Project, tmp_path: Path) -> None:
    _vocabulary(project, tmp_path)
    pid, path = _imported_photo(project, "a.jpg")
    kw.assign(project, [pid], ["Events|Sport"])
    embed_metadata(project, in_place=True)
    assert _exiv2_xmp(path, HIERARCHY) == ["Events|Sport"]

    kw.remove(project, [pid], ["Events", "Sport"])
    assert "keywords" not in get_fields(project, pid)
    summary = embed_metadata(project, in_place=True, only_changed=True)
    assert summary.written == [str(path)]
    assert _exiv2_xmp(path, HIERARCHY) is None
    assert _exiv2_xmp(path, "Xmp.dc.subject") is None
    assert _pillow_bag(path, "hierarchicalSubject") is None


def test_unknown_keywords_leave_another_tools_tree(project: Project) -> None:
    # no vocabulary in the project, and a tree another tool wrote into the file
    pid, path = _imported_photo(project, "a.jpg", xmp={HIERARCHY: ["Agency"]})
    assert kw.all_keywords(project) == []
    set_fields(project, [pid], {"keywords": ["Agency", "Flood"]})
    embed_metadata(project, in_place=True)
    assert _exiv2_xmp(path, HIERARCHY) == ["Agency"]
    assert _exiv2_xmp(path, "Xmp.dc.subject") == ["Agency", "Flood"]


def test_vocabulary_change_rewrites_with_only_changed(project: Project, tmp_path: Path) -> None:
    pid, path = _imported_photo(project, "a.jpg")
    set_fields(project, [pid], {"keywords": ["Events", "Politics"]})
    embed_metadata(project, in_place=True, only_changed=True)
    assert _exiv2_xmp(path, HIERARCHY) is None
    _vocabulary(project, tmp_path)
    summary = embed_metadata(project, in_place=True, only_changed=True)
    assert summary.written == [str(path)]
    assert _exiv2_xmp(path, HIERARCHY) == ["Events|Politics"]
    assert embed_metadata(project, in_place=True, only_changed=True).written == []


def test_sidecar_gets_the_tree(project: Project, tmp_path: Path) -> None:
    _vocabulary(project, tmp_path)
    pid, path = _imported_photo(project, "a.jpg")
    original = path.read_bytes()
    kw.assign(project, [pid], ["地点|中国|重庆|江北区"])
    summary = embed_metadata(project, in_place=True, sidecar=True)
    sidecar = path.with_suffix(".xmp")
    assert summary.written == [str(sidecar)]
    assert path.read_bytes() == original
    assert _exiv2_xmp(sidecar, HIERARCHY) == ["地点|中国|重庆|江北区"]
    assert read_embedded(path, sidecar_xmp=sidecar).keyword_paths == ["地点|中国|重庆|江北区"]


def test_read_back_check_covers_the_tree(project: Project, tmp_path: Path) -> None:
    _vocabulary(project, tmp_path)
    pid, path = _imported_photo(project, "a.jpg")
    kw.assign(project, [pid], ["Events|Politics"])
    embed_metadata(project, in_place=True)
    job = writeback._job(project, pid, "photos/a.jpg", path,
                         {"keywords": ["Events", "Politics"]}, frozenset(), None, False,
                         ("Events|Sport",))
    with pytest.raises(writeback.WriteFailed, match="lr:hierarchicalSubject"):
        write_one.verify(path, job, iim=True, exif=True)


def test_read_tree_into_vocabulary_and_round_trip(project: Project, tmp_path: Path) -> None:
    lightroom = ["地点|中国|重庆|渝北区", "Events|Politics", "夜景"]
    pid, path = _imported_photo(project, "lr.jpg", xmp={
        "Xmp.dc.subject": ["中国", "重庆", "渝北区", "Events", "Politics", "夜景"],
        HIERARCHY: [" 地点|中国|重庆|渝北区 ", "Events|Politics", "夜景", "夜景", ""]})
    read = read_embedded(path).keyword_paths
    assert read == lightroom
    # the import already did this (core.importer calls add_file_paths): multi-level paths
    # (and their ancestors) joined the vocabulary, a lone 夜景 did not; again adds nothing
    assert {k["path"] for k in kw.all_keywords(project)} == {
        "地点", "地点|中国", "地点|中国|重庆", "地点|中国|重庆|渝北区", "Events", "Events|Politics"}
    assert kw.add_file_paths(project, read) == 0

    out = tmp_path / "out"
    embed_metadata(project, out_dir=out)
    copy = out / "photos" / "lr.jpg"
    assert copy.read_bytes() == path.read_bytes()  # nobody edited it: copied as it is
    set_fields(project, [pid], {"city": "重庆"})  # an edit elsewhere leaves the tree alone
    embed_metadata(project, out_dir=out)
    assert _exiv2_xmp(copy, HIERARCHY) == _exiv2_xmp(path, HIERARCHY)
    assert get_fields(project, pid)["keywords"][0] == _exiv2_xmp(copy, "Xmp.dc.subject")
    set_fields(project, [pid], {"keywords": ["渝北区", "夜景", "Politics"]})  # edited: ours
    embed_metadata(project, out_dir=out)
    assert sorted(_exiv2_xmp(copy, HIERARCHY) or []) == sorted(lightroom)
