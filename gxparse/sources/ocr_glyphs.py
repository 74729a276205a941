"""A lone glyph's reading checked against its ink.

Report tables mark an empty cell with a dash (``—``) or a slash (``/``), alone
in the cell. The recogniser, which learned from running text, reads such a
lone stroke poorly: a dash as ``二`` (two strokes), a slash as ``7`` at a low
confidence, and it may never offer ``/`` at all. The shape of the ink says
which it is, plainly:

* a dash is one flat stroke: a single band of ink rows, much wider than high
  -- ``二`` and ``三`` have two and three bands;
* a slash is one thin straight stroke leaning right: a single run of ink on
  every row, the runs on a line -- a ``7`` has its bar, a ``1`` its flag and foot,
  or it stands upright.

Only a line of one character is looked at: one read as a stroke character
(``一二三``), or one read with little confidence (a ``7`` at 0.15: a printed
``7`` or ``1`` is read far above that) or with ``/`` among its rivals; and a
line read ``//`` whose ink is one slash (a stroke read twice). Its reading is replaced only when the
ink is that stroke; the character keeps the engine's reading among its rivals,
and its low confidence, so the cell is still known to have been doubtful.
"""

from __future__ import annotations

from typing import Any

from gxparse.sources.ocr_engine import Char, Line
from gxparse.sources.pixel_rules import CONTRAST

_AS_DASH = frozenset("一二三—-_=")  # what a lone dash is read as
_UNSURE = 0.5  # a lone slash is read (as 7, 1, T...) below this; a printed 1 or 7 far above
_FLAT = 0.3  # a dash's ink is at most this high for its width
_SLANT = 0.12  # a slash's top is right of its bottom by at least this share of its height
_STROKE = 0.2  # a stroke's width across a row, as a share of the glyph's height, at most


def checked(image: Any, lines: list[Line]) -> list[Line]:
    """``lines`` with each lone dash or slash that was misread put right."""
    if not lines:
        return lines
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines)
    usual = heights[len(heights) // 2]
    return [_checked(image, ln, usual) for ln in lines]


def _checked(image: Any, line: Line, usual: float) -> Line:
    if len(line.chars) == 2 and line.text == "//":  # one slash read twice?
        c = line.chars[0]
        c = Char("/", c.x0, line.chars[1].x1, min(c.confidence, line.chars[1].confidence), ())
        one = line._replace(chars=(c,), inserts=())
        ink = _ink(image, line.box, usual)
        return one if ink is not None and _shape(ink) == "/" else line
    if len(line.chars) != 1:
        return line
    c = line.chars[0]
    unsure = c.confidence < _UNSURE
    dash = c.text not in "—-" and (c.text in _AS_DASH or unsure)
    slash = c.text != "/" and (unsure or any(r[0] == "/" for r in c.rivals))
    if not dash and not slash:
        return line
    ink = _ink(image, line.box, usual)
    if ink is None:
        return line
    shape = _shape(ink)
    if shape is None:
        return line
    if (shape == "—" and dash) or (shape == "/" and slash):
        rivals = ((c.text, c.confidence), *(r for r in c.rivals if r[0] != shape))
        return line._replace(chars=(Char(shape, c.x0, c.x1, c.confidence, rivals),))
    return line


def _ink(image: Any, box: tuple[float, float, float, float], usual: float) -> Any:
    """The glyph's ink round ``box`` (a 0/1 array cropped to it), or None when there is none.

    Ink is what lies ``CONTRAST`` or more below the paper (as ``pixel_rules``). The box
    is looked at with a margin of about a line's height (``usual``: the page's usual
    box height), as a detector's box may cover only part of its glyph; ink running
    out of that margin (a table rule) and specks of a pixel or two are not the glyph's.
    """
    import cv2
    import numpy as np

    x0, y0, x1, y1 = box
    mx = my = 0.6 * usual
    near = 0.25 * usual  # a glyph this near the box is the one it was drawn round
    h, w = image.shape[:2]
    left, top = max(0, int(x0 - mx)), max(0, int(y0 - my))
    crop = image[top : min(h, int(y1 + my) + 1), left : min(w, int(x1 + mx) + 1)]
    if crop.size == 0:
        return None
    paper = float(np.percentile(crop, 75))
    ink = (crop < paper - CONTRAST).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    ch, cw = ink.shape
    keep = np.zeros(count, bool)
    for i in range(1, count):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        out_of_margin = x == 0 or y == 0 or x + bw >= cw or y + bh >= ch
        inside = (
            x < x1 + near - left
            and x + bw > x0 - near - left
            and y < y1 + near - top
            and y + bh > y0 - near - top
        )
        keep[i] = area > 2 and inside and not out_of_margin
    glyph = keep[labels]
    rows, cols = np.flatnonzero(glyph.any(axis=1)), np.flatnonzero(glyph.any(axis=0))
    if not len(rows) or not len(cols):
        return None
    return glyph[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].astype(np.uint8)


def _shape(ink: Any) -> str | None:
    """``—`` for one flat stroke, ``/`` for one thin straight stroke leaning right, else None."""
    import numpy as np

    h, w = ink.shape
    filled = ink.any(axis=1)
    bands = int(filled[0]) + int(np.count_nonzero(filled[1:] & ~filled[:-1]))
    if bands == 1 and h <= _FLAT * w:
        return "—"
    if h >= 8 and _one_slanted_stroke(ink):
        return "/"
    return None


def _one_slanted_stroke(ink: Any) -> bool:
    """Whether the ink is a single thin straight stroke leaning right (``/``): one run of
    ink on every row, none wider than a stroke, the runs' centres on a straight line
    that moves right by ``_SLANT`` of the height or more from the bottom to the top. A
    ``7`` fails on its bar, a ``1`` on its flag and foot, or by standing upright."""
    import numpy as np

    h = ink.shape[0]
    centres = []
    for row in ink:
        cols = np.flatnonzero(row)
        if not len(cols) or cols[-1] - cols[0] + 1 != len(cols):  # none, or two runs
            return False
        if len(cols) > max(3, _STROKE * h):
            return False
        centres.append((cols[0] + cols[-1]) / 2)
    ys = np.arange(h, dtype=float)
    slope, offset = np.polyfit(ys, np.asarray(centres), 1)
    travel = -slope * (h - 1)  # right at the top (row 0), left at the bottom
    off_line = np.abs(np.asarray(centres) - (slope * ys + offset)).max()
    return bool(travel >= _SLANT * h and off_line <= 0.08 * h + 1)


__all__ = ["checked"]
