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
    fields = line.strip("\n").split("\t")
    inner = line.strip("\t").split("\t")
    return len(inner) >= 2 and any(f.strip() and looks_numeric(f) for f in fields)


class TabbedTextReader(TextReader):
    name: ClassVar[str] = "text-tabbed"

    def layout_score(self, lines: list[str]) -> Detection:
        rows = sum(1 for line in lines if _is_table_row(line))
        if rows < 5:
            return Detection.no(f"only {rows} lines hold tab-separated figures")
        return Detection(min(1.0, rows / 30), (f"{rows} lines with tab-separated figures",))

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
