"""Text with one table row per line and cells separated by tabs (seeds 001, 004).

Word's "save as text" and many portals' copy-paste give this. Blank cells are
kept as empty fields, so figures land by position; rows whose leading label
cells collapsed after a page break (``2. 重复申请\\t\\t1\\t...``) are aligned
by the assembler.
"""

from __future__ import annotations

from typing import ClassVar

from gxparse.assemble import Extraction, assemble
from gxparse.errors import ReaderError
from gxparse.labels import clean
from gxparse.layout import Cell, Row
from gxparse.numbers import looks_numeric
from gxparse.readers.base import Detection, report_signal
from gxparse.record import Provenance
from gxparse.sources.base import Document
from gxparse.sources.text import TextDocument


def _is_table_row(line: str) -> bool:
    fields = line.strip("\n").split("\t")
    inner = line.strip("\t").split("\t")
    return len(inner) >= 2 and any(f.strip() and looks_numeric(f) for f in fields)


class TabbedTextReader:
    name: ClassVar[str] = "text-tabbed"
    formats: ClassVar[tuple[str, ...]] = ("text",)

    def detect(self, doc: Document) -> Detection:
        if not isinstance(doc, TextDocument):
            return Detection.no("not a text document")
        signal = report_signal(doc.text)
        if signal == 0:
            return Detection.no("no report table landmarks in the text")
        rows = sum(1 for line in doc.lines if _is_table_row(line))
        if rows < 5:
            return Detection.no(f"only {rows} lines hold tab-separated figures")
        score = min(1.0, rows / 30) * signal
        return Detection(
            round(score, 3), (f"{rows} lines with tab-separated figures", f"landmarks {signal:.2f}")
        )

    def read(self, doc: Document) -> Extraction:
        if not isinstance(doc, TextDocument):
            raise ReaderError("text-tabbed reads text documents only")
        return assemble(rows(doc.lines), path=doc.path)


def rows(lines: list[str]) -> list[Row]:
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        cells = tuple(
            Cell(clean(f), Provenance(raw=clean(f), line=n, col=k)) for k, f in enumerate(fields)
        )
        out.append(Row(cells))
    return out
