"""A page image turned upright: a quarter turn found from its ink, a slant of up to 5° undone.

Lines of print are what the page's ink is made of, so the page is level when
its ink, summed row by row and column by column, rises and falls most sharply
(rows of text and rows of paper between them, and the rules of a table). That
measure finds the slant, tried over ±5°, coarse then fine. Whether the page
lies on its side is told by the text lines the engine's detector finds: wide
boxes on an upright page, tall ones on a page turned by a quarter. Which way
up -- a half turn -- the engine's orientation model decides from the lines
(``gxparse.sources.ocr_engine.upside_down``).

Everything here works on a copy scaled to about 1000 px, and only the final
turn and rotation touch the full image.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_SKEW = 5.0  # degrees
_SIDE = 1000  # pixels of the copy the measures work on


def _ink(image: Any) -> Any:
    """A small copy of the page: 1.0 where there is ink, 0.0 on paper."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    k = min(1.0, _SIDE / max(h, w))
    small = cv2.resize(
        image, (max(1, int(w * k)), max(1, int(h * k))), interpolation=cv2.INTER_AREA
    )
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink.astype(np.float32)


def _sharpness(ink: Any, angle: float) -> float:
    """How sharply the ink's row and column sums alternate once turned by ``angle`` degrees.

    Both: a page on its side has its lines in columns, and its slant is found the same.
    """
    import cv2
    import numpy as np

    if angle:
        h, w = ink.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        ink = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows, cols = ink.sum(axis=1), ink.sum(axis=0)
    return float(np.square(np.diff(rows)).sum() + np.square(np.diff(cols)).sum())


def skew(image: Any) -> float:
    """The angle (degrees, counter-clockwise) that sets the page's lines level (or plumb)."""
    ink = _ink(image)
    if ink.sum() < 50:
        return 0.0
    best = max((a / 2 for a in range(-10, 11)), key=lambda a: _sharpness(ink, a))
    fine = [best + d / 10 for d in range(-5, 6) if abs(best + d / 10) <= MAX_SKEW]
    return max(fine, key=lambda a: (_sharpness(ink, a), -abs(a)))


def on_its_side(boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    """Whether the page's text lines run up and down: tall boxes outweigh wide ones.

    Boxes of one or two characters (nearly square) say nothing and are left out.
    """
    wide = tall = 0.0
    for x0, y0, x1, y1 in boxes:
        w, h = x1 - x0, y1 - y0
        if w >= 1.5 * h:
            wide += w
        elif h >= 1.5 * w:
            tall += h
    return tall > wide


def rotate(image: Any, angle: float) -> Any:
    """The image turned by ``angle`` degrees counter-clockwise, the canvas kept, paper filled in."""
    import cv2

    if not angle:
        return image
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(
        image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


def quarter(image: Any, turns: int) -> Any:
    """The image turned by ``turns`` quarter turns clockwise."""
    import numpy as np

    return np.ascontiguousarray(np.rot90(image, -turns % 4))


def quarter_boxes(
    boxes: Sequence[tuple[float, float, float, float]], turns: int, width: int, height: int
) -> list[tuple[float, float, float, float]]:
    """Boxes on a ``width`` × ``height`` image, where they lie once it is turned as ``quarter``."""
    out = list(boxes)
    for _ in range(turns % 4):  # one clockwise quarter: (x, y) -> (height - y, x)
        out = [(height - y1, x0, height - y0, x1) for x0, y0, x1, y1 in out]
        width, height = height, width
    return out


__all__ = ["MAX_SKEW", "on_its_side", "quarter", "quarter_boxes", "rotate", "skew"]
