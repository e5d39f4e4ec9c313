"""Thumbnails (~256 px) and previews (~1600 px) in the cache beside the project file.

The cache is regenerable: a file is named by the photo's content fingerprint and size, made
when missing, written under a temporary name and renamed, so a crash or two workers never
leave half a JPEG. JPEGs are decoded in draft mode (libjpeg scales by 1/2..1/8 while
decoding), which is most of the speed. Pillow releases the GIL while decoding and resizing,
so threads use both cores without the cost and fork hazards of processes in a GUI app.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import warnings
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from caption_studio.core.errors import Cancelled, InputError
from caption_studio.core.media.fingerprint import RAW_EXTENSIONS, extension
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken, Progress, no_progress

THUMB_SIZE = 256
PREVIEW_SIZE = 1600


def quiet_pillow() -> None:
    """Pillow only warns below twice its pixel limit: we check the size ourselves and refuse
    above it. Damaged EXIF is reported at import; reading it again must stay quiet. The
    filter is process-wide (catch_warnings is not thread-safe); filterwarnings does not add
    a filter twice."""
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.TiffImagePlugin")


_heif_registered = False

_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}


def thumbnail_path(cache_dir: str | os.PathLike[str], fingerprint: str,
                   size: int = THUMB_SIZE) -> Path:
    kind = "thumbs" if size <= THUMB_SIZE else "previews"
    return Path(cache_dir) / kind / str(size) / fingerprint[:2] / f"{fingerprint}.jpg"


def ensure_thumbnail(cache_dir: str | os.PathLike[str], source_path: str | os.PathLike[str],
                     fingerprint: str, *, orientation: int | None = None,
                     size: int = THUMB_SIZE) -> Path:
    """The cached thumbnail, made now if missing. Raises InputError for a picture that
    cannot be decoded (the message says why)."""
    target = thumbnail_path(cache_dir, fingerprint, size)
    if target.exists():
        return target
    image = load_scaled(source_path, size, orientation=orientation)
    _save_atomic(image, target)
    return target


def ensure_preview(cache_dir: str | os.PathLike[str], source_path: str | os.PathLike[str],
                   fingerprint: str, *, orientation: int | None = None,
                   size: int = PREVIEW_SIZE) -> Path:
    return ensure_thumbnail(cache_dir, source_path, fingerprint, orientation=orientation,
                            size=size)


def load_scaled(source_path: str | os.PathLike[str], size: int, *,
                orientation: int | None = None) -> Image.Image:
    """The picture scaled to fit size x size, upright, in RGB."""
    name = os.fsdecode(source_path)
    label = os.path.basename(name)
    quiet_pillow()
    try:
        img = _open(name)
        try:
            _check_pixels(img, label)
            if img.format == "JPEG":
                img.draft("RGB", (size, size))
            if orientation is None:
                orientation = _exif_orientation(img)
            img.thumbnail((size, size), Image.Resampling.BICUBIC, reducing_gap=2.0)
            out = img.convert("RGB") if img.mode != "RGB" else img.copy()
        finally:
            img.close()
    except InputError:
        raise
    except Image.DecompressionBombError:
        raise InputError(f"{label}: the picture is too large to show") from None
    except (OSError, ValueError, SyntaxError, Image.UnidentifiedImageError, EOFError) as exc:
        raise InputError(f"{label}: the picture cannot be decoded ({exc})") from None
    transpose = _TRANSPOSE.get(orientation or 1)
    return out.transpose(transpose) if transpose is not None else out


def _open(name: str) -> Image.Image:
    if extension(name) in RAW_EXTENSIONS:
        from caption_studio.core.media.metadata import extract_preview

        data = extract_preview(name)
        if data is None:
            raise InputError(f"{os.path.basename(name)}: the RAW file has no embedded preview")
        return Image.open(io.BytesIO(data))
    if extension(name) in ("heic", "heif", "hif", "avif"):
        _register_heif()
    try:
        return Image.open(name)
    except Image.UnidentifiedImageError:
        _register_heif()  # a HEIF under another name
        return Image.open(name)


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _heif_registered = True


def _check_pixels(img: Image.Image, label: str) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    if limit and img.size[0] * img.size[1] > limit:
        raise InputError(f"{label}: the picture is too large to show "
                         f"({img.size[0]}x{img.size[1]} pixels)")


def _exif_orientation(img: Image.Image) -> int | None:
    try:
        value = img.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - damaged EXIF: show the picture as stored
        return None
    return value if isinstance(value, int) else None


def _save_atomic(image: Image.Image, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".jpg", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            image.save(fh, "JPEG", quality=82)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass
class ThumbnailSummary:
    made: int = 0
    cached: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    interrupted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"made": self.made, "cached": self.cached, "interrupted": self.interrupted,
                "failed": [{"photo": p, "reason": r} for p, r in self.failed]}


def generate_thumbnails(project: Project, photo_ids: Iterable[int] | None = None, *,
                        size: int = THUMB_SIZE, workers: int | None = None,
                        progress: Progress = no_progress,
                        cancel: CancelToken | None = None) -> ThumbnailSummary:
    """Make the missing thumbnails of the given photos (all by default), on both cores."""
    from caption_studio.core.media.paths import photo_files

    rows = photo_files(project, photo_ids)
    cache = project.cache_dir
    summary = ThumbnailSummary()
    todo = []
    for pid, path, fingerprint, orientation in rows:
        if fingerprint and thumbnail_path(cache, fingerprint, size).exists():
            summary.cached += 1
        elif fingerprint:
            todo.append((pid, path, fingerprint, orientation))
        else:
            summary.failed.append((pid, "the photo has no fingerprint; import it again"))

    def one(item: tuple[int, Path, str, int | None]) -> tuple[int, str | None]:
        pid, path, fingerprint, orientation = item
        if cancel is not None and cancel.cancelled:
            return pid, None
        try:
            ensure_thumbnail(cache, path, fingerprint, orientation=orientation, size=size)
        except InputError as exc:
            return pid, str(exc)
        except (OSError, MemoryError) as exc:
            return pid, f"{path.name}: {exc}"
        return pid, ""

    total = len(todo)
    progress(0, total, "thumbnails")
    pool = ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2)
    try:
        for done, (pid, error) in enumerate(pool.map(one, todo), 1):
            if error is None:
                continue
            if error:
                summary.failed.append((pid, error))
            else:
                summary.made += 1
            progress(done, total, "thumbnails")
        if cancel is not None:
            cancel.raise_if_cancelled()
    except (KeyboardInterrupt, Cancelled):
        summary.interrupted = True
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return summary
