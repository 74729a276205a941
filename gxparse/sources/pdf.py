"""PDF: bytes -> pages of word boxes and ruling lines, through one of two backends.

Two backends sit behind one interface (``gxparse.sources.pdf_backends``):
PyMuPDF, the fast path, used when it is installed (``pip install
gxparse[fast]``; AGPL-licensed, so never required), and pdfplumber, always
available. Choose one with ``load(..., backend="pdfplumber")`` or the
``GXPARSE_PDF_BACKEND`` environment variable; by default PyMuPDF is used when
it imports.

Both backends hand over the same raw material -- characters (text, left and
right edge, baseline, size) and straight path segments -- rounded to 0.1 pt,
and everything after that (turning a rotated page to the frame its text reads
in, word building, rule merging) is shared code. That is what makes both paths
give identical records.

Pages are processed one at a time and only compact words and rules are kept,
so memory stays flat on long documents. Bad input is refused with a specific
error naming the file: encrypted, corrupt or truncated, no pages, only
scanned images (OCR needed), a text layer without a Unicode mapping, or text
only at a slant.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from attrs import field, frozen

from gxparse import limits
from gxparse.errors import (
    CorruptSourceError,
    GarbledTextError,
    MissingExtraError,
    ScannedDocumentError,
    SkewedTextError,
    SourceError,
    UnknownBackendError,
)
from gxparse.sources import pdf_guard
from gxparse.sources.base import Document
from gxparse.sources.pdf_backends import (
    BACKENDS,
    RawChar,
    RawPage,
    Segment,
    Unturn,
    backend_module,
    count_unreadable,
    is_wide,
    make_char,
    q,
)

ENV_BACKEND = "GXPARSE_PDF_BACKEND"

_GARBLED_SHARE = 0.2  # share of unreadable characters above which the text layer is garbage
WORD_GAP = 0.45  # a horizontal gap wider than this many font sizes ends a word
_LINE_TOL = 0.3  # baselines closer than this many font sizes are one line
_RULE_TOL = 1.0  # pt: segments this close are one rule
_RULE_JOIN = 2.0  # pt: collinear segments with a smaller gap are one rule
# fields of a RawChar (text, x0, x1, base, size), for sorting and grouping
_X0 = itemgetter(1)
_BASE = itemgetter(3)
_BASE_X = itemgetter(3, 1)


class _WordFields(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    cx: float  # centre, (x0 + x1) / 2
    cy: float  # centre, (top + bottom) / 2


class Word(_WordFields):
    """Characters on one baseline with no wide gap and no rule between them.

    Made from its text, box and size; the centre is worked out once and kept, as
    the readers ask for it many times over (comparing words pairwise).
    """

    __slots__ = ()

    def __new__(
        cls, text: str, x0: float, top: float, x1: float, bottom: float, size: float
    ) -> Word:
        return tuple.__new__(
            cls, (text, x0, top, x1, bottom, size, (x0 + x1) / 2, (top + bottom) / 2)
        )

    def __getnewargs__(self) -> tuple[str, float, float, float, float, float]:
        return self[:6]

    def _replace(self, **changes: Any) -> Word:
        """A copy with some of text, box and size changed (the centre follows)."""
        fields: dict[str, Any] = dict(zip(_WORD_MADE_OF, self[:6], strict=True))
        fields.update(changes)
        return Word(**fields)


_WORD_MADE_OF = ("text", "x0", "top", "x1", "bottom", "size")


class Rule(NamedTuple):
    """A horizontal (``y0 == y1``) or vertical (``x0 == x1``) ruling line."""

    x0: float
    y0: float
    x1: float
    y1: float


@frozen
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    hrules: tuple[Rule, ...]
    vrules: tuple[Rule, ...]
    images: int = 0  # counted on pages without text only (a scan's pages)


@frozen
class PdfDocument(Document):
    backend: str = "pdfplumber"
    page_count: int = 0
    page_list: tuple[Page, ...] = field(factory=tuple, repr=False)
    title: str | None = None

    @property
    def pages(self) -> int | None:
        return self.page_count

    def iter_pages(self) -> Iterator[Page]:
        return iter(self.page_list)


# -- backend choice -------------------------------------------------------------------


def available_backends() -> tuple[str, ...]:
    """The backends that import here, fast path first."""
    out = []
    for name in BACKENDS:
        try:
            backend_module(name)
        except ImportError:
            continue
        out.append(name)
    return tuple(out)


def choose_backend(backend: str | None = None) -> str:
    """``backend`` if given, else ``$GXPARSE_PDF_BACKEND``, else PyMuPDF when it imports."""
    wanted = backend or os.environ.get(ENV_BACKEND) or None
    if wanted is not None:
        wanted = wanted.strip().lower()
        aliases = {"fitz": "pymupdf", "mupdf": "pymupdf", "plumber": "pdfplumber"}
        wanted = aliases.get(wanted, wanted)
        if wanted not in BACKENDS:
            raise UnknownBackendError(
                f"unknown PDF backend {wanted!r}; choose one of {', '.join(BACKENDS)}"
            )
        try:
            backend_module(wanted)
        except ImportError as exc:  # the caller asked for this one: say it is missing
            extra = " (pip install 'gxparse[fast]')" if wanted == "pymupdf" else ""
            raise MissingExtraError(
                f"the PDF backend {wanted!r} is not installed{extra}: {exc}"
            ) from None
        return wanted
    for name in BACKENDS:
        try:
            backend_module(name)
        except ImportError:
            continue
        return name
    raise MissingExtraError("no PDF backend is installed (pdfplumber or pymupdf)")


# -- loading ----------------------------------------------------------------------------


def load(data: bytes, *, path: str | None = None, backend: str | None = None) -> PdfDocument:
    """Open a PDF and turn each page into words and rules, one page at a time."""
    name = choose_backend(backend)
    module = backend_module(name)
    pdf_guard.check(data, path=path)  # a Flate bomb is refused before a backend sees it
    opened = module.open_pdf(data, path=path)
    try:
        limits.check("the PDF's page count", opened.page_count, "max_pages", path=path)
    except SourceError:
        opened.close()
        raise
    pages: list[Page] = []
    total = bad = images = 0
    askew = 0
    try:
        for raw in opened.pages:
            raw = upright(raw)
            page = build_page(raw)
            pages.append(page)
            total += len(raw.chars)
            bad += count_unreadable(raw.chars)
            images += raw.images
            askew += raw.askew
    except SourceError:
        raise
    except Exception as exc:  # a backend choking on a damaged page
        raise SourceError(f"the PDF could not be read: {exc}", path=path) from exc
    finally:
        opened.close()
    if opened.repaired and (total == 0 or bad / total > _GARBLED_SHARE):
        raise CorruptSourceError(
            "the file is truncated or corrupt: it could only be opened by rebuilding it, "
            "and its text did not survive",
            path=path,
        )
    scanned = [p.number for p in pages if p.images and not p.words]
    if scanned and not askew and (total == 0 or bad / total <= _GARBLED_SHARE):
        from gxparse.sources import ocr, ocr_engine  # only for scans

        if ocr_engine.available():
            return ocr.with_read_pages(data, pages, scanned, path=path, title=opened.title)
    if total == 0:
        if askew:
            raise SkewedTextError(
                f"the PDF's text layer has {askew} character(s), but none runs straight on its "
                "page or at a quarter turn (the text is drawn at a slant); gxparse cannot "
                "read it",
                path=path,
            )
        if images:
            from gxparse.sources.ocr import missing_extra

            raise missing_extra(
                f"the PDF's {opened.page_count} page(s) hold {images} image(s) and no text "
                "layer: it is a scan",
                path=path,
            )
        raise ScannedDocumentError(
            "the PDF has no text layer at all (no characters on any page); if it is a scan, "
            "OCR is needed",
            path=path,
        )
    if bad / total > _GARBLED_SHARE:
        raise GarbledTextError(
            f"{bad} of {total} characters in the text layer have no Unicode mapping "
            "(fonts without ToUnicode); the text cannot be read without OCR",
            path=path,
        )
    return PdfDocument(
        path=path,
        data=data,
        format="pdf",
        backend=name,
        page_count=opened.page_count,
        page_list=tuple(pages),
        title=opened.title,
    )


# -- words and rules ----------------------------------------------------------------------


def upright(raw: RawPage) -> RawPage:
    """The page in the frame where most of its text reads left to right.

    The frame is the page unrotated, or it turned by a quarter, a half or three
    quarters: whichever the most glyphs read left to right in (the page unrotated
    on a tie). A landscape table printed sideways onto a portrait page -- with or
    without a ``/Rotate`` to show it upright -- is so read as it is shown upright;
    a page whose ``/Rotate`` alone turns upright content is read unrotated, as it
    was drawn. Glyphs that run in any other direction are dropped, as rotated
    text on an upright page (a margin note, a stamp) always is. Positions --
    words, rules and so provenance boxes -- are in that frame, top-down.

    Pages whose text all reads left to right (nearly every page) come back as
    they are.
    """
    if not raw.turned:
        return raw
    turn = frame_turn(raw)
    frame = Unturn(turn, raw.width, raw.height)
    width, height = frame.size
    chars = list(raw.chars) if turn == 0 else []
    for quarters, text, x, y, size in raw.turned:
        if quarters == turn:
            x, y = frame.point(x, y)
            if 0 <= x <= width and 0 <= y <= height + size:
                chars.append(make_char(text, x, y, size))
    segments = raw.segments
    if turn:
        segments = []
        for x0, y0, x1, y1 in raw.segments:
            a, b = frame.point(x0, y0), frame.point(x1, y1)
            segments.append((q(a[0]), q(a[1]), q(b[0]), q(b[1])))
    return RawPage(raw.number, width, height, chars, segments, raw.images, [], raw.askew)


def frame_turn(raw: RawPage) -> int:
    """The quarter turns (anticlockwise) from the page unrotated to its frame (``upright``).

    ``gxparse.show`` draws a page in the same frame, so its boxes land where they were read.
    """
    if not raw.turned:
        return 0
    votes = Counter(t[0] for t in raw.turned)
    votes[0] += len(raw.chars)
    return max(sorted(votes), key=votes.__getitem__)  # a tie goes to the fewest quarters


def build_page(raw: RawPage) -> Page:
    """Words and rules of one page.

    Every page keeps its rules: a table piece can carry no figures at all (a
    row of blank cells, a header cut by a page break), so no test of the text
    can tell that a page needs them.
    """
    hrules, vrules = merge_rules(raw.segments)
    words = build_words(raw.chars, vrules)
    width, height = q(raw.width), q(raw.height)
    return Page(raw.number, width, height, tuple(words), hrules, vrules, raw.images)


def _merge_axis(items: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Merge (position, start, end) segments that lie on one line and touch."""
    items.sort()
    groups: list[list[tuple[float, float, float]]] = []
    for item in items:
        if groups and item[0] - groups[-1][0][0] <= _RULE_TOL:
            groups[-1].append(item)
        else:
            groups.append([item])
    out: list[tuple[float, float, float]] = []
    for group in groups:
        pos = round(sum(g[0] for g in group) / len(group), 1)
        spans = sorted((g[1], g[2]) for g in group)
        start, end = spans[0]
        for s, e in spans[1:]:
            if s <= end + _RULE_JOIN:
                end = max(end, e)
            else:
                out.append((pos, start, end))
                start, end = s, e
        out.append((pos, start, end))
    return out


def merge_rules(segments: Iterable[Segment]) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """Axis-parallel segments merged into horizontal and vertical rules."""
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for x0, y0, x1, y1 in segments:
        if abs(y1 - y0) <= _RULE_TOL and abs(x1 - x0) > _RULE_TOL:
            hs.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= _RULE_TOL and abs(y1 - y0) > _RULE_TOL:
            vs.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    hrules = tuple(Rule(a, y, b, y) for y, a, b in _merge_axis(hs))
    vrules = tuple(Rule(x, a, x, b) for x, a, b in _merge_axis(vs))
    return hrules, vrules


def build_words(chars: Sequence[RawChar], vrules: Sequence[Rule] = ()) -> list[Word]:
    """Characters -> words: same baseline, no wide gap, no vertical rule in between.

    This runs once per glyph, so it works on the tuples' fields directly: a
    character is ``(text, x0, x1, base, size)``.
    """
    spans = sorted((r.x0, r.y0 - 1, r.y1 + 1) for r in vrules)
    words: list[Word] = []
    append = words.append
    # (top, bottom) by (baseline, size): a line's words share them
    heights: dict[tuple[float, float], tuple[float, float]] = {}
    wide_gap = WORD_GAP
    for line in _text_lines(chars):
        if len(line) > 1:
            line.sort(key=_X0)
        rest = iter(line)
        text, x0, px1, base, size = next(rest)
        # x of the vertical rules crossing the line at its x-height, sorted
        y = base - 0.3 * size
        xs = [x for x, lo, hi in spans if lo <= y <= hi]
        nx = len(xs)
        texts = [text]
        ptext, px0, psize = text, x0, size
        for ctext, cx0, cx1, cbase, csize in rest:
            if ctext == ptext and abs(cx0 - px0) < 0.3 * (csize if csize > 1.0 else 1.0):
                continue  # the same glyph printed twice (fake bold)
            em = csize if csize > psize else psize
            cut = cx0 - px1 > wide_gap * (em if em > 1.0 else 1.0)
            if not cut and nx:
                # a rule between the two characters (within 0.5 pt of the gap or overlap)
                lo, hi = (px1, cx0) if px1 < cx0 else (cx0, px1)
                k = bisect_left(xs, lo - 0.5)
                cut = k < nx and xs[k] <= hi + 0.5
            if cut:
                top, bottom = heights.get((base, size)) or _height(base, size, heights)
                append(
                    _new(
                        Word,
                        (
                            "".join(texts),
                            x0,
                            top,
                            px1,
                            bottom,
                            size,
                            (x0 + px1) / 2,
                            (top + bottom) / 2,
                        ),
                    )
                )
                texts = [ctext]
                x0, base, size = cx0, cbase, csize
            else:
                texts.append(ctext)
                if cbase > base:
                    base = cbase
                if csize > size:
                    size = csize
            ptext, px0, px1, psize = ctext, cx0, cx1, csize
        top, bottom = heights.get((base, size)) or _height(base, size, heights)
        append(
            _new(
                Word,
                ("".join(texts), x0, top, px1, bottom, size, (x0 + px1) / 2, (top + bottom) / 2),
            )
        )
    return words


def _text_lines(chars: Sequence[RawChar]) -> list[list[RawChar]]:
    """Characters grouped by baseline, top to bottom (each line in the order read).

    Characters on one baseline come as one run; a run within 0.3 pt of the
    line's first baseline joins it whatever its size (the tolerance is never
    smaller), so only a run further off is looked at character by character,
    and only until one of them begins a line: the rest of the run is on that
    line's first baseline.
    """
    lines: list[list[RawChar]] = []
    line: list[RawChar] = []
    first = 0.0
    for base, run in groupby(sorted(chars, key=_BASE_X), _BASE):
        if line and base - first <= _LINE_TOL:
            line.extend(run)
            continue
        on_base = iter(run)
        for c in on_base:
            size = c[4]
            if line and base - first <= _LINE_TOL * (size if size > 1.0 else 1.0):
                line.append(c)
            else:
                line = [c, *on_base]  # the rest of the run is on the new line's baseline
                lines.append(line)
                first = base
                break
    return lines


def _q(v: float) -> float:
    return round(round(v, 3), 1)


def _height(
    base: float, size: float, heights: dict[tuple[float, float], tuple[float, float]]
) -> tuple[float, float]:
    """The (top, bottom) of words on ``base`` in ``size``, kept in ``heights``."""
    height = heights[base, size] = (_q(base - 0.8 * size), _q(base + 0.2 * size))
    return height


_new = tuple.__new__  # builds a Word, centre included, without its Python-level constructor


__all__ = [
    "ENV_BACKEND",
    "WORD_GAP",
    "Page",
    "PdfDocument",
    "Rule",
    "Word",
    "available_backends",
    "build_words",
    "choose_backend",
    "is_wide",
    "load",
    "merge_rules",
]
