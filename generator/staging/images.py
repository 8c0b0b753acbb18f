"""Images as published: at most 1,600 pixels wide, and without their metadata (a
phone's photo carries where and when it was taken, and with what). The editor's file
in `content/` stays as it is."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageOps

from ..reading.load import IMAGE_TYPES

MAX_WIDTH = 1600
# What is made smaller and cleaned, in its format (a GIF is published as it is: it may move).
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def published(path: Path) -> bytes:
    """The bytes that the site publishes for the file at `path`."""
    if path.suffix.lower() not in FORMATS:
        return path.read_bytes()
    status = path.stat()
    return _image(path, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=64)
def _image(path: Path, mtime: int, size: int) -> bytes:  # noqa: ARG001 - the cache's key: the file as it is now
    raw = path.read_bytes()
    with Image.open(io.BytesIO(raw)) as image:
        if image.width <= MAX_WIDTH and not image.getexif() and "xmp" not in image.info and "exif" not in image.info:
            return raw
        upright = ImageOps.exif_transpose(image)  # the metadata said which way up: now the pixels do
        upright.thumbnail((MAX_WIDTH, MAX_WIDTH * 10))
        out = io.BytesIO()
        kind = FORMATS[path.suffix.lower()]
        if kind == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        options = {"quality": 82, "optimize": True} if kind in ("JPEG", "WEBP") else {"optimize": True}
        if "icc_profile" in image.info:
            options["icc_profile"] = image.info["icc_profile"]  # colours, not metadata
        upright.save(out, kind, **options)
        return out.getvalue()


def size(path: Path) -> tuple[int, int] | None:
    """Width and height of an image as published, or None for a file that is no image."""
    if path.suffix.lower() not in IMAGE_TYPES:
        return None
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, Image.DecompressionBombError):
        return None
