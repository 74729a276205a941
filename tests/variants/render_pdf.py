"""Draw a ``Doc`` as a born-digital PDF, the way Word and WPS print it.

The drawing is ``tests/render_pdf.py``'s: its ``Canvas`` lays paragraphs and ruled
tables out on A4 pages with the embedded ``china-s`` font (both PyMuPDF and pdfplumber
read the text back), wraps text inside cells, stretches and splits merged cells and
breaks a long table across pages (the header rows are not repeated). This module only
turns the model's cells (HTML-style, ``doc.slots``) into the canvas's placed cells and
chooses the column widths: label columns wide, figure columns narrow but wide enough for
a five-digit figure and for every figure it prints on one line, the table's text size
lowered a half point at a time until that fits the page (below 7.5 pt, figures wrap in
their cells instead).

The first paragraphs, before the first heading, ``一、`` paragraph or table, are the
title: centred, in the title size.
"""

from __future__ import annotations

from attrs import evolve

from .. import render_pdf as base
from ..render_pdf import PAD, PAGE_W, Canvas, Drawn, Look, width
from .doc import Doc, Para, Table, slots

LOOK = Look(margin=60.0, page_number="-{}-")
FIVE_DIGITS = "99999"
SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)
ONE_LINE_MIN = 7.5  # pt: below this, figures wrap in their cells rather than shrink further
TITLE_MAX = 40  # characters: a longer leading paragraph is prose, not a title line


def _line_width(text: str, size: float) -> float:
    return max((width(part, size) for part in text.split("\n")), default=0.0)


def figure_columns(table: Table) -> list[bool]:
    """For every grid column, whether a figure cell (one with a ``key``) covers it."""
    grid = slots(table)
    ncols = len(grid[0]) if grid else 0
    return [
        any(s is not None and s[0].key is not None for s in (row[k] for row in grid))
        for k in range(ncols)
    ]


def column_widths(
    table: Table, total: float, size: float, *, one_line: bool = True
) -> list[float] | None:
    """Widths (pt) of ``table``'s columns across ``total`` points; None if it cannot fit.

    Every figure column is at least a five-digit figure wide and (``one_line``) every
    figure fits its cell on one line; a label column at least a glyph wide. The room left goes to the
    label columns, in proportion to the width their own (one-column) labels would take
    on one line, up to that width; what remains is shared by all the columns.
    """
    grid = slots(table)
    if not grid or not grid[0]:
        return []
    ncols = len(grid[0])
    figs = figure_columns(table)
    need = [
        (width(FIVE_DIGITS, size) if fig else size) + 2 * PAD for fig in figs
    ]  # the least each column takes
    natural = list(need)  # what each label column would take to print on one line
    for row in grid:
        for k, s in enumerate(row):
            if s is None or not s[1]:
                continue
            cell = s[0]
            text_w = _line_width(cell.text, size) + 2 * PAD
            cols = range(k, min(k + cell.colspan, ncols))
            if cell.key is not None and one_line:  # a figure prints on one line
                short = text_w - sum(need[c] for c in cols)
                for c in cols:
                    need[c] += max(short, 0.0) / len(cols)
            elif cell.key is None and cell.colspan == 1 and not figs[k]:
                natural[k] = max(natural[k], text_w)
    spare = total - sum(need)
    if spare < -0.01:
        return None
    labels = [k for k in range(ncols) if not figs[k]]
    widths = list(need)
    want = sum(natural[k] - need[k] for k in labels)
    if want > 0:
        share = min(1.0, spare / want)
        for k in labels:
            widths[k] += (natural[k] - need[k]) * share
        spare -= want * share
    for k in range(ncols):  # what is left, spread over every column
        widths[k] += spare / ncols
    return widths


def fit(table: Table, total: float) -> tuple[float, list[float]]:
    """The largest text size (and its column widths) at which ``table`` fits ``total`` pt.

    Every figure on one line if that fits at 7.5 pt or more; else figures wrapped too.
    """
    for one_line in (True, False):
        for size in SIZES:
            if one_line and size < ONE_LINE_MIN:
                break
            widths = column_widths(table, total, size, one_line=one_line)
            if widths is not None:
                return size, widths
    raise ValueError(f"table {table.name!r}: its figure columns do not fit the page")


def placed(table: Table) -> base.Table:
    """The canvas's table: every cell placed at its column, with its spans and kind.

    A figure cell is drawn as a figure; a cell that lies wholly over figure columns (a
    column heading) centred; any other cell (a label) from the left.
    """
    grid = slots(table)
    figs = figure_columns(table)
    body: list[list[base.Cell]] = []
    for row in grid:
        cells: list[base.Cell] = []
        for k, s in enumerate(row):
            if s is None or not s[1]:
                continue
            cell = s[0]
            span = min(cell.colspan, len(row) - k)
            rows = min(cell.rowspan, len(grid) - len(body))
            if cell.key is not None:
                kind = "fig"
            elif all(figs[k : k + span]):
                kind = "head"
            else:
                kind = "label"
            cells.append(base.Cell(cell.text, k, span, rows, kind=kind, key=cell.key))
        body.append(cells)
    return base.Table([], [], body, [None] * len(body))


def title_lines(doc: Doc) -> int:
    """How many of the first blocks are title lines."""
    n = 0
    for block in doc.blocks:
        if (
            not isinstance(block, Para)
            or block.heading is not None
            or block.text.startswith("一、")
            or len(block.text) > TITLE_MAX
            or block.text.endswith("。")
        ):
            break
        n += 1
    return n


def render(doc: Doc, look: Look = LOOK) -> tuple[bytes, dict[str, Drawn]]:
    """The PDF (the same bytes every time), and what was drawn for every figure cell."""
    canvas = Canvas(look)
    canvas.new_page()
    total = PAGE_W - 2 * look.margin
    title = title_lines(doc)
    for n, block in enumerate(doc.blocks):
        if isinstance(block, Para):
            if n < title:
                canvas.paragraph(block.text, look.title_size, centred=True)
                if n == title - 1:
                    canvas.y += look.body_size
            else:
                heading = block.heading is not None or block.text[1:2] == "、"
                canvas.paragraph(block.text, look.body_size, indent=0 if heading else 2)
            continue
        size, widths = fit(block, total)
        table = placed(block)
        table.widths = widths
        canvas.look = evolve(look, size=size)
        canvas.table(table)
        canvas.look = look
    drawn = canvas.drawn
    return canvas.finish(stable=True), drawn


def pdf(doc: Doc, look: Look = LOOK) -> bytes:
    """``doc`` printed to PDF."""
    return render(doc, look)[0]
