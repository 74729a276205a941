"""What readers hand to the table assembler: rows of cells in document order.

A *cell* is printed text with its provenance; a *row* is the cells a reader
found on one line of a table (or one paragraph of body text). Readers that
know the column of a figure from geometry or table structure say so with
``column`` (the index among the table's value columns); readers that only
know the order of cells leave it ``None`` and the assembler aligns by
position. ``sparse`` marks rows whose blank cells may have vanished (figures
separated by spaces in flattened text), where position alone proves nothing
unless every column is present. A ``glued`` cell holds the figures of several
columns run together with no separator (text pasted from a page that lost its
cell borders: ``规章000``); only the template's column count and the rules can
part them. ``header`` marks a row the reader knows to be
a table's header (its cells name columns): the assembler reads no table row
from it, whatever its cells say (a header cut by a page break can leave a
column label such as ``其他`` looking like a row label).
"""

from __future__ import annotations

from functools import cached_property

from attrs import frozen

from gxparse.labels import clean
from gxparse.numbers import Kind, cell_kind
from gxparse.record import Provenance


@frozen
class Cell:
    text: str
    prov: Provenance
    column: int | None = None
    glued: bool = False  # a run of figures printed with no separator (规章000), to be parted

    @cached_property
    def kind(self) -> Kind:
        """TEXT for a label, BLANK for an empty/zero marker, NUMBER for a figure."""
        return cell_kind(self.text)

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@frozen
class Row:
    cells: tuple[Cell, ...]
    sparse: bool = False
    header: bool = False

    @cached_property
    def text(self) -> str:
        """The cells' texts, each ``clean``, joined by a space (empty cells left out)."""
        texts = [c.text for c in self.cells]
        joined = " ".join(texts)
        if "[" in joined:  # export noise, taken out cell by cell
            return " ".join(clean(t) for t in texts if t.strip())
        return " ".join(joined.split())  # what cleaning each cell and joining them gives
