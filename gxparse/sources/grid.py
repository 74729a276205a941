"""Tables as grids: what the DOCX and HTML sources hand to their readers.

A Word or HTML table is a set of cells, each anchored at a grid row and
column and covering ``rowspan`` x ``colspan`` slots once merges (Word's
``gridSpan``/``vMerge``, HTML's ``rowspan``/``colspan``) are resolved. A
document is a sequence of *blocks* in reading order: paragraphs of text and
tables. Nothing here knows about reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import field, frozen

# Spans beyond this are treated as typos (colspan="1000" exists in the wild).
MAX_SPAN = 64
# A cell placed beyond this column (Word's gridBefore of 10**9) is put here: no report
# table is this wide, and a grid is walked column by column.
MAX_COLUMN = 1024


@frozen
class GridCell:
    """One cell: its printed text and the slots it covers."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@frozen
class Grid:
    """A table with its merges resolved; ``index`` counts tables in document order (from 0)."""

    index: int
    cells: tuple[GridCell, ...]
    nrows: int
    ncols: int
    _slots: dict[tuple[int, int], GridCell] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        slots: dict[tuple[int, int], GridCell] = {}
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    slots.setdefault((r, k), c)
        object.__setattr__(self, "_slots", slots)

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell covering slot ``(row, col)``, if any."""
        return self._slots.get((row, col))

    def row_cells(self, row: int) -> list[GridCell]:
        """Cells covering grid row ``row``, left to right, each once."""
        out: list[GridCell] = []
        for k in range(self.ncols):
            c = self._slots.get((row, k))
            if c is not None and (not out or out[-1] is not c):
                out.append(c)
        return out


@frozen
class Paragraph:
    """A paragraph of body text (a heading, the title, prose)."""

    text: str
    link: bool = False  # HTML: the text is all inside a link (a list of other reports)


Block = Paragraph | Grid


class CellBudget:
    """The table slots a document may still fill (``Limits.max_cells``), counted as placed."""

    def __init__(self, path: str | None = None) -> None:
        from gxparse import limits

        self.path = path
        self.left = limits.current().max_cells

    def spend(self, slots: int) -> None:
        self.left -= slots
        if self.left < 0:
            from gxparse import limits

            raise limits.refuse("the number of table cells", None, "max_cells", path=self.path)


class GridBuilder:
    """Place cells row by row, skipping slots taken by cells from rows above.

    ``add(text, rowspan, colspan)`` puts a cell at the next free column of the
    current row (HTML rules); ``place`` puts it at a given column (Word, where
    the grid column is known). ``extend_down`` grows the cell above a column by
    one row (Word's ``vMerge`` continuation).
    """

    def __init__(self, index: int, budget: CellBudget | None = None) -> None:
        self.index = index
        self.budget = budget
        self.cells: list[GridCell] = []
        self.taken: dict[tuple[int, int], int] = {}  # slot -> position in self.cells
        self.row = -1
        self.col = 0

    def new_row(self) -> None:
        self.row += 1
        self.col = 0

    def add(self, text: str, rowspan: int = 1, colspan: int = 1) -> None:
        while (self.row, self.col) in self.taken:
            self.col += 1
        self.place(text, self.col, rowspan, colspan)

    def place(self, text: str, col: int, rowspan: int = 1, colspan: int = 1) -> None:
        rowspan = max(1, min(rowspan, MAX_SPAN))
        colspan = max(1, min(colspan, MAX_SPAN))
        col = max(0, min(col, MAX_COLUMN))
        if self.budget is not None:
            self.budget.spend(rowspan * colspan)
        n = len(self.cells)
        self.cells.append(GridCell(text, self.row, col, rowspan, colspan))
        for r in range(self.row, self.row + rowspan):
            for k in range(col, col + colspan):
                self.taken.setdefault((r, k), n)
        self.col = col + colspan

    def extend_down(self, col: int, colspan: int = 1) -> bool:
        """Merge slot ``(row, col)`` into the cell above it; False if there is none."""
        above = self.taken.get((self.row - 1, col))
        if above is None:
            return False
        cell = self.cells[above]
        if cell.row + cell.rowspan != self.row:
            return False
        self.cells[above] = GridCell(cell.text, cell.row, cell.col, cell.rowspan + 1, cell.colspan)
        for k in range(cell.col, cell.col + cell.colspan):
            self.taken.setdefault((self.row, k), above)
        for k in range(col, col + colspan):
            self.taken.setdefault((self.row, k), above)
        self.col = max(col + colspan, cell.col + cell.colspan)
        return True

    def build(self, *, nrows: int | None = None) -> Grid:
        rows = self.row + 1 if nrows is None else nrows
        cells = [
            GridCell(c.text, c.row, c.col, min(c.rowspan, rows - c.row), c.colspan)
            for c in self.cells
            if c.row < rows
        ]
        ncols = max((c.col + c.colspan for c in cells), default=0)
        return Grid(self.index, tuple(cells), rows, ncols)


def text_of(blocks: Iterable[Block]) -> str:
    """All the text of ``blocks``, one line per paragraph or table row (for detection)."""
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            lines.append(b.text)
        else:
            for r in range(b.nrows):
                lines.append("\t".join(c.text for c in b.row_cells(r)))
    return "\n".join(lines)


def grids(blocks: Sequence[Block]) -> list[Grid]:
    return [b for b in blocks if isinstance(b, Grid)]
