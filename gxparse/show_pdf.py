"""PDF pages as images in the frame their provenance boxes are in, and boxes drawn on them.

A provenance box is in the frame where its page's text reads upright (see
``gxparse.sources.pdf.upright``): the page unrotated (its ``/Rotate`` undone),
turned back by the quarter turns that make most of its text run left to right,
measured from the top left corner of the CropBox. A page is drawn the same way:
pdfium (``pypdfium2``, which pdfplumber brings, so always installed) renders the
CropBox with the ``/Rotate`` set to 0, and the image is turned by the quarters
gxparse's own PDF backend finds for the page (``frame_turn``) -- the very
reading that placed the boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gxparse.show import FAILED, FLAGGED, MISSING, OK, Mark, PageImage, ShowError
from gxparse.sources import pdf, pdf_guard
from gxparse.sources.pdf_backends import backend_module

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_SIDE = 6000  # pixels: a page larger than this at the scale asked is drawn smaller

# outline colours by status (RGB), the same as the HTML's
COLOURS = {
    OK: (22, 150, 70),
    FLAGGED: (230, 140, 0),
    FAILED: (215, 30, 40),
    MISSING: (120, 120, 120),
}


def frame_turns(data: bytes, numbers: Sequence[int], *, path: str | None = None) -> dict[int, int]:
    """The quarter turns from each page unrotated to its provenance frame."""
    wanted = set(numbers)
    module = backend_module(pdf.choose_backend())
    opened = module.open_pdf(data, path=path)
    turns = {}
    try:
        for raw in opened.pages:
            if raw.number in wanted:
                turns[raw.number] = pdf.frame_turn(raw)
                if len(turns) == len(wanted):
                    break
    finally:
        opened.close()
    return turns


def render(
    data: bytes, numbers: Sequence[int], *, scale: float, path: str | None = None
) -> tuple[PageImage, ...]:
    """Pages ``numbers`` (1-based) drawn at ``scale`` pixels per point, each in its frame."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    from PIL import Image as PILImage

    if not numbers:
        return ()
    pdf_guard.check(data, path=path)
    turns = frame_turns(data, numbers, path=path)
    quarters = {
        1: PILImage.Transpose.ROTATE_90,
        2: PILImage.Transpose.ROTATE_180,
        3: PILImage.Transpose.ROTATE_270,
    }
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ShowError(f"pdfium cannot open the PDF ({exc})", path=path) from None
    out = []
    try:
        for number in numbers:
            if not 1 <= number <= len(doc):
                raise ShowError(f"no page {number}: the PDF has {len(doc)} page(s)", path=path)
            page = doc[number - 1]
            page.set_rotation(0)
            width, height = page.get_size()
            fit = min(scale, MAX_SIDE / max(width, height, 1.0))
            bitmap = page.render(scale=fit, may_draw_forms=False)
            image = bitmap.to_pil().convert("RGB")
            turn = turns.get(number, 0)
            if turn:  # anticlockwise, as Unturn turns points
                image = image.transpose(quarters[turn])
            out.append(PageImage(number, image, fit))
    finally:
        doc.close()
    return tuple(out)


def pixel_box(page: PageImage, mark: Mark) -> tuple[int, int, int, int]:
    """A mark's box on the page image, in whole pixels, a pixel wider each side."""
    assert mark.prov is not None and mark.prov.bbox is not None
    x0, y0, x1, y1 = (v * page.scale for v in mark.prov.bbox)
    return int(x0) - 1, int(y0) - 1, int(x1 + 0.999) + 1, int(y1 + 0.999) + 1


def draw_boxes(page: PageImage, marks: Sequence[Mark]) -> Image:
    """The page image with an outline around each mark's box, coloured by its status."""
    from PIL import ImageDraw

    image = page.image.copy()
    draw = ImageDraw.Draw(image, "RGBA")
    width = max(1, round(page.scale))
    for mark in marks:
        r, g, b = COLOURS[mark.status]
        box = pixel_box(page, mark)
        draw.rectangle(box, fill=(r, g, b, 40), outline=(r, g, b, 255), width=width)
    return image
