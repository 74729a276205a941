"""What the OCR source does round the engine, on drawn pages (no engine needed):

* ink the detector left out (a lone ``1`` in a cell) is boxed for the recogniser,
  rules, specks and text already boxed are not (``ocr_unseen``);
* a lone dash or slash misread (``二``, ``7``) is put right from its ink, and a
  real ``7``, ``1`` or ``二`` is left alone (``ocr_glyphs``);
* one glyph boxed twice by the detector is one box; stacked characters stay apart,
  and a lone digit in a tall box is not cut in two (``ocr_engine``);
* a header of characters stacked one a line, jittered in x as a scan's are, still
  joins each column's label whole (``pdf_unruled_header``).
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any

import pytest

from gxparse.readers.pdf_unruled_header import _column_clusters
from gxparse.sources.pdf import Word

HAS_CV2 = importlib.util.find_spec("cv2") is not None
if not HAS_CV2 and os.environ.get("CI"):  # .ci/run installs the ocr extra: never skip there
    raise RuntimeError(
        "CI: OpenCV (the ocr extra) is not installed; .ci/run should have installed it"
    )
needs_cv2 = pytest.mark.skipif(not HAS_CV2, reason="no OpenCV (the ocr extra)")


def _page(noise: float = 6.0, seed: int = 0) -> Any:
    import numpy as np

    rng = np.random.default_rng(seed)
    img = np.full((400, 600), 245, np.uint8)
    return img, rng, noise


def _noisy(img: Any, rng: Any, noise: float) -> Any:
    import numpy as np

    return np.clip(img + rng.normal(0, noise, img.shape), 0, 255).astype(np.uint8)


def _draw(img: Any, text: str, x: int, y: int) -> None:
    import cv2

    cv2.putText(img, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 20, 2, cv2.LINE_AA)


# -- ink no box covers ------------------------------------------------------------------


@needs_cv2
def test_ink_the_detector_left_out_is_boxed_and_nothing_else() -> None:
    from gxparse.sources import ocr_unseen

    img, rng, noise = _page()
    img[100:103, 20:580] = 20  # a rule across
    img[100:300, 300:303] = 20  # a rule down
    for x in (40, 120, 200):
        _draw(img, "20", x, 150)  # figures the detector found
    _draw(img, "1", 400, 150)  # a lone 1 it did not
    img[250:252, 450:452] = 20  # a speck
    seen = [(float(x - 6), 124.0, float(x + 46), 158.0) for x in (40, 120, 200)]
    found = ocr_unseen.boxes(_noisy(img, rng, noise), seen, 0.36)
    assert len(found) == 1
    x0, y0, x1, y1 = found[0]
    assert x0 < 405 and x1 > 415 and y0 < 130 and y1 > 148  # round the 1, with a margin
    assert not any(x0 < bx1 and bx0 < x1 and y0 < by1 and by0 < y1 for bx0, by0, bx1, by1 in seen)


@needs_cv2
def test_a_picture_gives_no_boxes() -> None:
    import numpy as np

    from gxparse.sources import ocr_unseen

    rng = np.random.default_rng(1)
    img = rng.integers(0, 255, (400, 600)).astype(np.uint8)  # texture everywhere
    assert ocr_unseen.boxes(img, [(0.0, 0.0, 30.0, 20.0)], 0.36) == []


# -- a lone dash or slash ----------------------------------------------------------------


def _line(text: str, box: tuple[float, float, float, float], confidence: float = 0.4) -> Any:
    from gxparse.sources.ocr_engine import Char, Line

    rivals = (("一", 0.2),) if text == "二" else (("1", 0.1),)
    return Line(box, (Char(text, 2.0, 8.0, confidence, rivals),), ())


@needs_cv2
@pytest.mark.parametrize(
    ("drawn", "read", "becomes"),
    [
        ("dash", "二", "—"),  # one flat stroke read as two
        ("dash", "三", "—"),
        ("slash", "7", "/"),  # a slanted stroke read as a 7
        ("slash", "1", "/"),
        ("seven", "7", "7"),  # a real 7 keeps its bar
        ("one", "1", "1"),  # a real 1 stands upright
        ("two_bars", "二", "二"),  # a real 二 has two strokes
    ],
)
def test_a_lone_stroke_is_read_from_its_ink(drawn: str, read: str, becomes: str) -> None:
    import cv2

    from gxparse.sources import ocr_glyphs

    img, rng, noise = _page()
    img[60:62, 0:600] = 20  # the rule over the row, which a detector box may cut into
    box = (280.0, 58.0, 312.0, 100.0)
    if drawn == "dash":
        img[84:87, 286:306] = 25
    elif drawn == "slash":
        cv2.line(img, (302, 68), (290, 94), 25, 2)
    elif drawn == "seven":
        cv2.line(img, (288, 68), (304, 68), 25, 2)
        cv2.line(img, (304, 68), (292, 94), 25, 2)
    elif drawn == "one":
        cv2.line(img, (296, 68), (296, 94), 25, 2)
    else:
        img[74:77, 287:305] = 25
        img[88:91, 285:307] = 25
    line = _line(read, box)
    (out,) = ocr_glyphs.checked(_noisy(img, rng, noise), [line])
    assert out.text == becomes
    if becomes != read:  # what the engine read stays known, its confidence unchanged
        assert (read, 0.4) in out.chars[0].rivals
        assert out.chars[0].confidence == 0.4


def test_lines_of_several_characters_are_left_as_read() -> None:
    import numpy as np

    from gxparse.sources import ocr_glyphs
    from gxparse.sources.ocr_engine import Char, Line

    line = Line((0.0, 0.0, 40.0, 20.0), (Char("7", 0, 5, 0.3, ()), Char("7", 6, 11, 0.3, ())), ())
    assert ocr_glyphs.checked(np.full((30, 50), 255, np.uint8), [line]) == [line]


# -- the detector's boxes ----------------------------------------------------------------


def test_one_glyph_boxed_twice_is_one_box() -> None:
    from gxparse.sources.ocr_engine import _merged

    others = [(float(x), 500.0, float(x + 60), 530.0) for x in range(0, 600, 70)]
    top, bottom = (880.7, 922.5, 897.6, 939.5), (880.7, 934.5, 897.6, 951.5)
    out = _merged([*others, top, bottom])
    assert (880.7, 922.5, 897.6, 951.5) in out and len(out) == len(others) + 1
    # characters stacked one a line are apart: not joined
    stacked = [(100.0, 100.0, 130.0, 130.0), (100.0, 145.0, 130.0, 175.0)]
    assert sorted(_merged([*others, *stacked])) == sorted([*others, *stacked])


@needs_cv2
def test_a_lone_digit_in_a_tall_box_is_not_cut_in_two() -> None:
    import numpy as np

    from gxparse.sources.ocr_engine import _stacked

    img = np.full((200, 200), 250, np.uint8)
    img[60:66, 90:102] = 20  # the upper part of a glyph
    img[68:80, 96:100] = 20  # its stem, parted from it by a pale row
    box = (86.0, 56.0, 104.0, 84.0)  # 18 wide, 28 high
    assert _stacked(img, [box]) == [box]
    # two characters stacked a character apart are still cut into one box each
    import cv2

    img2 = np.full((300, 200), 250, np.uint8)
    cv2.rectangle(img2, (92, 100), (113, 124), 20, 3)  # a character like 口
    cv2.rectangle(img2, (92, 136), (113, 160), 20, 3)
    pieces = _stacked(img2, [(88.0, 98.0, 117.0, 162.0)])
    assert len(pieces) == 2


# -- a stacked header with a scan's jitter ------------------------------------------------


def test_a_stacked_header_jittered_in_x_joins_each_label_whole() -> None:
    """Characters one a line, every other line a column's (the columns staggered), each
    moved by up to 1.6 pt across as OCR places them: each column still reads its label."""
    labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    jitter = [0.0, 1.2, -0.8, 1.6, -1.1, 0.5, -1.5, 0.9]
    words = []
    size, pitch = 10.1, 15.6
    for col, label in enumerate(labels):
        x = 220.0 + 32.5 * col
        first = 89.8 if col % 2 == 0 else 89.8 + pitch  # staggered by a line
        for k, ch in enumerate(label):
            dx = jitter[(col + k) % len(jitter)]
            top = first + 2 * pitch * k
            words.append(Word(ch, x + dx, top, x + dx + size, top + size, size))
    texts = [b.text for b in _column_clusters(words)]
    assert texts == labels
