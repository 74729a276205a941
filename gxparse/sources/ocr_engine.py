"""The OCR engine: a page image -> text lines, each character with its place and its rivals.

The engine is RapidOCR (``rapidocr-onnxruntime``): PaddleOCR's PP-OCRv4 Chinese
detection and recognition models on ONNX Runtime, shipped inside the wheel, so
nothing is fetched at import or at run time. Only its detector and recogniser
are used, not its driver: the recogniser's raw CTC output (a probability for
every symbol at every time step) is decoded here, so that each character comes
with

- its place along the line (the time steps it was read at, in pixels), which
  lets a line the detector ran across two table cells be cut at the rule
  between them;
- its confidence, the probability of the symbol read at its strongest step;
- the other symbols the model gave a real chance at that step (``rivals``:
  ``7`` for a ``1``, ``""`` -- the CTC blank -- for a digit that may not be
  there); and digits it gave a real chance in the gaps between characters
  (``inserts``: a digit that may have been dropped).

Nothing here knows about reports; ``gxparse.sources.ocr`` builds pages from the
lines, and ``gxparse.ocr_choice`` weighs the rivals against the rules.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
import time
from collections.abc import Sequence
from typing import Any, NamedTuple

from gxparse.errors import MissingExtraError

RIVAL_MIN = 0.02  # a symbol with at least this probability at a step is a rival reading
_DET_MAX_SIDE = 2000  # the detector sees the page scaled to at most this many pixels
_REC_BATCH = 8
_BOX_THRESH = 0.3
EXTRA = "pip install 'gxparse[ocr]'"


class Char(NamedTuple):
    text: str
    x0: float  # pixels along the line's box, from its left edge
    x1: float
    confidence: float
    rivals: tuple[tuple[str, float], ...]  # (symbol, probability); "" is "no character"


class Insert(NamedTuple):
    """A symbol the model gave a chance between two characters (before the one at ``at``)."""

    at: int
    text: str
    probability: float


class Line(NamedTuple):
    """One detected text line: its box (x0, top, x1, bottom in image pixels) and characters."""

    box: tuple[float, float, float, float]
    chars: tuple[Char, ...]
    inserts: tuple[Insert, ...]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)


@functools.cache
def available() -> bool:
    """Whether the OCR extra imports here."""
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


_engine: Any = None
_lock = threading.Lock()


def engine() -> Any:
    """The RapidOCR engine, made once per process (loading the models takes a second)."""
    global _engine
    with _lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise MissingExtraError(f"OCR needs the ocr extra ({EXTRA}): {exc}") from None
            _engine = RapidOCR()
            # a lone narrow digit (a 1 in a table cell) scores low as a text region:
            # keep regions down to this score (the engine's default is 0.5)
            _engine.text_det.postprocess_op.box_thresh = _BOX_THRESH
        return _engine


class Timer:
    """Seconds spent inside the engine's models, summed (for the benchmark's ratio)."""

    seconds = 0.0


Box = tuple[float, float, float, float]


def detect(image: Any) -> list[Box]:
    """The boxes (x0, top, x1, bottom in pixels) of the text lines on ``image`` (2-D uint8)."""
    import cv2
    import numpy as np

    eng = engine()
    start = time.perf_counter()
    h, w = image.shape[:2]
    scale = min(1.0, _DET_MAX_SIDE / max(h, w))
    small = image if scale == 1.0 else cv2.resize(image, (int(w * scale), int(h * scale)))
    found, _ = eng.text_det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    boxes: list[Box] = []
    for quad in found if found is not None else ():
        quad = np.asarray(quad, dtype=np.float32) / scale
        x0, y0 = max(0.0, float(quad[:, 0].min())), max(0.0, float(quad[:, 1].min()))
        x1, y1 = min(float(w), float(quad[:, 0].max())), min(float(h), float(quad[:, 1].max()))
        if x1 - x0 >= 2 and y1 - y0 >= 2 and not (y1 - y0 > 1.5 * (x1 - x0) and x1 - x0 < 8):
            boxes.append((x0, y0, x1, y1))
    Timer.seconds += time.perf_counter() - start
    return _merged(boxes)


def _merged(boxes: list[Box]) -> list[Box]:
    """The boxes, two that cut one glyph between them joined: the detector sometimes
    boxes the upper and the lower part of a lone digit apart, and the recogniser then
    reads it twice (a ``4`` as ``44``). Two boxes are joined when they overlap, one
    stands over the other across (nearly) the same width, and together they are no
    higher than a line of text."""
    if len(boxes) < 2:
        return boxes
    heights = sorted(b[3] - b[1] for b in boxes)
    usual = heights[len(heights) // 2]
    out = sorted(boxes, key=lambda b: (b[0], b[1]))
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(out):
            for j in range(i + 1, len(out)):
                b = out[j]
                if b[0] >= a[2]:
                    break  # by x0: no later box overlaps ``a`` across
                across = min(a[2], b[2]) - max(a[0], b[0])
                narrow = min(a[2] - a[0], b[2] - b[0])
                top, bottom = min(a[1], b[1]), max(a[3], b[3])
                if (
                    across >= 0.8 * narrow
                    and min(a[3], b[3]) > max(a[1], b[1])
                    and bottom - top <= 1.3 * usual
                ):
                    out[i] = (min(a[0], b[0]), top, max(a[2], b[2]), bottom)
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    return out


def recognise(image: Any, boxes: Sequence[Box]) -> list[Line]:
    """The text of each box on ``image``, as lines sorted top to bottom, left to right."""
    import cv2

    eng = engine()
    start = time.perf_counter()
    colour = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    crops: list[Any] = []
    kept: list[Box] = []
    for x0, y0, x1, y1 in _stacked(image, boxes):
        crop = colour[int(y0) : math.ceil(y1), int(x0) : math.ceil(x1)]
        if crop.size:
            crops.append(crop)
            kept.append((x0, y0, x1, y1))
    lines = _recognise(eng, crops, kept) if crops else []
    Timer.seconds += time.perf_counter() - start
    return in_reading_order(lines)


def in_reading_order(lines: list[Line]) -> list[Line]:
    """Lines sorted top to bottom (in steps of 4 px), then left to right."""
    return sorted(lines, key=lambda ln: (round(ln.box[1] / 4), ln.box[0]))


def _stacked(image: Any, boxes: Sequence[Box]) -> list[Box]:
    """The boxes, those of characters stacked one per line (a narrow table column's
    heading: 结/果/维/持) replaced by one square box per character, so that the
    recogniser reads each across.

    The detector boxes such a column badly -- a box over one and a half
    characters, two boxes over one -- so the characters are found afresh: in the
    strip the box stands in, by the blank rows of pixels between them; a
    character found twice is kept once.
    """
    import cv2
    import numpy as np

    out: list[Box] = []
    seen: list[Box] = []
    height = image.shape[0]
    for x0, y0, x1, y1 in boxes:
        w, h = x1 - x0, y1 - y0
        if h < 1.2 * w:
            out.append((x0, y0, x1, y1))
            continue
        top, bottom = max(0, int(y0 - 0.6 * w)), min(height, math.ceil(y1 + 0.6 * w))
        strip = image[top:bottom, int(x0 + 0.1 * w) : math.ceil(x1 - 0.1 * w)]
        if strip.size == 0:
            out.append((x0, y0, x1, y1))
            continue
        _, ink = cv2.threshold(strip, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        rows = np.flatnonzero((ink.mean(axis=1) > 0.06) & (ink.mean(axis=1) < 0.9))
        runs: list[list[int]] = []
        for r in rows.tolist():
            if runs and r - runs[-1][1] <= max(1, int(0.12 * w)):
                runs[-1][1] = r
            else:
                runs.append([r, r])
        pieces = []
        for a, b in runs:
            cy = top + (a + b + 1) / 2
            whole = a > 0 and b < bottom - top - 1  # not cut by the strip's ends
            if whole and 0.3 * w <= b - a + 1 <= 1.1 * w and y0 - 0.2 * w <= cy <= y1 + 0.2 * w:
                pieces.append((x0, cy - w / 2, x1, cy + w / 2))
        # stacked characters stand a character's height apart at least: pieces closer
        # are one glyph cut at a pale row (a lone digit in a tall box), read whole
        if not pieces or any(b[1] - a[1] < 0.8 * w for a, b in itertools.pairwise(pieces)):
            out.append((x0, y0, x1, y1))
            continue
        for piece in pieces:
            if not any(_overlap(piece, other) > 0.5 for other in seen):
                seen.append(piece)
                out.append(piece)
    return out


def _overlap(a: Box, b: Box) -> float:
    """The share of the smaller box that the two boxes have in common."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / small if small > 0 else 0.0


def read_lines(image: Any) -> list[Line]:
    """Every text line on ``image`` (a 2-D uint8 grayscale array), top to bottom."""
    return recognise(image, detect(image))


def upside_down(image: Any, boxes: Sequence[Box], sample: int = 24) -> bool:
    """Whether the engine's orientation model reads most of the longest lines as upside down."""
    import cv2

    eng = engine()
    longest = sorted(boxes, key=lambda b: b[0] - b[2])[:sample]
    crops = []
    for box in longest:
        x0, y0, x1, y1 = (int(v) for v in box)
        crop = image[y0 : y1 + 1, x0 : x1 + 1]
        if crop.size:
            crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    if not crops:
        return False
    _, labels, _ = eng.text_cls(crops)
    flipped = sum(1 for label, score in labels if "180" in label and score > 0.8)
    return flipped > len(crops) / 2


def _recognise(
    eng: Any, crops: Sequence[Any], boxes: Sequence[tuple[float, float, float, float]]
) -> list[Line]:
    import numpy as np

    rec = eng.text_rec
    symbols: list[str] = rec.postprocess_op.character
    _, img_h, img_w = rec.rec_image_shape
    order = np.argsort([c.shape[1] / c.shape[0] for c in crops])
    out: list[Line | None] = [None] * len(crops)
    for start in range(0, len(crops), _REC_BATCH):
        batch = [int(i) for i in order[start : start + _REC_BATCH]]
        ratio = max([img_w / img_h] + [crops[i].shape[1] / crops[i].shape[0] for i in batch])
        norm = np.concatenate([rec.resize_norm_img(crops[i], ratio)[np.newaxis] for i in batch])
        preds = rec.session(norm.astype(np.float32))[0]
        padded = int(img_h * ratio)  # the width every crop was padded to
        for k, i in enumerate(batch):
            ch, cw = crops[i].shape[:2]
            shown = min(padded, int(np.ceil(img_h * cw / ch)))  # the crop's width once resized
            px = (padded / preds.shape[1]) * (cw / shown)  # crop pixels per time step
            out[i] = _decode(preds[k], symbols, px, boxes[i])
    return [ln for ln in out if ln is not None and ln.chars]


def _decode(
    probs: Any, symbols: Sequence[str], px: float, box: tuple[float, float, float, float]
) -> Line:
    """CTC best path, keeping for each character its steps, confidence and rivals."""
    import numpy as np

    best = probs.argmax(axis=1)
    chars: list[Char] = []
    inserts: list[Insert] = []
    t, steps = 0, len(best)
    gap_best: tuple[float, str] | None = None
    while t < steps:
        s = int(best[t])
        if s == 0:  # blank: a dropped character would show here as a runner-up
            p = probs[t].copy()
            p[0] = 0.0
            j = int(p.argmax())
            if p[j] >= RIVAL_MIN and (gap_best is None or p[j] > gap_best[0]):
                gap_best = (float(p[j]), symbols[j])
            t += 1
            continue
        end = t
        while end + 1 < steps and int(best[end + 1]) == s:
            end += 1
        run = probs[t : end + 1, s]
        peak = t + int(run.argmax())
        row = probs[peak]
        rivals = []
        top = np.argpartition(row, -4)[-4:]
        for j in top[np.argsort(row[top])[::-1]]:
            j = int(j)
            if j != s and row[j] >= RIVAL_MIN:
                rivals.append(("" if j == 0 else symbols[j], float(row[j])))
        text = symbols[s]
        if gap_best is not None and chars:
            inserts.append(Insert(len(chars), gap_best[1], gap_best[0]))
        gap_best = None
        if text.strip():
            chars.append(Char(text, t * px, (end + 1) * px, float(row[s]), tuple(rivals)))
        t = end + 1
    return Line(box, tuple(chars), tuple(inserts))


__all__ = [
    "EXTRA",
    "RIVAL_MIN",
    "Box",
    "Char",
    "Insert",
    "Line",
    "Timer",
    "available",
    "detect",
    "engine",
    "in_reading_order",
    "read_lines",
    "recognise",
    "upside_down",
]
