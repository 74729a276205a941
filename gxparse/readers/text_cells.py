"""Text with one table cell per line (seeds 000, 002).

What Word-to-text converters often give: every cell on its own tab-indented
line, a blank line between rows, a cell's text wrapping onto an unindented
line, and export noise (``[bookmark: _Hlk…]``, ``[image: …]``).
"""

from __future__ import annotations

from typing import ClassVar

from gxparse.labels import clean
from gxparse.layout import Cell, Row
from gxparse.readers.base import Detection
from gxparse.readers.text_base import TextReader
from gxparse.record import Provenance


def _cell_line(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


class CellPerLineTextReader(TextReader):
    name: ClassVar[str] = "text-cells"

    def layout_score(self, lines: list[str]) -> Detection:
        cells = sum(1 for line in lines if _cell_line(line))
        multi = sum(1 for line in lines if "\t" in line.strip("\t"))
        if cells < 40 or multi > cells / 10:
            return Detection.no(f"{cells} one-cell lines, {multi} lines with several cells")
        return Detection(min(1.0, cells / 150), (f"{cells} tab-indented one-cell lines",))

    def rows(self, lines: list[str]) -> list[Row]:
        """Group cell lines into rows; unindented lines are body text or cell continuations."""
        out: list[Row] = []
        current: list[tuple[str, int]] = []
        prev_was_cell = False

        def close() -> None:
            if current:
                cells = (
                    Cell(clean(t), Provenance(raw=clean(t), line=n, col=k))
                    for k, (t, n) in enumerate(current)
                )
                out.append(Row(tuple(cells)))
                current.clear()

        for n, line in enumerate(lines, start=1):
            if not line.strip() and not line.startswith("\t"):
                close()
                prev_was_cell = False
            elif line.startswith("\t"):
                current.append((line[1:], n))
                prev_was_cell = True
            elif prev_was_cell and current:
                text, first = current[-1]
                current[-1] = (text + line.strip(), first)
            else:
                close()
                out.append(Row((Cell(clean(line), Provenance(raw=clean(line), line=n)),)))
                prev_was_cell = False
        close()
        return out
