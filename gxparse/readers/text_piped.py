"""Web copy of a portal page's tables, cells joined by ``|`` (real_variants §6, forms b and a).

What people paste from a report page. Two shapes, often in one document:

* **one cell a line** (form b), each line ending in `` |`` (or a tab, or followed by
  a line holding the pipe alone), with spacer
  lines of pipes alone (``||||``) and row boundaries not marked. Rows are rebuilt:
  a label cell that follows a figure or blank cell starts a new row; label cells
  that follow label cells join it (group label + row label: ``三、本年度办理结果 |``
  then ``（一）予以公开 |`` then the figures). A line holding only `` |`` is a blank
  cell and keeps its place. A run of label cells that holds a table's column
  labels (a header with the first row's label after it: 表三's 申请人情况…其他 then
  一、本年新收…) is cut after the last column label: the header becomes a row of
  its own (``Row.header``), and 表四's figures are not swallowed by its header.
* **one table row a line** (form a), cells separated by `` | ``, with variable
  ``|||`` padding (``| 0 | ||||||||``). A field holding a space (``| |``) is a blank
  cell; an empty field (two pipes touching) is padding of unknown width: it is
  dropped, and a row with padding between two of its figures is *sparse* (its
  figures are trusted by position only when every column is present). Padding
  among the labels or after the last cell moves no figure.

Markdown tables (a ``|---|`` delimiter line under the header) are left to
``text-markdown``: their cells keep every position.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from gxparse.labels import clean
from gxparse.layout import Cell, Row
from gxparse.readers.base import Detection
from gxparse.readers.text_base import TextReader, cell_rows, is_label
from gxparse.record import Provenance
from gxparse.sources.markdown import is_delimiter, table_lines

# One cell on a line: text with no pipe or tab, closed by a pipe or a tab.
_CELL_LINE = regex.compile(r"[ \u3000\xa0]*([^|\t]*[^|\t\s])[ \u3000\xa0]*[|\t][ \u3000\xa0]*")
_SPACES = " \u3000\xa0"


def _cell(text: str, line: int, col: int | None = None) -> Cell:
    t = clean(text)
    return Cell(t, Provenance(raw=t, line=line, col=col))


def _kind(line: str) -> str:
    """``cell``, ``blank`` (a blank cell), ``spacer``, ``row``, ``text`` or ``empty``."""
    stripped = line.strip(_SPACES)
    if not stripped.strip():
        return "blank" if stripped == "\t" else "empty"
    if stripped == "|":
        return "blank"
    if _CELL_LINE.fullmatch(line):
        return "cell"
    if "|" not in line:
        return "text"
    if not stripped.replace("|", ""):
        return "spacer"  # pipes touching: a row of blank cells has spaces between them
    return "row"


def line_kinds(lines: list[str]) -> list[str]:
    """Each line's kind; a text line closed by a pipe on the next line is ``open`` (a cell)
    and that pipe its ``closer`` (``規章`` / ``|`` / ``0`` / ``|``, a page's stored text)."""
    kinds = [_kind(line) for line in lines]
    for i in range(len(kinds) - 1):
        if kinds[i] == "text" and kinds[i + 1] == "blank" and lines[i + 1].strip() == "|":
            kinds[i], kinds[i + 1] = "open", "closer"
    return kinds


def _fields(line: str) -> tuple[list[str], list[int]]:
    """A form-(a) line's cell texts and where padding was dropped (index of the next cell).

    A pipe that opens the line is a border; spaces before the first pipe are a blank cell."""
    s = line.rstrip()
    parts = s.split("|")
    if s.startswith("|"):
        parts = parts[1:]
    if s.endswith("|"):
        parts = parts[:-1]
    cells: list[str] = []
    pads: list[int] = []
    for p in parts:
        if p == "":
            pads.append(len(cells))
        else:
            cells.append(p)
    return cells, pads


def table_row(line: str, n: int) -> Row:
    """One form-(a) line as a row; sparse when padding sits between two of its figures.

    Padding among the labels (a label spanning columns), between the label and the
    first figure, or after the last cell moves no figure from its column."""
    texts, pads = _fields(line)
    cells = tuple(_cell(t, n, k) for k, t in enumerate(texts))
    labels = [k for k, c in enumerate(cells) if is_label(c)]
    first_value = labels[-1] + 1 if labels else 0
    sparse = any(first_value < p < len(cells) for p in pads)
    return Row(cells, sparse=sparse)


def rows(lines: list[str]) -> list[Row]:
    out: list[Row] = []
    run: list[Cell] = []

    def flush() -> None:
        out.extend(cell_rows(run))
        run.clear()

    kinds = line_kinds(lines)
    for n, (line, kind) in enumerate(zip(lines, kinds, strict=True), start=1):
        if kind in ("empty", "spacer", "closer"):
            continue  # rows are not marked: blank and spacer lines close nothing
        if kind == "open":
            run.append(_cell(line, n))
        elif kind == "cell":
            m = _CELL_LINE.fullmatch(line)
            assert m is not None
            run.append(_cell(m[1], n))
        elif kind == "blank":
            run.append(_cell("", n))
        else:
            flush()
            if kind == "text":
                out.append(Row((_cell(line, n),)))
            elif not is_delimiter(line):
                out.append(table_row(line, n))
    flush()
    return out


class PipedTextReader(TextReader):
    name: ClassVar[str] = "text-piped"

    def layout_score(self, lines: list[str]) -> Detection:
        markdown = table_lines(lines)
        kinds = [k for n, k in enumerate(line_kinds(lines)) if n not in markdown]
        cells = kinds.count("cell") + kinds.count("open")
        table_rows = kinds.count("row")
        piped = cells + table_rows
        if piped < 5:
            return Detection.no(
                f"only {piped} lines of cells closed by '|' (Markdown tables aside)"
            )
        indented = sum(1 for line in lines if line.startswith("\t") and line.strip())
        if indented > piped:
            return Detection.no(f"{indented} tab-indented lines: one cell a line without pipes")
        score = min(1.0, piped / 30) * (0.95 if len(markdown) < piped else 0.4)
        return Detection(
            round(score, 3), (f"{cells} one-cell lines and {table_rows} rows closed by '|'",)
        )

    def rows(self, lines: list[str]) -> list[Row]:
        return rows(lines)
