"""OCR as a source: page images -> the same pages of words and rules a born-digital PDF gives.

A scan is read page by page: the page image is turned upright
(``ocr_upright``), its ruling lines are found in its pixels (``pixel_rules``),
and its text lines are read by the engine (``ocr_engine``). Each character the
engine read becomes a character of the PDF source's kind -- text, left and
right edge, baseline, size, in points -- and the PDF source's own word
building (``build_words``: a wide gap or a vertical rule ends a word) and rule
merging make the page. So the PDF readers read a scan as they read any PDF,
knowing nothing of OCR, and the boxes in the record's provenance are in the
page frame the PDF sources use (points from the top-left corner of the page
as read, upright).

Beside the pages the document keeps a ``Reading`` for every word: its box,
the engine's confidence and the other readings the engine offered. The shared
layer (``gxparse.ocr_choice``) puts them in the cells' provenance and weighs
them against the rules.

Inputs: image files (PNG, JPEG, TIFF, every page of a multi-page TIFF) and the
pages of a PDF that carry no text layer (rendered at ``RENDER_DPI``). An image
file's scale comes from the resolution it states, or, failing that, from
taking the page to be A4.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from attrs import field, frozen

from gxparse import heartbeat, limits
from gxparse.errors import NotAReportError, ScannedDocumentError, SourceError
from gxparse.ocr_choice import Reading
from gxparse.sources import image as image_files
from gxparse.sources import ocr_engine, ocr_glyphs, ocr_unseen, ocr_upright, pixel_rules
from gxparse.sources.pdf import Page, PdfDocument, Word, build_words, merge_rules
from gxparse.sources.pdf_backends import RawChar, is_wide, q

RENDER_DPI = 200  # a PDF page without text is rendered at its scan's resolution, at most this
MIN_RENDER_DPI = 150  # and at least this
MIN_DPI = 100  # a scan coarser than this is refused: its small print cannot be read reliably
A4 = (595.3, 841.9)  # points: the page size taken for an image file that states no resolution
_TEXT_OF_BOX = 1.25  # the detector's box is this many times the height of the text in it
_MAX_ALTERNATIVES = 8
_TOUCH = 1.6  # characters whose centres are closer than this many (estimated) advances touch
# what the engine reads for a character that never appears in a report: the radical 丶
# for the enumeration comma 、
_CONFUSED = {"丶": "、"}


@frozen
class OcrDocument(PdfDocument):
    """A PDF document whose pages (some or all) were read from images by OCR."""

    readings: tuple[Reading, ...] = field(factory=tuple, repr=False)
    ocr_pages: tuple[int, ...] = ()  # the page numbers that were OCR'd
    engine_seconds: float = 0.0  # time inside the engine's models (detection, recognition)

    @property
    def ocr_readings(self) -> tuple[Reading, ...]:
        return self.readings


def too_coarse(dpi: float, *, path: str | None) -> ScannedDocumentError:
    """The error for a scan too coarse for OCR to read its figures."""
    return ScannedDocumentError(
        f"it is a scan of {dpi:.0f} dpi: too coarse for OCR to read its figures reliably "
        f"(at least {MIN_DPI} dpi is needed; 150-300 dpi is usual)",
        path=path,
    )


def _image_dpi(page: Any) -> float | None:
    """The resolution of the largest image on a PDF page, as placed (None without one)."""
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

    best: tuple[float, float] | None = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        px_w, px_h = obj.get_px_size()
        area = (x1 - x0) * (y1 - y0)
        if area > 0 and px_w > 0 and (best is None or area > best[0]):
            best = (area, max(px_w / max(x1 - x0, 1e-6), px_h / max(y1 - y0, 1e-6)) * 72)
    return None if best is None else best[1]


def missing_extra(what: str, *, path: str | None) -> ScannedDocumentError:
    """The error for a scan when the OCR extra is not installed."""
    return ScannedDocumentError(
        f"{what}; reading it needs OCR, which is not installed ({ocr_engine.EXTRA})", path=path
    )


def read_page(
    gray: Any, number: int, scale: float | None, *, upright: bool = False
) -> tuple[Page, list[Reading]]:
    """One page image (2-D uint8) -> a page of words and rules, and the words' readings.

    ``scale`` is points per pixel (None: take the page to be A4). ``upright``: the
    image is known to stand upright (a picture on a text page): no quarter or half
    turn is looked for, so a table of stacked characters is not taken for a page on
    its side.
    """
    gray = ocr_upright.rotate(gray, ocr_upright.skew(gray))
    boxes = ocr_engine.detect(gray)
    if not upright and ocr_upright.on_its_side(boxes):  # sideways text is found poorly: again
        gray = ocr_upright.quarter(gray, 1)
        boxes = ocr_engine.detect(gray)
    if not upright and boxes and ocr_engine.upside_down(gray, boxes):
        boxes = ocr_upright.quarter_boxes(boxes, 2, gray.shape[1], gray.shape[0])
        gray = ocr_upright.quarter(gray, 2)
    h, w = gray.shape[:2]
    if scale is None:
        scale = (A4[0] if w <= h else A4[1]) / w
    lines = ocr_engine.recognise(gray, boxes)
    # ink the detector left out (a lone 1 in a cell): read where it is confidently text
    missed = ocr_unseen.boxes(gray, boxes, scale)
    if missed:
        lines = ocr_engine.in_reading_order(
            lines + [ln for ln in ocr_engine.recognise(gray, missed) if _plainly_text(ln)]
        )
    lines = ocr_glyphs.checked(gray, lines)  # a lone dash or slash read as 二 or 7
    hrules, vrules = pixel_rules.meet(
        *merge_rules(pixel_rules.segments(gray, scale, [ln.box for ln in lines]))
    )
    chars: list[RawChar] = []
    where: list[tuple[float, float, int, int]] = []  # (centre x, base) -> (line, char)
    heights = _text_heights(lines)
    for i, line in enumerate(lines):
        x0, y0, _x1, y1 = line.box
        text_h = heights[i]
        size = q(text_h * scale)
        base = q(((y0 + y1) / 2 + 0.3 * text_h) * scale)
        # the vertical rules this line crosses: a rule read as a character (|) is the rule
        mid = base - 0.3 * size
        cuts = sorted(r.x0 for r in vrules if r.y0 <= mid <= r.y1)
        keep = [
            j
            for j, c in enumerate(line.chars)
            if not (
                c.text in _RULE_GLYPHS
                and any(abs((x0 + (c.x0 + c.x1) / 2) * scale - x) <= 0.3 * size for x in cuts)
            )
        ]
        centres = [(x0 + (line.chars[j].x0 + line.chars[j].x1) / 2) * scale for j in keep]
        halves = [(0.5 if is_wide(line.chars[j].text) else 0.28) * size for j in keep]
        for k, j in enumerate(keep):
            centre, half = centres[k], halves[k]
            left, right = centre - half, centre + half
            # neighbours closer than a loose advance touch (the size is only estimated):
            # a run of text stays one word, and only a real gap -- or a rule -- parts it
            if k and _touch(centres[k - 1], centre, halves[k - 1] + half, cuts):
                left = (centres[k - 1] + centre) / 2
            if k + 1 < len(keep) and _touch(centre, centres[k + 1], half + halves[k + 1], cuts):
                right = (centre + centres[k + 1]) / 2
            text = _CONFUSED.get(line.chars[j].text, line.chars[j].text)
            chars.append((text, q(left), q(right), base, size))
            where.append((centre, base, i, j))
    words = [word._replace(text=_as_figure(word.text)) for word in build_words(chars, vrules)]
    page = Page(number, q(w * scale), q(h * scale), tuple(words), hrules, vrules)
    return page, _readings(number, words, lines, where)


_RULE_GLYPHS = frozenset("|丨│Il[]")  # never a digit: a 1 beside a rule stays
_UNSEEN_CONFIDENCE = 0.5  # ink read where the detector saw no text: kept from this on


def _plainly_text(line: ocr_engine.Line) -> bool:
    """Whether a line read from ink the detector left out is text, not a speck or a
    stroke of a seal: every character read with some confidence, none a rule's glyph."""
    return bool(line.chars) and all(
        c.confidence >= _UNSEEN_CONFIDENCE and c.text not in _RULE_GLYPHS for c in line.chars
    )


def _touch(a: float, b: float, reach: float, cuts: list[float]) -> bool:
    """Whether characters centred at ``a`` < ``b`` run on: close, and no rule between them."""
    return b - a <= _TOUCH * reach and not any(a < x < b for x in cuts)


def _text_heights(lines: list[ocr_engine.Line]) -> list[float]:
    """Each line's text height in pixels: the page's usual one for lines near it.

    The detector's boxes vary with what a line holds (a row of digits is lower
    than a line of Chinese, brackets reach further); print of one size does not.
    Lines from about half to four thirds of the usual height of a line of Chinese
    take that height, so words of one size read as one size, as in a PDF;
    headings keep their own.
    """
    raw = [(ln.box[3] - ln.box[1]) / _TEXT_OF_BOX for ln in lines]
    # a line of Chinese stands a full em high; digits alone are shorter (about 0.7 em)
    full = sorted(
        h for h, ln in zip(raw, lines, strict=True) if any(is_wide(c.text) for c in ln.chars)
    )
    if not full:
        return raw
    usual = full[len(full) // 2]
    return [usual if 0.55 * usual <= h <= 1.33 * usual else h for h in raw]


def _as_figure(text: str) -> str:
    """A word of digits with a letter O among them (or an O alone) is a figure: O is 0.
    A word of nothing but 一 is the dash an empty cell is printed with (—, ——)."""
    if _O_FIGURE.fullmatch(text) and any(c in "oO〇" for c in text):
        return text.translate(_O_AS_ZERO)
    if text and len(text) <= 2 and set(text) == {"一"}:
        return "—" * len(text)
    return text


_O_FIGURE = re.compile(r"[0-9oO〇][0-9oO〇,]*")
_O_AS_ZERO = str.maketrans("oO〇", "000")


# letters that print like a digit: a rival among them reads the same figure
_SAME = {"0": "oOＯ〇", "1": "lI|丨", "o": "0", "O": "0"}


def _confidence(c: ocr_engine.Char) -> float:
    """The character's probability, with its look-alikes' (``O`` for ``0``) counted in."""
    same = _SAME.get(c.text, "")
    return min(1.0, c.confidence + sum(p for sym, p in c.rivals if sym in same))


def _readings(
    number: int,
    words: list[Word],
    lines: list[ocr_engine.Line],
    where: list[tuple[float, float, int, int]],
) -> list[Reading]:
    """Each word's confidence and alternatives, from the characters it was built of."""
    from bisect import bisect_left, bisect_right

    where.sort()
    xs = [w[0] for w in where]
    out = []
    for word in words:
        base = word.top + 0.8 * word.size
        members = [
            (li, ci)
            for cx, b, li, ci in where[
                bisect_left(xs, word.x0 - 0.05) : bisect_right(xs, word.x1 + 0.05)
            ]
            if abs(b - base) <= 0.3 * max(word.size, 1.0)
        ]
        if not members:
            continue
        members.sort()
        line = lines[members[0][0]]
        idx = [ci for li, ci in members if li == members[0][0]]
        chars = [line.chars[ci] for ci in idx]
        text = _as_figure("".join(_CONFUSED.get(c.text, c.text) for c in chars))
        if text != word.text:  # the word joins characters of two lines: no alternatives
            confidence = min(lines[li].chars[ci].confidence for li, ci in members)
            out.append(Reading(number, word[1:5], word.text, round(confidence, 4), ()))
            continue
        confidence = min(_confidence(c) for c in chars)
        options: dict[str, float] = {}
        for k, c in enumerate(chars):
            for sym, p in c.rivals:
                if sym in _SAME.get(c.text, ""):
                    continue  # 'O' for '0': the same figure
                alt = text[:k] + sym + text[k + 1 :]
                if alt and alt != text:
                    options[alt] = max(options.get(alt, 0.0), p)
        lo, hi = idx[0], idx[-1]
        for ins in line.inserts:
            if lo < ins.at <= hi:
                k = ins.at - lo
                alt = text[:k] + ins.text + text[k:]
                options[alt] = max(options.get(alt, 0.0), ins.probability)
                confidence = min(confidence, 1.0 - ins.probability)
        ranked = sorted(options, key=lambda a: -options[a])[:_MAX_ALTERNATIVES]
        out.append(Reading(number, word[1:5], text, round(confidence, 4), tuple(ranked)))
    return out


def _read_all(
    images: Iterator[tuple[int, Any, float | None]],
) -> tuple[dict[int, Page], list[Reading], float]:
    pages: dict[int, Page] = {}
    readings: list[Reading] = []
    before = ocr_engine.Timer.seconds
    for number, gray, scale in images:
        page, found = read_page(gray, number, scale)
        pages[number] = page
        readings += found
        heartbeat.beat()  # a batch's time limit counts from the last page done
    return pages, readings, ocr_engine.Timer.seconds - before


def load(data: bytes, *, path: str | None = None) -> OcrDocument:
    """An image file (PNG, JPEG, TIFF) read by OCR, a page per image (a TIFF's every page)."""
    kind = image_files.identify(data, path=path)
    if not ocr_engine.available():
        raise missing_extra(f"the file is an image ({kind})", path=path)

    def frames() -> Iterator[tuple[int, Any, float | None]]:
        for number, (gray, dpi) in enumerate(image_files.pages(data, path=path), 1):
            h, w = gray.shape[:2]
            seen = dpi or w / ((A4[0] if w <= h else A4[1]) / 72)  # as an A4 page
            if seen < MIN_DPI:
                raise too_coarse(seen, path=path)
            yield number, gray, (72.0 / dpi if dpi else None)

    pages, readings, seconds = _read_all(frames())
    if not any(p.words for p in pages.values()):
        raise NotAReportError(
            f"OCR found no text on the image's {len(pages)} page(s): a blank page or a "
            "picture, not a report",
            path=path,
        )
    ordered = tuple(pages[n] for n in sorted(pages))
    return OcrDocument(
        path=path,
        data=data,
        format="pdf",
        backend="ocr",
        page_count=len(ordered),
        page_list=ordered,
        readings=tuple(readings),
        ocr_pages=tuple(sorted(pages)),
        engine_seconds=seconds,
    )


def with_read_pages(
    data: bytes, pages: list[Page], scanned: list[int], *, path: str | None, title: str | None
) -> OcrDocument:
    """A PDF whose pages ``scanned`` (no text layer, only images) are read by OCR."""
    read, readings, seconds = read_pdf_pages(data, scanned, path=path)
    merged = tuple(read.get(p.number, p) for p in pages)
    if not any(p.words for p in merged):
        raise NotAReportError(
            f"OCR found no text on the scanned PDF's {len(scanned)} page(s): blank pages or "
            "pictures, not a report",
            path=path,
        )
    return OcrDocument(
        path=path,
        data=data,
        format="pdf",
        backend="ocr",
        page_count=len(merged),
        page_list=merged,
        title=title,
        readings=tuple(readings),
        ocr_pages=tuple(scanned),
        engine_seconds=seconds,
    )


def read_pdf_pages(
    data: bytes, numbers: list[int], *, path: str | None = None
) -> tuple[dict[int, Page], list[Reading], float]:
    """The pages ``numbers`` (1-based) of a PDF, rendered and read by OCR."""
    return _read_all(render_pages(data, numbers, path=path))


def render_pages(
    data: bytes, numbers: list[int], *, path: str | None = None
) -> Iterator[tuple[int, Any, float | None]]:
    """The pages ``numbers`` of a PDF as (number, grayscale image, points per pixel).

    Each is rendered at its scan's own resolution (between ``MIN_RENDER_DPI`` and
    ``RENDER_DPI``), coarser still should that exceed ``Limits.max_image_pixels``;
    a scan coarser than ``MIN_DPI`` is refused.
    """
    import numpy as np

    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - pdfplumber depends on it
        raise SourceError(f"cannot render the PDF's scanned pages: {exc}", path=path) from None
    pdf = pdfium.PdfDocument(data)
    cap = limits.current().max_image_pixels
    try:
        found = [_image_dpi(pdf[n - 1]) for n in numbers]
        known = sorted(d for d in found if d)
        if known and known[len(known) // 2] < MIN_DPI:
            raise too_coarse(known[len(known) // 2], path=path)
        for number, native in zip(numbers, found, strict=True):
            page = pdf[number - 1]
            try:
                w, h = page.get_size()
                # the scan's own resolution, within what reads well and fast
                dpi = float(min(RENDER_DPI, max(MIN_RENDER_DPI, native or RENDER_DPI)))
                if (w * dpi / 72) * (h * dpi / 72) > cap:  # an enormous page: rendered coarser
                    dpi = 72 * (cap / (w * h)) ** 0.5
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                gray = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
                if gray.ndim == 3:
                    gray = gray[:, :, 0]
                bitmap.close()
            finally:
                page.close()
            yield number, gray, 72.0 / dpi
    finally:
        pdf.close()


__all__ = [
    "A4",
    "RENDER_DPI",
    "OcrDocument",
    "load",
    "missing_extra",
    "read_page",
    "read_pdf_pages",
    "render_pages",
]
