"""The text lines of a page's free words, and what the unruled reader asks of each.

Words are grouped into lines by vertical overlap; a line is asked, once each
(``_LineFacts``), for its text, whether it holds a figure, whether it is a page
number (``-4-``, ``- 4 -``, ``— 4 —``, ``第4页``), a table heading, or a line naming a
表二 row. ``_by_cy`` / ``_near`` / ``_within`` find words and edges near a height or
an x without scanning them all.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import pairwise

import regex

from gxparse import catalog as cat
from gxparse.labels import PREFIX, best, core
from gxparse.readers.pdf_table import ACTIVE_ROW_CANDIDATES, is_figure
from gxparse.sources.pdf import Page, Word

_PAGE_NUMBER = regex.compile(
    r"^(?:[-—–－~～_]+\s*\d{1,4}\s*[-—–－~～_]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})$"
)
_MARGIN = 0.1  # share of the page height at top and bottom where a bare number is a page number

_PAGE_MARK = regex.compile(r"[-—–－~～_页/]")


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into text lines by vertical overlap, top to bottom."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if out:
            last = out[-1]
            ref = last[0]
            if abs(w.cy - ref.cy) <= 0.4 * max(ref.size, w.size):
                last.append(w)
                continue
        out.append([w])
    for line in out:
        line.sort(key=lambda w: w.x0)
    return out


def _by_cy(words: Sequence[Word]) -> tuple[list[Word], list[float]]:
    """Words sorted by their centre's height, and those heights (for ``_near``)."""
    ordered = sorted(words, key=lambda w: w.cy)
    return ordered, [w.cy for w in ordered]


def _near(ordered: list[Word], cys: list[float], lo: float, hi: float) -> list[Word]:
    """The words of ``_by_cy`` whose centre lies between ``lo`` and ``hi`` (with a hair
    of slack either side: callers test their exact bounds on what this returns)."""
    return ordered[bisect_left(cys, lo - _SLACK) : bisect_right(cys, hi + _SLACK)]


def _within(xs: list[float], lo: float, hi: float) -> list[float]:
    """The values of sorted ``xs`` between ``lo`` and ``hi``, with the same slack as ``_near``."""
    return xs[bisect_left(xs, lo - _SLACK) : bisect_right(xs, hi + _SLACK)]


_SLACK = 0.01  # far above float rounding, far below any distance a test draws


def _names_active_row(text: str) -> bool:
    """Whether a line of 表二 (its ``line_text``) names one of its rows (a row of blank
    cells beside it)."""
    return best(text, ACTIVE_ROW_CANDIDATES)[1] >= PREFIX


_HEADINGS = tuple(
    core(h) for h in (*(h for hs in cat.TABLE_HEADINGS.values() for h in hs), *cat.END_HEADINGS)
)


def is_table_heading(text: str) -> bool:
    """A line that opens a table (or the sections after them): no column model carries past it."""
    c = core(text)
    return any(h in c and len(c) <= len(h) + 14 for h in _HEADINGS)


def line_text(line: Sequence[Word]) -> str:
    parts = [line[0].text]
    for a, b in pairwise(line):
        parts.append((" " if b.x0 - a.x1 > 0.5 * b.size else "") + b.text)
    return "".join(parts)


class _LineFacts:
    """What the reader asks of one text line, each worked out once.

    A line is tried as the start of a header and as one of its lines, as a table line
    and as body text, and ``_header`` looks up to ``_HEADER_LINES`` ahead of every line
    it is tried at: the same questions come again and again. Each is answered when
    first asked (properties over plain attributes: ``functools.cached_property`` takes
    a lock on every read in Python 3.11)."""

    def __init__(self, line: Sequence[Word], page: Page) -> None:
        self.line = line
        self.page = page
        self._text: str | None = None
        self._figured: bool | None = None
        self._page_number: bool | None = None
        self._heading: bool | None = None
        self._names_active_row: bool | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = line_text(self.line)
        return self._text

    @property
    def figured(self) -> bool:
        """Whether any of its words is a figure."""
        if self._figured is None:
            self._figured = any(is_figure(w.text) for w in self.line)
        return self._figured

    @property
    def page_number(self) -> bool:
        if self._page_number is None:
            self._page_number = is_page_number(self.line, self.page, self.text)
        return self._page_number

    @property
    def heading(self) -> bool:
        if self._heading is None:
            self._heading = is_table_heading(self.text)
        return self._heading

    @property
    def names_active_row(self) -> bool:
        if self._names_active_row is None:
            self._names_active_row = _names_active_row(self.text)
        return self._names_active_row


class _PageLines:
    """The ``_LineFacts`` of a page's lines, by the line (a list of words, asked by
    identity). Each line is kept with its facts, so no id is reused while the page is
    read (``_marks_apart`` puts new lists in place of lines it splits)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._of: dict[int, _LineFacts] = {}

    def __call__(self, line: Sequence[Word]) -> _LineFacts:
        facts = self._of.get(id(line))
        if facts is None:
            facts = self._of[id(line)] = _LineFacts(line, self.page)
        return facts


def is_page_number(line: Sequence[Word], page: Page, text: str | None = None) -> bool:
    """Whether a line is a page number; ``text``: its ``line_text``, if known."""
    text = (line_text(line) if text is None else text).strip()
    if not _PAGE_NUMBER.match(text):
        return False
    if any(b.x0 - a.x1 > 2 * max(a.size, b.size) for a, b in pairwise(line)):
        return False  # words far apart: figures in a table's columns (``106`` ``/`` ``2``)
    if _PAGE_MARK.search(text):
        return True
    top = min(w.top for w in line)
    return top < page.height * _MARGIN or top > page.height * (1 - _MARGIN)
