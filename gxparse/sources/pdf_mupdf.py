"""The fast PDF backend: PyMuPDF (optional, AGPL; ``pip install gxparse[fast]``)."""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterator
from typing import Any

from gxparse.errors import CorruptSourceError, EmptySourceError, EncryptedSourceError
from gxparse.sources.pdf_backends import (
    UNMAPPED,
    OpenedPdf,
    RawChar,
    RawPage,
    Segment,
    is_wide,
    q,
    subpath_segments,
)

try:
    pymupdf: Any = importlib.import_module("pymupdf")
except ImportError:  # older releases only ship the ``fitz`` name
    pymupdf = importlib.import_module("fitz")

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


def open_pdf(data: bytes, *, path: str | None = None) -> OpenedPdf:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise CorruptSourceError(
            f"the file is truncated or corrupt and cannot be opened as a PDF ({exc})", path=path
        ) from None
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise EncryptedSourceError(path=path)
    count = doc.page_count
    if count == 0:
        doc.close()
        raise EmptySourceError("the PDF has no pages", path=path)
    title = (doc.metadata or {}).get("title") or None
    repaired = bool(getattr(doc, "is_repaired", False))
    return OpenedPdf(count, _pages(doc, count), doc.close, title, repaired)


def _pages(doc: Any, count: int) -> Iterator[RawPage]:
    for i in range(count):
        page = doc.load_page(i)
        rect = page.rect
        width, height = float(rect.width), float(rect.height)
        chars = _chars(page, width, height)
        segments = _segments(page)
        images = len(page.get_images(full=False))
        yield RawPage(i + 1, q(width), q(height), chars, segments, images)
        del page


def _chars(page: Any, width: float, height: float) -> list[RawChar]:
    """Characters of the page; the arithmetic of ``make_char`` inlined (it runs per glyph)."""
    out: list[RawChar] = []
    append = out.append
    floor = math.floor
    for span in page.get_texttrace():
        dx, dy = span["dir"]
        if dy != 0 or dx <= 0:
            continue  # rotated text is not table text; upright vertical writing is kept
        size = float(span["size"])
        top = height + size
        qsize = floor(size * 10 + 0.505) / 10
        for code, _gid, origin, _bbox in span["chars"]:
            text = chr(code) if 0 <= code < 0x110000 else UNMAPPED
            if text.isspace():
                continue
            x0, base = origin
            if 0 <= x0 <= width and 0 <= base <= top:
                x1 = x0 + (size if is_wide(text) else size / 2)
                append(
                    RawChar(
                        text,
                        floor(x0 * 10 + 0.505) / 10,
                        floor(x1 * 10 + 0.505) / 10,
                        floor(base * 10 + 0.505) / 10,
                        qsize,
                    )
                )
    return out


def _segments(page: Any) -> list[Segment]:
    out: list[Segment] = []
    for path in page.get_cdrawings():
        kind = path.get("type") or ""
        stroke = "s" in kind
        fill = "f" in kind
        run: list[tuple[float, float]] = []
        for item in path["items"]:
            op = item[0]
            if op == "l":
                p1 = (float(item[1][0]), float(item[1][1]))
                p2 = (float(item[2][0]), float(item[2][1]))
                if run and run[-1] != p1:
                    out.extend(subpath_segments(run, False, stroke, fill))
                    run = []
                if not run:
                    run.append(p1)
                run.append(p2)
                continue
            if run:
                out.extend(subpath_segments(run, False, stroke, fill))
                run = []
            if op == "re":
                x0, y0, x1, y1 = (float(v) for v in item[1])
                rect = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                out.extend(subpath_segments(rect, True, stroke, fill))
            elif op == "qu":
                pts = [(float(p[0]), float(p[1])) for p in item[1]]
                quad = [pts[0], pts[1], pts[3], pts[2]]
                out.extend(subpath_segments(quad, True, stroke, fill))
            # curves draw no table rules
        if run:
            out.extend(subpath_segments(run, bool(path.get("closePath")), stroke, fill))
    return out
