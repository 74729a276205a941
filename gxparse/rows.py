"""A row of cells -> the catalog row it prints and its value cells.

Shared by the table finder (``locate``) and the table readers (``assemble``): a row's
label cells are the text cells before its figures; the label is matched against the
catalog by closeness (``labels.best``), and the cells after it are the row's values,
placed by the reader's column hints or by position (``align``).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from gxparse.labels import PREFIX, best, core, has_word, label_text, nfkc
from gxparse.layout import Cell, Row
from gxparse.numbers import Kind, cell_kind

Match = tuple[str | None, float, list[Cell]]


def split_row(row: Row) -> tuple[list[Cell], list[Cell]]:
    """Leading label cells and the value cells after the last label cell.

    The label cells are the non-empty text cells before the first figure, or
    before the first text of digits with no word (``6 8``, ``65 / 18``): a
    malformed figure, never a label. The label ends at its last cell that can be
    one (``labels.label_text``): a text with no word after it (``NaN``, ``1e5``,
    ``？``, ``一二``) stands where the first figures belong and is a value cell,
    read as no number in its column, so the figures after it keep their columns.
    One pass over the row finds both.
    """
    cells = row.cells
    labels: list[Cell] = []
    end = 0  # just after the last label cell
    kept, kept_end = 0, 0  # the same, up to the last cell that can be a label
    for i, c in enumerate(cells):
        kind = c.kind
        if kind is Kind.NUMBER:
            break
        if kind is Kind.TEXT:
            text = c.text
            if not core(text) and any(ch.isdigit() for ch in text):
                break  # digits with no word
            if text.strip():  # not ``c.empty``
                labels.append(c)
                end = i + 1
                if label_text(text):
                    kept, kept_end = len(labels), end
    if 0 < kept < len(labels):  # text with no word after the label: figures printed wrong
        return labels[:kept], list(cells[kept_end:])
    return labels, list(cells[end:])


def misprint(text: str) -> bool:
    """Text that is no figure nor blank mark and can be no label (``NaN``, ``1e5``,
    ``#REF!``, ``？``, ``一二``): among a row's cells, a figure printed wrong -- a cell of
    its column that reads as no number."""
    return cell_kind(text) is Kind.TEXT and not label_text(text)


def unlabelled_values(row: Row) -> list[Cell]:
    """The value cells of a row that prints figures under no label of its own (表四's
    row of figures): as ``split_row``'s, except that when no text cell before the
    figures can be a label, those cells are figures printed wrong, in their columns."""
    labels, values = split_row(row)
    if labels and not any(label_text(c.text) for c in labels):
        return list(row.cells)
    return values


def _label_match(
    labels: Sequence[Cell], candidates: Sequence[tuple[str, tuple[str, ...]]]
) -> tuple[str | None, float]:
    key, s = best(labels[-1].text, candidates)
    if s >= PREFIX or len(labels) == 1:
        return key, s
    joined_key, js = best("".join(c.text for c in labels), candidates)
    return (joined_key, js) if js > s else (key, s)


_SENTENCE = regex.compile(r"[。；;！？]\s*$")


def match_row(
    row: Row,
    candidates: Sequence[tuple[str, tuple[str, ...]]],
    threshold: float,
    split: tuple[list[Cell], list[Cell]] | None = None,
) -> tuple[str | None, float, list[Cell]]:
    """The row's key, match score and value cells.

    The label is normally every text cell before the figures; when that names
    no row, the rightmost text cells are taken for malformed figures
    (``六十九``, ``22件）``) and shorter label prefixes are tried, so the bad
    cell stays in its column and is reported rather than shifting the row.
    ``split``: ``split_row(row)``, if worked out already.
    """
    labels, values = split_row(row) if split is None else split
    if row.header or not labels or _SENTENCE.search(labels[-1].text):
        return None, 0.0, values  # a table's header, no label, or a sentence of body text
    for j in range(len(labels), 0, -1):
        key, s = _label_match(labels[:j], candidates)
        if key is not None and s >= threshold:
            start = next(i for i, c in enumerate(row.cells) if c is labels[j - 1]) + 1
            after = list(row.cells[start:])
            if j == len(labels) and all(c.empty for c in after):
                run = _glued_figures(labels[-1])
                if run is not None:
                    return key, s, [run]
            return key, s, after
    return None, 0.0, values


_GLUED = regex.compile(r"^(?P<label>.*[^\d\s.,，])(?P<run>\d+)$")


def _glued_figures(label: Cell) -> Cell | None:
    """The figures printed onto the end of a label with no separator (``规章000``), as one
    run of digits for the reader to part (``assemble.unglue``); None if there are none.
    Digits that end a word-less token (``1e5``, ``#REF!5``, after the label and a space)
    end a figure printed wrong, not a label."""
    m = _GLUED.match(nfkc(label.text).strip())
    if m is None or not core(m["label"]) or not has_word(m["label"].split()[-1]):
        return None
    return Cell(m["run"], attrs.evolve(label.prov, raw=m["run"]), glued=True)


def align(values: Sequence[Cell], n: int) -> list[list[Cell | None]]:
    """Positional readings of ``values`` as ``n`` columns.

    Cells with column hints are placed by their hints (one reading). Otherwise
    every offset that drops only empty cells is a reading; a row with fewer
    cells than columns has none.
    """
    if values and all(c.column is not None for c in values if not c.empty):
        placed: list[Cell | None] = [None] * n
        for c in values:
            if c.column is not None and 0 <= c.column < n and (not c.empty or not placed[c.column]):
                placed[c.column] = c
        return [placed]
    extra = len(values) - n
    if extra < 0:
        return []
    out: list[list[Cell | None]] = []
    for off in range(extra + 1):
        dropped = [*values[:off], *values[off + n :]]
        if all(c.empty for c in dropped):
            out.append(list(values[off : off + n]))
    return out
