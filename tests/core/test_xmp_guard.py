"""A hostile XMP packet nested thousands of levels deep is refused before exiftool spends
40 s reading it (twice); real packets pass."""

from __future__ import annotations

import struct
from pathlib import Path

from caption_studio.core.media import xmp_guard
from tests.bad_files import jpeg_with_app1
from tests.core.test_writeback_realfiles import _real_folder


def _xmp_jpeg(path: Path, packet: bytes) -> Path:
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    path.write_bytes(jpeg_with_app1(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload))
    return path


def test_depth_counts_open_elements_only():
    packet = ("<?xpacket begin=''?><x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF><rdf:Description"
              " a='1'/><!-- <b> --><c><d></d></c></rdf:RDF></x:xmpmeta>")
    assert xmp_guard.nesting_depth(packet) == 4  # xmpmeta > RDF > c > d


def test_deep_packet_is_refused_and_real_ones_pass(tmp_path):
    deep = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + b"<a>" * 6000 + b"</a>" * 6000 + \
        b"</x:xmpmeta>"
    assert xmp_guard.too_deep(_xmp_jpeg(tmp_path / "deep.jpg", deep)) == 6001
    shallow = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + b"<a>" * 50 + b"</a>" * 50 + \
        b"</x:xmpmeta>"
    assert xmp_guard.too_deep(_xmp_jpeg(tmp_path / "ok.jpg", shallow)) is None
    real = sorted(p for p in _real_folder().iterdir() if p.suffix.lower() in (".jpg", ".psd", ".webp"))
    assert real
    assert all(xmp_guard.too_deep(p) is None for p in real)
