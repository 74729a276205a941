"""Markdown pipe tables (GFM), as OCR and document-conversion tools give them.

Each pipe table becomes a ``Grid`` and is read as DOCX and HTML grids are
(``readers.grid.table_rows``: one row per grid row, column hints from the
header), so the three readers share one header logic. Paragraphs (headings,
bold, list items) become one-cell rows with their markup stripped
(``sources.markdown``).

Markdown has no merged cells; converters print a merged cell's text either
in every slot it covered or in its first slot with the others empty. Both
are turned back into the merge:

* **repeated**: a run of equal label cells in a row is one cell spanning the
  run (``| 申请人情况 | 申请人情况 | …``), so a repeated label is one column
  label and one row label. A run of equal figures is one cell only where a
  single header cell spans the run above it (表二's ``行政许可 | 6 | 6 | 6``
  under ``本年处理决定数量`` printed over three slots), so a figure is not read
  twice while ``规章 | 0 | 0 | 0`` under three headers stays three cells.
* **empty**: in a header row (one holding a catalog column label and no
  figure), an empty slot belongs to the header cell above it when that cell's
  whole width is empty in this row (a cell spanning two header rows:
  自然人, 总计), else to the cell on its left in this row (a cell spanning
  columns: 法人或其他组织). In other rows, an empty slot under the same
  header cell as the filled slot on its left belongs to that cell (a label
  spanning the label columns under 表三's note, 表二's 本年增/减 figure under
  its two-slot header); other empty slots stay blank cells, which is what
  they print.
"""

from __future__ import annotations

from typing import ClassVar

from attrs import define

from gxparse.labels import clean
from gxparse.layout import Cell, Row
from gxparse.readers.base import Detection
from gxparse.readers.column_labels import is_column_label
from gxparse.readers.grid import paragraph_row, table_rows
from gxparse.readers.text_base import TextReader, is_label
from gxparse.record import Provenance
from gxparse.sources.grid import Grid, GridCell
from gxparse.sources.markdown import MdTable, blocks, table_lines


@define
class _Span:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def _label(text: str) -> bool:
    return is_label(Cell(text, Provenance(raw=text)))


def _header_row(texts: tuple[str, ...]) -> bool:
    """A row holding a column label and no figure."""
    return all(not t or _label(t) for t in texts) and any(is_column_label(t) for t in texts)


def to_grid(table: MdTable, index: int) -> Grid:
    """The grid of a pipe table, with repeated or emptied merged cells merged again."""
    spans: list[_Span] = []
    slot: dict[tuple[int, int], int] = {}
    head: dict[int, int] = {}  # slot -> the header cell over it (latest header row)
    prev_header = False
    for r, texts in enumerate(table.rows):
        header = _header_row(texts)
        width = len(texts)
        k = 0
        while k < width:
            if (r, k) in slot:
                k += 1
                continue
            text = texts[k]
            if not text and header and _fill(spans, slot, texts, r, k, prev_header):
                k += 1
                continue
            left = slot.get((r, k - 1))
            if (
                not text
                and not header
                and left is not None
                and spans[left].row == r
                and spans[left].text
                and k in head
                and head.get(k - 1) == head[k]
            ):
                spans[left].colspan += 1  # an emptied slot of a cell under one header cell
                slot[(r, k)] = left
                k += 1
                continue
            end = k + 1
            if text:
                label = _label(text)
                while (
                    end < width
                    and texts[end] == text
                    and (r, end) not in slot
                    and (label or (k in head and head.get(end) == head[k]))
                ):
                    end += 1
            spans.append(_Span(text, r, k, colspan=end - k))
            for c in range(k, end):
                slot[(r, c)] = len(spans) - 1
            k = end
        if header:
            head = {c: slot[(r, c)] for c in range(width) if (r, c) in slot}
        prev_header = header
    cells = tuple(GridCell(s.text, s.row, s.col, s.rowspan, s.colspan) for s in spans)
    ncols = max((len(t) for t in table.rows), default=0)
    return Grid(index, cells, len(table.rows), ncols)


def _fill(
    spans: list[_Span],
    slot: dict[tuple[int, int], int],
    texts: tuple[str, ...],
    r: int,
    k: int,
    prev_header: bool,
) -> bool:
    """Give the empty slot ``(r, k)`` of a header row to the merged cell it belongs to."""
    above = slot.get((r - 1, k))
    if prev_header and above is not None and spans[above].text:
        s = spans[above]
        cols = range(s.col, s.col + s.colspan)
        if s.row + s.rowspan == r and all(
            c < len(texts) and not texts[c] and (r, c) not in slot for c in cols
        ):
            s.rowspan += 1
            for c in cols:
                slot[(r, c)] = above
            return True
    left = slot.get((r, k - 1))
    if left is not None and spans[left].row == r and spans[left].text:
        spans[left].colspan += 1
        slot[(r, k)] = left
        return True
    return False


def rows(lines: list[str]) -> list[Row]:
    out: list[Row] = []
    index = 0
    for block in blocks(lines):
        if isinstance(block, MdTable):
            out.extend(table_rows(to_grid(block, index)))
            index += 1
        else:
            out.append(paragraph_row(clean(block.text), index=block.line))
    return out


class MarkdownTextReader(TextReader):
    name: ClassVar[str] = "text-markdown"

    def layout_score(self, lines: list[str]) -> Detection:
        inside = len(table_lines(lines))
        if inside < 5:
            return Detection.no(f"only {inside} lines of Markdown pipe tables")
        return Detection(min(1.0, inside / 20), (f"{inside} lines of Markdown pipe tables",))

    def rows(self, lines: list[str]) -> list[Row]:
        return rows(lines)
