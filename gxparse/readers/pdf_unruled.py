"""PDF words outside any ruled grid: body text lines, or a table with no rules.

* **Header**: up to 14 lines (labels written a character a line) whose column
  clusters -- wrapped labels stacked in one column, group labels (``行政复议``)
  kept apart -- name a table's columns; the fewest lines naming the most
  columns. A header that runs to the foot of a page without naming every column
  is carried to the next page and joined with the top of it by x-range
  (``商业`` / ``企业``, ``总`` / ``计``). 表四's columns are put in their groups by
  order. Columns are widened to the midpoints between neighbours.
* **Rows**: cut by horizontal rules where some run across the value columns;
  otherwise a line starts a row when its own label (the rightmost label
  block) starts with its numbering, starts at another x, or does not continue
  the label above (read together they are not the start of a catalog label,
  and the line above did not run to the labels' right edge), or when its
  figures fall in a column the row has. Group-label fragments join the nearest
  row. A row with nothing printed in a column reads it as blank (0).
* **Blank rows**: a 表二 row naming its row with no figure, and 表四's row when its
  header is followed only by the next heading (``unruled_blank_row``).
* **Tight columns**: labels and figures of neighbouring columns printed under 0.45 em
  apart are joined by word building; a header word of several labels' pieces
  (``_split``), a blank mark and a figure (``_mark_split``) and a group-label
  character before a row label (``_cut_at_starts``) are split where the page shows.
* **Two readings**: see ``_two_readings``.

Every such row is flagged (``unruled_alignment``): nothing confirms the columns.
Page numbers (``-4-``, ``- 4 -``, ``— 4 —``, ``第4页``) are dropped.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import islice, pairwise, product
from operator import attrgetter

import regex
from attrs import define, field

from gxparse import catalog as cat
from gxparse.labels import PREFIX, TRUNCATED, best, core, han_only, nfkc
from gxparse.layout import Cell, Row
from gxparse.numbers import MONEY_UNITS, Kind, parse_count
from gxparse.readers.pdf_table import (
    ACTIVE_LABELS,
    ACTIVE_ROW_CANDIDATES,
    APP_CANDIDATES,
    APP_LABELS,
    GROUP_LABELS,
    REVIEW_LABELS,
    TOL,
    Band,
    Block,
    Interval,
    Model,
    State,
    block_cell,
    box_of,
    header_model,
    is_figure,
    join_words,
    prov,
)
from gxparse.record import ReportWarning
from gxparse.rows import match_row
from gxparse.sources.pdf import WORD_GAP, Page, Rule, Word, is_wide

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


def _spans_several(w: Word, near: Sequence[Word]) -> list[Word]:
    """The column labels just below or above ``w`` that it spans: a group label
    (``未经复议直接起诉``) spans two or more. ``near``: at least every word within 2.5
    of its sizes up or down."""
    out = []
    cy, x0, x1 = w.cy, w.x0, w.x1
    least, most, wide = 0.5 * w.size, 2.5 * w.size, 0.8 * (x1 - x0)
    for o in near:
        d = abs(o.cy - cy)
        if o is w or d < least or d > most:
            continue
        width = o.x1 - o.x0
        if width < wide and min(o.x1, x1) - max(o.x0, x0) > 0.5 * width:
            out.append(o)
    return out


def _group_start(text: str) -> bool:
    """A one-word line (whose text is ``text``) that may open 表四's header: a short
    group label (``行政诉讼（未经复议直接起``)."""
    c = core(text)
    return len(c) <= 16 and any(c.startswith(g) for g in _REVIEW_GROUPS) and not is_table_heading(c)


def _group_tails(
    words: Sequence[Word], ordered: list[Word], cys: list[float]
) -> list[tuple[Word, Word]]:
    """Group labels wrapped in two (``行政诉讼（未经复议直接起`` / ``诉）``): a word under a
    wider one that only with it names a group, as (upper, lower) pairs. Both are kept
    apart from the columns. ``ordered``, ``cys``: ``words`` by height (``_by_cy``), to
    look only just above."""
    out: list[tuple[Word, Word]] = []
    for w in words:
        cy, size, x0, x1 = w.cy, w.size, w.x0, w.x1
        reach, wide = 3 * size, 2 * (x1 - x0)
        for s in _near(ordered, cys, cy - reach, cy):
            if not 0 < cy - s.cy < reach or s.x1 - s.x0 < wide:
                continue
            if s.x0 - size <= x0 and x1 <= s.x1 + size:
                joined = core(s.text + w.text)
                named = [g for g in GROUP_LABELS if g in joined]
                if named and any(g not in core(s.text) for g in named):
                    out.append((s, w))
    return out


def _spanning(lines: Sequence[Sequence[Word]]) -> dict[int, int]:
    """The group labels among the words of ``lines`` (by id), each with the number of
    lines, from the first, that must be read for it to be one (``_column_clusters`` of
    those lines keeps it apart): a word naming a group (``行政复议``) from its own line
    on, a word over column labels (``_spans_several``) once two of them are read, a
    wrapped group label (``_group_tails``) once both its halves are.

    Worked out once for a header's lines, so each of its first lines to the last can
    be tried without comparing the words pairwise again."""
    line_of = {id(w): k + 1 for k, ln in enumerate(lines) for w in ln}
    words = [w for ln in lines for w in ln]
    ordered, cys = _by_cy(words)
    out: dict[int, int] = {}

    def mark(w: Word, n: int) -> None:
        if n < out.get(id(w), n + 1):
            out[id(w)] = n

    for w in words:
        own = line_of[id(w)]
        if core(w.text) in _GROUPS:
            mark(w, own)
            continue
        under = sorted(
            line_of[id(o)]
            for o in _spans_several(
                w, _near(ordered, cys, w.cy - 2.5 * w.size, w.cy + 2.5 * w.size)
            )
        )
        if len(under) >= 2:
            mark(w, max(own, under[1]))
    for upper, lower in _group_tails(words, ordered, cys):
        n = max(line_of[id(upper)], line_of[id(lower)])
        mark(upper, n)
        mark(lower, n)
    return out


def _column_clusters(words: Sequence[Word], spanning: set[int] | None = None) -> list[Block]:
    """Words stacked in one column (overlapping in x) joined: wrapped header labels.

    A group label spanning several columns (or naming a group: ``行政复议``) stays on
    its own, however few column labels it happens to overlap, and two clusters side
    by side on one line are joined when only together they name a column (``总`` ``计``
    printed with the characters spread across the cell). ``spanning``: the ids of the
    group labels among ``words``, if known (``_spanning``).
    """
    blocks: list[Block] = []
    if spanning is None:
        spanning = set(_spanning([words]))
    # the blocks a word may still join, in the order of ``blocks``: not a spanning
    # label's, and not ending left of the word (words come by x0, so such a block
    # can overlap no later word either, and stays as it is)
    open_: list[Block] = []
    for w in sorted(words, key=_X0):
        if id(w) not in spanning:
            x0, x1, top, bottom = w.x0, w.x1, w.top, w.bottom
            width, near = x1 - x0, 2 * w.size
            open_ = [b for b in open_ if b.x1 > x0]
            for b in open_:
                overlap = min(b.x1, x1) - max(b.x0, x0)
                gap = max(top - b.bottom, b.top - bottom)
                if overlap > 0.5 * min(b.x1 - b.x0, width) and gap < near:
                    b.words.append(w)
                    b.x0, b.x1 = min(b.x0, x0), max(b.x1, x1)
                    b.top, b.bottom = min(b.top, top), max(b.bottom, bottom)
                    break
            else:
                blocks.append(Block(w.x0, w.x1, w.top, w.bottom, [w]))
                open_.append(blocks[-1])
            continue
        blocks.append(Block(w.x0, w.x1, w.top, w.bottom, [w]))
    blocks.sort(key=lambda b: b.x0)
    out: list[Block] = []
    for b in blocks:
        if out:
            a = out[-1]
            # the tests least costly first: the joined text is new to the label caches
            if (
                min(a.bottom, b.bottom) > max(a.top, b.top)
                and b.x0 - a.x1 < 3 * max(w.size for w in b.words)
                and core(a.text) not in _COLUMN_LABELS
                and core(b.text) not in _COLUMN_LABELS
                and core(a.text + b.text) in _COLUMN_LABELS
            ):
                out[-1] = Block(
                    a.x0, b.x1, min(a.top, b.top), max(a.bottom, b.bottom), [*a.words, *b.words]
                )
                continue
        out.append(b)
    return out


_X0 = attrgetter("x0")  # a word's or a block's left edge, as a sort key

_COLUMN_LABELS = frozenset({*APP_LABELS, *REVIEW_LABELS, *GROUP_LABELS, *ACTIVE_LABELS})
_REVIEW_GROUPS = frozenset({*GROUP_LABELS, core(cat.LITIGATION_HEADER)})
# header labels over several columns, never part of one column's label
_GROUPS = frozenset({*GROUP_LABELS, *(core(t) for t in cat.SPANNING_HEADER_LABELS)})


def _widen(model: Model) -> Model:
    """Header-aligned columns widened to the midpoints between neighbours."""
    ivs = sorted(model.intervals, key=lambda i: i[0])
    out: list[Interval] = []
    for n, (a, b, h) in enumerate(ivs):
        lo = a - 6 if n == 0 else (ivs[n - 1][1] + a) / 2
        hi = b + 12 if n == len(ivs) - 1 else (b + ivs[n + 1][0]) / 2
        out.append((lo, hi, h))
    return Model(model.kind, out)


def _columns(model: Model, x0: float, x1: float) -> list[int]:
    """The columns a box falls in (``Model.column_of``); a box right of the last column
    falls in it: nothing right of the last header label is another column, and a figure
    right-aligned in a wide last cell (表二's 本年处理决定数量 over three columns' width)
    lies well past the label's right end."""
    hints = model.column_of(x0, x1)
    if hints or not model.intervals:
        return hints
    _, b, h = max(model.intervals, key=lambda i: i[1])
    return [h] if (x0 + x1) / 2 > b else []


def coarse_grid(x0: float, x1: float, vrules: Sequence[Rule]) -> bool:
    """Whether rules enclose a table without parting its columns (only a frame, or a
    frame and horizontal rules): no vertical rule inside the frame.

    Such a grid cannot say which column a word is in, so its words are read as an
    unruled table (its horizontal rules still part the rows).
    """
    inner = {round(v.x0) for v in vrules if x0 + 3 * TOL < v.x0 < x1 - 3 * TOL}
    return not inner


_HEADER_LINES = 14  # lines an unruled header may take (labels written one character a line)


def _header(
    page: Page, lines: list[list[Word]], i: int, state: State, first: bool, facts: _PageLines
) -> tuple[Model | None, int, list[Word], list[Word], list[Block]]:
    """An unruled header starting at ``lines[i]``: its model, the line after it, the
    words carried from the page before (moved), its own words and its cells
    (``_joined``).

    The header is the fewest lines (up to the first with a figure, a table heading, a
    line naming a 表二 row or ``_HEADER_LINES``) whose column clusters name the most columns. ``first``: no
    figure came before on this page, so header cells left at the foot of the page
    before (``state.pending``: ``商业`` / ``社会公``) may continue here; their words are
    set just above this page's lines, so each column's label stacks up again. A header
    that runs to the foot of the page without naming every column is left pending.
    ``facts``: what is known of the page's lines.
    """
    stop = i
    while stop < len(lines) and stop - i < _HEADER_LINES:
        said = facts(lines[stop])
        if said.figured and not said.page_number:
            break
        if stop > i and (said.heading or said.names_active_row):
            break  # the next table, or a 表二 row with its cells blank
        stop += 1
    printed = [ln for ln in lines[i:stop] if not facts(ln).page_number]
    span = [_apart(ln) for ln in printed]
    carry: list[Word] = []
    if first and state.pending and state.pending_page < page.number and span:
        carry = _set_above([w for b in state.pending for w in b.words], span[0])
    carried = _column_clusters(carry) if carry else []  # the same for every ``j`` below
    found, end, used, cells = None, i, False, []
    spanning = _spanning(span)
    for j in range(1, len(span) + 1):
        words = [w for ln in span[:j] for w in ln]
        blocks = _column_clusters(words, {k for k, n in spanning.items() if n <= j})
        for extra in ([], carried) if carried else ([],):
            joined = _joined(extra, blocks)
            m = header_model(joined)
            if m is not None and (found is None or len(m.intervals) > len(found.intervals)):
                found, end, used, cells = _regroup(m), j, bool(extra), joined
    body = [w for ln in span[:end] for w in ln]
    if used:
        state.pending = []
    rest = all(facts(ln).page_number for ln in lines[stop:])
    kept = state.pending and state.pending_page == page.number  # from a line above
    if (
        rest
        and span
        and not kept
        and (found is None or not found.complete)
        and _headerish(span, set(spanning))
    ):
        # the header goes on over the page: keep it for the top of the next one
        state.pending = [Block(*_xs(ln), *_ys(ln), list(ln)) for ln in span]
        state.pending_page = page.number
    if found is None:
        return None, i, [], [], []
    return found, _after(lines, printed, end), carry if used else [], body, cells


def _apart(line: list[Word]) -> list[Word]:
    """A header line with its words that join labels of neighbouring columns split
    (``_split``); the line itself when none does."""
    out = [p for w in line for p in _split(w)]
    return line if len(out) == len(line) else out


def _split(w: Word) -> list[Word]:
    """A header word printed from labels of neighbouring columns, set so close in tight
    columns that word building joined them (``商业企科研机社会公法律服``), split into
    those labels' pieces (``商业企`` ``科研机`` ``社会公`` ``法律服``); else ``[w]``.

    Only a word of CJK characters that is no piece of one header label, is wider than
    its characters' nominal advance of 1 em each (so gaps were printed inside it), and
    parts in one way only into the fewest pieces of header labels. The gaps' total is
    known, not where each lies: it is shared out evenly between the pieces, which
    places each within that gap of where it was printed -- under 0.45 em a gap, or the
    characters would not have joined.
    """
    text, size = w.text, w.size
    n = len(text)
    extra = (w.x1 - w.x0) - n * size
    if n < 2 or extra < _GAP_SEEN * size or text in _PIECES or not han_only(text):
        return [w]
    parts = _fewest_pieces(text)
    if parts is None or extra < _GAP_SEEN * size * (len(parts) - 1):
        return [w]
    gap = extra / (len(parts) - 1)
    out, x = [], w.x0
    for part in parts:
        x1 = x + len(part) * size
        out.append(w._replace(text=part, x0=x, x1=x1))
        x = x1 + gap
    out[-1] = out[-1]._replace(x1=w.x1)  # the word's own edge, not one summed up to it
    return out


def _fewest_pieces(text: str) -> list[str] | None:
    """``text`` parted into the fewest pieces of header labels (``_PIECES``), if that
    can be done in exactly one way (else None: which way is a guess)."""
    n = len(text)
    # best[k]: (fewest pieces for text[:k], ways to reach that, the last cut)
    best: list[tuple[int, int, int]] = [(0, 1, 0)] + [(n + 1, 0, 0)] * n
    for k in range(1, n + 1):
        for j in range(max(0, k - _LONGEST), k):
            if best[j][1] and text[j:k] in _PIECES:
                count, ways = best[j][0] + 1, best[j][1]
                if count < best[k][0]:
                    best[k] = (count, ways, j)
                elif count == best[k][0]:
                    best[k] = (count, best[k][1] + ways, best[k][2])
    if best[n][1] != 1 or best[n][0] < 2:
        return None
    parts, k = [], n
    while k:
        j = best[k][2]
        parts.append(text[j:k])
        k = j
    return parts[::-1]


_HEADER_TEXTS = frozenset({*_COLUMN_LABELS, *_GROUPS})
# every piece of a header label: what a wrapped label's line may print
_PIECES = frozenset(
    t[a:b] for t in _HEADER_TEXTS for a in range(len(t)) for b in range(a + 1, len(t) + 1)
)
_LONGEST = max(map(len, _HEADER_TEXTS))
_GAP_SEEN = 0.1  # em: extra width per gap that shows gaps were printed (not rounding)


def _joined(carried: Sequence[Block], blocks: list[Block]) -> list[Block]:
    """The column clusters of a header (``blocks``), the clusters carried from the foot
    of the page before (``carried``) joined with those below them here by x-range (a
    page break may part the characters of one label by more than a line: ``总`` /
    ``计``). Neither list is changed."""
    if not carried:
        return blocks
    out = list(blocks)
    own = {id(b) for b in blocks}  # ``b in blocks``, asked by identity first
    for cb in carried:
        if core(cb.text) in _GROUPS:
            out.append(cb)
            continue
        below = [
            (n, b)
            for n, b in enumerate(out)
            if (id(b) in own or b in blocks)
            and core(b.text) not in _GROUPS
            and min(b.x1, cb.x1) - max(b.x0, cb.x0) > 0.5 * min(b.x1 - b.x0, cb.x1 - cb.x0)
        ]
        if not below:
            out.append(cb)
            continue
        n, b = min(below, key=lambda nb: nb[1].top)
        out[n] = Block(min(b.x0, cb.x0), max(b.x1, cb.x1), cb.top, b.bottom, [*cb.words, *b.words])
    return sorted(out, key=lambda b: b.x0)


def _xs(words: Sequence[Word]) -> tuple[float, float]:
    return min(w.x0 for w in words), max(w.x1 for w in words)


def _ys(words: Sequence[Word]) -> tuple[float, float]:
    return min(w.top for w in words), max(w.bottom for w in words)


def _after(lines: list[list[Word]], span: list[list[Word]], end: int) -> int:
    """The index in ``lines`` of the line after the header's first ``end`` lines of ``span``."""
    last = span[end - 1]
    return next(k for k, ln in enumerate(lines) if ln is last) + 1


def _headerish(span: Sequence[Sequence[Word]], spanning: set[int]) -> bool:
    """Whether lines look like the start of a header: two clusters naming columns or
    groups. ``spanning``: the group labels among their words (``_spanning``)."""
    blocks = _column_clusters([w for ln in span for w in ln], spanning)
    return sum(1 for b in blocks if core(b.text) in _COLUMN_LABELS or core(b.text) in _GROUPS) >= 2


def _set_above(words: Sequence[Word], line: Sequence[Word]) -> list[Word]:
    """``words`` (from the page before) moved to lie just above ``line``."""
    bottom = max(w.bottom for w in words)
    size = max(w.size for w in line)
    dy = min(w.top for w in line) - 0.3 * size - bottom
    return [Word(w.text, w.x0, w.top + dy, w.x1, w.bottom + dy, w.size) for w in words]


def _blank_review(
    page: Page, lines: list[list[Word]], end: int, state: State, facts: _PageLines
) -> Band | None:
    """表四's row with every cell blank (zeros left blank): a complete 表四 header followed
    by the next heading, with no figure between, on a page with no rules to show the row.
    Read as zeros, flagged: nothing but the template says the row is there."""
    model = state.model
    if model is None or model.kind != cat.REVIEW or not model.complete or end == 0:
        return None
    below_header = next((ln for ln in lines[end:] if not facts(ln).page_number), None)
    above = max(w.bottom for w in lines[end - 1])
    if below_header is None:
        state.open_review = Band(page.number, above, above + 1, [], {}, model, unruled=True)
        return None
    if not facts(below_header).heading:
        return None
    below = min(w.top for w in below_header)
    band = Band(page.number, above, max(above, below - 1), [], {}, model, unruled=True)
    _blank_warning(band, state)
    return band


def _blank_warning(band: Band, state: State) -> None:
    state.warnings.append(
        ReportWarning(
            "unruled_blank_row",
            f"page {band.page}: 表四's header is followed by no figure and no rule, only the "
            "next heading: its row is read as blank cells (0), which nothing but the "
            "template confirms",
            cat.REVIEW,
        )
    )


def _open_review(
    page: Page, lines: list[list[Word]], state: State, facts: _PageLines
) -> Band | None:
    """The blank 表四 row left open at the foot of the page before, when this page opens
    with the next heading (no rule, no figure above it)."""
    band, state.open_review = state.open_review, None
    if band is None:
        return None
    first = next((ln for ln in lines if not facts(ln).page_number), None)
    if first is None or not facts(first).heading:
        return None
    top = min(w.top for w in first)
    if any(r.y0 < top for r in page.hrules) or state.model is not band.model:
        return None
    _blank_warning(band, state)
    return band


def _regroup(model: Model) -> Model:
    """表四's columns put in their groups by order: each group prints 结果维持 … 总计 left to
    right, so a column whose label comes no later in that order than the one before
    starts the next group. (Unruled group labels sit centred over their columns and do
    not span them, so their x-range cannot say which group a column is in.)"""
    if model.kind != cat.REVIEW:
        return model
    n = len(cat.REVIEW_COLUMN_KEYS)
    ivs = sorted(model.intervals, key=lambda iv: iv[0])
    g, last = 0, n
    out: list[Interval] = []
    for x0, x1, h in ivs:
        c = h % n
        if c <= last and out:
            g += 1
        last = c
        out.append((x0, x1, g * n + c))
    if g != len(cat.REVIEW_GROUP_KEYS) - 1:
        return model
    return Model(model.kind, out)


def free_bands(page: Page, words: list[Word], state: State) -> list[tuple[float, Row | Band]]:
    """Words outside any grid: body text lines, or an unruled table aligned on its header."""
    out: list[tuple[float, Row | Band]] = []
    lines = _lines(words)
    facts = _PageLines(page)
    blank = _open_review(page, lines, state, facts)
    if blank is not None:
        out.append((-1.0, blank))
    i = 0
    first = True  # no figure seen on this page yet
    while i < len(lines):
        if state.model is not None:
            lines[i] = _marks_apart(lines[i], state.model)
        line = lines[i]
        said = facts(line)
        # an unruled header: a few lines (up to the first with a figure) whose column
        # clusters name a table's columns; the fewest lines naming the most columns
        if (len(line) >= 2 or _group_start(said.text)) and not said.figured:
            found, end, carry, body, cells = _header(page, lines, i, state, first, facts)
            hdr = [*carry, *body]
            if found is not None:
                state.model = _widen(found)
                band = Band(
                    page.number,
                    min(w.top for w in hdr),
                    max(w.bottom for w in hdr),
                    [],
                    {},
                    state.model,
                    True,
                    cells,
                )
                out.append((band.top, band))
                blank = _blank_review(page, lines, end, state, facts)
                if blank is not None:
                    out.append((blank.top, blank))
                i = end
                continue
        if said.figured and not said.page_number:
            first = False
        model = state.model
        if model is not None and not said.heading and not said.page_number:
            # the rows of an unruled table: figure lines and the label lines around them
            piece = _table_piece(lines, i, model, facts)
            if piece is not None:
                j, figures = piece
                block = [ln for ln in lines[i:j] if not facts(ln).page_number]
                if (
                    figures
                    or model.kind == cat.APPLICATIONS
                    or (
                        model.kind == cat.ACTIVE and any(facts(ln).names_active_row for ln in block)
                    )
                ):
                    bands = _table_rows(page, block, model, state)
                    out.extend((b.top, b) for b in bands)
                    i = j
                    continue
        if said.page_number and _PAGE_NUMBER.match("".join(w.text for w in line).strip()):
            i += 1
            continue
        if said.heading:
            state.reset()
        top = min(w.top for w in line)
        cell = Cell(said.text, prov(said.text, page.number, box_of(line)))
        out.append((top, Row((cell,))))
        i += 1
    return out


def _table_piece(
    lines: list[list[Word]], i: int, model: Model, facts: _PageLines
) -> tuple[int, bool] | None:
    """The piece of an unruled table that ``lines[i]`` begins, if it is a figure line or
    a label line: the index after the piece's last line (the figure lines, label lines
    and page numbers after it, each split by ``_marks_apart`` as it is reached), and
    whether any line of it (page numbers aside) is a figure line."""
    line = lines[i]
    figures = _is_figure_line(line, model)
    if not figures and not _label_only(line, model):
        return None
    j = i + 1
    while j < len(lines):
        ln = lines[j] = _marks_apart(lines[j], model)
        if facts(ln).page_number:
            j += 1
        elif _is_figure_line(ln, model):
            figures = True
            j += 1
        elif _label_only(ln, model) and not facts(ln).heading:
            j += 1
        else:
            break
    return j, figures


_UNITS = frozenset(MONEY_UNITS)  # printed apart from an amount (``8`` ``元``)
_AMOUNT = regex.compile(
    rf"\d[\d,]*(?:\.\d+)?\s*(?:{'|'.join(MONEY_UNITS)})$"
)  # or with it (``0元``)


def _marks_apart(line: list[Word], model: Model) -> list[Word]:
    """A table line with its words that join a blank mark and a figure of neighbouring
    columns split (``/982``: ``/`` under 其他, ``982`` under 总计); the line itself when
    none does."""
    left = model.left - TOL  # worked out once, not for each word
    out = [p for w in line for p in _mark_split(w, model, left)]
    return line if len(out) == len(line) else out


def _mark_split(w: Word, model: Model, left: float | None = None) -> list[Word]:
    """A word right of the labels that is no figure but runs from one column into another
    and is made of figures and blank marks only (``/982``, ``3—``, ``//``), cut where a
    digit meets a mark (and between the marks of a run that is no mark as a whole);
    else ``[w]``. Marks are no digits, so the cut is never a guess (unlike ``_parts``);
    the pieces are placed by the word's mean advance per character. ``left``: the
    model's ``left`` less ``TOL``, if worked out already."""
    text = w.text
    if len(text) < 2 or w.cx < (model.left - TOL if left is None else left) or is_figure(text):
        return [w]
    pieces: list[str] = []
    for run in _RUNS.findall(text):
        pieces.extend([run] if run[0].isdigit() or is_figure(run) else list(run))
    if len(pieces) < 2 or not all(is_figure(p) for p in pieces):
        return [w]
    adv = (w.x1 - w.x0) / len(text)
    if _columns(model, w.x0, w.x0 + adv) == _columns(model, w.x1 - adv, w.x1):
        return [w]
    out, x = [], w.x0
    for p in pieces:
        out.append(w._replace(text=p, x0=x, x1=x + len(p) * adv))
        x += len(p) * adv
    return out


_RUNS = regex.compile(r"\d+|\D+")


def _is_figure_line(line: Sequence[Word], model: Model) -> bool:
    """A line with a figure under one of the model's columns, and nothing else right of
    the labels but figures."""
    left = model.left - TOL
    found = False
    prev: Word | None = None
    for w in line:
        if w.cx < left:
            continue
        unit = prev is not None and is_figure(prev.text) and w.x0 - prev.x1 <= w.size
        prev = w
        if not is_figure(w.text) and not (unit and w.text in _UNITS) and not _AMOUNT.match(w.text):
            return False
        if _columns(model, w.x0, w.x1):
            found = True
    return found


def _names_active_row(text: str) -> bool:
    """Whether a line of 表二 (its ``line_text``) names one of its rows (a row of blank
    cells beside it)."""
    return best(text, ACTIVE_ROW_CANDIDATES)[1] >= PREFIX


def _label_only(line: Sequence[Word], model: Model) -> bool:
    """A line entirely left of the value columns: a row label, or part of one."""
    right = model.left + TOL
    return all(w.x1 <= right for w in line)


def _joined_starts(
    block: Sequence[Sequence[Word]], left: float, starts: list[float]
) -> list[float]:
    """``starts`` and where a label column begins as shown by a two-character word of
    wide characters set at one of them with a printed gap inside (``三密``: a group
    character joined to the last of a wrapped row label): the gap can lie only after
    its first character, so the second begins a column. Where every line of a table
    piece carries a group character, no line shows the row labels' start otherwise."""
    out = list(starts)
    for ws in block:
        for w in ws:
            if w.cx >= left or len(w.text) != 2 or not _within(starts, w.x0 - 1, w.x0 + 1):
                continue
            if not all(map(is_wide, w.text)):
                continue
            gap = (w.x1 - w.x0) - 2 * w.size
            if _GAP_SEEN * w.size <= gap < WORD_GAP * w.size:
                out.append(round(w.x0 + w.size + gap, 1))
    return sorted(out)


def _cut_at_starts(w: Word, starts: list[float]) -> list[Word]:
    """A label word cut where a label column begins (``starts``) a printed gap after a
    character boundary: a character of a group label set close before a row label
    joined it (``）4.保护第三方合法权``: ``）`` of the vertical （三）不予公开). Else ``[w]``.

    The boundary is known for wide characters only (1 em each), and the gap must be one
    word building let pass (under 0.45 em) yet a printed one (at least ``_GAP_SEEN``
    em). A word of wide characters only shows its gaps (its width less 1 em a
    character), and is cut only where that gap lies; any other word only where it
    starts at a label column too (a group label's column, like the characters above
    and below it) and the rest starts with a row's numbering (``4.``).
    """
    size, text = w.size, w.text
    wide = all(map(is_wide, text))
    extra = (w.x1 - w.x0) - len(text) * size
    if wide and extra < _GAP_SEEN * size:
        return [w]
    if not wide and not _within(starts, w.x0 - 1, w.x0 + 1):
        return [w]
    for k, ch in enumerate(text[:-1], start=1):
        if not is_wide(ch):
            break
        x = w.x0 + k * size
        at = _within(starts, x + _GAP_SEEN * size, x + WORD_GAP * size)
        if wide:
            at = [a for a in at if abs((a - x) - extra) <= 1.0]
        elif not _NUMBERED.match(nfkc(text[k:])):
            at = []
        if at:
            head = w._replace(text=text[:k], x1=x)
            return [head, *_cut_at_starts(w._replace(text=text[k:], x0=at[0]), starts)]
    return [w]


@define
class _Line:
    """One text line of an unruled table: its label blocks and figure words."""

    words: list[Word]
    labels: list[Block]
    figures: list[Word]
    columns: set[int]
    cy: float = field(init=False)  # the mean of its words' centres, worked out once
    # the rightmost label block: the row's own label (group labels lie left of it);
    # worked out once too, as ``_group`` and ``_fragment`` ask for it line after line
    leaf: Block | None = field(init=False)

    def __attrs_post_init__(self) -> None:
        self.cy = sum(w.cy for w in self.words) / len(self.words)
        self.leaf = max(self.labels, key=lambda b: b.x0) if self.labels else None


def _table_rows(page: Page, block: list[list[Word]], model: Model, state: State) -> list[Band]:
    """The rows of an unruled table piece: cut by horizontal rules where there are
    any across the value columns, else grouped line by line (``_group``)."""
    left = model.left - TOL
    # where label columns begin: a left edge that label words of two or more lines share
    # (not only the lines' first labels: a group label in vertical writing can run down
    # the left of every line, so the row labels' column is never a line's first)
    edges = [sorted({round(w.x0, 1) for w in ws if w.cx < left}) for ws in block]
    flat = sorted(x for xs in edges for x in xs)
    starts = [x for x in flat if sum(abs(x - y) <= 1 for y in _within(flat, x - 1, x + 1)) >= 2]
    cut_at = _joined_starts(block, left, starts)
    lines: list[_Line] = []
    hints_of: dict[int, list[int]] = {}  # each figure's columns (``_columns``), by id
    for words in block:
        figures = [w for w in words if w.cx >= left]
        for w in figures:
            hints_of[id(w)] = _columns(model, w.x0, w.x1)
        columns = {h for w in figures for h in hints_of[id(w)]}
        own = [p for w in words if w.cx < left for p in _cut_at_starts(w, cut_at)]
        labels = _numbered(_label_blocks(own, 0.6, cut_at))
        lines.append(_Line(list(words), labels, figures, columns))
    right = max(i[1] for i in model.intervals)
    size = max((w.size for ln in block for w in ln), default=10.0)
    top = min(w.top for ln in block for w in ln) - size
    bottom = max(w.bottom for ln in block for w in ln) + size
    cuts = sorted(
        {
            round(r.y0, 1)
            for r in page.hrules
            if top <= r.y0 <= bottom and r.x0 <= model.left + 2 * size and r.x1 >= right - 2 * size
        }
    )
    # rules part rows only where one runs between two lines: a frame's top and bottom
    # (a frame only, or the top of a table piece on a new page) part nothing
    highest, lowest = min(ln.cy for ln in lines), max(ln.cy for ln in lines)
    inner = [c for c in cuts if highest < c < lowest]
    if len(cuts) >= 2 and inner:
        rows: list[list[_Line]] = []
        slot_of: dict[int, list[_Line]] = {}
        for ln in lines:
            k = bisect_right(cuts, ln.cy)
            if k not in slot_of:
                slot_of[k] = []
                rows.append(slot_of[k])
            slot_of[k].append(ln)
    else:
        rows = _group(lines, size, model.kind)
    bands = []
    for group in rows:
        ws = [w for ln in group for w in ln.words]
        values: dict[int, list[Word]] = {}
        for line in group:
            for w in line.figures:
                hints = hints_of[id(w)]
                if hints:
                    values.setdefault(hints[0], []).append(w)
        labels = _row_labels(group, size)
        band = Band(
            page.number,
            min(w.top for w in ws),
            max(w.bottom for w in ws),
            labels,
            values,
            model,
            unruled=True,
        )
        _two_readings(band, [w for ln in group for w in ln.figures], state)
        bands.append(band)
    if bands:
        bands[0].continues = True
    return bands


def _numbered(blocks: list[Block]) -> list[Block]:
    """Label blocks with a block of bare numbering (``5.``) joined to the label after it,
    unless that label has its own numbering (``（三）`` of a group label wrapped beside
    ``1.属于国家秘密``: no label is numbered twice)."""
    out: list[Block] = []
    for b in sorted(blocks, key=lambda b: b.x0):
        if (
            out
            and not core(out[-1].text)
            and _NUMBERED.fullmatch(nfkc(out[-1].text).strip())
            and not _NUMBERED.match(nfkc(b.text))
        ):
            a = out.pop()
            b = Block(a.x0, b.x1, min(a.top, b.top), max(a.bottom, b.bottom), [*a.words, *b.words])
        out.append(b)
    return out


def _row_labels(group: Sequence[_Line], size: float) -> list[Block]:
    """A row's label cells: each line's label blocks, stacked by their left edge (a
    wrapped label continues at the same x; a group label beside it starts further left)."""
    out: list[Block] = []
    for ln in group:
        for b in ln.labels:
            for o in out:
                if abs(o.x0 - b.x0) <= size:
                    o.words.extend(b.words)
                    o.x1, o.top, o.bottom = (
                        max(o.x1, b.x1),
                        min(o.top, b.top),
                        max(o.bottom, b.bottom),
                    )
                    break
            else:
                out.append(Block(b.x0, b.x1, b.top, b.bottom, list(b.words)))
    return out


# a label that starts with its own numbering (``一、``, ``（三）``, ``2.``) begins a row
_NUMBERED = regex.compile(
    r"\s*(?:[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|\d{1,2}\s*[.、．](?!\d)|[(（]\s*\d{1,2}\s*[)）])"
)


def _row_labels_of(kind: str) -> tuple[str, ...]:
    """The cores of every row label of a table kind (for telling a wrapped label)."""
    return _ACTIVE_ROW_LABELS if kind == cat.ACTIVE else _APP_ROW_LABELS


_ACTIVE_ROW_LABELS = tuple(core(lab) for _, labs in ACTIVE_ROW_CANDIDATES for lab in labs)
_APP_ROW_LABELS = tuple(core(lab) for _, labs in APP_CANDIDATES for lab in labs)


def _pitch(lines: Sequence[_Line], size: float) -> float:
    """The text line pitch of a table: the least distance between two lines whose row
    labels start at the same x (a wrapped label, or two one-line rows)."""
    best = 0.0
    for a, b in pairwise(lines):
        la, lb = a.leaf, b.leaf
        if la is None or lb is None or abs(la.x0 - lb.x0) > size:
            continue
        dy = b.cy - a.cy
        if dy >= 0.8 * size and (best == 0.0 or dy < best):
            best = dy
    return best or 1.5 * size


def _group(lines: list[_Line], size: float, kind: str) -> list[list[_Line]]:
    """Lines of an unruled table grouped into rows, with no rule to part them.

    A line whose own label (the rightmost label block) starts with its numbering
    (``3.``, ``（二）``, ``四、``), starts at another x, or comes more than a line and
    a half after the row's last line begins a row. Otherwise it continues the row's
    wrapped label when the two read together as the start of a catalog label
    (``5.要求行政机关确认或重新出具已`` + ``获取信息``), or -- a label the catalog does
    not know -- when the line above ran to the labels' right edge; a row whose label
    is already a whole catalog label (``规章``) is not continued. A line with figures
    starts a row when they fall in a column the row already has, and joins the row
    above otherwise (cells of one row aligned at different heights: 总计 at the top,
    the rest centred). Group-label fragments (``（三）`` / ``不予公`` / ``开``: label-only
    lines whose label lies left of the row labels around them) join the nearest row.
    """
    label_right = max((b.x1 for ln in lines for b in ln.labels), default=0.0)
    pitch = _pitch(lines, size)
    reach = max(2.2 * size, 1.6 * pitch)
    known = _row_labels_of(kind)
    rows: list[list[_Line]] = []
    strays: list[_Line] = []
    label = ""  # the current row's label so far (its rightmost label column)
    last: Block | None = None  # the current row's last label line
    for n, ln in enumerate(lines):
        leaf = ln.leaf
        if leaf is not None and _fragment(lines, n, leaf, reach):
            if not ln.figures:
                strays.append(ln)
                continue
            # figures beside a group-label fragment only (``本``): the line has no row
            # label of its own, so it is placed by its figures, as a line with no label
            leaf = None
        if not rows:
            rows.append([ln])
            label, last = (leaf.text, leaf) if leaf is not None else ("", None)
            continue
        row = rows[-1]
        near = ln.cy - row[-1].cy <= reach
        clash = bool({c for x in row for c in x.columns} & ln.columns)
        if leaf is None:
            joins = near and not clash
        else:
            joins = near and not clash and _continues(label, last, leaf, known, label_right, size)
        if joins:
            row.append(ln)
            if leaf is not None:
                label, last = label + leaf.text, leaf
        else:
            rows.append([ln])
            label, last = (leaf.text, leaf) if leaf is not None else ("", None)
    for ln in strays:
        if rows:
            min(rows, key=lambda r: min(abs(x.cy - ln.cy) for x in r)).append(ln)
    return rows


def _continues(
    label: str,
    last: Block | None,
    leaf: Block,
    known: Sequence[str],
    label_right: float,
    size: float,
) -> bool:
    """Whether ``leaf`` continues a row label ``label`` whose last line is ``last``."""
    if last is None or _NUMBERED.match(nfkc(leaf.text)):
        return False
    centred = abs((leaf.x0 + leaf.x1) - (last.x0 + last.x1)) <= 2 * size  # 表二's labels
    if abs(leaf.x0 - last.x0) > size and not centred:
        return False
    have, joined = core(label), core(label + leaf.text)
    if any(k.startswith(joined) for k in known):
        return True
    if have in known:
        return False  # a whole label already
    return last.x1 >= label_right - 2.5 * size


def _fragment(lines: Sequence[_Line], n: int, leaf: Block, reach: float) -> bool:
    """A label-only line whose label lies left of the row labels of the lines just
    above and below it: a piece of a merged group label (``（三）``, ``不予公``). A
    label naming a row outside every group (``四、结转下年度继续办理``, its cells blank,
    after 表三's last row) is none."""
    ln = lines[n]
    if core(leaf.text) in _UNGROUPED:
        return False

    def right_of(other: _Line) -> bool:
        o = other.leaf
        return o is not None and o.x0 > leaf.x1 and abs(other.cy - ln.cy) <= reach

    def beside(other: _Line) -> bool:
        # a line whose label lies wholly left of this one's is a piece of a group label
        # further left (``办`` of 三、本年度办理结果 beside （三）不予公开's ``）``): no row label
        o = other.leaf
        return o is not None and o.x1 > leaf.x0

    above = next((x for x in reversed(lines[:n]) if beside(x)), None)
    below = next((x for x in lines[n + 1 :] if beside(x)), None)
    sides = [x for x in (above, below) if x is not None]
    return bool(sides) and all(right_of(x) for x in sides)


# the cores of 表三's row labels that stand in no group: never a piece of a group label
_UNGROUPED = frozenset(
    core(lab) for key, labs in APP_CANDIDATES if not key.startswith("result.") for lab in labs
)


def _label_blocks(
    words: Sequence[Word], gap: float = 1.5, starts: Sequence[float] = ()
) -> list[Block]:
    """Label words split into cells where a horizontal gap wider than ``gap`` font
    sizes separates them, or where a word begins at one of ``starts`` (the left edge
    of a label column, however close the label before it ends: ``三、本`` | ``（一）``)."""
    blocks: list[Block] = []
    for w in sorted(words, key=lambda w: w.x0):
        column = any(abs(w.x0 - x) <= 1 for x in starts)
        for b in blocks:
            if column and w.x0 > b.x0 + w.size:
                continue
            if w.x0 <= b.x1 + gap * w.size and w.x1 >= b.x0 - gap * w.size:
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


# -- two readings ---------------------------------------------------------------------------

_MAX_READINGS = 256  # combinations of readings tried in one row


def _parts(w: Word, model: Model) -> list[tuple[tuple[int, str], ...]]:
    """The readings of a figure that runs across a column border, or ``[]`` if it does not.

    With no rule between two columns, the figures of neighbouring cells aligned
    towards each other print as one word (``1`` ``5`` as ``15``). Readings: the
    word cut between two digits, the left part under the left column and the
    right part under the right one; or one figure, under the column its centre
    lies in (both, when it sits on the border). No part may start with a 0
    (printed figures have no leading zeros), and no digit is added or dropped.
    """
    text = w.text
    if len(text) < 2 or not text.isdigit():
        return []
    adv = (w.x1 - w.x0) / len(text)
    first = _columns(model, w.x0, w.x0 + adv)
    last = _columns(model, w.x1 - adv, w.x1)
    if not first or not last or first == last:
        return []
    a, b = first[0], last[0]
    ivs = {h: (x0, x1) for x0, x1, h in model.intervals}
    border = (ivs[a][1] + ivs[b][0]) / 2

    def ok(part: str) -> bool:
        return part == "0" or not part.startswith("0")

    out: list[tuple[tuple[int, str], ...]] = []
    for k in range(1, len(text)):
        x = w.x0 + k * adv
        if abs(x - border) <= 0.75 * adv and ok(text[:k]) and ok(text[k:]):
            out.append(((a, text[:k]), (b, text[k:])))
    if ok(text):
        if w.cx <= border + 0.5 * adv:
            out.append(((a, text),))
        if w.cx >= border - 0.5 * adv:
            out.append(((b, text),))
    return out


def _rule_holds(kind: str, values: dict[int, int]) -> bool | None:
    """R3 (表三: applicant columns add up to 总计) or R4 (表四: each group's four results
    add up to its 总计) over a row's columns; None when the table has no such rule."""
    if kind == cat.APPLICATIONS:
        n = len(cat.APPLICANT_KEYS) - 1
        return sum(values.get(h, 0) for h in range(n)) == values.get(n, 0)
    if kind == cat.REVIEW:
        n = len(cat.REVIEW_COLUMN_KEYS)
        groups = {h // n for h in values}
        return all(
            sum(values.get(g * n + c, 0) for c in range(n - 1)) == values.get(g * n + n - 1, 0)
            for g in groups
        )
    return None


def _two_readings(band: Band, figures: Sequence[Word], state: State) -> None:
    """Figures run across a column border (no rule between them) read the way the rule
    of the row (R3, R4) accepts, with a warning naming the cells; undecided, the cells
    are left unread (null) with a warning. Updates ``band.values`` in place."""
    model = band.model
    assert model is not None
    straddling = [(w, p) for w in figures if (p := _parts(w, model))]
    if not straddling:
        return
    for w, _ in straddling:
        for ws in band.values.values():
            if w in ws:
                ws.remove(w)
    fixed: dict[int, int] = {}
    known = True
    for h, ws in band.values.items():
        if not ws:
            continue
        parsed = parse_count(join_words(ws))
        if parsed.kind is Kind.NUMBER and isinstance(parsed.value, int):
            fixed[h] = parsed.value
        elif parsed.kind is not Kind.BLANK:
            known = False
    combos = list(islice(product(*(p for _, p in straddling)), _MAX_READINGS + 1))
    holding = []
    if known and len(combos) <= _MAX_READINGS:
        for combo in combos:
            values = dict(fixed)
            clash = False
            for reading in combo:
                for h, part in reading:
                    clash = clash or h in values
                    values[h] = int(part)
            if not clash and _rule_holds(model.kind, values):
                holding.append(combo)
    rule = {cat.APPLICATIONS: "R3", cat.REVIEW: "R4"}.get(model.kind)
    for n, (w, parts) in enumerate(straddling):
        chosen = {c[n] for c in holding}
        cols = sorted({h for reading in parts for h, _ in reading})
        if len(chosen) == 1 and (len(parts) > 1 or rule is not None):
            (reading,) = chosen
            for h, part in reading:
                band.values.setdefault(h, []).append(_piece(w, part, reading))
            said = " and ".join(f"{part} in column {h + 1}" for h, part in reading)
            if len(parts) > 1:
                state.warnings.extend(
                    ReportWarning(
                        "reading_by_rule",
                        f"page {band.page}: {w.text!r} runs across a column border with no "
                        f"rule; of its {len(parts)} readings only {said} satisfies {rule}",
                        _where(band, h),
                    )
                    for h in cols
                )
            continue
        why = (
            f"no reading satisfies {rule}"
            if rule is not None and not chosen
            else f"{len(chosen)} readings satisfy {rule}"
            if rule is not None
            else "the table has no rule to choose"
        )
        for h in cols:
            band.values.setdefault(h, []).append(_piece(w, w.text + "?", ()))
            state.warnings.append(
                ReportWarning(
                    "reading_undecided",
                    f"page {band.page}: {w.text!r} runs across a column border with no rule "
                    f"and admits {len(parts)} readings ({why}): left unread",
                    _where(band, h),
                )
            )


def _piece(w: Word, part: str, reading: tuple[tuple[int, str], ...]) -> Word:
    """The part of ``w`` a reading puts in one cell, with the box of its own digits."""
    if not reading or len(reading) == 1:
        return Word(part, w.x0, w.top, w.x1, w.bottom, w.size)
    adv = (w.x1 - w.x0) / len(w.text)
    start = 0 if part == reading[0][1] else len(reading[0][1])
    x0 = w.x0 + start * adv
    return Word(part, x0, w.top, x0 + len(part) * adv, w.bottom, w.size)


def _where(band: Band, h: int) -> str:
    """``table.row.column`` of value column ``h`` (the row as the assembler will match it)."""
    assert band.model is not None
    kind = band.model.kind
    if kind == cat.REVIEW:
        n = len(cat.REVIEW_COLUMN_KEYS)
        return f"{kind}.{cat.REVIEW_GROUP_KEYS[h // n]}.{cat.REVIEW_COLUMN_KEYS[h % n]}"
    row = Row(tuple(block_cell(b, band.page) for b in sorted(band.labels, key=lambda b: b.x0)))
    if kind == cat.APPLICATIONS:
        key = match_row(row, APP_CANDIDATES, TRUNCATED)[0]
        return f"{kind}.{key}.{cat.APPLICANT_KEYS[h]}" if key is not None else kind
    key = match_row(row, ACTIVE_ROW_CANDIDATES, PREFIX)[0]
    return f"{kind}.{key}" if key is not None else kind
