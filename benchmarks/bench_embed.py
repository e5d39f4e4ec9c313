"""Write-back: fidelity of the ways to write on real camera files, and throughput.

    python benchmarks/bench_embed.py --real ../shared/realfiles/exiftool-t-images
    python benchmarks/bench_embed.py --files 1000 --rounds 3 --reference /work/main/src

`--real`: each way of writing (exiv2 rewriting everything, as before issue 14; exiv2 with
EXIF left alone; exiftool, what embed uses) on a copy of every JPEG/TIFF there, with the
same five fields, then exiftool's whole view compared with the original's
(core/media/fidelity.py): how many files lost or changed tags we do not manage.
`--files N`: N generated JPEGs (12 MP, about 3 MB, camera EXIF), the real
`caption-studio embed --out` in a subprocess, ours against the checkout at `--reference`
(its `src`), rounds interleaved; prints files/s and the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import exiv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

VALUES = {"description": "4月18日，市民在重庆渝北区中央公园赏花。本报记者 李雨恒 摄",
          "creator": ["李雨恒"], "city": "重庆", "headline": "春到山城",
          "keywords": ["春天", "公园"]}


def _exiv2_write(path: Path, exif: bool) -> None:
    from caption_studio.core.media.embed_values import apply_values

    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    apply_values(image, VALUES, exif=exif)
    image.writeMetadata()


def fidelity_on_real(folder: Path) -> None:
    from caption_studio.core.media import fidelity, write_plan
    from caption_studio.core.media.exiftool_session import Session

    managed = {t for k in VALUES for t in write_plan.MANAGED_TAGS[k]}
    managed |= set(write_plan.IIM_FRAME) | {"XMP-x:XMPToolkit"}
    files = sorted(p for p in folder.iterdir()
                   if p.suffix.lower() in (".jpg", ".tif", ".psd", ".webp", ".png"))
    ways = {"exiv2, everything rewritten (before)": lambda p: _exiv2_write(p, True),
            "exiv2, EXIF left alone": lambda p: _exiv2_write(p, False)}
    with Session() as et, tempfile.TemporaryDirectory() as tmp:
        def by_exiftool(p: Path) -> None:
            exif_ifds = {k.split(":")[0] for k in et.tags(p) if k.startswith(("IFD0", "ExifIFD"))}
            plan = write_plan.plan(str(et.tags(p).get("File:FileType")), exif_ifds, VALUES,
                                   (), None)
            et.write(p, plan.args)
        ways["exiftool (embed now)"] = by_exiftool
        for label, write in ways.items():
            bad: dict[str, list[str]] = {}
            failed: dict[str, str] = {}
            start = time.perf_counter()
            for src in files:
                copy = Path(tmp) / src.name
                shutil.copyfile(src, copy)
                copy.chmod(0o644)
                before = et.tags(copy, "UTF8")
                try:
                    write(copy)
                except Exception as exc:  # noqa: BLE001 - a refusal is a result here
                    failed[src.name] = str(exc)[:60]
                    continue
                changed = fidelity.differences(before, et.tags(copy, "UTF8"), managed)
                if changed:
                    bad[src.name] = changed
            ms = (time.perf_counter() - start) / len(files) * 1000
            print(f"{label}: {len(files)} files, {len(bad)} with unmanaged tags changed "
                  f"({sum(map(len, bad.values()))} tags), {len(failed)} refused, "
                  f"{ms:.0f} ms/file incl. two exiftool reads")
            for name, changed in bad.items():
                print(f"    {name}: {'; '.join(changed[:3])}"
                      f"{f' (+{len(changed) - 3})' if len(changed) > 3 else ''}")
            for name, why in failed.items():
                print(f"    {name}: refused: {why}")


def _make_photos(folder: Path, n: int) -> None:
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("*.jpg"))
    if len(existing) >= n:
        return
    import numpy as np

    rng = np.random.default_rng(7)
    base = folder / "base.jpg"
    # a photo's texture: smooth gradients with some grain (about 3 MB at quality 85)
    y, x = np.mgrid[0:3000, 0:4000]
    smooth = np.stack([(x // 16) % 256, (y // 12) % 256, ((x + y) // 20) % 256], axis=-1)
    pixels = (smooth + rng.integers(0, 24, (3000, 4000, 3))).clip(0, 255).astype(np.uint8)
    Image.fromarray(pixels).save(base, quality=85)
    image = exiv2.ImageFactory.open(str(base))
    image.readMetadata()
    exif = image.exifData()
    exif["Exif.Image.Make"] = "Canon"
    exif["Exif.Image.Model"] = "Canon EOS 5D Mark IV"
    exif["Exif.Photo.DateTimeOriginal"] = "2024:04:18 09:30:05"
    image.writeMetadata()
    data = base.read_bytes()
    for i in range(len(existing), n):
        # a comment segment after SOI makes each file its own photo (not a duplicate)
        note = f"bench photo {i}".encode()
        (folder / f"p{i:05d}.jpg").write_bytes(
            data[:2] + b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note + data[2:])
    base.unlink()


def _project(folder: Path, photos: Path, src: Path) -> Path:
    proj = folder / "bench.capstudio"
    if proj.exists():
        proj.unlink()
    env = {**os.environ, "PYTHONPATH": str(src)}
    code = ("import sys; from pathlib import Path;"
            "from caption_studio.core.project.file import Project;"
            "from caption_studio.core.media.importer import import_paths;"
            "from caption_studio.core.project.operations import set_fields;"
            f"p=Project.create(Path({str(proj)!r}));"
            f"s=import_paths(p,[Path({str(photos)!r})]);"
            f"set_fields(p,s.photo_ids,{VALUES!r}); p.close()")
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return proj


def _embed(proj: Path, out: Path, src: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(src)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "caption_studio", "embed", str(proj),
                    "--out", str(out)], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def throughput(n: int, rounds: int, reference: Path) -> None:
    work = ROOT / "benchmarks" / "out" / "embed"
    photos = work / "photos"
    _make_photos(photos, n)
    ours, theirs = [], []
    for r in range(rounds):
        for label, src, times in (("reference", reference, theirs), ("ours", ROOT / "src", ours)):
            proj = _project(work, photos, src)
            seconds = _embed(proj, work / "out", src)
            times.append(seconds)
            print(f"round {r + 1} {label}: {seconds:.1f} s, {n / seconds:.1f} files/s")
        print(f"round {r + 1} ratio (ours/reference time): {ours[-1] / theirs[-1]:.2f}")
    print(f"median ratio {statistics.median(o / t for o, t in zip(ours, theirs, strict=True)):.2f}")
    shutil.rmtree(work / "out", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path)
    parser.add_argument("--files", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reference", type=Path, default=Path("/work/main/src"))
    args = parser.parse_args()
    if args.real:
        fidelity_on_real(args.real)
    if args.files:
        throughput(args.files, args.rounds, args.reference)


if __name__ == "__main__":
    main()
