"""Make the small photos of the sample project (sample_project/*.jpg) and their metadata.

    .venv/bin/python scripts/make_sample_photos.py [FOLDER]

Pictures are drawn (sky gradient, hills, tea rows, a sun or lamps), not photographed, so the
repository stays small and free of rights questions. Six photos for five captions in
`sample_project/article.txt`: the photographer filed one more than the paper printed, one
photo carries no metadata at all, and one is named in pinyin after its photographer.
The output is deterministic: running it again gives the same files.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import exiv2
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
SIZE = (640, 427)

# name, palette (sky top, sky bottom, hill, accent), metadata
PHOTOS: list[tuple[str, tuple[tuple[int, int, int], ...], dict[str, dict[str, object]]]] = [
    ("chensiyuan_0423_012.jpg", ((150, 200, 235), (235, 245, 225), (70, 140, 70), (250, 220, 120)),
     {"iptc": {"Iptc.Application2.Byline": "陈思远", "Iptc.Application2.DateCreated": "2024-04-23",
               "Iptc.Application2.City": "重庆"},
      "exif": {"Exif.Photo.DateTimeOriginal": "2024:04:23 09:41:12",
               "Exif.Image.Make": "Nikon", "Exif.Image.Model": "Z 8"}}),
    ("DSC_0415.JPG", ((120, 140, 170), (210, 215, 225), (90, 100, 120), (230, 160, 60)),
     {"exif": {"Exif.Image.Artist": "林晓彤", "Exif.Photo.DateTimeOriginal": "2024:04:23 10:12:30",
               "Exif.Image.Make": "Canon", "Exif.Image.Model": "EOS R6"}}),
    ("DSC_0431.JPG", ((240, 180, 120), (250, 230, 190), (160, 110, 60), (200, 60, 40)),
     {"xmp": {"Xmp.dc.creator": ["赵明轩"], "Xmp.photoshop.DateCreated": "2024-04-23"},
      "iptc": {"Iptc.Application2.Caption": "游客在花溪村游客服务中心体验手工炒茶"}}),
    ("chensiyuan_0422_003.jpg", ((70, 60, 130), (230, 150, 150), (50, 80, 60), (255, 240, 200)),
     {"exif": {"Exif.Image.Artist": "Chen Siyuan",
               "Exif.Photo.DateTimeOriginal": "2024:04:22 18:55:03"}}),
    ("IMG_2207.jpg", ((180, 210, 240), (250, 250, 240), (120, 90, 70), (90, 160, 90)), {}),
    ("DSC_0440.JPG", ((130, 190, 220), (220, 240, 235), (60, 120, 80), (240, 240, 240)),
     {"exif": {"Exif.Image.Artist": "赵明轩", "Exif.Photo.DateTimeOriginal": "2024:04:23 11:02:45"},
      "iptc": {"Iptc.Application2.Keywords": "茶园"}}),
]


def draw(palette: tuple[tuple[int, int, int], ...], seed: int) -> Image.Image:
    top, bottom, hill, accent = palette
    w, h = SIZE
    img = Image.new("RGB", SIZE)
    px = ImageDraw.Draw(img)
    for y in range(h):
        t = y / (h - 1)
        px.line([(0, y), (w, y)], fill=tuple(int(a + (b - a) * t)
                                                 for a, b in zip(top, bottom, strict=True)))
    sun_x = w * (0.15 + 0.13 * seed)
    px.ellipse((sun_x, 40 + 6 * seed, sun_x + 70, 110 + 6 * seed), fill=accent)
    for layer in range(3):
        base = int(h * (0.45 + 0.14 * layer))
        shade = tuple(max(0, c - 25 * layer) for c in hill)
        points = [(0, h)]
        for x in range(0, w + 8, 8):
            wave = math.sin(x / (90 + 25 * layer) + seed * 1.7 + layer) \
                + 0.4 * math.sin(x / 37 + seed + layer * 2.1)
            points.append((x, base - int(28 * wave) + 18 * layer))
        points.append((w, h))
        px.polygon(points, fill=shade)
    for row in range(6):  # tea rows on the nearest hill
        y = int(h * 0.78) + row * 14
        px.arc((-80, y - 40, w + 80, y + 60), 190, 350,
               fill=tuple(min(255, c + 40) for c in hill), width=4)
    return img.filter(ImageFilter.SMOOTH)


def write_metadata(path: Path, meta: dict[str, dict[str, object]]) -> None:
    if not meta:
        return
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    exif, iptc, xmp = image.exifData(), image.iptcData(), image.xmpData()
    for key, value in meta.get("exif", {}).items():
        exif[key] = str(value)
    if meta.get("iptc"):
        iptc["Iptc.Envelope.CharacterSet"] = "\x1b%G"
        for key, value in meta["iptc"].items():
            iptc[key] = str(value)
    for key, value in meta.get("xmp", {}).items():
        if isinstance(value, list):
            xmp[key] = exiv2.XmpArrayValue([str(v) for v in value], exiv2.TypeId.xmpSeq)
        else:
            xmp[key] = str(value)
    image.writeMetadata()


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for seed, (name, palette, meta) in enumerate(PHOTOS):
        path = folder / name
        draw(palette, seed).save(path, "JPEG", quality=78, optimize=True)
        write_metadata(path, meta)
        print(f"{path.relative_to(folder.parent) if folder.parent in path.parents else path}"
              f"  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "sample_project")
