"""Image files -> page images: PNG, JPEG and TIFF (every page of a multi-page TIFF).

Each page comes out as a 2-D ``uint8`` array, dark ink on light paper. A
colour page is read through its red channel, in which the red seal stamped
over a report's last page -- and any red ink -- is as light as the paper
while black print stays black.

Nothing is decoded before it is measured: the pixel count of every page, read
from the file's header, is held against ``Limits.max_image_pixels`` (a JPEG
over it is first decoded at a half, a quarter or an eighth of its size, which
its format allows at no cost, and read if that fits), and the page count
against ``Limits.max_pages``. A page larger than a 300 dpi A4 scan needs is
scaled down as it is read, so memory per page is bounded whatever the file.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from gxparse import limits
from gxparse.errors import BinarySourceError, CorruptSourceError, SourceError

MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}
WORK_SIDE = 3600  # pixels: a page's longer side is scaled down to this (A4 at ~300 dpi)


def kind(data: bytes) -> str | None:
    """``PNG``, ``JPEG`` or ``TIFF`` when ``data`` opens like one, else None."""
    for magic, name in MAGIC.items():
        if data.startswith(magic):
            return name
    return None


def dpi_of(info: dict[str, Any]) -> float | None:
    """The resolution an image file states, when it is a plausible scan's (72-1200 dpi)."""
    dpi = info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None
    return value if value is not None and 72 <= value <= 1200 else None


def identify(data: bytes, *, path: str | None = None) -> str:
    """The image's format as Pillow reads it from its header (nothing is decoded); bytes that
    only open like an image are a ``BinarySourceError``."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as opened:
                return str(opened.format or kind(data) or "image")
    except Image.DecompressionBombError:
        return kind(data) or "image"  # measured, and refused, when its pages are read
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise BinarySourceError(
            f"the file opens like a {kind(data) or 'picture'} image, but no image can be "
            "read from it",
            path=path,
        ) from None


def pages(data: bytes, *, path: str | None = None) -> Iterator[tuple[Any, float | None]]:
    """Each page of the image file as (grayscale array, stated dpi or None), one at a time."""
    import numpy as np
    from PIL import Image, ImageSequence

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(BytesIO(data))
            frames = getattr(opened, "n_frames", 1)
            limits.check("the image's page count", frames, "max_pages", path=path)
            for number, frame in enumerate(ImageSequence.Iterator(opened), 1):
                frame = _fit(frame, path=path, number=number, frames=frames)
                yield np.asarray(_gray(frame), dtype=np.uint8), dpi_of(frame.info)
    except SourceError:
        raise
    except Image.DecompressionBombError as exc:  # over Pillow's own cap, far above ours
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise limits.refuse(
            "the image's pixel count", int(found[1]) if found else None, "max_image_pixels", path=path
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise CorruptSourceError(
            f"the image could not be decoded (truncated or corrupt?): {exc}", path=path
        ) from None


def _fit(frame: Any, *, path: str | None, number: int, frames: int) -> Any:
    """The frame, measured before it is decoded, and scaled down to the working size."""
    w, h = frame.size
    what = "the image" if frames == 1 else f"page {number} of the image"
    if w * h > limits.current().max_image_pixels and frame.format == "JPEG":
        frame.draft("L", (w // 8 + 1, h // 8 + 1))  # decoded at 1/8 (or 1/4, 1/2) size
        w, h = frame.size
    limits.check(f"{what} ({w}×{h} px)", w * h, "max_image_pixels", path=path)
    frame.load()
    if max(w, h) > WORK_SIDE:
        from PIL import Image

        k = WORK_SIDE / max(w, h)
        info = dict(frame.info)
        frame = frame.convert("RGB" if frame.mode not in ("L", "1", "I;16") else "L")
        frame = frame.resize((max(1, round(w * k)), max(1, round(h * k))), Image.Resampling.BOX)
        dpi = dpi_of(info)
        frame.info.update(info)
        if dpi:
            frame.info["dpi"] = (dpi * k, dpi * k)
    return frame


def _gray(frame: Any) -> Any:
    """One channel: the red one for a colour page (red stamps vanish), luminance otherwise."""
    mode = frame.mode
    if mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV", "PA", "LA"):
        if mode in ("RGBA", "PA", "LA", "P"):
            rgba = frame.convert("RGBA")
            back = _white(rgba.size)
            back.paste(rgba, mask=rgba.getchannel("A"))
            frame = back
        return frame.convert("RGB").getchannel("R")
    if mode == "L":
        return frame
    return frame.convert("L")


def _white(size: tuple[int, int]) -> Any:
    from PIL import Image

    return Image.new("RGB", size, (255, 255, 255))


__all__ = ["MAGIC", "WORK_SIDE", "dpi_of", "identify", "kind", "pages"]
