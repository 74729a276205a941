"""PDF words outside any ruled grid: body text lines, or a table with no rules.

When a page has no grid, an unruled header is recognised by its column
clusters (wrapped header labels stacked in one column), the columns are
widened to the midpoints between neighbours, and rows are anchored on the
lines that carry figures under that model; label lines attach to the nearest
anchor. Every such row is flagged (``unruled_alignment``): nothing confirms it.
Page numbers (``-4-``, ``- 4 -``, ``— 4 —``, ``第4页``) are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import regex

from gxparse import catalog as cat
from gxparse.labels import core
from gxparse.layout import Cell, Row
from gxparse.readers.pdf_table import (
    ACTIVE_LABELS,
    APP_LABELS,
    GROUP_LABELS,
    REVIEW_LABELS,
    TOL,
    Band,
    Block,
    Interval,
    Model,
    State,
    box_of,
    header_model,
    is_figure,
    prov,
)
from gxparse.sources.pdf import Page, Word

_PAGE_NUMBER = regex.compile(
    r"^(?:[-—–－~～_]+\s*\d{1,4}\s*[-—–－~～_]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})$"
)
_MARGIN = 0.1  # share of the page height at top and bottom where a bare number is a page number

_PAGE_MARK = regex.compile(r"[-—–－~～_页/]")

# -- unruled tables -------------------------------------------------------------------------------


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


def _spans_several(w: Word, others: Sequence[Word]) -> bool:
    """A group label (``未经复议直接起诉``) over two or more column labels just below or above it."""
    n = 0
    for o in others:
        if o is w or abs(o.cy - w.cy) < 0.5 * w.size or abs(o.cy - w.cy) > 2.5 * w.size:
            continue
        if min(o.x1, w.x1) - max(o.x0, w.x0) > 0.5 * (o.x1 - o.x0) and (o.x1 - o.x0) < 0.8 * (
            w.x1 - w.x0
        ):
            n += 1
    return n >= 2


def _column_clusters(words: Sequence[Word]) -> list[Block]:
    """Words stacked in one column (overlapping in x) joined: wrapped header labels.

    A group label spanning several columns stays on its own, and two clusters side
    by side on one line are joined when only together they name a column (``总`` ``计``
    printed with the characters spread across the cell).
    """
    blocks: list[Block] = []
    spanning = {id(w) for w in words if _spans_several(w, words)}
    for w in sorted(words, key=lambda w: w.x0):
        if id(w) not in spanning:
            for b in blocks:
                if id(b.words[0]) in spanning:
                    continue
                overlap = min(b.x1, w.x1) - max(b.x0, w.x0)
                gap = max(w.top - b.bottom, b.top - w.bottom)
                if overlap > 0.5 * min(b.x1 - b.x0, w.x1 - w.x0) and gap < 2 * w.size:
                    b.words.append(w)
                    b.x0, b.x1 = min(b.x0, w.x0), max(b.x1, w.x1)
                    b.top, b.bottom = min(b.top, w.top), max(b.bottom, w.bottom)
                    break
            else:
                blocks.append(Block(w.x0, w.x1, w.top, w.bottom, [w]))
            continue
        blocks.append(Block(w.x0, w.x1, w.top, w.bottom, [w]))
    blocks.sort(key=lambda b: b.x0)
    out: list[Block] = []
    for b in blocks:
        if out:
            a = out[-1]
            joined = core(a.text + b.text)
            size = max(w.size for w in b.words)
            if (
                joined in _COLUMN_LABELS
                and core(a.text) not in _COLUMN_LABELS
                and core(b.text) not in _COLUMN_LABELS
                and b.x0 - a.x1 < 3 * size
                and min(a.bottom, b.bottom) > max(a.top, b.top)
            ):
                out[-1] = Block(
                    a.x0, b.x1, min(a.top, b.top), max(a.bottom, b.bottom), [*a.words, *b.words]
                )
                continue
        out.append(b)
    return out


_COLUMN_LABELS = frozenset({*APP_LABELS, *REVIEW_LABELS, *GROUP_LABELS, *ACTIVE_LABELS})


def _widen(model: Model) -> Model:
    """Header-aligned columns widened to the midpoints between neighbours."""
    ivs = sorted(model.intervals, key=lambda i: i[0])
    out: list[Interval] = []
    for n, (a, b, h) in enumerate(ivs):
        lo = a - 6 if n == 0 else (ivs[n - 1][1] + a) / 2
        hi = b + 12 if n == len(ivs) - 1 else (b + ivs[n + 1][0]) / 2
        out.append((lo, hi, h))
    return Model(model.kind, out)


def free_bands(page: Page, words: list[Word], state: State) -> list[tuple[float, Row | Band]]:
    """Words outside any grid: body text lines, or an unruled table aligned on its header."""
    out: list[tuple[float, Row | Band]] = []
    lines = _lines(words)
    i = 0
    while i < len(lines):
        line = lines[i]
        text = "".join(w.text for w in line)
        # an unruled header: a few lines (up to the first with a figure) whose column
        # clusters name a table's columns; the fewest lines naming the most columns
        if len(line) >= 2 and not any(is_figure(w.text) for w in line):
            stop = i
            while stop < min(len(lines), i + 6) and not any(is_figure(w.text) for w in lines[stop]):
                stop += 1
            found, end = None, i
            for j in range(i + 1, stop + 1):
                m = header_model(_column_clusters([w for ln in lines[i:j] for w in ln]))
                if m is not None and (found is None or len(m.intervals) > len(found.intervals)):
                    found, end = m, j
            if found is not None:
                state.model = _widen(found)
                hdr = [w for ln in lines[i:end] for w in ln]
                band = Band(
                    page.number,
                    min(w.top for w in hdr),
                    max(w.bottom for w in hdr),
                    [],
                    {},
                    state.model,
                    True,
                    _column_clusters(hdr),
                )
                out.append((band.top, band))
                i = end
                continue
        model = state.model
        if (
            model is not None
            and any(
                is_figure(w.text) and w.cx >= model.left - TOL and model.column_of(w.x0, w.x1)
                for w in line
            )
            and not _PAGE_NUMBER.match(text.strip())
        ):
            # an anchor line of an unruled table: collect label lines around it
            anchors = [i]
            j = i + 1
            while j < len(lines):
                ln = lines[j]
                t = "".join(w.text for w in ln)
                if _PAGE_NUMBER.match(t.strip()):
                    j += 1
                    continue
                has_fig = any(is_figure(w.text) and w.cx >= model.left - TOL for w in ln)
                only_left = all(w.x1 <= model.left + TOL for w in ln)
                if has_fig:
                    anchors.append(j)
                elif not only_left:
                    break
                j += 1
            out.extend((b.top, b) for b in _anchored(page, lines, i, j, anchors, model))
            i = j
            continue
        if is_page_number(line, page):
            i += 1
            continue
        if is_table_heading(line_text(line)):
            state.reset()
        top = min(w.top for w in line)
        cell = Cell(line_text(line), prov(line_text(line), page.number, box_of(line)))
        out.append((top, Row((cell,))))
        i += 1
    return out


def _anchored(
    page: Page, lines: list[list[Word]], start: int, stop: int, anchors: list[int], model: Model
) -> list[Band]:
    centers = [sum(w.cy for w in lines[a]) / len(lines[a]) for a in anchors]
    groups: dict[int, list[Word]] = {a: [] for a in anchors}
    for k in range(start, stop):
        line = lines[k]
        if _PAGE_NUMBER.match("".join(w.text for w in line).strip()):
            continue
        for w in line:
            n = min(range(len(anchors)), key=lambda m: abs(centers[m] - w.cy))
            groups[anchors[n]].append(w)
    bands = []
    for a in anchors:
        ws = groups[a]
        if not ws:
            continue
        left = model.left - TOL
        values: dict[int, list[Word]] = {}
        label_words = []
        for w in ws:
            if w.cx < left:
                label_words.append(w)
                continue
            cols = model.column_of(w.x0, w.x1)
            if cols:
                values.setdefault(cols[0], []).append(w)
        labels = _label_blocks(label_words)
        band = Band(
            page.number,
            min(w.top for w in ws),
            max(w.bottom for w in ws),
            labels,
            values,
            model,
            unruled=True,
        )
        bands.append(band)
    if bands:
        bands[0].continues = True
    return bands


def _label_blocks(words: Sequence[Word]) -> list[Block]:
    """Label words split into cells where a wide horizontal gap separates them."""
    blocks: list[Block] = []
    for w in sorted(words, key=lambda w: w.x0):
        for b in blocks:
            if w.x0 <= b.x1 + 1.5 * w.size and w.x1 >= b.x0 - 1.5 * w.size:
                b.words.append(w)
                b.x0, b.x1 = min(b.x0, w.x0), max(b.x1, w.x1)
                break
        else:
            blocks.append(Block(w.x0, w.x1, w.top, w.bottom, [w]))
    return blocks


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


def is_page_number(line: Sequence[Word], page: Page) -> bool:
    text = line_text(line).strip()
    if not _PAGE_NUMBER.match(text):
        return False
    if _PAGE_MARK.search(text):
        return True
    top = min(w.top for w in line)
    return top < page.height * _MARGIN or top > page.height * (1 - _MARGIN)
