"""Text flattened from a PDF, lines broken as the page broke them (seed 003).

Labels wrap over several lines (``（三）不`` / ``予公开``), header words split
(``自然`` / ``人``), a row's figures sit space-separated at the end of its
last label line or on a line of their own, and blank cells have vanished.
A row is the label lines gathered since the previous row plus the figures
that close them; rows are *sparse*: their figures are trusted by position
only when every column is present.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from gxparse.labels import clean
from gxparse.layout import Cell, Row
from gxparse.numbers import is_number_token
from gxparse.readers.base import Detection
from gxparse.readers.text_base import TextReader
from gxparse.record import Provenance

_MAX_LABEL_LINES = 6
_SENTENCE_END = regex.compile(r"[。；;！？]$")


def split_figures(line: str) -> tuple[str, list[str]]:
    """A line's label text and the figures that end it."""
    tokens = line.split()
    k = len(tokens)
    while k > 0 and is_number_token(tokens[k - 1]):
        k -= 1
    return " ".join(tokens[:k]), tokens[k:]


class WrappedTextReader(TextReader):
    name: ClassVar[str] = "text-wrapped"

    def layout_score(self, lines: list[str]) -> Detection:
        figure_rows = sum(
            1 for line in lines if "\t" not in line and len(split_figures(line)[1]) >= 3
        )
        tabbed = sum(1 for line in lines if "\t" in line)
        if figure_rows < 5:
            return Detection.no(f"only {figure_rows} lines end in space-separated figures")
        score = min(1.0, figure_rows / 25) * (0.9 if tabbed < 5 else 0.3)
        return Detection(score, (f"{figure_rows} lines end in space-separated figures",))

    def rows(self, lines: list[str]) -> list[Row]:
        return rows(lines)


def rows(lines: list[str]) -> list[Row]:
    out: list[Row] = []
    pending: list[Cell] = []
    for n, line in enumerate(lines, start=1):
        text = clean(line)
        if not text:
            continue
        label, figures = split_figures(text)
        label_cell = Cell(label, Provenance(raw=label, line=n)) if label else None
        if not figures:
            out.append(Row((Cell(text, Provenance(raw=text, line=n)),)))
            if _SENTENCE_END.search(text):
                pending.clear()
                continue
            pending.append(Cell(text, Provenance(raw=text, line=n)))
            del pending[:-_MAX_LABEL_LINES]
            continue
        labels = [*pending, *([label_cell] if label_cell else [])]
        pending.clear()
        cells = tuple(labels) + tuple(Cell(f, Provenance(raw=f, line=n)) for f in figures)
        out.append(Row(cells, sparse=True))
    return out
