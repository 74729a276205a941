"""The interface both PDF backends implement, and the shape of what they return.

A backend module has ``open_pdf(data, *, path) -> OpenedPdf``. Opening checks
the file (corrupt, encrypted, no pages) and raises the matching
``SourceError``; ``OpenedPdf.pages`` then yields one ``RawPage`` at a time,
releasing the backend's page objects before the next one is read.

Everything a backend returns is already rounded to 0.1 pt (``q``), so that the
two backends, which compute in float32 (MuPDF) and float64 (pdfminer), agree
to the last digit on the same file.
"""

from __future__ import annotations

import importlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from types import ModuleType

from attrs import define

# Fast path first: the default order of preference.
BACKENDS: tuple[str, ...] = ("pymupdf", "pdfplumber")
_MODULES = {
    "pymupdf": "gxparse.sources.pdf_mupdf",
    "pdfplumber": "gxparse.sources.pdf_plumber",
}

UNMAPPED = "\ufffd"


RawChar = tuple[str, float, float, float, float]
"""A character: ``(text, x0, x1, base, size)``, ``text`` being one character and ``base``
the baseline in top-down page coordinates. A plain tuple: a page has thousands, and they
are built per glyph."""


Segment = tuple[float, float, float, float]


@define
class RawPage:
    number: int  # 1-based
    width: float
    height: float
    chars: list[RawChar]
    segments: list[Segment]
    images: int = 0  # counted on pages without characters only: it is what tells a scan


@define
class OpenedPdf:
    page_count: int
    pages: Iterator[RawPage]
    close: Callable[[], None]
    title: str | None = None
    repaired: bool = False  # the backend had to rebuild a damaged file to open it


def make_char(text: str, x0: float, base: float, size: float) -> RawChar:
    """A character with its right edge from its size, not from font widths.

    The two libraries read glyph advances from different places (MuPDF from the
    font program, pdfminer from the PDF's /Widths), which can differ in the
    third decimal; a nominal advance -- an em for wide (CJK) characters, half
    an em for the rest, which is what digits take in the fonts reports use --
    keeps word boxes identical on both paths.
    """
    wide = is_wide(text)
    return (text, q(x0), q(x0 + (size if wide else size / 2)), q(base), q(size))


def is_wide(text: str) -> bool:
    """A full-width (CJK) character: its nominal advance is one em (a lookup cheaper than
    a cache would be)."""
    return unicodedata.east_asian_width(text) in ("W", "F")


def backend_module(name: str) -> ModuleType:
    """The module of backend ``name``; ImportError when its library is missing."""
    return importlib.import_module(_MODULES[name])


def q(v: float) -> float:
    """A coordinate rounded to 0.1 pt, halves up with a margin so float32 noise cannot tip it."""
    return math.floor(v * 10 + 0.505) / 10


# a character the text layer could not map to Unicode: unmapped, a control code, or
# private use (what a font without a ToUnicode map hands over)
_UNREADABLE = re.compile("[\x00-\x1f\ufffd\ue000-\uf8ff]")


def count_unreadable(chars: Sequence[RawChar]) -> int:
    """How many of ``chars`` the text layer could not map to Unicode."""
    return len(_UNREADABLE.findall("".join([c[0] for c in chars])))


def subpath_segments(
    points: Sequence[tuple[float, float]], closed: bool, stroke: bool, fill: bool
) -> list[Segment]:
    """Straight segments a painted subpath draws as table rules.

    A thin filled shape (how WPS and Word draw borders) is one rule along its
    middle; a stroked path gives its edges; a large filled area (cell shading,
    page backgrounds) is no rule.
    """
    if len(points) < 2:
        return []
    if fill and len(points) >= 3:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        thin = box_segments(min(xs), min(ys), max(xs), max(ys))
        if thin is not None:
            return thin
    if not stroke:
        return []
    pts = [(q(x), q(y)) for x, y in points]
    if closed and pts[0] != pts[-1]:
        pts.append(pts[0])
    return [(a[0], a[1], b[0], b[1]) for a, b in pairwise(pts) if a != b]


def box_segments(x0: float, y0: float, x1: float, y1: float) -> list[Segment] | None:
    """A filled shape spanning ``x0 <= x1``, ``y0 <= y1``: one rule along its middle if it
    is thin (``[]`` if it is a dot), ``None`` if it is an area."""
    w = x1 - x0
    h = y1 - y0
    if min(w, h) > 2.5:
        return None
    if w >= h:
        y = q((y0 + y1) / 2)
        return [(q(x0), y, q(x1), y)] if w > 2 else []
    x = q((x0 + x1) / 2)
    return [(x, q(y0), x, q(y1))] if h > 2 else []
