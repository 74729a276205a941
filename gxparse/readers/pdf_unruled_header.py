"""The column model of an unruled table, read from its header.

The header is the fewest lines whose column clusters -- wrapped labels stacked in one
column, group labels kept apart -- name the most columns (``_header``); a header
word of several columns' labels is split where its gaps are (``_split``), a header
left unfinished at the foot of a page is joined with the top of the next by x-range
(``_joined``), and 表四's columns are put in their groups by order (``_regroup``). The
model's columns are widened to the midpoints between neighbours (``_widen``) and say
which column a box falls in (``_columns``).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from gxparse import catalog as cat
from gxparse.labels import core, han_only
from gxparse.readers.pdf_table import (
    ACTIVE_LABELS,
    APP_LABELS,
    GROUP_LABELS,
    REVIEW_LABELS,
    Block,
    Interval,
    Model,
    State,
    header_model,
)
from gxparse.readers.pdf_unruled_lines import _by_cy, _near, _PageLines, is_table_heading
from gxparse.sources.pdf import Page, Word


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
    # words come top down, each joining the nearest block above it that it overlaps:
    # a column's characters chain in reading order whatever their jitter in x (a
    # scan's), so one label is never cut into two blocks that each look whole
    # (``其他`` and ``结果``). ``open_``: the blocks a word may still join -- not a
    # spanning label's
    open_: list[Block] = []
    for w in sorted(words, key=_TOP_X0):
        if id(w) not in spanning:
            x0, x1, top, bottom = w.x0, w.x1, w.top, w.bottom
            # a label's characters may stand two lines apart (columns whose labels
            # are staggered by a line): a gap of 2 * pitch - size, under 2.5 sizes
            width, near = x1 - x0, 2.5 * w.size
            best, best_gap = None, near
            for b in open_:
                overlap = min(b.x1, x1) - max(b.x0, x0)
                if overlap > 0.5 * min(b.x1 - b.x0, width):
                    gap = max(top - b.bottom, b.top - bottom)
                    if gap < best_gap:
                        best, best_gap = b, gap
            if best is not None:
                best.words.append(w)
                best.x0, best.x1 = min(best.x0, x0), max(best.x1, x1)
                best.top, best.bottom = min(best.top, top), max(best.bottom, bottom)
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


_TOP_X0 = attrgetter("top", "x0")  # words top down, then left to right, as a sort key

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
