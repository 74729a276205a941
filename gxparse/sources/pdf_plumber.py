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
    make_char,
    q,
    subpath_segments,
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
        width, height = float(page.width), float(page.height)
        chars = _chars(page.chars, x_off, y_off, width, height)
        segments: list[Segment] = []
        for obj in (*page.lines, *page.rects, *page.curves):
            segments.extend(_obj_segments(obj, x_off, y_off))
        images = 0 if chars else len(page.images)
        raw = RawPage(int(page.page_number), q(width), q(height), chars, segments, images)
        page.close()
        yield raw


def _chars(
    chars: list[dict[str, Any]], x_off: float, y_off: float, width: float, height: float
) -> list[RawChar]:
    out: list[RawChar] = []
    for c in chars:
        text = c["text"]
        if _CID.match(text):
            text = UNMAPPED
        elif not text or text.isspace():
            continue
        m = c["matrix"]
        if not c.get("upright", True) or m[1] != 0 or m[2] != 0 or m[0] <= 0:
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
    return out


def _obj_segments(obj: dict[str, Any], x_off: float, y_off: float) -> list[Segment]:
    stroke = bool(obj.get("stroke"))
    fill = bool(obj.get("fill"))
    out: list[Segment] = []
    run: list[tuple[float, float]] = []
    for cmd in obj.get("path") or ():
        op = cmd[0]
        if op == "m":
            if run:
                out.extend(subpath_segments(run, False, stroke, fill))
            run = [_pt(cmd[1], obj, x_off, y_off)]
        elif op == "l":
            run.append(_pt(cmd[1], obj, x_off, y_off))
        elif op == "h":
            out.extend(subpath_segments(run, True, stroke, fill))
            run = run[:1]
            run = []
        else:  # a curve: no rule; carry on from its end point
            if run:
                out.extend(subpath_segments(run, False, stroke, fill))
            run = [_pt(cmd[-1], obj, x_off, y_off)]
    if run:
        out.extend(subpath_segments(run, False, stroke, fill))
    return out


def _pt(
    p: tuple[float, float], obj: dict[str, Any], x_off: float, y_off: float
) -> tuple[float, float]:
    return float(p[0]) - x_off, float(p[1]) - y_off
