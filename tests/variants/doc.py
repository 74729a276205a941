"""A printed report as blocks: paragraphs and tables of cells with spans.

The model every variant renderer draws from, so that one damaged document prints the
same labels and figures in every form. A ``Table`` lists, for each row, the cells that
*start* in that row, left to right (HTML's convention); slots covered by a span from a
row above are not listed. ``slots`` resolves the grid.

Each figure cell carries ``key`` = ``"table.row.column"`` (the record path of the value it
prints) so that a damage or a test can find it; label cells have ``key`` None.
"""

from __future__ import annotations

from attrs import evolve, frozen


@frozen
class Cell:
    text: str  # as printed; "\n" is a line break inside the cell
    rowspan: int = 1
    colspan: int = 1
    key: str | None = None  # "table.row.column" of the value a figure cell prints


@frozen
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    name: str = ""  # which statutory table (active_disclosure, applications, review_litigation)

    @property
    def width(self) -> int:
        return max((sum(c.colspan for c in r) for r in self.rows[:1]), default=0) or max(
            (len(row) for row in slots(self)), default=0
        )


@frozen
class Para:
    text: str
    heading: str | None = None  # the statutory table this paragraph heads, if it is a heading


Block = Para | Table


@frozen
class Doc:
    blocks: tuple[Block, ...]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def replace(self, old: Block, new: Block | tuple[Block, ...]) -> Doc:
        """The document with block ``old`` (by identity) replaced by ``new`` (one or several)."""
        out: list[Block] = []
        for b in self.blocks:
            if b is old:
                out.extend(new if isinstance(new, tuple) else (new,))
            else:
                out.append(b)
        return evolve(self, blocks=tuple(out))


def slots(table: Table) -> list[list[tuple[Cell, bool] | None]]:
    """The resolved grid: ``(cell, origin)`` for every slot, origin True where the cell starts.

    A slot no cell covers (a short row) is None.
    """
    grid: dict[tuple[int, int], tuple[Cell, bool]] = {}
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row:
            while (r, col) in grid:
                col += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid.setdefault((r + dr, col + dc), (cell, dr == 0 and dc == 0))
            col += cell.colspan
    nrows = len(table.rows)
    ncols = max((k for _, k in grid), default=-1) + 1
    return [[grid.get((r, k)) for k in range(ncols)] for r in range(nrows)]
