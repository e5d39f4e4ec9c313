"""Read speed of core.metadata.read_embedded against `exiftool -json` on the same files.

    .venv/bin/python benchmarks/bench_metadata_read.py [--files 200] [--dir /tmp/cs-bench-md]

Makes N 12 MP JPEGs (about 3-5 MB each, EXIF + IPTC + XMP, Chinese text in half of them)
once, then times both readers over them and prints files/s and the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from tests.media_builders import write_metadata  # noqa: E402

from caption_studio.core.media.metadata import read_embedded  # noqa: E402


def make_corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(folder.glob("*.jpg"))
    if len(files) >= count:
        return files[:count]
    rng = np.random.default_rng(1)
    base = rng.integers(0, 255, (3000 // 8, 4000 // 8, 3), dtype=np.uint8)
    img = Image.fromarray(base).resize((4000, 3000), Image.BILINEAR)
    noise = rng.integers(0, 40, (3000, 4000, 3), dtype=np.uint8)
    img = Image.fromarray(np.asarray(img) // 2 + noise)
    template = folder / "template.jpg"
    img.save(template, "JPEG", quality=90)
    out = []
    for i in range(count):
        path = folder / f"press_{i:04d}.jpg"
        shutil.copyfile(template, path)
        chinese = i % 2 == 0
        caption = ("4月18日，市民在重庆渝北区中央公园赏花。本报记者 李雨恒 摄" if chinese
                   else "Visitors admire blossoms in Chongqing, April 18. (Photo by Li Yuheng)")
        write_metadata(path, exif={
            "Exif.Image.Make": "Canon", "Exif.Image.Model": "Canon EOS R5",
            "Exif.Image.Artist": "Li Yuheng", "Exif.Photo.DateTimeOriginal": "2024:04:18 09:30:05",
        }, iptc={
            "Iptc.Application2.Caption": caption, "Iptc.Application2.Byline": "李雨恒",
            "Iptc.Application2.City": "重庆" if chinese else "Chongqing",
            "Iptc.Application2.Keywords": ["春天", "公园"],
        }, xmp={
            "Xmp.dc.description": caption, "Xmp.dc.creator": ["李雨恒"],
            "Xmp.photoshop.City": "重庆" if chinese else "Chongqing",
            "Xmp.photoshop.Headline": "春到山城",
        }, orientation=1)
        out.append(path)
    template.unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/cs-bench-md"))
    args = parser.parse_args()
    files = make_corpus(args.dir, args.files)
    size = sum(f.stat().st_size for f in files) / len(files) / 1e6
    for f in files:  # same page cache state for both readers
        f.read_bytes()
    start = time.perf_counter()
    for f in files:
        read_embedded(f)
    ours = time.perf_counter() - start
    print(f"{len(files)} JPEGs, {size:.1f} MB each")
    print(f"read_embedded: {ours:.2f} s, {len(files) / ours:.0f} files/s")
    if shutil.which("exiftool"):
        start = time.perf_counter()
        subprocess.run(["exiftool", "-json", *map(str, files)], check=True,
                       stdout=subprocess.DEVNULL)
        theirs = time.perf_counter() - start
        print(f"exiftool -json: {theirs:.2f} s, {len(files) / theirs:.0f} files/s")
        print(f"ratio (ours / exiftool): {ours / theirs:.3f}")


if __name__ == "__main__":
    main()
