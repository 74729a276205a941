"""PDF words outside any ruled grid: body text lines, or a table with no rules.

* **Header**: up to 14 lines (labels written a character a line) whose column
  clusters -- wrapped labels stacked in one column, group labels (``行政复议``)
  kept apart -- name a table's columns; the fewest lines naming the most
  columns. A header that runs to the foot of a page without naming every column
  is carried to the next page and joined with the top of it by x-range
  (``商业`` / ``企业``, ``总`` / ``计``). 表四's columns are put in their groups by
  order. Columns are widened to the midpoints between neighbours.
* **Rows**: cut by horizontal rules where some run across the value columns;
  otherwise a line starts a row when its own label (the rightmost label
  block) starts with its numbering, starts at another x, or does not continue
  the label above (read together they are not the start of a catalog label,
  and the line above did not run to the labels' right edge), or when its
  figures fall in a column the row has. Group-label fragments join the nearest
  row. A row with nothing printed in a column reads it as blank (0).
* **Blank rows**: a 表二 row naming its row with no figure, and 表四's row when its
  header is followed only by the next heading (``unruled_blank_row``).
* **Tight columns**: labels and figures of neighbouring columns printed under 0.45 em
  apart are joined by word building; a header word of several labels' pieces
  (``_split``), a blank mark and a figure (``_mark_split``) and a group-label
  character before a row label (``_cut_at_starts``) are split where the page shows.
* **Two readings**: see ``_two_readings``.

Every such row is flagged (``unruled_alignment``): nothing confirms the columns.
Page numbers (``-4-``, ``- 4 -``, ``— 4 —``, ``第4页``) are dropped.

The reader's parts: ``pdf_unruled_lines`` (text lines, page numbers, headings),
``pdf_unruled_header`` (the column model from the header), ``pdf_unruled_rows`` (a
table's lines into rows) and ``pdf_unruled_readings`` (figures across a column
border). This module walks a page's lines with them (``free_bands``); the names the
tests use are imported here.
"""

from __future__ import annotations

from collections.abc import Sequence

from gxparse import catalog as cat
from gxparse.layout import Cell, Row
from gxparse.readers.pdf_table import TOL, Band, State, box_of, prov
from gxparse.readers.pdf_unruled_header import _column_clusters as _column_clusters
from gxparse.readers.pdf_unruled_header import _group_start, _header, _widen
from gxparse.readers.pdf_unruled_header import _regroup as _regroup
from gxparse.readers.pdf_unruled_header import _split as _split
from gxparse.readers.pdf_unruled_lines import _PAGE_NUMBER, _lines, _PageLines
from gxparse.readers.pdf_unruled_lines import is_page_number as is_page_number
from gxparse.readers.pdf_unruled_lines import is_table_heading as is_table_heading
from gxparse.readers.pdf_unruled_lines import line_text as line_text
from gxparse.readers.pdf_unruled_readings import _two_readings as _two_readings
from gxparse.readers.pdf_unruled_rows import _continues as _continues
from gxparse.readers.pdf_unruled_rows import _cut_at_starts as _cut_at_starts
from gxparse.readers.pdf_unruled_rows import _fragment as _fragment
from gxparse.readers.pdf_unruled_rows import _joined_starts as _joined_starts
from gxparse.readers.pdf_unruled_rows import _label_blocks as _label_blocks
from gxparse.readers.pdf_unruled_rows import _Line as _Line
from gxparse.readers.pdf_unruled_rows import _mark_split as _mark_split
from gxparse.readers.pdf_unruled_rows import _marks_apart, _table_piece, _table_rows
from gxparse.readers.pdf_unruled_rows import _row_labels_of as _row_labels_of
from gxparse.record import ReportWarning
from gxparse.sources.pdf import Page, Rule, Word


def coarse_grid(x0: float, x1: float, vrules: Sequence[Rule]) -> bool:
    """Whether rules enclose a table without parting its columns (only a frame, or a
    frame and horizontal rules): no vertical rule inside the frame.

    Such a grid cannot say which column a word is in, so its words are read as an
    unruled table (its horizontal rules still part the rows).
    """
    inner = {round(v.x0) for v in vrules if x0 + 3 * TOL < v.x0 < x1 - 3 * TOL}
    return not inner


def _blank_review(
    page: Page, lines: list[list[Word]], end: int, state: State, facts: _PageLines
) -> Band | None:
    """表四's row with every cell blank (zeros left blank): a complete 表四 header followed
    by the next heading, with no figure between, on a page with no rules to show the row.
    Read as zeros, flagged: nothing but the template says the row is there."""
    model = state.model
    if model is None or model.kind != cat.REVIEW or not model.complete or end == 0:
        return None
    below_header = next((ln for ln in lines[end:] if not facts(ln).page_number), None)
    above = max(w.bottom for w in lines[end - 1])
    if below_header is None:
        state.open_review = Band(page.number, above, above + 1, [], {}, model, unruled=True)
        return None
    if not facts(below_header).heading:
        return None
    below = min(w.top for w in below_header)
    band = Band(page.number, above, max(above, below - 1), [], {}, model, unruled=True)
    _blank_warning(band, state)
    return band


def _blank_warning(band: Band, state: State) -> None:
    state.warnings.append(
        ReportWarning(
            "unruled_blank_row",
            f"page {band.page}: 表四's header is followed by no figure and no rule, only the "
            "next heading: its row is read as blank cells (0), which nothing but the "
            "template confirms",
            cat.REVIEW,
        )
    )


def _open_review(
    page: Page, lines: list[list[Word]], state: State, facts: _PageLines
) -> Band | None:
    """The blank 表四 row left open at the foot of the page before, when this page opens
    with the next heading (no rule, no figure above it)."""
    band, state.open_review = state.open_review, None
    if band is None:
        return None
    first = next((ln for ln in lines if not facts(ln).page_number), None)
    if first is None or not facts(first).heading:
        return None
    top = min(w.top for w in first)
    if any(r.y0 < top for r in page.hrules) or state.model is not band.model:
        return None
    _blank_warning(band, state)
    return band


def free_bands(page: Page, words: list[Word], state: State) -> list[tuple[float, Row | Band]]:
    """Words outside any grid: body text lines, or an unruled table aligned on its header."""
    out: list[tuple[float, Row | Band]] = []
    lines = _lines(words)
    facts = _PageLines(page)
    blank = _open_review(page, lines, state, facts)
    if blank is not None:
        out.append((-1.0, blank))
    i = 0
    first = True  # no figure seen on this page yet
    while i < len(lines):
        if state.model is not None:
            lines[i] = _marks_apart(lines[i], state.model)
        line = lines[i]
        said = facts(line)
        # an unruled header: a few lines (up to the first with a figure) whose column
        # clusters name a table's columns; the fewest lines naming the most columns
        if (len(line) >= 2 or _group_start(said.text)) and not said.figured:
            found, end, carry, body, cells = _header(page, lines, i, state, first, facts)
            hdr = [*carry, *body]
            if found is not None:
                state.model = _widen(found)
                band = Band(
                    page.number,
                    min(w.top for w in hdr),
                    max(w.bottom for w in hdr),
                    [],
                    {},
                    state.model,
                    True,
                    cells,
                )
                out.append((band.top, band))
                blank = _blank_review(page, lines, end, state, facts)
                if blank is not None:
                    out.append((blank.top, blank))
                i = end
                continue
        if said.figured and not said.page_number:
            first = False
        model = state.model
        if model is not None and not said.heading and not said.page_number:
            # the rows of an unruled table: figure lines and the label lines around them
            piece = _table_piece(lines, i, model, facts)
            if piece is not None:
                j, figures = piece
                block = [ln for ln in lines[i:j] if not facts(ln).page_number]
                if (
                    figures
                    or model.kind == cat.APPLICATIONS
                    or (
                        model.kind == cat.ACTIVE and any(facts(ln).names_active_row for ln in block)
                    )
                ):
                    bands = _table_rows(page, block, model, state)
                    out.extend((b.top, b) for b in bands)
                    i = j
                    continue
        if said.page_number and _PAGE_NUMBER.match("".join(w.text for w in line).strip()):
            i += 1
            continue
        if said.heading:
            state.reset()
        top = min(w.top for w in line)
        cell = Cell(said.text, prov(said.text, page.number, box_of(line)))
        out.append((top, Row((cell,))))
        i += 1
    return out
