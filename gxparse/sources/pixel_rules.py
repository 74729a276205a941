"""Ruling lines found in a page image, as the segments a PDF's drawing would give.

The page is binarised (ink against its local paper, so uneven light does not
matter), then opened with a long thin structuring element across and one down:
what survives is ink that runs on for the element's length -- table rules,
not characters. Each surviving run becomes a segment at its centre line; runs
thicker than a rule (a filled bar, a photo) are dropped. The segments are
merged into rules by the PDF source's own ``merge_rules``, so a rule broken by
noise or a stamp comes back whole when its pieces line up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gxparse.sources.pdf import Rule
from gxparse.sources.pdf_backends import Segment

RULE_MIN = 12.0  # points: ink running on this far is a rule (a row one line high is ~16 pt)
CONTRAST = 40  # ink is this much darker than the paper around it (a faded seal is not)
_THICK = 0.006  # runs thicker than this share of the page's width are no rule

Box = tuple[float, float, float, float]


def segments(image: Any, scale: float, text: Sequence[Box] = ()) -> list[Segment]:
    """Horizontal and vertical rules on ``image`` as segments in points (pixels × ``scale``).

    ``text`` holds the boxes (pixels) of the text lines found on the page: a run
    that lies inside one is a stroke of a character -- the long one of 一, a dash
    written for an empty cell -- not a rule.
    """
    ink = binarised(image)
    across, down = long_runs(ink, scale)
    thick = max(3.0, _THICK * image.shape[1])
    out = _runs(across, thick, text, horizontal=True)
    out += _runs(down, thick, text, horizontal=False)
    return [
        (round(a * scale, 1), round(b * scale, 1), round(c * scale, 1), round(d * scale, 1))
        for a, b, c, d in out
    ]


def binarised(image: Any) -> Any:
    """The page's ink (255) against its local paper (0): uneven light does not matter."""
    import cv2

    h, w = image.shape[:2]
    block = max(15, (min(h, w) // 40) | 1)
    return cv2.adaptiveThreshold(
        image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, CONTRAST
    )


def long_runs(ink: Any, scale: float) -> tuple[Any, Any]:
    """The ink (``binarised``) that runs on across, and down, for ``RULE_MIN`` points:
    rules, not characters (``scale``: points per pixel)."""
    import cv2

    length = max(8, int(RULE_MIN / scale))
    across = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    )
    down = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))
    )
    return across, down


def _inside(x0: float, y0: float, x1: float, y1: float, text: Sequence[Box]) -> bool:
    return any(
        bx0 - 2 <= x0 and x1 <= bx1 + 2 and by0 - 2 <= y0 and y1 <= by1 + 2
        for bx0, by0, bx1, by1 in text
    )


def _runs(mask: Any, thick: float, text: Sequence[Box], *, horizontal: bool) -> list[Segment]:
    """Each connected run of ``mask`` as a segment along its centre line, in pixels."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[Segment] = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area / max(w if horizontal else h, 1) > thick:  # its mean thickness
            continue
        if text and _inside(x, y, x + w, y + h, text):
            continue
        if horizontal:
            out.append((x, y + h / 2, x + w, y + h / 2))
        else:
            out.append((x + w / 2, y, x + w / 2, y + h))
    return out


_MEET = 2.5  # points: a rule's end this near a rule across it ends on that rule


def meet(
    hrules: Sequence[Rule], vrules: Sequence[Rule]
) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """Rules whose ends stop at, or run on past, a rule across them by no more than a
    stroke's width (``_MEET``) made to end on it, as a drawing's rules do.

    Found in pixels, a rule down ends where its ink ends: at the far edge of the rule
    across it, half a stroke and a little blur past that rule's centre line -- so the
    grid's corners would not quite meet, and a sliver of a row would stand under the
    last rule across. Only an end is moved, and only onto a rule it reaches across.
    """
    return (
        tuple(_met(r, vrules, horizontal=True) for r in hrules),
        tuple(_met(r, hrules, horizontal=False) for r in vrules),
    )


def _met(rule: Rule, across: Sequence[Rule], *, horizontal: bool) -> Rule:
    """``rule`` with each end moved onto the nearest rule of ``across`` it reaches, if near."""
    if horizontal:
        at, lo, hi = rule.y0, rule.x0, rule.x1
        spans = [(r.x0, r.y0, r.y1) for r in across]
    else:
        at, lo, hi = rule.x0, rule.y0, rule.y1
        spans = [(r.y0, r.x0, r.x1) for r in across]
    # the rules across that this one's line meets: positions along it
    stops = [pos for pos, a, b in spans if a - _MEET <= at <= b + _MEET]
    new_lo = min((p for p in stops if abs(p - lo) <= _MEET), key=lambda p: abs(p - lo), default=lo)
    new_hi = min((p for p in stops if abs(p - hi) <= _MEET), key=lambda p: abs(p - hi), default=hi)
    if new_hi - new_lo <= _MEET:
        return rule
    if horizontal:
        return Rule(new_lo, at, new_hi, at)
    return Rule(at, new_lo, at, new_hi)


__all__ = ["CONTRAST", "RULE_MIN", "binarised", "long_runs", "meet", "segments"]
