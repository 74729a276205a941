"""Born-digital PDF: tables rebuilt from geometry (word boxes and ruling lines).

The source (``gxparse.sources.pdf``) hands over, page by page, word boxes and
merged horizontal/vertical rules. This reader turns them into ``layout.Row``s
whose figures carry ``column`` hints, and the shared assembler does the rest.

* **Grids**: rules that touch each other form a grid; a word belongs to the
  grid its centre lies in. Words outside any grid are body text, one row per
  line; page numbers (``-4-``, ``- 4 -``, ``— 4 —``, ``第4页``) are dropped.
* **Rows** (*bands*) are cut by the horizontal rules that reach the grid's right
  edge, i.e. those that separate rows of figures. Tall merged label cells --
  ``三、本年度办理结果`` drawn one character per line, ``（三）不予公开`` --
  simply leave a fragment in some bands; the assembler matches a row by its
  last-level (rightmost) label, so those fragments are harmless.
* **Columns** come from the header: cells whose text (wrapped words joined)
  names a column of 表二, 表三 or 表四. Their x-ranges are the *column model*,
  which carries over to the table's pieces on later pages; a repeated header
  just renews it. A figure goes to the column its centre lies in; a column
  with nothing printed in a row is an explicit blank (0), with the cell's box
  as provenance.
* **Page breaks**: a row cut by the break (label on one page, the rest of the
  label or the figures on the next) is joined back together.
* **No rules**: when a page has no grid, rows are anchored on the lines that
  carry figures under the active column model, and label lines attach to the
  nearest anchor.
* **Two readings**: a number that straddles two columns under header alignment
  (no rule to decide) is read both ways and the reading that satisfies R3
  (total = sum of the applicant columns) is kept, with a warning; otherwise
  the cell is left to the assembler's checks and a warning names it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import islice, pairwise
from operator import itemgetter
from typing import ClassVar

import regex
from attrs import define, evolve, field

from gxparse import catalog as cat
from gxparse.assemble import Extraction, assemble, match_row
from gxparse.errors import ReaderError
from gxparse.labels import PREFIX, TRUNCATED, best, core
from gxparse.layout import Cell, Row
from gxparse.memo import memo
from gxparse.numbers import Kind, parse_count
from gxparse.readers.base import Detection, report_signal
from gxparse.record import Provenance, ReportWarning
from gxparse.sources.base import Document
from gxparse.sources.pdf import Page, PdfDocument, Rule, Word

_TOL = 2.0  # pt: how far a rule may miss a word or another rule and still count
_PAGE_NUMBER = regex.compile(
    r"^(?:[-—–－~～_]+\s*\d{1,4}\s*[-—–－~～_]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})$"
)
_MARGIN = 0.1  # share of the page height at top and bottom where a bare number is a page number


# -- column models --------------------------------------------------------------------------

Interval = tuple[float, float, int]  # x0, x1, column hint


@define
class Model:
    """Which table the current grid rows belong to, and where its value columns lie."""

    kind: str  # cat.ACTIVE, cat.APPLICATIONS or cat.REVIEW
    intervals: list[Interval]

    @property
    def left(self) -> float:
        return min(i[0] for i in self.intervals)

    @property
    def complete(self) -> bool:
        """Whether every value column of the table was named (表二's headers always are)."""
        full = {cat.APPLICATIONS: len(cat.APPLICANT_KEYS), cat.REVIEW: _NREVIEW}
        return len({h for _, _, h in self.intervals}) >= full.get(self.kind, 1)

    def column_of(self, x0: float, x1: float) -> list[int]:
        """Hints of the columns a box falls in: one, or two when it straddles a border."""
        cx = (x0 + x1) / 2
        for a, b, h in self.intervals:
            if a - 0.5 <= cx <= b + 0.5:
                return [h]
        return []


_NREVIEW = len(cat.REVIEW_GROUP_KEYS) * len(cat.REVIEW_COLUMN_KEYS)
_APP_LABELS = {core(lab): c.key for c in cat.APPLICANT_COLUMNS for lab in c.labels}
_REVIEW_LABELS = {core(lab): c.key for c in cat.REVIEW_COLUMNS for lab in c.labels}
_GROUP_LABELS = {core(lab): g.key for g in cat.REVIEW_GROUPS for lab in g.labels}
_ACTIVE_LABELS = {
    core(lab)
    for items in cat.ACTIVE_ITEMS.values()
    for item in items
    for col in item.columns
    for lab in col.labels
}


@define
class Block:
    """Words of one cell (ruled) or one column cluster (unruled), joined."""

    x0: float
    x1: float
    top: float
    bottom: float
    words: list[Word] = field(factory=list)
    prefix: str = ""  # the text of the same cell on the page before (a header cut by a break)

    @property
    def text(self) -> str:
        return self.prefix + join_words(self.words)


def join_words(words: Sequence[Word]) -> str:
    if len(words) == 1:
        return words[0].text
    ordered = sorted(words, key=lambda w: (round(w.cy / max(w.size * 0.6, 1.0)), w.x0))
    return "".join(w.text for w in ordered)


def _by_prefix(text: str, labels: dict[str, str]) -> str | None:
    """The one column whose label starts with ``text`` (at least 4 characters long)."""
    if len(text) < 4:
        return None
    keys = {key for lab, key in labels.items() if lab.startswith(text)}
    return keys.pop() if len(keys) == 1 else None


@memo(65536)
def _header_keys(text: str) -> tuple[str | None, str | None, str | None, bool]:
    """The 表三 column, 表四 column and 表四 group a header cell's text names, and whether
    it names a column of 表二."""
    c = core(text)
    # a header cell cut by a page break keeps only the start of its label
    app_key = _APP_LABELS.get(c) or _by_prefix(c, _APP_LABELS)
    review_key = _REVIEW_LABELS.get(c) or _by_prefix(c, _REVIEW_LABELS)
    return app_key, review_key, _GROUP_LABELS.get(c), c in _ACTIVE_LABELS


def header_model(blocks: Sequence[Block]) -> Model | None:
    """A column model from header cells, if they name the columns of a table."""
    app: dict[str, Block] = {}
    review: list[tuple[Block, str]] = []
    groups: list[tuple[Block, str]] = []
    active: list[Block] = []
    for b in blocks:
        app_key, review_key, group_key, is_active = _header_keys(b.text)
        if app_key is not None and app_key not in app:
            app[app_key] = b
        if review_key is not None:
            review.append((b, review_key))
        if group_key is not None:
            groups.append((b, group_key))
        if is_active:
            active.append(b)
    if len(review) >= 10:
        review.sort(key=lambda bk: bk[0].x0)
        intervals: list[Interval] = []
        for n, (b, key) in enumerate(review):
            cx = (b.x0 + b.x1) / 2
            g = next(
                (
                    cat.REVIEW_GROUP_KEYS.index(gk)
                    for gb, gk in groups
                    if gb.x0 - _TOL <= cx <= gb.x1 + _TOL
                ),
                None,
            )
            if g is None or len(groups) < 3:
                g = n // len(cat.REVIEW_COLUMN_KEYS)
            hint = g * len(cat.REVIEW_COLUMN_KEYS) + cat.REVIEW_COLUMN_KEYS.index(key)
            intervals.append((b.x0, b.x1, hint))
        return Model(cat.REVIEW, intervals)
    app_keys = [k for k in cat.APPLICANT_KEYS if k != "other_org"]
    if sum(1 for k in app_keys if k in app) >= 4:
        return Model(
            cat.APPLICATIONS,
            [(b.x0, b.x1, cat.APPLICANT_KEYS.index(k)) for k, b in app.items()],
        )
    if active:
        active.sort(key=lambda b: b.x0)
        return Model(cat.ACTIVE, [(b.x0, b.x1, n) for n, b in enumerate(active)])
    return None


# -- grids ------------------------------------------------------------------------------------


@define
class Grid:
    x0: float
    top: float
    x1: float
    bottom: float
    hrules: list[Rule]
    vrules: list[Rule]

    def holds(self, w: Word) -> bool:
        return self.x0 - 1 <= w.cx <= self.x1 + 1 and self.top - 1 <= w.cy <= self.bottom + 1


def find_grids(hrules: Sequence[Rule], vrules: Sequence[Rule]) -> list[Grid]:
    """Groups of rules that cross or touch, with at least two of each direction."""
    rules = [*hrules, *vrules]
    n = len(rules)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    nh = len(hrules)
    by_x = sorted(range(len(vrules)), key=lambda j: vrules[j].x0)
    xs = [vrules[j].x0 for j in by_x]
    for i, h in enumerate(hrules):
        y = h.y0
        for j in by_x[bisect_left(xs, h.x0 - _TOL) : bisect_right(xs, h.x1 + _TOL)]:
            v = vrules[j]
            if v.y0 - _TOL <= y <= v.y1 + _TOL:
                parent[root(i)] = root(nh + j)
    comps: dict[int, list[int]] = {}
    for i in range(n):
        comps.setdefault(root(i), []).append(i)
    grids = []
    for members in comps.values():
        hs = [hrules[i] for i in members if i < nh]
        vs = [vrules[i - nh] for i in members if i >= nh]
        if len(hs) < 2 or len(vs) < 2:
            continue
        both = [*hs, *vs]
        grids.append(
            Grid(
                min(r.x0 for r in both),
                min(r.y0 for r in both),
                max(r.x1 for r in both),
                max(r.y1 for r in both),
                hs,
                vs,
            )
        )
    grids.sort(key=lambda g: g.top)
    return grids


# -- rows ---------------------------------------------------------------------------------------


@define
class Band:
    """One row of a table: label blocks, value words by column, the band's box."""

    page: int
    top: float
    bottom: float
    labels: list[Block]
    values: dict[int, list[Word]]
    model: Model | None
    header: bool = False
    others: list[Block] = field(factory=list)  # every block, for header/text rows
    continues: bool = False  # first band of a piece that carries an earlier model
    split: dict[int, list[list[Word]]] = field(factory=dict)  # columns fed by several cells
    unruled: bool = False  # placed by header alignment alone, with no rule to confirm it

    @property
    def label_text(self) -> str:
        return "".join(b.text for b in self.labels)

    @property
    def has_values(self) -> bool:
        return any(self.values.values())


def _prov(text: str, page: int, box: tuple[float, float, float, float]) -> Provenance:
    x0, top, x1, bottom = box
    return Provenance(
        raw=text, page=page, bbox=(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))
    )


def _box(words: Sequence[Word]) -> tuple[float, float, float, float]:
    """The box around some words (at least one)."""
    _, x0, top, x1, bottom, _ = words[0]
    for w in islice(words, 1, None):
        if w.x0 < x0:
            x0 = w.x0
        if w.top < top:
            top = w.top
        if w.x1 > x1:
            x1 = w.x1
        if w.bottom > bottom:
            bottom = w.bottom
    return x0, top, x1, bottom


def block_cell(b: Block, page: int) -> Cell:
    text = b.text
    return Cell(text, _prov(text, page, _box(b.words)))


def band_row(band: Band, warnings: list[ReportWarning]) -> Row:
    """A band as the assembler's row: label cells, then one hinted cell per value column."""
    if band.header or band.model is None:
        blocks = sorted(band.others, key=lambda b: b.x0)
        return Row(tuple(block_cell(b, band.page) for b in blocks if b.words))
    cells = [block_cell(b, band.page) for b in sorted(band.labels, key=lambda b: b.x0) if b.words]
    for x0, x1, hint in sorted(band.model.intervals, key=lambda i: i[0]):
        words = band.values.get(hint, [])
        if hint in band.split:
            # figures from two ruled cells under one header column: the column model
            # does not fit this row, so the figures are not joined into one number
            text = " / ".join(join_words(ws) for ws in band.split[hint])
            cells.append(Cell(text, _prov(text, band.page, _box(words)), column=hint))
        elif words:
            text = join_words(words)
            cells.append(Cell(text, _prov(text, band.page, _box(words)), column=hint))
        else:
            cells.append(
                Cell("", _prov("", band.page, (x0, band.top, x1, band.bottom)), column=hint)
            )
    return Row(tuple(cells))


def _x_blocks(
    words: Sequence[Word], cell_of: dict[int, Block], top: float, bottom: float
) -> list[Block]:
    """Words grouped into cells by the vertical rules around them (their cell's x-range)."""
    groups: dict[tuple[float, float], list[Word]] = {}
    for w in words:
        c = cell_of[id(w)]
        groups.setdefault((c.x0, c.x1), []).append(w)
    return [Block(x0, x1, top, bottom, groups[x0, x1]) for x0, x1 in sorted(groups, key=_FIRST)]


def _cells(words: Sequence[Word], grid: Grid) -> list[Block]:
    """Words grouped by the full cell (both directions) they sit in."""
    groups: dict[tuple[float, float, float, float], list[Word]] = {}
    # (position, reach from, reach to) of the rules, sorted by position
    vs = sorted((v.x0, v.y0 - _TOL, v.y1 + _TOL) for v in grid.vrules)
    hs = sorted((h.y0, h.x0 - _TOL, h.x1 + _TOL) for h in grid.hrules)
    vx = [v[0] for v in vs]
    hy = [h[0] for h in hs]
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        k = bisect_right(vx, cx)
        left = _nearest(reversed(vs[:k]), cy, grid.x0)
        right = _nearest(islice(vs, k, None), cy, grid.x1)
        k = bisect_right(hy, cy)
        top = _nearest(reversed(hs[:k]), cx, grid.top)
        bottom = _nearest(islice(hs, k, None), cx, grid.bottom)
        groups.setdefault((left, right, top, bottom), []).append(w)
    return [Block(k[0], k[1], k[2], k[3], ws) for k, ws in groups.items()]


def _nearest(rules: Iterable[tuple[float, float, float]], at: float, default: float) -> float:
    """The position of the first rule that reaches ``at``, else ``default``."""
    for pos, lo, hi in rules:
        if lo <= at <= hi:
            return pos
    return default


_FIRST = itemgetter(0)
_FIGURE = regex.compile(r"[+\-－]?\d[\d,]*(?:\.\d+)?")
_PAGE_MARK = regex.compile(r"[-—–－~～_页/]")


@memo(65536)
def _is_figure(text: str) -> bool:
    return parse_count(text, signed=True).kind is not Kind.TEXT or bool(_FIGURE.fullmatch(text))


class _State:
    """What carries from one grid (and page) to the next."""

    def __init__(self) -> None:
        self.model: Model | None = None
        self.warnings: list[ReportWarning] = []
        # header cells at the foot of a page that did not name every column yet: the
        # rest of the header (the other half of cut cells) is on the next page
        self.pending: list[Block] = []
        self.pending_page = 0

    def reset(self) -> None:
        """A new table (or the end of the tables) begins: nothing carries over."""
        self.model = None
        self.pending = []


def _join_header(carry: Sequence[Block], blocks: Sequence[Block]) -> list[Block]:
    """Header cells cut by a page break joined back: the same x-range on both pages."""
    out: list[Block] = []
    used: set[int] = set()
    for b in blocks:
        top = next(
            (
                n
                for n, c in enumerate(carry)
                if n not in used and abs(c.x0 - b.x0) <= _TOL and abs(c.x1 - b.x1) <= _TOL
            ),
            None,
        )
        if top is None:
            out.append(b)
            continue
        used.add(top)
        out.append(Block(b.x0, b.x1, b.top, b.bottom, list(b.words), carry[top].text + b.prefix))
    out.extend(c for n, c in enumerate(carry) if n not in used)
    return out


def _richer(a: Model | None, b: Model | None) -> Model | None:
    """The model naming more columns (``a`` on a tie)."""
    if b is None or (a is not None and len(a.intervals) >= len(b.intervals)):
        return a
    return b


def grid_bands(
    page: Page, grid: Grid, words: list[Word], state: _State, first: bool = True
) -> list[Band]:
    """The rows of one grid, in order, updating the column model from header rows.

    ``first``: the grid is the first on its page, so a header left incomplete at
    the foot of an earlier page may continue in its top rows.
    """
    edge = grid.x1 - 3 * _TOL
    ys = sorted({grid.top, grid.bottom, *(h.y0 for h in grid.hrules if h.x1 >= edge)})
    slots: list[list[Word]] = [[] for _ in range(max(1, len(ys) - 1))]
    for w in words:
        i = min(max(bisect_right(ys, w.cy) - 1, 0), len(slots) - 1)
        slots[i].append(w)
    cells = _cells(words, grid)
    cell_of = {id(w): c for c in cells for w in c.words}
    row_height = 0.8 * max((w.size for w in words), default=10.0)  # a row holds a line of text
    carry = state.pending if first and state.pending and state.pending_page < page.number else []
    state.pending = []
    out: list[Band] = []
    first_data = True
    head_top = grid.top  # where the header rows above the current band begin
    for i, ws in enumerate(slots):
        top, bottom = ys[i], ys[min(i + 1, len(ys) - 1)]
        if not ws:
            model = state.model
            if (
                model is not None
                and model.kind == cat.REVIEW
                and model.complete
                and head_top < top
                and bottom - top >= row_height
            ):
                # 表四's row of figures with every cell blank: printed zeros
                out.append(Band(page.number, top, bottom, [], {}, model))
                head_top = bottom
                carry = []
            continue
        figures = [w for w in ws if _is_figure(w.text)]
        found = None
        if not figures:  # only a row without figures can be a header row
            mine = list({id(cell_of[id(w)]): cell_of[id(w)] for w in ws}.values())
            found = header_model(mine)
            if carry:
                found = _richer(found, header_model(_join_header(carry, mine)))
        if found is not None:
            # a header row: (re)define the columns; header cells that began in the
            # rows just above (自然人 spanning two header rows) count too, and so do
            # the cells' first halves at the foot of the page before
            above = [c for c in cells if c.top >= head_top - _TOL and c.bottom <= bottom + _TOL]
            model = header_model(above)
            if carry:
                model = _richer(model, header_model(_join_header(carry, above)))
            state.model = model or found
            blocks = _x_blocks(ws, cell_of, top, bottom)
            out.append(Band(page.number, top, bottom, [], {}, state.model, True, blocks))
            continue
        model = state.model
        if model is None or (
            not figures
            and not _label_ok(_x_blocks(_label_words(ws, model), cell_of, top, bottom), model)
        ):
            blocks = _x_blocks(ws, cell_of, top, bottom)
            out.append(Band(page.number, top, bottom, [], {}, None, True, blocks))
            if figures:
                head_top = bottom
                carry = []
            continue
        head_top = bottom
        carry = []
        left = model.left - _TOL
        label_words = [w for w in ws if w.cx < left]
        values: dict[int, list[Word]] = {}
        for w in ws:
            if w.cx < left:
                continue
            cols = model.column_of(w.x0, w.x1)
            if cols:
                values.setdefault(cols[0], []).append(w)
        split: dict[int, list[list[Word]]] = {}
        for hint, vs in values.items():
            by_cell: dict[float, list[Word]] = {}
            for w in vs:
                by_cell.setdefault(cell_of[id(w)].x0, []).append(w)
            if len(by_cell) > 1:
                split[hint] = [by_cell[x] for x in sorted(by_cell)]
        labels = _x_blocks(label_words, cell_of, top, bottom)
        band = Band(page.number, top, bottom, labels, values, model, split=split)
        band.continues = first_data
        first_data = False
        out.append(band)
    tail = [c for c in cells if c.top >= head_top - _TOL]
    if tail:
        tail_model = header_model(tail)
        if tail_model is None or not tail_model.complete:
            state.pending = tail
            state.pending_page = page.number
    return out


_ACTIVE_ROW_CANDIDATES = tuple(
    (item.key, item.labels) for items in cat.ACTIVE_ITEMS.values() for item in items
)


def _label_ok(labels: Sequence[Block], model: Model) -> bool:
    """Whether a row without figures still names a row of the model's table (all blank).

    Each label cell is tried on its own, rightmost first (a merged group label such
    as ``（五）不予处理`` may share the band), then all of them joined.
    """
    if not labels or model.kind not in (cat.APPLICATIONS, cat.ACTIVE):
        return False
    ordered = sorted(labels, key=lambda b: -b.x0)
    texts = [b.text for b in ordered]
    texts.append("".join(b.text for b in reversed(ordered)))
    for text in texts:
        if model.kind == cat.APPLICATIONS:
            if _label_score(text) >= PREFIX:
                return True
        elif best(text, _ACTIVE_ROW_CANDIDATES)[1] >= PREFIX:
            return True
    return False


def _label_words(ws: Sequence[Word], model: Model) -> list[Word]:
    return [w for w in ws if w.cx < model.left - _TOL]


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


_COLUMN_LABELS = frozenset({*_APP_LABELS, *_REVIEW_LABELS, *_GROUP_LABELS, *_ACTIVE_LABELS})


def _widen(model: Model) -> Model:
    """Header-aligned columns widened to the midpoints between neighbours."""
    ivs = sorted(model.intervals, key=lambda i: i[0])
    out: list[Interval] = []
    for n, (a, b, h) in enumerate(ivs):
        lo = a - 6 if n == 0 else (ivs[n - 1][1] + a) / 2
        hi = b + 12 if n == len(ivs) - 1 else (b + ivs[n + 1][0]) / 2
        out.append((lo, hi, h))
    return Model(model.kind, out)


def free_bands(page: Page, words: list[Word], state: _State) -> list[tuple[float, Row | Band]]:
    """Words outside any grid: body text lines, or an unruled table aligned on its header."""
    out: list[tuple[float, Row | Band]] = []
    lines = _lines(words)
    i = 0
    while i < len(lines):
        line = lines[i]
        text = "".join(w.text for w in line)
        # an unruled header: a few lines (up to the first with a figure) whose column
        # clusters name a table's columns; the fewest lines naming the most columns
        if len(line) >= 2 and not any(_is_figure(w.text) for w in line):
            stop = i
            while stop < min(len(lines), i + 6) and not any(
                _is_figure(w.text) for w in lines[stop]
            ):
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
                _is_figure(w.text) and w.cx >= model.left - _TOL and model.column_of(w.x0, w.x1)
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
                has_fig = any(_is_figure(w.text) and w.cx >= model.left - _TOL for w in ln)
                only_left = all(w.x1 <= model.left + _TOL for w in ln)
                if has_fig:
                    anchors.append(j)
                elif not only_left:
                    break
                j += 1
            out.extend((b.top, b) for b in _anchored(page, lines, i, j, anchors, model))
            i = j
            continue
        if _is_page_number(line, page):
            i += 1
            continue
        if _is_table_heading(_line_text(line)):
            state.reset()
        top = min(w.top for w in line)
        cell = Cell(_line_text(line), _prov(_line_text(line), page.number, _box(line)))
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
        left = model.left - _TOL
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


def _is_table_heading(text: str) -> bool:
    """A line that opens a table (or the sections after them): no column model carries past it."""
    c = core(text)
    return any(h in c and len(c) <= len(h) + 14 for h in _HEADINGS)


def _line_text(line: Sequence[Word]) -> str:
    parts = [line[0].text]
    for a, b in pairwise(line):
        parts.append((" " if b.x0 - a.x1 > 0.5 * b.size else "") + b.text)
    return "".join(parts)


def _is_page_number(line: Sequence[Word], page: Page) -> bool:
    text = _line_text(line).strip()
    if not _PAGE_NUMBER.match(text):
        return False
    if _PAGE_MARK.search(text):
        return True
    top = min(w.top for w in line)
    return top < page.height * _MARGIN or top > page.height * (1 - _MARGIN)


# -- the document ---------------------------------------------------------------------------------


def page_items(page: Page, state: _State) -> list[Row | Band]:
    grids = find_grids(page.hrules, page.vrules)
    in_grid: list[list[Word]] = [[] for _ in grids]
    free: list[Word] = []
    bounds_of = [(g.x0 - 1, g.x1 + 1, g.top - 1, g.bottom + 1) for g in grids]
    for w in page.words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        for n, (x0, x1, top, bottom) in enumerate(bounds_of):
            if x0 <= cx <= x1 and top <= cy <= bottom:  # Grid.holds
                in_grid[n].append(w)
                break
        else:
            free.append(w)
    # body text and grids in reading order; the model state follows that order
    pieces: list[tuple[float, int, object]] = [(g.top, 1, n) for n, g in enumerate(grids)]
    lines_by_gap: list[tuple[float, int, object]] = []
    # free words are processed in the vertical gaps between grids, top to bottom
    bounds = [-1e9, *[g.top for g in grids], 1e9]
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        chunk = [w for w in free if lo <= w.cy < hi]
        if chunk:  # after the grid that begins at ``lo``: text below it comes after it
            lines_by_gap.append((lo, 2, chunk))
    items: list[tuple[float, Row | Band]] = []
    for _, kind, obj in sorted([*pieces, *lines_by_gap], key=lambda t: (t[0], t[1])):
        if kind == 1:
            assert isinstance(obj, int)
            grid = grids[obj]
            bands = grid_bands(page, grid, in_grid[obj], state, first=obj == 0)
            items.extend((b.top, b) for b in bands)
        else:
            assert isinstance(obj, list)
            items.extend(free_bands(page, obj, state))
    items.sort(key=lambda t: t[0])
    return [it for _, it in items]


_APP_CANDIDATES = tuple((r.key, r.labels) for r in cat.ALL_APPLICATION_ROWS)


def _label_score(text: str) -> float:
    return best(text, _APP_CANDIDATES)[1] if text else 0.0


def join_breaks(items: list[Row | Band]) -> list[Row | Band]:
    """Rejoin a table row cut in two by a page break."""
    out: list[Row | Band] = []
    last_band: Band | None = None
    for it in items:
        if isinstance(it, Band) and not it.header and it.model is not None:
            prev = last_band
            if (
                it.continues
                and prev is not None
                and prev.model is not None
                and prev.model.kind == it.model.kind == cat.APPLICATIONS
                and prev.page != it.page
                and _should_join(prev, it)
            ):
                merged = _merge(prev, it)
                idx = next(k for k in range(len(out) - 1, -1, -1) if out[k] is prev)
                out[idx] = merged
                last_band = merged
                continue
            last_band = it
        out.append(it)
    return out


def _should_join(a: Band, b: Band) -> bool:
    if not b.labels:
        return True  # figures, or a blank row, with no label of their own
    if not a.has_values or not b.has_values:
        joined = _label_score(a.label_text + b.label_text)
        return joined >= PREFIX and joined >= max(_label_score(b.label_text), PREFIX)
    return False


def _merge(a: Band, b: Band) -> Band:
    labels = list(a.labels)
    if b.labels:
        right = max(labels, key=lambda bl: bl.x0) if labels else None
        for bl in b.labels:
            if right is not None and abs(bl.x0 - right.x0) < _TOL * 3:
                right.words.extend(bl.words)
            else:
                labels.append(bl)
    values = {k: list(v) for k, v in a.values.items()}
    for k, v in b.values.items():
        if not values.get(k):
            values[k] = list(v)
    return evolve(a, labels=labels, values=values, unruled=a.unruled or b.unruled)


def _unruled_where(band: Band, row: Row) -> list[str]:
    """The record rows a band read without rules feeds, as the assembler will match them."""
    assert band.model is not None
    kind = band.model.kind
    if kind == cat.REVIEW:
        n = len(cat.REVIEW_COLUMN_KEYS)
        groups = sorted({c.column // n for c in row.cells if c.column is not None and not c.empty})
        return [
            f"{cat.REVIEW}.{cat.REVIEW_GROUP_KEYS[g]}"
            for g in groups
            if g < len(cat.REVIEW_GROUP_KEYS)
        ]
    if kind == cat.APPLICATIONS:
        key = match_row(row, _APP_CANDIDATES, TRUNCATED)[0]
    else:
        key = match_row(row, _ACTIVE_ROW_CANDIDATES, PREFIX)[0]
    return [f"{kind}.{key}"] if key is not None else []


def document_rows(doc: PdfDocument) -> tuple[list[Row], list[ReportWarning]]:
    state = _State()
    items: list[Row | Band] = []
    for page in doc.iter_pages():
        items.extend(page_items(page, state))
    items = join_breaks(items)
    rows: list[Row] = []
    for it in items:
        if isinstance(it, Row):
            rows.append(it)
            continue
        row = band_row(it, state.warnings)
        rows.append(row)
        if it.unruled and it.model is not None and not it.header:
            for where in _unruled_where(it, row):
                state.warnings.append(
                    ReportWarning(
                        "unruled_alignment",
                        f"page {it.page} has no ruling lines: this row's figures were placed "
                        "by aligning them with the column headings, which nothing confirms",
                        where,
                    )
                )
    return [r for r in rows if r.cells], state.warnings


class PdfGridReader:
    name: ClassVar[str] = "pdf-grid"
    formats: ClassVar[tuple[str, ...]] = ("pdf",)

    def detect(self, doc: Document) -> Detection:
        if not isinstance(doc, PdfDocument):
            return Detection.no("not a PDF document")
        text = "".join(w.text for p in doc.iter_pages() for w in p.words)
        signal = report_signal(text)
        if signal == 0:
            return Detection.no("no report table landmarks in the PDF's text")
        ruled = sum(1 for p in doc.iter_pages() if p.hrules and p.vrules)
        score = signal * (0.95 if ruled else 0.8)
        return Detection(
            round(score, 3),
            (f"landmarks {signal:.2f}", f"{ruled} page(s) with ruling lines"),
        )

    def read(self, doc: Document) -> Extraction:
        if not isinstance(doc, PdfDocument):
            raise ReaderError("pdf-grid reads PDF documents only")
        rows, warnings = document_rows(doc)
        ex = assemble(rows, pages=doc.page_count, path=doc.path)
        if warnings:
            ex = evolve(ex, warnings=(*ex.warnings, *warnings))
        return ex
