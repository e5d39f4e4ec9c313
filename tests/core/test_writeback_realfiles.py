"""Write-back on real camera files (ExifTool's test images in ../shared/realfiles): every
field reads back through exiftool, every tag we do not manage is unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from caption_studio.core.media import fidelity, write_plan
from caption_studio.core.media.exiftool_session import Session
from caption_studio.core.media.importer import import_paths
from caption_studio.core.media.writeback import embed_metadata
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import set_fields


def _real_folder() -> Path:
    """`../shared/realfiles/exiftool-t-images` beside the checkout (CI), or beside a folder
    above it (a worktree)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        folder = parent / "shared" / "realfiles" / "exiftool-t-images"
        if folder.is_dir():
            return folder
    raise AssertionError("../shared/realfiles/exiftool-t-images is missing beside the checkout")


VALUES: dict[str, Any] = {
    "description": "4月18日，市民在重庆渝北区中央公园赏花。本报记者 李雨恒 摄",
    "creator": ["李雨恒"], "city": "重庆", "headline": "春到山城", "keywords": ["春天", "公园"]}
_SIDECAR_SUFFIXES = {".cr2", ".nef", ".heic"}
_IIM_SUFFIXES = {".jpg", ".tif", ".psd"}


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("real") / "photos"
    shutil.copytree(_real_folder(), folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def _imported(tmp_path: Path, real: Path) -> tuple[Project, Path, dict[str, Any]]:
    photos = tmp_path / "photos"
    shutil.copytree(real, photos)
    project = Project.create(tmp_path / "desk.capstudio")
    summary = import_paths(project, [photos])
    set_fields(project, summary.photo_ids, VALUES)
    return project, photos, summary


def _managed() -> set[str]:
    tags = {t for key in VALUES for t in write_plan.MANAGED_TAGS[key]}
    return tags | set(write_plan.IIM_FRAME) | {"XMP-x:XMPToolkit"}


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _check_fields(tags: dict[str, Any], iim: bool, name: str) -> None:
    assert tags.get("XMP-dc:Description") == VALUES["description"], name
    assert _as_list(tags.get("XMP-dc:Creator")) == VALUES["creator"], name
    assert tags.get("XMP-photoshop:City") == VALUES["city"], name
    assert tags.get("XMP-photoshop:Headline") == VALUES["headline"], name
    assert _as_list(tags.get("XMP-dc:Subject")) == VALUES["keywords"], name
    if iim:
        assert tags.get("IPTC:Caption-Abstract") == VALUES["description"], name
        assert _as_list(tags.get("IPTC:By-line")) == VALUES["creator"], name
        assert tags.get("IPTC:City") == VALUES["city"], name
        assert _as_list(tags.get("IPTC:Keywords")) == VALUES["keywords"], name
        assert tags.get("File:CurrentIPTCDigest") == tags.get("Photoshop:IPTCDigest",
                                                              tags.get("File:CurrentIPTCDigest"))


def test_every_real_file_is_written_with_nothing_else_changed(tmp_path: Path, real: Path) -> None:
    project, photos, summary = _imported(tmp_path, real)
    out = tmp_path / "out"
    with project:
        result = embed_metadata(project, out_dir=out)
    assert result.skipped == [], result.skipped
    imported = sorted(p.name for p in photos.iterdir())
    written = {Path(p).name for p in result.written}
    with Session() as et:
        for name in imported:
            if name.endswith(".xmp"):
                continue
            suffix = Path(name).suffix.lower()
            original = photos / name
            copy = out / "photos" / name
            assert name in written, f"{name}: neither written nor refused"
            before = et.tags(original, "UTF8")
            after = et.tags(copy, "UTF8")
            if suffix in _SIDECAR_SUFFIXES:
                assert copy.read_bytes() == original.read_bytes(), name
                _check_fields(et.tags(copy.with_suffix(".xmp")), False, name)
                continue
            assert fidelity.differences(before, after, _managed()) == [], name
            _check_fields(after, suffix in _IIM_SUFFIXES, name)


def test_in_place_through_the_cli(tmp_path: Path, real: Path) -> None:
    project, photos, _ = _imported(tmp_path, real)
    project.close()
    originals = {p.name: p.read_bytes() for p in photos.iterdir()}
    before: dict[str, dict[str, Any]] = {}
    with Session() as et:
        for name in originals:
            before[name] = et.tags(photos / name, "UTF8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    run = subprocess.run([sys.executable, "-m", "caption_studio", "embed",
                          str(tmp_path / "desk.capstudio"), "--in-place", "--json"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    with Session() as et:
        for name, data in originals.items():
            path = photos / name
            if Path(name).suffix.lower() in _SIDECAR_SUFFIXES:
                assert path.read_bytes() == data
                continue
            after = et.tags(path, "UTF8")
            assert fidelity.differences(before[name], after, _managed()) == [], name
            _check_fields(after, Path(name).suffix.lower() in _IIM_SUFFIXES, name)
    assert not [p for p in photos.iterdir() if "capstudio" in p.name or "exiftool" in p.name]


def test_a_plain_embed_leaves_unedited_files_alone(tmp_path: Path, real: Path) -> None:
    photos = tmp_path / "photos"
    shutil.copytree(real, photos)
    originals = {p.name: p.read_bytes() for p in photos.iterdir()}
    with Project.create(tmp_path / "desk.capstudio") as project:
        import_paths(project, [photos])
        result = embed_metadata(project, in_place=True)
    assert result.written == [] and result.skipped == []
    assert {p.name: p.read_bytes() for p in photos.iterdir()} == originals
