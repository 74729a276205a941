"""The fast PDF backend: PyMuPDF (optional, AGPL; ``pip install gxparse[fast]``).

Each page is interpreted twice, by ``get_texttrace`` (glyph origins) and then by
``get_cdrawings`` (paths): measured, the fastest way to get both out of PyMuPDF
with results identical to the last bit. Once a page's fonts are loaded, running
it again costs about 1-1.5 ms a report, and getting glyphs or paths out of a
single run costs more than that in Python. Tried, and slower in page extraction
(median of the PDF fixtures, 3-9%): reading both from one run of MuPDF's trace
device (its XML; reading the glyph rows takes about 3 ms a report, texttrace's
tuples 1.4 ms), and recording a display list once and replaying it into the
texttrace device and a glyph-culling trace device (a replay skips what lies
outside the clip unless the page is recorded as one tile; replaying and reading
the paths' XML cost more than the run saved).
"""

from __future__ import annotations

import importlib
import math
import sys
from collections.abc import Iterator
from typing import Any

from gxparse.errors import CorruptSourceError, EmptySourceError, EncryptedSourceError
from gxparse.sources.pdf_backends import (
    UNMAPPED,
    OpenedPdf,
    RawChar,
    RawPage,
    Segment,
    Turned,
    box_segments,
    is_wide,
    q,
    quarter,
    subpath_segments,
)

# PyMuPDF 2.0 imports its layout model (pymupdf.layout, with numpy and ONNX Runtime) and
# pymupdf4llm when it is imported: ~0.65 s and ~90 MiB a process that gxparse never uses.
# They are skipped by marking them absent for the length of the import (PyMuPDF
# catches the ImportError), and unmarked afterwards so that a caller may still import
# them. Measured: 0.79 s / 142 MiB -> 0.14 s / 54 MiB to import.
_SKIPPED = ("pymupdf.layout", "pymupdf4llm")


def _import() -> Any:
    if "pymupdf" in sys.modules:
        return sys.modules["pymupdf"]
    marked = [name for name in _SKIPPED if name not in sys.modules]
    for name in marked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        return importlib.import_module("pymupdf")
    except ImportError:  # older releases only ship the ``fitz`` name
        return importlib.import_module("fitz")
    finally:
        for name in marked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


pymupdf: Any = _import()

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


def open_pdf(data: bytes, *, path: str | None = None) -> OpenedPdf:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise CorruptSourceError(
            f"the file is truncated or corrupt and cannot be opened as a PDF ({exc})", path=path
        ) from None
    try:
        if doc.needs_pass and not doc.authenticate(""):
            doc.close()
            raise EncryptedSourceError(path=path)
        count = doc.page_count
    except RuntimeError as exc:  # MuPDF: "Invalid number of pages" (a /Count of -1 or 10**12)
        doc.close()
        raise CorruptSourceError(f"the PDF's page tree cannot be read ({exc})", path=path) from None
    if count == 0:
        doc.close()
        raise EmptySourceError("the PDF has no pages", path=path)
    title = (doc.metadata or {}).get("title") or None
    repaired = bool(getattr(doc, "is_repaired", False))
    return OpenedPdf(count, _pages(doc, count), doc.close, title, repaired)


def _pages(doc: Any, count: int) -> Iterator[RawPage]:
    glyphs: dict[int, tuple[str, bool]] = {}  # character code -> (text, wide), for this document
    for i in range(count):
        page = doc.load_page(i)
        rect = page.rect
        width, height = float(rect.width), float(rect.height)
        if page.rotation % 180:
            # ``rect`` is the page as displayed; texttrace and cdrawings give it unrotated
            width, height = height, width
        spans: list[dict[str, Any]] = []
        chars = _chars(page, width, height, glyphs, spans)
        turned, askew = _turned(spans, glyphs)
        segments = _segments(page)
        images = 0 if chars or turned or askew else len(page.get_images(full=False))
        yield RawPage(i + 1, width, height, chars, segments, images, turned, askew)
        del page


def _glyph(code: int) -> tuple[str, bool]:
    """A character code's text ("" for white space) and whether it is wide."""
    text = chr(code) if 0 <= code < 0x110000 else UNMAPPED
    if text.isspace():
        return "", False
    return text, is_wide(text)


def _chars(
    page: Any,
    width: float,
    height: float,
    glyphs: dict[int, tuple[str, bool]],
    turned: list[dict[str, Any]],
) -> list[RawChar]:
    """Characters of the page that read left to right: ``make_char``, inlined and per span
    (it runs per glyph). Spans in any other direction are put in ``turned``, unread."""
    out: list[RawChar] = []
    append = out.append
    floor = math.floor
    for span in page.get_texttrace():
        dx, dy = span["dir"]
        if dy != 0 or dx <= 0:
            turned.append(span)  # upright vertical writing runs (1, 0) and stays here
            continue
        size = float(span["size"])
        half = size / 2
        top = height + size
        qsize = floor(size * 10 + 0.505) / 10
        last = qbase = -1.0
        for code, _gid, (x0, base), _bbox in span["chars"]:
            glyph = glyphs.get(code)
            if glyph is None:
                glyph = glyphs[code] = _glyph(code)
            text, wide = glyph
            if text and 0 <= x0 <= width and 0 <= base <= top:
                if base != last:  # a span's characters mostly share one baseline
                    last, qbase = base, floor(base * 10 + 0.505) / 10
                x1 = x0 + (size if wide else half)
                append(
                    (
                        text,
                        floor(x0 * 10 + 0.505) / 10,
                        floor(x1 * 10 + 0.505) / 10,
                        qbase,
                        qsize,
                    )
                )
    return out


def _turned(
    spans: list[dict[str, Any]], glyphs: dict[int, tuple[str, bool]]
) -> tuple[list[Turned], int]:
    """Glyphs of the spans that do not read left to right, and how many are at no quarter
    turn (the rare path: a page drawn sideways)."""
    out: list[Turned] = []
    askew = 0
    for span in spans:
        turn = quarter(*span["dir"])
        size = float(span["size"])
        for code, _gid, (x, y), _bbox in span["chars"]:
            glyph = glyphs.get(code)
            if glyph is None:
                glyph = glyphs[code] = _glyph(code)
            if not glyph[0]:
                continue
            if turn is None:
                askew += 1
            else:
                out.append((turn, glyph[0], float(x), float(y), size))
    return out, askew


def _segments(page: Any) -> list[Segment]:
    out: list[Segment] = []
    for path in page.get_cdrawings():
        kind = path.get("type") or ""
        stroke = "s" in kind
        fill = "f" in kind
        items = path["items"]
        if len(items) == 1 and items[0][0] == "l" and stroke and not fill:
            # the usual rule: one stroked line (``subpath_segments`` of its two points)
            a, b = items[0][1], items[0][2]
            x0, y0, x1, y1 = q(float(a[0])), q(float(a[1])), q(float(b[0])), q(float(b[1]))
            if (x0, y0) != (x1, y1):
                out.append((x0, y0, x1, y1))
                if path.get("closePath"):
                    out.append((x1, y1, x0, y0))
            continue
        run: list[tuple[float, float]] = []
        for item in items:
            op = item[0]
            if op == "l":
                p1 = (float(item[1][0]), float(item[1][1]))
                p2 = (float(item[2][0]), float(item[2][1]))
                # a subpath ends where the next line does not start, or where it has come
                # back to its start: rectangles drawn turned (no longer ``re``) come as
                # lines, each ending where the next begins, and pdfminer parts them there
                if run and (run[-1] != p1 or (len(run) > 3 and p1 == run[0])):
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
                if fill and not stroke:  # how WPS and Word draw borders: thin filled boxes
                    thin = box_segments(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
                    out.extend(thin or ())
                    continue
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
