"""The always-available PDF backend: pdfplumber (pdfminer.six), MIT-licensed."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pdfplumber
import regex

from gxparse.errors import CorruptSourceError, EmptySourceError, EncryptedSourceError
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
        pages = pdf.pages
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


def _pages(pages: list[Any]) -> Iterator[RawPage]:
    for page in pages:
        x_off, y_off = float(page.bbox[0]), float(page.bbox[1])
        # pdfplumber gives the page as displayed, ``/Rotate`` (clockwise) applied: undone
        width, height = float(page.width), float(page.height)
        turn = Unturn(int(page.rotation) // 90 % 4, width, height)
        chars: list[RawChar] = []
        turned: list[Turned] = []
        askew = _chars(page.chars, x_off, y_off, width, height, turn, chars, turned)
        segments: list[Segment] = []
        for obj in (*page.lines, *page.rects, *page.curves):
            segments.extend(_obj_segments(obj, x_off, y_off, turn))
        images = 0 if chars or turned or askew else len(page.images)
        raw = RawPage(int(page.page_number), *turn.size, chars, segments, images, turned, askew)
        page.close()
        yield raw


def _chars(
    chars: list[dict[str, Any]],
    x_off: float,
    y_off: float,
    width: float,
    height: float,
    turn: Unturn,
    out: list[RawChar],
    turned: list[Turned],
) -> int:
    """Characters of the page into ``out`` (those reading left to right on the page
    unrotated) and ``turned`` (the rest at a quarter turn); returns how many glyphs are at
    another angle."""
    askew = 0
    for c in chars:
        text = c["text"]
        if _CID.match(text):
            text = UNMAPPED
        elif not text or text.isspace():
            continue
        m = c["matrix"]
        if turn.quarters or not c.get("upright", True) or m[1] != 0 or m[2] != 0 or m[0] <= 0:
            askew += _turned(c, text, x_off, y_off, height, turn, turned)
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


def _turned(
    c: dict[str, Any],
    text: str,
    x_off: float,
    y_off: float,
    height: float,
    turn: Unturn,
    turned: list[Turned],
) -> int:
    """One glyph off the usual path (a rotated page, or text not upright on the page) into
    ``turned``, in the page's unrotated space; 1 if it is askew, else 0.

    Its origin is the matrix's; in vertical writing (Identity-V, the origin at the
    glyph's top centre) it is the corner of its box where MuPDF puts it -- the left end of
    the baseline as the glyph reads -- as on the usual path. pdfminer's ``size`` is its
    box's height on the page, which a turned glyph's is not: it is taken from the box
    turned back.
    """
    m = c["matrix"]
    dx, dy = turn.vector(float(m[0]), -float(m[1]))  # pdfminer's y runs upwards
    quarters = quarter(dx, dy)
    if quarters is None:
        return 1
    x, y = turn.point(float(m[4]), height - float(m[5]))
    a = turn.point(float(c["x0"]) - x_off, float(c["top"]) - y_off)
    b = turn.point(float(c["x1"]) - x_off, float(c["bottom"]) - y_off)
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


def _obj_segments(obj: dict[str, Any], x_off: float, y_off: float, turn: Unturn) -> list[Segment]:
    stroke = bool(obj.get("stroke"))
    fill = bool(obj.get("fill"))
    out: list[Segment] = []
    run: list[tuple[float, float]] = []
    for cmd in obj.get("path") or ():
        op = cmd[0]
        if op == "m":
            if run:
                out.extend(subpath_segments(run, False, stroke, fill))
            run = [_pt(cmd[1], x_off, y_off, turn)]
        elif op == "l":
            run.append(_pt(cmd[1], x_off, y_off, turn))
        elif op == "h":
            out.extend(subpath_segments(run, True, stroke, fill))
            run = run[:1]
            run = []
        else:  # a curve: no rule; carry on from its end point
            if run:
                out.extend(subpath_segments(run, False, stroke, fill))
            run = [_pt(cmd[-1], x_off, y_off, turn)]
    if run:
        out.extend(subpath_segments(run, False, stroke, fill))
    return out


def _pt(p: tuple[float, float], x_off: float, y_off: float, turn: Unturn) -> tuple[float, float]:
    return turn.point(float(p[0]) - x_off, float(p[1]) - y_off)
