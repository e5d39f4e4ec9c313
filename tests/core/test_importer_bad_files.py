import os

from caption_studio.core.media.importer import import_paths
from caption_studio.core.media.paths import photo_file
from caption_studio.core.media.scanning import display
from caption_studio.core.project.file import Project
from tests.bad_files import good_photo, write_bad_files


def test_bad_files_never_stop_an_import_and_each_is_reported(tmp_path):
    folder = tmp_path / "incoming"
    bad = write_bad_files(folder)
    good = good_photo(folder)
    with Project.create(tmp_path / "p.capstudio") as project:
        summary = import_paths(project, [folder], batch_size=4)

        skipped = {path for path, _ in summary.skipped}
        warned = {path for path, _ in summary.warnings}
        stored = {display(os.fsencode(photo_file(project, pid)))
                  for (pid,) in project.conn.execute("SELECT id FROM photos")}
        for item in bad:
            shown = display(item.path)
            if item.outcome == "skip":
                assert shown in skipped, item.kind
                assert shown not in stored, item.kind
            elif item.outcome == "warn":
                assert shown in warned and shown in stored, item.kind
            elif item.outcome == "ok":
                assert shown in stored, item.kind
            else:
                assert shown not in skipped and shown not in stored, item.kind
        assert display(os.fsencode(good)) in stored
        assert display(os.fsencode(folder / "nested" / "inside.jpg")) in stored
        assert all(reason for _, reason in summary.skipped)
        assert not summary.interrupted

        reasons = dict(summary.skipped)
        kinds = {b.kind: display(b.path) for b in bad}
        assert reasons[kinds["zero_byte"]] == "empty file (0 bytes)"
        assert reasons[kinds["symlink_loop"]] == "symbolic link loop"
        assert reasons[kinds["broken_symlink"]] == "broken symbolic link"
        assert "PNG" in dict(summary.warnings)[kinds["png_named_jpg"]]
        png = project.conn.execute("SELECT format FROM photos WHERE file_name = 'really_png.jpg'")
        assert png.fetchone()[0] == "png"

        # the name that is not UTF-8 is stored readably and still leads to its file
        row = project.conn.execute("SELECT id, path, path_bytes FROM photos "
                                   "WHERE path_bytes IS NOT NULL").fetchone()
        assert row[1].endswith("_gbk_name.jpg") and "\\xc9" in row[1]
        assert os.fsencode(photo_file(project, row[0])) == os.path.abspath(kinds_bytes(
            bad, "non_utf8_name"))
        assert photo_file(project, row[0]).is_file()

        again = import_paths(project, [folder])
        assert again.imported == 0 and again.updated == 0


def kinds_bytes(bad, kind):
    return next(b.path for b in bad if b.kind == kind)


def test_raw_files_exiv2_cannot_read_are_named_plainly(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    # a CR3's ISO BMFF start whose boxes run past the file; a Sigma X3F (exiv2 has no reader)
    (folder / "cut.cr3").write_bytes(b"\x00\x00\x00\x18ftypcrx \x00\x00\x00\x01crx isom"
                                     + b"\x00\x00\xff\xf0moov" + b"\x00" * 64)
    (folder / "sigma.x3f").write_bytes(b"FOVb" + b"\x00" * 200)
    with Project.create(tmp_path / "desk.capstudio") as project:
        summary = import_paths(project, [folder])
    reasons = {os.path.basename(p): r for p, r in summary.skipped}
    assert reasons["sigma.x3f"] == ("X3F RAW files are not supported (exiv2 cannot read the "
                                    "format); not imported")
    assert reasons["cut.cr3"].startswith("exiv2 cannot read this file (")
    assert "/" not in reasons["cut.cr3"]  # no temporary or absolute path in the reason


def test_which_formats_get_a_sidecar(tmp_path):
    from caption_studio.core.media.writeback import _sidecar_format

    bare = tmp_path / "bare.jxl"
    bare.write_bytes(b"\xff\x0a" + b"\x00" * 16)
    boxed = tmp_path / "boxed.jxl"
    boxed.write_bytes(b"\x00\x00\x00\x0cJXL \r\n\x87\n" + b"\x00" * 16)
    assert _sidecar_format(bare) and not _sidecar_format(boxed)
    big = tmp_path / "big.tif"
    big.write_bytes(b"II+\x00\x08\x00\x00\x00" + b"\x00" * 16)
    classic = tmp_path / "classic.tif"
    classic.write_bytes(b"II*\x00\x08\x00\x00\x00" + b"\x00" * 16)
    assert _sidecar_format(big) and not _sidecar_format(classic)
    assert _sidecar_format(tmp_path / "a.iiq") and _sidecar_format(tmp_path / "a.CR3")
    assert not _sidecar_format(tmp_path / "a.dng") and not _sidecar_format(tmp_path / "a.jpg")
