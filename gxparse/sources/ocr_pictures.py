"""Tables pasted as pictures into text pages: the picture regions, read by OCR into the page.

Many reports are Word-made PDFs whose prose is real text but whose tables were
pasted in as pictures (a screenshot of a spreadsheet, a scanned form). Their
text layer reads as any PDF's; only the pictures need OCR. This module finds
those pictures and reads them, leaving every text word as it was:

* ``regions``: the images placed on a PDF's pages (pypdfium2 image objects, as
  ``ocr._image_dpi`` walks them, whatever backend read the text) that are large
  enough to hold a table piece and have no text-layer word over them, each with
  its box in the page frame and its own resolution.
* ``read_region``: one region rendered (at the image's own resolution, 150-200
  dpi, within ``Limits.max_image_pixels``) and read by ``ocr.read_page``; its
  words, rules and readings shifted into the page frame.
* ``with_pictures``: the document with each region's words and rules merged into
  its page (words outside the regions unchanged) -- a ``PicturedDocument``, an
  ``OcrDocument`` that says which regions were OCR'd (``ocr_regions``; pages with
  no text at all, read whole when the PDF was loaded, stay in ``ocr_pages``).

Nothing here runs on a born-digital PDF that reads whole: the pipeline asks for
the regions only when a record lacks tables (``gxparse.pipeline``), so a PDF with
a logo or a photo keeps its speed and its record.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from attrs import evolve, field, frozen

from gxparse import heartbeat, limits
from gxparse.errors import ScannedDocumentError
from gxparse.ocr_choice import Reading
from gxparse.record import ReportWarning
from gxparse.sources import ocr, ocr_engine
from gxparse.sources.base import Document
from gxparse.sources.pdf import Page, PdfDocument, Rule, Word, merge_rules

log = logging.getLogger("gxparse")

MIN_WIDTH = 144.0  # points (2 in): a picture narrower than this holds no report table
MIN_HEIGHT = 12.0  # points: one row of a table piece
MIN_SHARE = 0.25  # of the page's width, at least
MAX_REGIONS = 40  # pictures read at most (a report's three tables, cut at page breaks)
CODE = "pictures_not_read"  # the warning for pictures left unread (no OCR extra)


@frozen
class Region:
    """A picture on a text page: its page, box (page frame, points) and resolution (dpi)."""

    page: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    dpi: float | None = None  # the image's own, as placed (None: not known)


@frozen
class PicturedDocument(ocr.OcrDocument):
    """A text PDF whose picture regions (``ocr_regions``) were read by OCR into its pages."""

    ocr_regions: tuple[Region, ...] = field(factory=tuple)


def regions(doc: Document) -> list[Region]:
    """The picture regions of ``doc``'s pages that may hold a table (none for any other
    kind of document, nor on a page already read whole by OCR -- a scanned page)."""
    if not isinstance(doc, PdfDocument) or isinstance(doc, PicturedDocument):
        return []
    if not doc.data or b"%PDF-" not in doc.data[:1024]:
        return []  # an image file read by OCR
    done = set(doc.ocr_pages) if isinstance(doc, ocr.OcrDocument) else set()
    todo = [p for p in doc.page_list if p.number not in done]
    if not todo:
        return []
    try:
        import pypdfium2 as pdfium  # type: ignore[import-untyped]
        import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - pdfplumber depends on it
        return []
    out: list[Region] = []
    try:
        pdf = pdfium.PdfDocument(doc.data)
    except pdfium.PdfiumError as exc:  # the text backend opened what pdfium cannot
        log.info("%s: pictures not looked for: %s", doc.name, exc)
        return []
    try:
        for page in todo:
            try:
                handle = pdf[page.number - 1]
            except pdfium.PdfiumError as exc:  # a damaged page tree: that page has none
                log.info("%s: page %d not looked at for pictures: %s", doc.name, page.number, exc)
                continue
            try:
                out += _page_regions(handle, page, pdfium_c)
            finally:
                handle.close()
    finally:
        pdf.close()
    if len(out) > MAX_REGIONS:  # more pictures than any report has tables: the first only
        log.info("%s: %d pictures; the first %d looked at", doc.name, len(out), MAX_REGIONS)
        out = out[:MAX_REGIONS]
    return out


def _page_regions(handle: Any, page: Page, pdfium_c: Any) -> list[Region]:
    if handle.get_rotation() % 360:
        return []  # the page frame gxparse reads in is turned: not mapped here
    left, bottom, right, top = handle.get_cropbox()
    if abs((right - left) - page.width) > 1 or abs((top - bottom) - page.height) > 1:
        return []  # read in a turned frame (``pdf.upright``): not mapped here
    found: list[tuple[float, float, float, float, float | None]] = []
    for obj in handle.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        box = (
            max(0.0, x0 - left),
            max(0.0, top - y1),
            min(page.width, x1 - left),
            min(page.height, top - y0),
        )
        w, h = box[2] - box[0], box[3] - box[1]
        if w <= 0 or h <= 0:
            continue
        px_w, px_h = obj.get_px_size()
        dpi = max(px_w / max(x1 - x0, 1e-6), px_h / max(y1 - y0, 1e-6)) * 72 if px_w else None
        found.append((*box, dpi))
    merged = _merge(found)
    out = []
    for x0, t, x1, b, dpi in merged:
        if x1 - x0 < max(MIN_WIDTH, MIN_SHARE * page.width) or b - t < MIN_HEIGHT:
            continue
        if any(x0 + 1 < w.cx < x1 - 1 and t + 1 < w.cy < b - 1 for w in page.words):
            continue  # text over the picture (a background, a letterhead): not a pasted table
        out.append(Region(page.number, (round(x0, 1), round(t, 1), round(x1, 1), round(b, 1)), dpi))
    return out


def _merge(
    boxes: list[tuple[float, float, float, float, float | None]],
) -> list[tuple[float, float, float, float, float | None]]:
    """Overlapping images (tiles of one picture, an image and its mask) as one box."""
    boxes = sorted(boxes, key=lambda b: (b[1], b[0]))
    out: list[tuple[float, float, float, float, float | None]] = []
    for box in boxes:
        for i, o in enumerate(out):
            if box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]:
                dpis = [d for d in (o[4], box[4]) if d]
                out[i] = (
                    min(o[0], box[0]),
                    min(o[1], box[1]),
                    max(o[2], box[2]),
                    max(o[3], box[3]),
                    max(dpis) if dpis else None,
                )
                break
        else:
            out.append(box)
    return out


def render_region(handle: Any, region: Region) -> tuple[Any, float] | None:
    """The region of an open pypdfium2 page as a grayscale image, and points per pixel.

    Rendered at the picture's own resolution, between ``ocr.MIN_RENDER_DPI`` and
    ``ocr.RENDER_DPI``, coarser should that exceed ``Limits.max_image_pixels`` --
    and not at all (None) should that be coarser than ``ocr.MIN_DPI``: a picture so
    large holds no table of a page.
    """
    import numpy as np

    x0, t, x1, b = region.box
    w, h = handle.get_size()
    dpi = float(min(ocr.RENDER_DPI, max(ocr.MIN_RENDER_DPI, region.dpi or ocr.RENDER_DPI)))
    cap = limits.current().max_image_pixels
    if ((x1 - x0) * dpi / 72) * ((b - t) * dpi / 72) > cap:
        dpi = 72 * (cap / ((x1 - x0) * (b - t))) ** 0.5
        if dpi < ocr.MIN_DPI:
            log.info("picture %s on page %d too large to render; left out", region.box, region.page)
            return None
    bitmap = handle.render(scale=dpi / 72, crop=(x0, h - b, w - x1, t), grayscale=True)
    try:
        gray = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
    finally:
        bitmap.close()
    if gray.ndim == 3:
        gray = gray[:, :, 0]
    return gray, 72.0 / dpi


def read_region(
    gray: Any, region: Region, scale: float
) -> tuple[list[Word], list[Rule], list[Rule], list[Reading]] | None:
    """One region's image read by OCR: words, horizontal and vertical rules and readings,
    in the page frame (None when OCR turned it on its side: it then does not fit its box)."""
    read, readings = ocr.read_page(gray, region.page, scale, upright=True)
    heartbeat.beat()  # a batch's time limit counts from the last picture read
    x0, top, x1, bottom = region.box
    if abs(read.width - (x1 - x0)) > 2 or abs(read.height - (bottom - top)) > 2:
        log.info("picture %s on page %d read turned; left out", region.box, region.page)
        return None

    def at(x: float, y: float) -> tuple[float, float]:
        return round(x + x0, 1), round(y + top, 1)

    words = []
    for w in read.words:
        (a, t), (c, bt) = at(w.x0, w.top), at(w.x1, w.bottom)
        words.append(Word(w.text, a, t, c, bt, w.size))
    hrules = [Rule(*at(r.x0, r.y0), *at(r.x1, r.y1)) for r in read.hrules]
    vrules = [Rule(*at(r.x0, r.y0), *at(r.x1, r.y1)) for r in read.vrules]
    shifted = []
    for r in readings:
        (a, t), (c, bt) = at(r.box[0], r.box[1]), at(r.box[2], r.box[3])
        shifted.append(evolve(r, box=(a, t, c, bt)))
    return words, hrules, vrules, shifted


def with_pictures(doc: PdfDocument, found: Sequence[Region]) -> PicturedDocument:
    """``doc`` with each picture region read by OCR and merged into its page."""
    import pypdfium2 as pdfium

    by_page: dict[int, list[Region]] = {}
    for region in found:
        by_page.setdefault(region.page, []).append(region)
    pages = {p.number: p for p in doc.page_list}
    readings: list[Reading] = []
    read: list[Region] = []
    before = ocr_engine.Timer.seconds
    pdf = pdfium.PdfDocument(doc.data)
    try:
        for number, here in sorted(by_page.items()):
            page = pages[number]
            handle = pdf[number - 1]
            words = list(page.words)
            segments = [tuple(r) for r in (*page.hrules, *page.vrules)]
            try:
                for region in here:
                    rendered = render_region(handle, region)
                    if rendered is None:
                        continue
                    gray, scale = rendered
                    got = read_region(gray, region, scale)
                    if got is None:
                        continue
                    ws, hs, vs, rs = got
                    words += ws
                    segments += [tuple(r) for r in (*hs, *vs)]
                    readings += rs
                    read.append(region)
            finally:
                handle.close()
            words.sort(key=lambda w: (round(w.bottom - 0.2 * w.size, 1), w.x0))
            hrules, vrules = merge_rules(segments)  # type: ignore[arg-type]
            pages[number] = evolve(page, words=tuple(words), hrules=hrules, vrules=vrules)
    finally:
        pdf.close()
    scanned = doc if isinstance(doc, ocr.OcrDocument) else None  # some pages read whole
    return PicturedDocument(
        path=doc.path,
        data=doc.data,
        format=doc.format,
        backend=doc.backend if scanned else f"{doc.backend}+ocr",
        page_count=doc.page_count,
        page_list=tuple(pages[p.number] for p in doc.page_list),
        title=doc.title,
        readings=(*(scanned.readings if scanned else ()), *readings),
        ocr_pages=scanned.ocr_pages if scanned else (),
        engine_seconds=(scanned.engine_seconds if scanned else 0.0)
        + ocr_engine.Timer.seconds
        - before,
        ocr_regions=tuple(read),
    )


def _where(found: Sequence[Region]) -> str:
    pages = sorted({r.page for r in found})
    return (
        f"{len(found)} picture(s) with no text over them, on page(s) {', '.join(map(str, pages))}"
    )


def unread_warning(found: Sequence[Region]) -> ReportWarning:
    """The record's warning when tables are missing and pictures that may hold them were
    not read (no OCR extra)."""
    return ReportWarning(
        CODE,
        f"tables or rows are missing, and the PDF holds {_where(found)} that may be tables pasted "
        f"as pictures; reading them needs OCR, which is not installed ({ocr_engine.EXTRA})",
    )


def unread_error(found: Sequence[Region], *, path: str | None) -> ScannedDocumentError:
    """The error when no table is in the text and pictures that may hold them were not read."""
    return ocr.missing_extra(
        f"no report tables were found in the PDF's text, and it holds {_where(found)} "
        "that may be its tables pasted as pictures",
        path=path,
    )


__all__ = [
    "CODE",
    "PicturedDocument",
    "Region",
    "read_region",
    "regions",
    "render_region",
    "unread_error",
    "unread_warning",
    "with_pictures",
]
