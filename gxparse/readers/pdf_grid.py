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
* **No rules**: words outside every grid go to ``pdf_unruled`` (body text, or a
  table aligned on its header with no rule to confirm it).
* **Two readings**: a number that straddles two columns under header alignment
  (no rule to decide) is read both ways and the reading that satisfies R3
  (total = sum of the applicant columns) is kept, with a warning; otherwise
  the cell is left to the assembler's checks and a warning names it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from operator import itemgetter
from typing import ClassVar

from attrs import define, evolve

from gxparse import catalog as cat
from gxparse.assemble import Extraction, assemble
from gxparse.errors import ReaderError
from gxparse.labels import PREFIX, TRUNCATED, best
from gxparse.layout import Row
from gxparse.readers.base import Detection, report_signal
from gxparse.readers.pdf_table import (
    ACTIVE_ROW_CANDIDATES,
    APP_CANDIDATES,
    TOL,
    Band,
    Block,
    Model,
    State,
    band_row,
    header_model,
    is_figure,
    label_score,
)
from gxparse.readers.pdf_unruled import coarse_grid, free_bands
from gxparse.record import ReportWarning
from gxparse.rows import match_row
from gxparse.sources.base import Document
from gxparse.sources.pdf import Page, PdfDocument, Rule, Word

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
        for j in by_x[bisect_left(xs, h.x0 - TOL) : bisect_right(xs, h.x1 + TOL)]:
            v = vrules[j]
            if v.y0 - TOL <= y <= v.y1 + TOL:
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


def _x_blocks(
    words: Sequence[Word], cell_of: dict[int, Block], top: float, bottom: float
) -> list[Block]:
    """Words grouped into cells by the vertical rules around them (their cell's x-range)."""
    groups: dict[tuple[float, float], list[Word]] = {}
    for w in words:
        c = cell_of[id(w)]
        groups.setdefault((c.x0, c.x1), []).append(w)
    return [Block(x0, x1, top, bottom, groups[x0, x1]) for x0, x1 in sorted(groups, key=_FIRST)]


def _cells(words: Sequence[Word], grid: Grid) -> tuple[list[Block], dict[int, Block]]:
    """Words grouped by the full cell (both directions) they sit in, and each word's
    cell by ``id``.

    A cell's sides are the nearest rules on each side of the word's centre that
    reach across its centre line.
    """
    groups: dict[tuple[float, float, float, float], Block] = {}
    cell_of: dict[int, Block] = {}
    vs = [(v.x0, v.y0 - TOL, v.y1 + TOL) for v in grid.vrules]
    # (position, reach from, reach to) of the horizontal rules, sorted by position
    hs = sorted((h.y0, h.x0 - TOL, h.x1 + TOL) for h in grid.hrules)
    hy = [h[0] for h in hs]
    nh = len(hs)
    # x of the vertical rules reaching a height, sorted: a line's words share it
    crossing: dict[float, list[float]] = {}
    x0, x1, gtop, gbottom = grid.x0, grid.x1, grid.top, grid.bottom
    for w in words:
        cx, cy = w.cx, w.cy
        xs = crossing.get(cy)
        if xs is None:
            xs = crossing[cy] = sorted(x for x, lo, hi in vs if lo <= cy <= hi)
        k = bisect_right(xs, cx)
        left = xs[k - 1] if k else x0
        right = xs[k] if k < len(xs) else x1
        k = bisect_right(hy, cy)
        top, i = gtop, k - 1
        while i >= 0:
            pos, lo, hi = hs[i]
            if lo <= cx <= hi:
                top = pos
                break
            i -= 1
        bottom, i = gbottom, k
        while i < nh:
            pos, lo, hi = hs[i]
            if lo <= cx <= hi:
                bottom = pos
                break
            i += 1
        key = (left, right, top, bottom)
        cell = groups.get(key)
        if cell is None:
            cell = groups[key] = Block(*key, [])
        cell.words.append(w)
        cell_of[id(w)] = cell
    return list(groups.values()), cell_of


_FIRST = itemgetter(0)


def _join_header(carry: Sequence[Block], blocks: Sequence[Block]) -> list[Block]:
    """Header cells cut by a page break joined back: the same x-range on both pages."""
    out: list[Block] = []
    used: set[int] = set()
    for b in blocks:
        top = next(
            (
                n
                for n, c in enumerate(carry)
                if n not in used and abs(c.x0 - b.x0) <= TOL and abs(c.x1 - b.x1) <= TOL
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
    page: Page, grid: Grid, words: list[Word], state: State, first: bool = True
) -> list[Band]:
    """The rows of one grid, in order, updating the column model from header rows.

    ``first``: the grid is the first on its page, so a header left incomplete at
    the foot of an earlier page may continue in its top rows.
    """
    edge = grid.x1 - 3 * TOL
    ys = sorted({grid.top, grid.bottom, *(h.y0 for h in grid.hrules if h.x1 >= edge)})
    slots: list[list[Word]] = [[] for _ in range(max(1, len(ys) - 1))]
    last = len(slots) - 1
    for w in words:
        i = bisect_right(ys, w.cy) - 1
        slots[i if 0 <= i <= last else (0 if i < 0 else last)].append(w)
    cells, cell_of = _cells(words, grid)
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
                and (model.complete or (out and out[-1].header and out[-1].model is model))
                and (head_top < top or (first and not out and model.complete))
                and bottom - top >= row_height
            ):
                # 表四's row of figures with every cell blank: printed zeros (under a
                # header naming only some of its columns, right below it: one of the two
                # tables of a 表四 printed as two; or at the top of the page after its
                # whole header, where nothing of the grid stands above it)
                out.append(Band(page.number, top, bottom, [], {}, model))
                head_top = bottom
                carry = []
            continue
        figures = any(is_figure(w.text) for w in ws)
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
            above = [c for c in cells if c.top >= head_top - TOL and c.bottom <= bottom + TOL]
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
        left = model.left - TOL
        label_words: list[Word] = []
        values: dict[int, list[Word]] = {}
        for w in ws:
            cx = w.cx
            if cx < left:
                label_words.append(w)
                continue
            hint = model.column_at(cx)
            if hint is not None:
                values.setdefault(hint, []).append(w)
        split: dict[int, list[list[Word]]] = {}
        for hint, vs in values.items():
            if len(vs) < 2:
                continue
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
    tail = [c for c in cells if c.top >= head_top - TOL]
    if tail:
        tail_model = header_model(tail)
        if tail_model is None or not tail_model.complete:
            state.pending = tail
            state.pending_page = page.number
    return out


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
            if label_score(text) >= PREFIX:
                return True
        elif best(text, ACTIVE_ROW_CANDIDATES)[1] >= PREFIX:
            return True
    return False


def _label_words(ws: Sequence[Word], model: Model) -> list[Word]:
    return [w for w in ws if w.cx < model.left - TOL]


# -- the document ---------------------------------------------------------------------------------


def page_items(page: Page, state: State) -> list[Row | Band]:
    # a frame with no inner vertical rules does not part columns: read as unruled
    grids = [
        g for g in find_grids(page.hrules, page.vrules) if not coarse_grid(g.x0, g.x1, g.vrules)
    ]
    in_grid: list[list[Word]] = [[] for _ in grids]
    free: list[Word] = []
    bounds_of = [(g.x0 - 1, g.x1 + 1, g.top - 1, g.bottom + 1) for g in grids]
    for w in page.words:
        cx, cy = w.cx, w.cy
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
        joined = label_score(a.label_text + b.label_text)
        return joined >= PREFIX and joined > label_score(b.label_text)
    return False


def _merge(a: Band, b: Band) -> Band:
    labels = list(a.labels)
    if b.labels:
        right = max(labels, key=lambda bl: bl.x0) if labels else None
        for bl in b.labels:
            if right is not None and abs(bl.x0 - right.x0) < TOL * 3:
                # the rest of the label, on the next page: its words sit at the top of
                # that page, so they follow the first part as text, not by position
                joined = Block(
                    right.x0,
                    right.x1,
                    right.top,
                    right.bottom,
                    list(bl.words),
                    right.text + bl.prefix,
                )
                labels[next(n for n, x in enumerate(labels) if x is right)] = joined
                right = joined
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
        key = match_row(row, APP_CANDIDATES, TRUNCATED)[0]
    else:
        key = match_row(row, ACTIVE_ROW_CANDIDATES, PREFIX)[0]
    return [f"{kind}.{key}"] if key is not None else []


def document_rows(doc: PdfDocument) -> tuple[list[Row], list[ReportWarning]]:
    state = State()
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
