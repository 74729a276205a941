"""Web copy with one cell a line and nothing else (real_variants §6, form c).

What a portal page's table gives when its text is copied without the cell
borders: every cell on a line of its own, usually with blank lines between
them, no pipes, no tabs, and row boundaries not marked (``規章`` / ``0`` /
``0`` / ``0`` / ``規範性文件`` / ...). Rows are rebuilt as for piped web copy
(``text_base.cell_rows``): a label after a figure starts a row. A line of
prose -- a sentence, or a long line -- is a row of its own and ends the run of
cells before it.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from gxparse.labels import clean
from gxparse.layout import Cell, Row
from gxparse.numbers import is_number_token, word_blank
from gxparse.readers.base import Detection
from gxparse.readers.text_base import TextReader, cell_rows
from gxparse.record import Provenance

_SENTENCE = regex.compile(r"[。；;！？：:]\s*$")
_CELL_MAX = 40  # characters of a table cell's line, at most (a longer line is prose)


def _figure_line(line: str) -> bool:
    text = line.strip()
    return bool(text) and (is_number_token(text) or word_blank(text))


def _prose(text: str) -> bool:
    return len(text) > _CELL_MAX or bool(_SENTENCE.search(text))


def rows(lines: list[str]) -> list[Row]:
    out: list[Row] = []
    run: list[Cell] = []
    for n, line in enumerate(lines, start=1):
        text = clean(line)
        if not text:
            continue  # blank lines part cells, not rows
        if _prose(text):
            out.extend(cell_rows(run))
            run.clear()
            out.append(Row((Cell(text, Provenance(raw=text, line=n)),)))
            continue
        run.append(Cell(text, Provenance(raw=text, line=n)))
    out.extend(cell_rows(run))
    return out


class OneCellLineTextReader(TextReader):
    name: ClassVar[str] = "text-lines"

    def layout_score(self, lines: list[str]) -> Detection:
        figures = sum(1 for line in lines if _figure_line(line))
        piped = sum(1 for line in lines if "|" in line)
        tabbed = sum(1 for line in lines if "\t" in line)
        if figures < 10 or piped + tabbed > figures / 4:
            return Detection.no(
                f"{figures} lines holding one figure alone, {piped + tabbed} with pipes or tabs"
            )
        return Detection(
            round(min(1.0, figures / 60) * 0.85, 3), (f"{figures} lines holding one figure alone",)
        )

    def rows(self, lines: list[str]) -> list[Row]:
        return rows(lines)
