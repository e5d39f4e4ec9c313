"""The fingerprint is a photo's identity in every project ever saved: how it is computed may get
faster, never different. These tests compute it again from its definition, independently."""

import hashlib
import os
import struct
import threading

import blake3
import pytest

from caption_studio.core.media import fingerprint
from caption_studio.core.media.fingerprint import fingerprint_file, probe_fd


def _by_definition(data: bytes, digest) -> str:
    """The size (8 bytes, little-endian), the first 64 KiB, four 4 KiB blocks at 1/5 .. 4/5 of
    the file, the last 16 KiB; a file of at most 96 KiB whole."""
    size = len(data)
    h = digest(struct.pack("<Q", size))
    if size <= 96 * 1024:
        h.update(data)
    else:
        h.update(data[:65536])
        for i in range(1, 5):
            at = size * i // 5
            h.update(data[at:at + 4096])
        h.update(data[-16384:])
    return h.hexdigest()


@pytest.mark.parametrize("size", [0, 1, 5000, 96 * 1024, 96 * 1024 + 1, 3_000_017])
def test_v1_and_v2_fingerprints_follow_their_definition(tmp_path, size):
    data = os.urandom(size)
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    assert fingerprint_file(path) == _by_definition(data, blake3.blake3)[:40]
    assert fingerprint_file(path, legacy=True) == _by_definition(data, hashlib.sha256)[:32]


def test_a_file_that_shrinks_while_read_is_hashed_as_read(tmp_path):
    # fstat said 3 MB, the file now holds 200 KB: what is there is hashed, as before.
    data = os.urandom(200_000)
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    said = 3_000_000
    fd = os.open(path, os.O_RDONLY)
    try:
        probe = probe_fd(fd, said)
    finally:
        os.close(fd)
    expected = blake3.blake3(struct.pack("<Q", said))
    expected.update(data[:65536])
    for i in range(1, 5):
        at = said * i // 5
        expected.update(data[at:at + 4096])
    expected.update(data[said - 16384:])  # past the end: nothing
    assert probe.fingerprint == expected.hexdigest()[:40]
    assert probe.head == data[:65536]


def test_threads_fingerprinting_at_once_do_not_mix_their_reads(tmp_path):
    files = []
    for n in range(8):
        data = os.urandom(150_000 + n * 7919)
        (tmp_path / f"{n}.jpg").write_bytes(data)
        files.append((tmp_path / f"{n}.jpg", _by_definition(data, blake3.blake3)[:40]))
    wrong = []

    def check():
        for _ in range(40):
            for path, expected in files:
                if fingerprint_file(path) != expected:
                    wrong.append(path)

    threads = [threading.Thread(target=check) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


def test_the_probe_keeps_the_head_and_sees_a_truncated_jpeg(tmp_path):
    # No 0xFF in the body: random bytes would hold an end marker in the last kilobyte
    # (where the probe looks for it, padding after EOI being common) about once in 60 runs.
    body = os.urandom(300_000).replace(b"\xff", b"\x00")
    whole = b"\xff\xd8\xff\xe0" + body + b"\xff\xd9"
    (tmp_path / "ok.jpg").write_bytes(whole)
    (tmp_path / "cut.jpg").write_bytes(whole[:-2])
    for name, truncated in (("ok.jpg", False), ("cut.jpg", True)):
        fd = os.open(tmp_path / name, os.O_RDONLY)
        try:
            probe = probe_fd(fd, os.fstat(fd).st_size)
        finally:
            os.close(fd)
        assert (probe.format, probe.truncated) == ("jpeg", truncated)
        assert probe.head == whole[:fingerprint.EDGE]
