import codecs

import pytest

from caption_studio.core.desk import replacements as rep
from caption_studio.core.errors import InputError
from caption_studio.core.project.file import Project


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "codes.capstudio") as p:
        yield p


def test_expand_known_codes_only():
    codes = {"lyh": "记者 李雨恒 摄", "cc2": "Aaron Barnum\tguard", "cq": "重庆"}
    assert rep.expand("=cq=渝北区 =lyh=", codes) == "重庆渝北区 记者 李雨恒 摄"
    assert rep.expand("=cc2= and =cc2#2=", codes) == "Aaron Barnum and guard"
    assert rep.expand("a = b, =unknown=, =cc2#9=", codes) == "a = b, =unknown=, =cc2#9="
    assert rep.expand("=LYH=", codes) == "=LYH="  # codes are case-sensitive
    assert rep.expand("#cq#", codes, delimiter="#") == "重庆"


def test_read_photo_mechanic_file_with_bom_crlf_comments(tmp_path):
    path = tmp_path / "codes.txt"
    path.write_bytes(codecs.BOM_UTF8 + "# desk codes\r\nlyh\t记者 李雨恒 摄\r\n\r\n"
                     "cc2\tAaron Barnum\tguard\r\nno tab here\r\n".encode())
    assert rep.read_file(path) == {"lyh": "记者 李雨恒 摄", "cc2": "Aaron Barnum\tguard"}


def test_import_export_round_trip(project, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("lyh\t记者 李雨恒 摄\nsjcq\t视觉重庆\n", encoding="utf-8")
    assert rep.import_file(project, src) == 2
    out = tmp_path / "out.txt"
    assert rep.export_file(project, out) == 2
    assert out.read_bytes().decode("utf-8") == "lyh\t记者 李雨恒 摄\nsjcq\t视觉重庆\n"
    assert rep.read_file(out) == rep.table(project)
    src.write_text("x\ty\n", encoding="utf-8")
    rep.import_file(project, src, replace_all=True)
    assert rep.table(project) == {"x": "y"}


def test_bad_files_are_one_line_errors(tmp_path, project):
    bad = tmp_path / "bad.txt"
    bad.write_text("only spaces here\n", encoding="utf-8")
    with pytest.raises(InputError, match="no code replacements"):
        rep.read_file(bad)
    with pytest.raises(InputError, match="no such file"):
        rep.read_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="may not contain"):
        rep.set_codes(project, {"a b": "x"})
