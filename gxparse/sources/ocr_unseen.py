"""Characters the detector did not see: ink that no text box covers, boxed afresh.

The engine's detector scores a text region by how much it looks like a line of
text; a lone narrow glyph -- a ``1`` or a ``4`` alone in a table cell, clean and
plain on the page -- can score too low and be left out, and the cell then reads
as empty. So after detection the page's ink is looked at once more: ink that is
part of no rule (the same long thin openings ``pixel_rules`` finds rules with)
and lies in no detected box is taken apart into connected pieces; pieces of a
character's height standing side by side become one box, which the recogniser
then reads like any other. Specks, rules, seals' thin rings and pictures are
left out by size; what the recogniser reads from such a box keeps its own
confidence, so a doubtful reading is flagged downstream like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gxparse.sources import pixel_rules

Box = tuple[float, float, float, float]

_LOW, _HIGH = 0.35, 1.1  # a piece's height, as a share of the usual text box's
_JOIN = 0.6  # pieces closer than this many heights side by side are one word
_MOST = 400  # more candidate boxes than this on a page: a picture, not missed text


def boxes(image: Any, seen: Sequence[Box], scale: float) -> list[Box]:
    """Boxes (pixels) round ink on ``image`` that no box of ``seen`` covers and that
    stands as high as text: candidates for the recogniser. ``scale``: points per pixel."""
    import cv2
    import numpy as np

    if not seen:
        return []
    heights = sorted(b[3] - b[1] for b in seen)
    usual = heights[len(heights) // 2]
    h, w = image.shape[:2]
    ink = pixel_rules.binarised(image)
    across, down = pixel_rules.long_runs(ink, scale)
    rules = cv2.bitwise_or(across, down)
    ink[cv2.dilate(rules, np.ones((5, 5), np.uint8)) > 0] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    # a piece any box reaches into was seen (a box may cover only part of its glyph)
    covered = np.zeros(ink.shape, bool)
    for x0, y0, x1, y1 in seen:
        covered[max(0, int(y0) - 2) : int(y1) + 3, max(0, int(x0) - 2) : int(x1) + 3] = True
    was_seen = np.zeros(count, bool)
    was_seen[np.unique(labels[covered])] = True
    pieces: list[list[float]] = []
    for i in range(1, count):
        if was_seen[i]:
            continue
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        if not _LOW * usual <= bh <= _HIGH * usual or bw > 1.5 * usual:
            continue
        if x <= 1 or y <= 1 or x + bw >= w - 1 or y + bh >= h - 1:
            continue  # cut by the page's edge: no character printed whole
        pieces.append([x, y, x + bw, y + bh])
    if len(pieces) > _MOST:
        return []
    pieces.sort()
    words: list[list[float]] = []
    for p in pieces:
        for q in words:
            overlap = min(p[3], q[3]) - max(p[1], q[1])
            if overlap > 0.5 * min(p[3] - p[1], q[3] - q[1]) and p[0] - q[2] < _JOIN * usual:
                q[0], q[1] = min(q[0], p[0]), min(q[1], p[1])
                q[2], q[3] = max(q[2], p[2]), max(q[3], p[3])
                break
        else:
            words.append(list(p))
    out: list[Box] = []
    for x0, y0, x1, y1 in words:
        pad = 0.25 * (y1 - y0)  # the margin a detector box leaves round its text
        out.append(
            (
                max(0.0, x0 - 2 * pad),
                max(0.0, y0 - pad),
                min(float(w), x1 + 2 * pad),
                min(float(h), y1 + pad),
            )
        )
    return out


__all__ = ["boxes"]
