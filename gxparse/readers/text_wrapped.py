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
from gxparse.numbers import is_number_token, word_blank
from gxparse.readers.base import Detection
from gxparse.readers.text_base import TextReader
from gxparse.record import Provenance
from gxparse.rows import misprint

_MAX_LABEL_LINES = 6
_WIDE_ROW = 10  # figures on one line: 表四's row (a page holding 表四 alone has one such line)
_SENTENCE_END = regex.compile(r"[。；;！？]$")


_UNITS = ("元", "万元", "万")


def _figure(token: str) -> bool:
    return is_number_token(token) or word_blank(token)


_RULE = regex.compile(r"[|｜│┃¦]+")  # a table's cell borders printed as text, no cell


def _misprinted_figure(token: str) -> bool:
    return misprint(token) and _RULE.fullmatch(token) is None


def split_figures(line: str) -> tuple[str, list[str]]:
    """A line's label text and the figures that end it (a money unit stays with its figure).

    A token that can be no label among the figures (``3 NaN 5``, ``NaN 3 5``) is one of
    them, a figure printed wrong, when the run holds two figures at least (a row of
    several columns): the row then shows as many cells as it has, and the assembler
    reads that cell as no number in its place -- or, when the row shows another count
    than its columns, leaves the row unaligned -- rather than taking the token and the
    figures before it for the end of the label.
    """
    tokens = line.split()
    unit = None
    if len(tokens) >= 2 and tokens[-1] in _UNITS and is_number_token(tokens[-2]):
        unit = tokens.pop()
    k = len(tokens)
    while k > 0 and _figure(tokens[k - 1]):
        k -= 1
    wide = k
    while wide > 0 and (_figure(tokens[wide - 1]) or _misprinted_figure(tokens[wide - 1])):
        wide -= 1
    if wide < k and sum(1 for t in tokens[wide:] if _figure(t)) >= 2:
        k = wide
    if len(tokens) - k < 2 and all(word_blank(t) for t in tokens[k:]):
        # one 无 alone is a word cut by a line break ((四) 无 / 法提供) or a section's
        # answer (六、其他需要报告的事项 / 无), not a figure: 无 is a mark among others
        k = len(tokens)
    figures = tokens[k:]
    if unit is not None:
        figures[-1] = f"{figures[-1]} {unit}"
    return " ".join(tokens[:k]), figures


class WrappedTextReader(TextReader):
    name: ClassVar[str] = "text-wrapped"

    def layout_score(self, lines: list[str]) -> Detection:
        figure_rows = sum(
            1 for line in lines if "\t" not in line and len(split_figures(line)[1]) >= 3
        )
        tabbed = sum(1 for line in lines if "\t" in line)
        wide = sum(
            1 for line in lines if "\t" not in line and len(split_figures(line)[1]) >= _WIDE_ROW
        )
        if figure_rows < 5 and not wide:
            return Detection.no(f"only {figure_rows} lines end in space-separated figures")
        score = max(min(1.0, figure_rows / 25), 0.2) * (0.9 if tabbed < 5 else 0.3)
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
