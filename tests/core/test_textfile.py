import os

import pytest

from caption_studio.core.errors import InputError
from caption_studio.core.textfile import read_text_file


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_list_files_in_the_encodings_tools_save(tmp_path, encoding):
    path = tmp_path / "list.txt"
    path.write_bytes("=lyh=\t记者 李雨恒 摄\n".encode(encoding))
    assert read_text_file(path, what="a list", max_bytes=1000) == "=lyh=\t记者 李雨恒 摄\n"


def test_what_is_not_a_list_file_is_one_clear_line(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(InputError, match="too large for a list"):
        read_text_file(big, what="a list", max_bytes=1000)
    with pytest.raises(InputError, match="is a folder, not a list"):
        read_text_file(tmp_path, what="a list", max_bytes=1000)
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_text_file(fifo, what="a list", max_bytes=1000)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x81\xfe\xff\x80\x80")
    with pytest.raises(InputError, match="not a text file"):
        read_text_file(binary, what="a list", max_bytes=1000)
