"""The always-available PDF backend: pdfplumber (pdfminer.six), MIT-licensed."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import Any, NamedTuple

import pdfplumber
import regex

from gxparse import limits
from gxparse.errors import (
    CorruptSourceError,
    EmptySourceError,
    EncryptedSourceError,
    SourceError,
)
from gxparse.sources.pdf_backends import (
    UNMAPPED,
    OpenedPdf,
    RawChar,
    RawPage,
    Segment,
    Turned,
    Unturn,
    make_char,
    quarter,
    subpath_segments,
    turn_vector,
)

_CID = regex.compile(r"^\(cid:\d+\)$")


def _encrypted(exc: BaseException) -> bool:
    names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__) if e is not None}
    text = " ".join(str(a) for a in getattr(exc, "args", ()))
    return bool(
        names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}
        or "PDFPasswordIncorrect" in text
        or "PDFEncryptionError" in text
    )


def open_pdf(data: bytes, *, path: str | None = None) -> OpenedPdf:
    try:
        pdf = pdfplumber.open(BytesIO(data), password="")
    except Exception as exc:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if _encrypted(exc) or _encrypted(inner):
            raise EncryptedSourceError(path=path) from None
        raise CorruptSourceError(
            f"the file is truncated or corrupt and cannot be opened as a PDF ({inner!r})",
            path=path,
        ) from None
    try:
        declared = _declared_pages(pdf)
        if declared is not None:  # before pdfplumber builds a Page object for each of them
            limits.check("the PDF's page count", declared, "max_pages", path=path)
        pages = pdf.pages
    except SourceError:
        pdf.close()
        raise
    except Exception as exc:
        pdf.close()
        raise CorruptSourceError(
            f"the PDF's page tree cannot be read ({exc!r})", path=path
        ) from None
    if not pages:
        pdf.close()
        raise EmptySourceError("the PDF has no pages", path=path)
    title = pdf.metadata.get("Title")
    return OpenedPdf(
        len(pages), _pages(pages), pdf.close, title if isinstance(title, str) and title else None
    )


def _declared_pages(pdf: Any) -> int | None:
    """The page count the page tree's root declares (/Count), if it is a number."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # a damaged tree: pdfplumber's own walk decides
        return None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _pages(pages: list[Any]) -> Iterator[RawPage]:
    for page in pages:
        frame = _frame(page)
        chars: list[RawChar] = []
        turned: list[Turned] = []
        askew = _chars(page.chars, frame, chars, turned)
        segments: list[Segment] = []
        for obj in (*page.lines, *page.rects, *page.curves):
            segments.extend(_obj_segments(obj, frame))
        images = 0 if chars or turned or askew else len(page.images)
        number = int(page.page_number)
        raw = RawPage(number, frame.width, frame.height, chars, segments, images, turned, askew)
        page.close()
        yield raw


class Frame(NamedTuple):
    """Where pdfplumber's coordinates land on the page as MuPDF gives it: unrotated, from
    the top left corner of the CropBox (what a viewer shows).

    pdfplumber measures the page as displayed (``/Rotate`` applied) from the MediaBox's
    top left; ``turn`` undoes the rotation, then the CropBox's corner is taken off.
    """

    turn: Unturn  # the displayed MediaBox turned back
    dx: float  # the CropBox's left and top edges on the unrotated MediaBox
    dy: float
    width: float  # the CropBox's size, unrotated
    height: float

    def place(self, x: float, y: float) -> tuple[float, float]:
        """A point of pdfplumber's (top-down) on the page as MuPDF gives it."""
        x, y = self.turn.point(x, y)
        return x - self.dx, y - self.dy


def _frame(page: Any) -> Frame:
    mx0, my0, mx1, my1 = _box(page.page_obj.mediabox)
    cx0, cy0, cx1, cy1 = _box(page.page_obj.cropbox or page.page_obj.mediabox)
    # the effective CropBox lies within the MediaBox (as MuPDF clips it)
    cx0, cy0, cx1, cy1 = max(cx0, mx0), max(cy0, my0), min(cx1, mx1), min(cy1, my1)
    if cx1 <= cx0 or cy1 <= cy0:
        cx0, cy0, cx1, cy1 = mx0, my0, mx1, my1
    turn = Unturn(int(page.rotation) // 90 % 4, float(page.width), float(page.height))
    return Frame(turn, cx0 - mx0, my1 - cy1, cx1 - cx0, cy1 - cy0)


def _box(box: Any) -> tuple[float, float, float, float]:
    """A PDF rectangle (two corners, in any order) as left, bottom, right, top."""
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _chars(
    chars: list[dict[str, Any]], frame: Frame, out: list[RawChar], turned: list[Turned]
) -> int:
    """Characters of the page into ``out`` (those reading left to right on the page
    unrotated) and ``turned`` (the rest at a quarter turn); returns how many glyphs are at
    another angle."""
    turn, x_off, y_off, width, height = frame.turn, frame.dx, frame.dy, frame.width, frame.height
    askew = 0
    for c in chars:
        text = c["text"]
        if _CID.match(text):
            text = UNMAPPED
        elif not text or text.isspace():
            continue
        m = c["matrix"]
        if turn.quarters or not c.get("upright", True) or m[1] != 0 or m[2] != 0 or m[0] <= 0:
            askew += _turned(c, text, frame, turned)
            continue
        size = float(c["size"])
        left, right = float(c["x0"]), float(c["x1"])
        x0 = left - x_off
        if abs(float(m[4]) - (left + right) / 2) < 0.01 < right - left:
            # vertical writing (Identity-V): the origin is the glyph's top centre and
            # pdfminer's box ends where MuPDF puts the baseline
            base = float(c["bottom"]) - y_off
        else:
            base = float(c["top"]) + (float(c["y1"]) - float(m[5])) - y_off
        if not (0 <= x0 <= width and 0 <= base <= height + size):
            continue
        for ch in text if len(text) > 1 and text != UNMAPPED else (text,):
            out.append(make_char(ch, x0, base, size))
    return askew


def _turned(c: dict[str, Any], text: str, frame: Frame, turned: list[Turned]) -> int:
    """One glyph off the usual path (a rotated page, or text not upright on the page) into
    ``turned``, in the page's unrotated space; 1 if it is askew, else 0.

    Its origin is the matrix's; in vertical writing (Identity-V, the origin at the
    glyph's top centre) it is the corner of its box where MuPDF puts it -- the left end of
    the baseline as the glyph reads -- as on the usual path. pdfminer's ``size`` is its
    box's height on the page, which a turned glyph's is not: it is taken from the box
    turned back.
    """
    m = c["matrix"]
    dx, dy = frame.turn.vector(float(m[0]), -float(m[1]))  # pdfminer's y runs upwards
    quarters = quarter(dx, dy)
    if quarters is None:
        return 1
    # pdfminer's y runs up from the foot of the displayed MediaBox (``turn``'s height)
    x, y = frame.place(float(m[4]), frame.turn.height - float(m[5]))
    a = frame.place(float(c["x0"]), float(c["top"]))
    b = frame.place(float(c["x1"]), float(c["bottom"]))
    # origin and box as the glyph reads (turned back), where the usual path's test applies
    ox, _ = turn_vector(-quarters, x, y)
    ax, ay = turn_vector(-quarters, *a)
    bx, by = turn_vector(-quarters, *b)
    left, right = min(ax, bx), max(ax, bx)
    if abs(ox - (left + right) / 2) < 0.01 < right - left:
        x, y = turn_vector(quarters, left, max(ay, by))
        size = right - left  # pdfminer's size, as the glyph reads: its box's width
    else:
        size = abs(by - ay)  # and its height in horizontal writing
    for ch in text if len(text) > 1 and text != UNMAPPED else (text,):
        turned.append((quarters, ch, x, y, size))
    return 0


def _obj_segments(obj: dict[str, Any], frame: Frame) -> list[Segment]:
    stroke = bool(obj.get("stroke"))
    fill = bool(obj.get("fill"))
    out: list[Segment] = []
    run: list[tuple[float, float]] = []
    for cmd in obj.get("path") or ():
        op = cmd[0]
        if op == "m":
            if run:
                out.extend(subpath_segments(run, False, stroke, fill))
            run = [frame.place(float(cmd[1][0]), float(cmd[1][1]))]
        elif op == "l":
            run.append(frame.place(float(cmd[1][0]), float(cmd[1][1])))
        elif op == "h":
            out.extend(subpath_segments(run, True, stroke, fill))
            run = run[:1]
            run = []
        else:  # a curve: no rule; carry on from its end point
            if run:
                out.extend(subpath_segments(run, False, stroke, fill))
            run = [frame.place(float(cmd[-1][0]), float(cmd[-1][1]))]
    if run:
        out.extend(subpath_segments(run, False, stroke, fill))
    return out
