"""Grids and paragraphs -> ``layout.Row``s for the assembler (DOCX and HTML readers).

One row per grid row. A merged cell's text appears once, in the row and
column where it starts; the slots it covers further down are empty cells, so
a group label spanning 22 rows (三、本年度办理结果) stays a group label and each
row keeps its own last-level label and figures.

Figures get column hints (``Cell.column``): the index of the header column
above them. The table's *label width* is the grid column where figures start
(the usual end of the label cells in rows that hold figures); a *header
block* is a run of rows whose every value slot is covered by text; the start
columns of its cells give the value columns. 表四's three header rows, 表三's
申请人情况/法人或其他组织 over 商业企业… and 表二's per-section headers
(信息内容 | 本年制发件数…, 信息内容 | 本年处理决定数量) all come out that
way. A row whose figures do not line up with the header gets no hints and is
aligned by position.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence

from gxparse.labels import clean, label_text
from gxparse.layout import Cell, Row
from gxparse.numbers import Kind
from gxparse.record import Provenance
from gxparse.sources.grid import Block, Grid, GridCell, Paragraph

_TEXT, _DATA, _EMPTY = "text", "data", "empty"


def _kind(text: str) -> str:
    """Empty, text (a label), or data: a figure, a blank marker, or text that can be no
    label (``labels.label_text``: ``NaN``, ``#REF!``, ``？``), a figure printed wrong."""
    c = Cell(text, Provenance(raw=text))
    if c.empty:
        return _EMPTY
    return _TEXT if c.kind is Kind.TEXT and label_text(c.text) else _DATA


def label_width(grid: Grid) -> int:
    """The grid column where figures start: the usual end of the label cells."""
    ends: Counter[int] = Counter()
    for r in range(grid.nrows):
        cells = grid.row_cells(r)
        kinds = [_kind(c.text) for c in cells]
        texts = [i for i, k in enumerate(kinds) if k == _TEXT]
        if not texts:
            continue
        last = texts[-1]
        after = kinds[last + 1 :]
        if after:  # label cells followed by figures or blanks only
            end = cells[last].col + cells[last].colspan
            if end < grid.ncols:
                ends[end] += 1
    if not ends:
        return 0
    top = max(ends.values())
    return min(k for k, v in ends.items() if v == top)


def _is_header(grid: Grid, row: int, width: int) -> bool:
    if width >= grid.ncols:
        return False
    for k in range(width, grid.ncols):
        c = grid.at(row, k)
        if c is None or _kind(c.text) != _TEXT:
            return False
    return True


def _hints(grid: Grid, row: int, width: int, bounds: Sequence[int]) -> dict[int, int] | None:
    """Column hints (grid column -> value index) for the value slots of ``row``."""
    if not bounds:
        return None
    out: dict[int, int] = {}
    for c in grid.row_cells(row):
        if c.col + c.colspan <= width:
            continue
        start = max(c.col, width)
        idx = bisect_right(bounds, start) - 1
        if idx < 0 or idx in out.values():
            return None
        out[start] = idx
    return out


def table_rows(grid: Grid) -> list[Row]:
    """The layout rows of one table."""
    width = label_width(grid)
    out: list[Row] = []
    bounds: list[int] = []
    in_header = False
    after_header = False
    for r in range(grid.nrows):
        header = _is_header(grid, r, width)
        if header:
            if not in_header:
                bounds = []
            for c in grid.row_cells(r):
                if c.col + c.colspan > width:
                    bounds.append(max(c.col, width))
            bounds = sorted(set(bounds))
        hints = None if header else _hints(grid, r, width, bounds)
        cells: list[Cell] = []
        for c in grid.row_cells(r):
            start = max(c.col, width) if c.col + c.colspan > width else c.col
            origin = c.row == r
            text = clean(c.text) if origin else ""
            prov = Provenance(raw=c.text if origin else "", table=grid.index, row=r, col=c.col)
            column = None if hints is None or c.col + c.colspan <= width else hints.get(start)
            cells.append(Cell(text, prov, column))
        empty = all(not c.text for c in cells)
        # An empty row is kept only where figures are due (right under a header):
        # 表四's one data row printed all blank is a row of zeros, a spacer row is not.
        if not empty or (after_header and not header):
            out.append(Row(tuple(cells)))
        after_header = header
        in_header = header
    return out


def paragraph_row(text: str, *, index: int) -> Row:
    """A paragraph as a row; tab stops separate cells (tables typed with tabs)."""
    parts = [p for p in text.split("\t")] if "\t" in text.strip() else [text]
    return Row(
        tuple(
            Cell(clean(p), Provenance(raw=p, line=index, col=k if len(parts) > 1 else None))
            for k, p in enumerate(parts)
        )
    )


def block_rows(blocks: Iterable[Block]) -> list[Row]:
    """Rows for a whole document: paragraphs as one-cell rows, tables row by row."""
    out: list[Row] = []
    for n, b in enumerate(blocks):
        if isinstance(b, Paragraph):
            if b.text.strip():
                out.append(paragraph_row(b.text, index=n))
        else:
            out.extend(table_rows(b))
    return out


def cell_text(cells: Iterable[GridCell]) -> str:
    return " ".join(clean(c.text) for c in cells)
