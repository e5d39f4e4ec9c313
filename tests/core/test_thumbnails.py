import io

import pytest
from PIL import Image

from caption_studio.core.errors import InputError
from caption_studio.core.media.importer import import_paths
from caption_studio.core.media.thumbnails import (
    ensure_preview,
    ensure_thumbnail,
    generate_thumbnails,
    thumbnail_path,
)
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken
from tests.bad_files import bomb_png
from tests.media_builders import make_jpeg, make_png


def _size(path):
    with Image.open(path) as img:
        return img.size


def test_thumbnail_is_cached_beside_the_project_upright_and_remade_when_missing(tmp_path):
    source = make_jpeg(tmp_path / "tall.jpg", (1200, 800), orientation=6)
    cache = tmp_path / "desk.cache"
    thumb = ensure_thumbnail(cache, source, "ab" * 16)
    assert thumb == thumbnail_path(cache, "ab" * 16) and thumb.is_relative_to(cache)
    assert _size(thumb) == (171, 256)  # 1200x800 turned a quarter: portrait
    assert not list(thumb.parent.glob(".tmp-*"))
    stamp = thumb.stat().st_mtime_ns
    assert ensure_thumbnail(cache, source, "ab" * 16).stat().st_mtime_ns == stamp
    thumb.unlink()
    assert ensure_thumbnail(cache, source, "ab" * 16).is_file()


def test_orientation_from_the_database_wins_over_none(tmp_path):
    source = make_jpeg(tmp_path / "wide.jpg", (640, 320))
    thumb = ensure_thumbnail(tmp_path / "c", source, "cd" * 16, orientation=8)
    assert _size(thumb) == (128, 256)


def test_preview_is_larger_and_separate(tmp_path):
    source = make_jpeg(tmp_path / "big.jpg", (2400, 1600))
    preview = ensure_preview(tmp_path / "c", source, "ef" * 16)
    assert _size(preview) == (1600, 1067)
    assert preview != thumbnail_path(tmp_path / "c", "ef" * 16)


def test_png_and_heif_and_bad_pictures(tmp_path):
    png = make_png(tmp_path / "a.png", (300, 300))
    assert _size(ensure_thumbnail(tmp_path / "c", png, "01" * 16)) == (256, 256)

    import pillow_heif

    pillow_heif.register_heif_opener()
    heic = tmp_path / "phone.heic"
    Image.new("RGB", (512, 384), (200, 100, 50)).save(heic, "HEIF")
    assert _size(ensure_thumbnail(tmp_path / "c", heic, "02" * 16)) == (256, 192)

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(bomb_png())
    with pytest.raises(InputError, match="too large"):
        ensure_thumbnail(tmp_path / "c", bomb, "03" * 16)
    text = tmp_path / "text.jpg"
    text.write_text("not a picture")
    with pytest.raises(InputError, match="cannot be decoded"):
        ensure_thumbnail(tmp_path / "c", text, "04" * 16)


def test_generate_thumbnails_for_a_project(tmp_path):
    for i in range(6):
        make_jpeg(tmp_path / "p" / f"{i}.jpg", (400, 300), color=(i * 40, 100, 100))
    (tmp_path / "p" / "bomb.png").write_bytes(bomb_png())
    with Project.create(tmp_path / "desk.capstudio") as project:
        import_paths(project, [tmp_path / "p"])
        summary = generate_thumbnails(project, workers=2)
        assert (summary.made, summary.cached) == (6, 0)
        assert [reason.split(" (")[0] for _, reason in summary.failed] == [
            "bomb.png: the picture is too large to show"]
        assert len(list((project.cache_dir / "thumbs").rglob("*.jpg"))) == 6
        assert generate_thumbnails(project).cached == 6
        # nothing went into the project file
        assert project.conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE "
                                    "'%thumb%'").fetchone()[0] == 0

        cancel = CancelToken()
        cancel.cancel()
        for thumb in (project.cache_dir / "thumbs").rglob("*.jpg"):
            thumb.unlink()
        assert generate_thumbnails(project, cancel=cancel).interrupted


def test_raw_thumbnail_comes_from_the_embedded_preview(tmp_path, monkeypatch):
    # A DNG-like file: TIFF container named .dng whose embedded preview is a JPEG.
    from caption_studio.core.media import metadata

    preview = io.BytesIO()
    Image.new("RGB", (600, 400), (10, 150, 90)).save(preview, "JPEG")
    raw = tmp_path / "IMG_0001.dng"
    raw.write_bytes(b"II*\x00" + bytes(64))
    monkeypatch.setattr(metadata, "extract_preview", lambda path: preview.getvalue())
    assert _size(ensure_thumbnail(tmp_path / "c", raw, "05" * 16)) == (256, 171)
    monkeypatch.setattr(metadata, "extract_preview", lambda path: None)
    with pytest.raises(InputError, match="no embedded preview"):
        ensure_thumbnail(tmp_path / "c", raw, "06" * 16)
