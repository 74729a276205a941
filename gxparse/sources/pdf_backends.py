"""The interface both PDF backends implement, and the shape of what they return.

A backend module has ``open_pdf(data, *, path) -> OpenedPdf``. Opening checks
the file (corrupt, encrypted, no pages) and raises the matching
``SourceError``; ``OpenedPdf.pages`` then yields one ``RawPage`` at a time,
releasing the backend's page objects before the next one is read.

Both backends hand over a page in one space: the page *unrotated* (its
``/Rotate`` undone), in points, top-down, from the top-left corner -- MuPDF's
own space. Characters whose text runs left to right there come as ``RawChar``;
glyphs turned by a quarter, a half or three quarters come apart as ``Turned``
(a rare path: they are a landscape page drawn sideways, or a page printed
rotated), and glyphs at any other angle are only counted. The shared code
(``gxparse.sources.pdf.upright``) turns the page to the frame most of its
text reads in.

Everything a backend returns is already rounded to 0.1 pt (``q``), so that the
two backends, which compute in float32 (MuPDF) and float64 (pdfminer), agree
to the last digit on the same file -- except turned glyphs, whose origins are
rounded once they are turned upright, and the page size, rounded once the
frame is known.
"""

from __future__ import annotations

import importlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from types import ModuleType
from typing import NamedTuple

from attrs import Factory, define

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

Turned = tuple[int, str, float, float, float]
"""A glyph whose text does not run left to right: ``(quarter, text, x, y, size)``. Its text
runs ``quarter`` quarter turns clockwise from left to right (1: downwards, 2: right to
left, 3: upwards); ``(x, y)`` is its origin (left end of the baseline, as read), not
rounded."""


@define
class RawPage:
    number: int  # 1-based
    width: float  # of the page unrotated (once ``upright``, of its frame), not rounded
    height: float
    chars: list[RawChar]
    segments: list[Segment]
    images: int = 0  # counted on pages without characters only: it is what tells a scan
    turned: list[Turned] = Factory(list)
    askew: int = 0  # glyphs at an angle that is no multiple of 90 degrees: unread


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


def quarter(dx: float, dy: float) -> int | None:
    """How many quarter turns clockwise from left to right the direction ``(dx, dy)`` is
    (top-down coordinates), or None for an angle that is no multiple of 90 degrees.

    A turn is taken within 0.001 of the unit vector (about 0.06 degrees), which the
    float noise of a rotation matrix never reaches and a deliberate slant always does.
    """
    length = math.hypot(dx, dy)
    if length == 0:
        return None
    dx, dy = dx / length, dy / length
    for turn, (ux, uy) in enumerate(_QUARTERS):
        if abs(dx - ux) < 1e-3 and abs(dy - uy) < 1e-3:
            return turn
    return None


_QUARTERS = ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0))


class Unturn(NamedTuple):
    """A page ``width`` x ``height`` turned back (anticlockwise) ``quarters`` quarter turns:
    what undoes a ``/Rotate`` of that many quarters, and what turns text running that many
    quarters clockwise to read left to right. Top-down coordinates throughout."""

    quarters: int  # 0-3
    width: float
    height: float

    @property
    def size(self) -> tuple[float, float]:
        """The page's width and height once turned back."""
        return (self.height, self.width) if self.quarters % 2 else (self.width, self.height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.quarters == 1:
            return y, self.width - x
        if self.quarters == 2:
            return self.width - x, self.height - y
        if self.quarters == 3:
            return self.height - y, x
        return x, y

    def vector(self, dx: float, dy: float) -> tuple[float, float]:
        return turn_vector(-self.quarters, dx, dy)


def turn_vector(quarters: int, dx: float, dy: float) -> tuple[float, float]:
    """``(dx, dy)`` turned ``quarters`` quarter turns clockwise (top-down coordinates, so
    ``(1, 0)`` turned once is ``(0, 1)``); also a point turned about the origin."""
    quarters %= 4
    if quarters == 1:
        return -dy, dx
    if quarters == 2:
        return -dx, -dy
    if quarters == 3:
        return dy, -dx
    return dx, dy


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
