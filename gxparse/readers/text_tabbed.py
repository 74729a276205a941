"""Text with one table row per line and cells separated by tabs (seeds 001, 004).

Word's "save as text" and many portals' copy-paste give this. Blank cells are
kept as empty fields, so figures land by position; rows whose leading label
cells collapsed after a page break (``2. 重复申请\\t\\t1\\t...``) are aligned
by the assembler.
"""

from __future__ import annotations

from typing import ClassVar

from gxparse.labels import clean
from gxparse.layout import Cell, Row
from gxparse.numbers import looks_numeric
from gxparse.readers.base import Detection
from gxparse.readers.text_base import TextReader
from gxparse.record import Provenance


def _is_table_row(line: str) -> bool:
    """A line of at least three tab-separated fields holding a figure or blank cells."""
    fields = line.split("\t")
    if len(fields) < 3:
        return False
    return (
        any(f.strip() and looks_numeric(f) for f in fields)
        or sum(not f.strip() for f in fields) >= 2
    )


class TabbedTextReader(TextReader):
    name: ClassVar[str] = "text-tabbed"

    def layout_score(self, lines: list[str]) -> Detection:
        rows = sum(1 for line in lines if _is_table_row(line))
        if rows < 5:
            return Detection.no(f"only {rows} lines hold tab-separated cells")
        return Detection(min(1.0, rows / 30), (f"{rows} lines of tab-separated cells",))

    def rows(self, lines: list[str]) -> list[Row]:
        out = []
        for n, line in enumerate(lines, start=1):
            if "\t" not in line and not line.strip():
                continue  # a line of tabs alone is a row of blank cells, kept
            fields = line.split("\t")
            out.append(
                Row(
                    tuple(
                        Cell(clean(f), Provenance(raw=clean(f), line=n, col=k))
                        for k, f in enumerate(fields)
                    )
                )
            )
        return out
