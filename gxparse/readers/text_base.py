"""What the plain-text readers share: the document check, the report signal, assembly.

A text reader says how its layout shows in the lines (``layout_score``) and
how its lines become rows (``rows``); everything else is the same. Layouts that
print one cell a line with row boundaries not marked share ``cell_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from gxparse.assemble import Extraction, assemble
from gxparse.errors import ReaderError
from gxparse.labels import label_text
from gxparse.layout import Cell, Row
from gxparse.numbers import Kind
from gxparse.readers.base import Detection, report_signal
from gxparse.readers.column_labels import is_column_label
from gxparse.sources.base import Document
from gxparse.sources.text import TextDocument


def is_label(cell: Cell) -> bool:
    """A label cell: text that can be a label (``labels.label_text``: a word in it, or
    numbering). Other text -- digits with no word (``? 0``), ``NaN``, ``#REF!``, ``？``,
    ``一二`` -- is a figure printed wrong, a cell of the row it stands in."""
    if cell.kind is not Kind.TEXT or cell.empty:
        return False
    return label_text(cell.text)


def _close(labels: list[Cell], values: list[Cell]) -> list[Row]:
    """The rows of one rebuilt run: a header cut off at its last column label, then the row."""
    if not values:
        return [Row(tuple(labels))] if labels else []
    cut = max((k + 1 for k, c in enumerate(labels) if is_column_label(c.text)), default=0)
    out = [Row(tuple(labels[:cut]), header=True)] if cut else []
    out.append(Row(tuple(labels[cut:]) + tuple(values)))
    return out


def cell_rows(cells: Iterable[Cell]) -> list[Row]:
    """Rows rebuilt from cells in reading order (form b): a label after a figure starts a row."""
    out: list[Row] = []
    labels: list[Cell] = []
    values: list[Cell] = []
    for c in cells:
        if is_label(c):
            if values:
                out += _close(labels, values)
                labels, values = [], []
            labels.append(c)
        else:
            values.append(c)
    out += _close(labels, values)
    return out


class TextReader:
    name: ClassVar[str]
    formats: ClassVar[tuple[str, ...]] = ("text",)

    def layout_score(self, lines: list[str]) -> Detection:
        """How much the lines look like this layout (0-1), ignoring whether it is a report."""
        raise NotImplementedError

    def rows(self, lines: list[str]) -> list[Row]:
        raise NotImplementedError

    def detect(self, doc: Document) -> Detection:
        if not isinstance(doc, TextDocument):
            return Detection.no("not a text document")
        signal = report_signal(doc.text)
        if signal == 0:
            return Detection.no("no report table landmarks in the text")
        layout = self.layout_score(doc.lines)
        if layout.score == 0:
            return layout
        return Detection(
            round(layout.score * signal, 3), (*layout.reasons, f"landmarks {signal:.2f}")
        )

    def read(self, doc: Document) -> Extraction:
        if not isinstance(doc, TextDocument):
            raise ReaderError(f"{self.name} reads text documents only")
        return assemble(self.rows(doc.lines), path=doc.path)
